"""Property-based tests of the Arabic analysis: any Unicode text in, clean terms out."""

from hypothesis import example, given
from hypothesis import strategies as st

from search.analysis import ArabicAnalyzer, analyze, normalize, query_terms
from search.analysis.normalize import DELETED
from search.analysis.stem import strip_prefix
from search.query import (
    ERROR_CONTROL_CHARS,
    ERROR_ONLY_EXCLUSIONS,
    ERROR_SHORT_PREFIX,
    ERROR_TOO_LONG,
    QueryError,
    parse_query,
)
from search.tests.strategies import HARAKAT, TATWEEL, any_char, arabic_text

# What no term may hold: harakat, dagger alef, tatweel, and the invisibles
# normalize() deletes (joiners, bidi controls, BOM).
FORBIDDEN = set(HARAKAT) | {TATWEEL} | set(DELETED)
texts = st.one_of(arabic_text(), st.text(any_char, max_size=40))


def clean(term: str) -> bool:
    return bool(term) and not (set(term) & FORBIDDEN) and not any(ch.isspace() for ch in term)


@given(texts)
@example("أكّد الرئيسُ هٰذا العـــربية")
@example("e\u200d\u0301")  # an invisible between a letter and its accent
def test_normalize_is_idempotent_and_drops_marks(text):
    once = normalize(text)
    assert normalize(once) == once
    assert not set(once) & FORBIDDEN


@given(texts, st.booleans())
def test_index_terms_are_clean_and_point_into_the_text(text, stem):
    tokens = analyze(text, stem=stem)
    for token in tokens:
        assert clean(token.term), token
        assert 0 <= token.start < token.end <= len(text)
    assert [t.pos for t in tokens] == list(range(len(tokens)))


@given(texts, st.booleans())
def test_query_terms_are_the_index_terms(text, stem):
    terms = query_terms(text, stem=stem)
    assert terms == [t.term for t in analyze(text, stem=stem)]
    assert all(clean(term) for term in terms)


@given(texts)
def test_exact_terms_are_already_normalized(text):
    # The `exact` field and prefix expansion compare normalize(query) with these.
    for term in query_terms(text, stem=False):
        assert normalize(term) == term


@given(texts, st.booleans())
def test_whoosh_analyzer_agrees_with_the_chain(text, stem):
    analyzer = ArabicAnalyzer(stem=stem)
    expected = [(t.term, t.start, t.end) for t in analyze(text, stem=stem)]
    indexed = [t.text for t in analyzer(text, positions=True)]
    assert indexed == [term for term, _, _ in expected]
    highlighted = [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True)]
    assert highlighted == expected


@given(texts, st.booleans())
@example("و", True)  # found by fuzzing: strip_prefix("و") read past the end
def test_whoosh_analyzer_with_stop_words_and_untokenized_text(text, stem):
    analyzer = ArabicAnalyzer(stem=stem)
    for token in analyzer(text, positions=True, chars=True, removestops=False):
        assert clean(token.text) and 0 <= token.startchar < token.endchar <= len(text)
    # Prefix and wildcard text arrives untokenized (mode="query").
    for token in analyzer(text, tokenize=False, mode="query"):
        assert token.text and not set(token.text) & FORBIDDEN


def test_a_lone_clitic_letter_is_no_prefix_to_strip():
    # Found by fuzzing: the untokenized (prefix query) path raised IndexError on «و».
    assert strip_prefix("و") == "و" and strip_prefix("") == ""
    assert [t.text for t in ArabicAnalyzer(stem=True)("و", tokenize=False)] == ["و"]


QUERY_ERRORS = {ERROR_TOO_LONG, ERROR_CONTROL_CHARS, ERROR_ONLY_EXCLUSIONS}
operators = st.sampled_from(['"', "«", "»", "“", "”", "-", "−", "*", "**", '-"', "-*", " ", "*-"])


@given(st.lists(st.one_of(operators, arabic_text(6)), max_size=12).map("".join))
@example('"')
@example("-")
@example("*")
@example('-"بوتين')
@example("«")
def test_parse_query_either_parses_or_says_why(text):
    try:
        parsed = parse_query(text)
    except QueryError as exc:
        message = str(exc)
        prefix_message = ERROR_SHORT_PREFIX.split("{prefix}")[0]
        assert message in QUERY_ERRORS or message.startswith(prefix_message), message
        return
    for part in (*parsed.words, *parsed.phrases, *parsed.prefixes):
        assert part and part == part.strip()
