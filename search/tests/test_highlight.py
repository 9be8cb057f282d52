"""Snippets mark matches in the article's own spelling, escape everything else."""

from search.analysis import light_stem, normalize, query_terms
from search.highlight import TermMatcher, highlight_all, snippet


def matcher_for(query: str) -> TermMatcher:
    return TermMatcher(
        stems=frozenset(query_terms(query, stem=True)),
        exact=frozenset(query_terms(query, stem=False)),
    )


def test_marks_the_original_spelling_with_harakat_and_hamza():
    html = snippet("أكَّدَ الرئيسُ أنّ المفاوضاتِ مع أوكرانيا مستمرة.", matcher_for("المفاوضات اوكرانيا"))
    assert "<mark>المفاوضاتِ</mark>" in html
    assert "<mark>أوكرانيا</mark>" in html


def test_marks_clitic_forms_through_the_stem():
    html = highlight_all("وبالمفاوضات تبدأ مرحلة جديدة", matcher_for("مفاوضات"))
    assert str(html) == "<mark>وبالمفاوضات</mark> تبدأ مرحلة جديدة"


def test_finds_a_match_deep_in_a_long_article():
    filler = "كلام عادي عن الطقس في المدينة. " * 300  # about 9,000 characters
    html = snippet(filler + "ثم تحدث عن فلاديفوستوك في النهاية.", matcher_for("فلاديفوستوك"))
    assert "<mark>فلاديفوستوك</mark>" in html
    assert html.startswith("…")


def test_escapes_markup_and_keeps_it_inert():
    body = 'خبر <script>alert("x")</script> عن "><img src=x onerror=alert(1)> روسيا'
    for html in (
        snippet(body, matcher_for("خبر روسيا")),
        highlight_all(body, matcher_for("روسيا")),
    ):
        assert "<script>" not in html and "<img" not in html
        assert "&lt;script&gt;" in html and "<mark>روسيا</mark>" in html


def test_prefix_matches_are_marked():
    matcher = TermMatcher(prefixes=(normalize("مفاوض"),))
    assert "<mark>مفاوضين</mark>" in snippet("التقى مفاوضين من البلدين", matcher)
    assert light_stem(normalize("مفاوضين")).startswith("مفاوض")
