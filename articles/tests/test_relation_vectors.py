"""Term vectors and nearest articles by text, on Arabic sentences (no database)."""

import math

import pytest

from articles.relations.space import VectorSpace
from articles.relations.vectors import cosine, decode, encode, term_vector

PUTIN_HARRIS = (
    "بوتين يدعم هاريس",
    "قال الرئيس الروسي فلاديمير بوتين إن موسكو تفضل فوز كامالا هاريس في الانتخابات الأمريكية.",
)
PUTIN_HARRIS_REWRITE = (
    "الرئيس الروسي يعلن تأييده لكامالا هاريس",
    "أعلن بوتين في منتدى فلاديفوستوك أن روسيا ستدعم هاريس بعد انسحاب بايدن من الانتخابات.",
)
OIL_PRICES = (
    "تراجع أسعار النفط",
    "تراجعت أسعار النفط في الأسواق العالمية اليوم مع ارتفاع المخزونات الأمريكية.",
)


def test_vector_has_unit_length_and_weighs_rare_names_above_common_words():
    vector = term_vector(*PUTIN_HARRIS)
    assert math.isclose(sum(w * w for w in vector.values()), 1.0, rel_tol=1e-6)
    assert vector["هاريس"] > vector["رئيس"]


def test_clitics_diacritics_and_tatweel_meet_on_one_term():
    plain = term_vector("", "المفاوضات مع روسيا")
    varied = term_vector("", "لِلمُفاوَضـــات مع روسيا")
    assert set(plain) == set(varied)
    assert cosine(plain, varied) == pytest.approx(1.0)


def test_hamza_forms_and_arabic_indic_digits_fold():
    assert cosine(term_vector("", "أعلن الرئيس ٢٠٢٤"), term_vector("", "اعلن الرئيس 2024")) == (
        pytest.approx(1.0)
    )


def test_persian_letters_fold_to_arabic():
    # Persian keheh and yeh (ک ی) as typed on Persian keyboards.
    assert set(term_vector("", "کتاب الرئیس")) == set(term_vector("", "كتاب الرئيس"))


def test_a_rewrite_is_closer_than_another_story():
    first, rewrite, other = (
        term_vector(*a) for a in (PUTIN_HARRIS, PUTIN_HARRIS_REWRITE, OIL_PRICES)
    )
    assert cosine(first, rewrite) > 0.2
    assert cosine(first, rewrite) > 2 * cosine(first, other)


def test_empty_text_and_only_stop_words_give_an_empty_vector():
    assert term_vector("", "") == {}
    assert term_vector("في", "من على إلى") == {}


def test_encoding_round_trips_to_four_decimals():
    vector = term_vector(*PUTIN_HARRIS)
    decoded = decode(encode(vector))
    assert decoded.keys() == vector.keys()
    assert all(abs(decoded[t] - w) < 1e-4 for t, w in vector.items())


def test_space_finds_the_rewrite_first_and_leaves_the_article_itself_out():
    texts = {1: PUTIN_HARRIS, 2: PUTIN_HARRIS_REWRITE, 3: OIL_PRICES}
    space = VectorSpace(list(texts), [term_vector(*t) for t in texts.values()])
    found = space.neighbours([1, 3], k=2)
    assert [pk for pk, _ in found[1]][0] == 2
    assert all(pk != 1 for pk, _ in found[1])
    assert found[1][0][1] == pytest.approx(
        cosine(term_vector(*PUTIN_HARRIS), term_vector(*PUTIN_HARRIS_REWRITE)), abs=1e-5
    )
    assert [pk for pk, _ in found[3]] == sorted(
        (pk for pk, _ in found[3]), key=lambda pk: -dict(found[3])[pk]
    )


def test_space_respects_k_and_min_score_and_skips_unknown_ids():
    texts = [PUTIN_HARRIS, PUTIN_HARRIS_REWRITE, OIL_PRICES]
    space = VectorSpace([10, 20, 30], [term_vector(*t) for t in texts])
    assert len(space.neighbours([10], k=1)[10]) == 1
    assert space.neighbours([10], k=5, min_score=0.99)[10] == []
    assert space.neighbours([99], k=5) == {}
