"""The related-articles blend and its reasons in Arabic (no database)."""

import pytest

from articles.relations.scoring import (
    Comparison,
    entity_weight,
    reasons,
    relatedness,
    time_factor,
    weighted_overlap,
)


def test_closer_in_time_ranks_higher_at_equal_similarity():
    same_day = Comparison(text=0.4, days_apart=0, overlap=0.5)
    months_later = Comparison(text=0.4, days_apart=90, overlap=0.5)
    assert relatedness(same_day) > relatedness(months_later) > 0.5 * relatedness(same_day)


def test_undated_articles_are_neither_near_nor_far():
    assert time_factor(90) < time_factor(None) < time_factor(0) == 1.0


def test_shared_people_and_places_raise_the_score():
    alone = Comparison(text=0.3, days_apart=2)
    shared = Comparison(text=0.3, days_apart=2, overlap=0.6, shared=("فلاديمير بوتين",))
    assert relatedness(shared) > relatedness(alone)


def test_a_rare_shared_entity_counts_more_than_a_common_one():
    counts = {1: 12_000, 2: 15}  # 1: «السعودية» in a Saudi archive, 2: «كورسك»

    def weight(pk):
        return entity_weight(30_000, counts.get(pk, 1))

    common_only = weighted_overlap({1, 3}, {1, 4}, weight)
    rare_too = weighted_overlap({2, 3}, {2, 4}, weight)
    assert rare_too > common_only
    assert weighted_overlap({2}, {2}, weight) == pytest.approx(1.0)
    assert weighted_overlap(set(), set(), weight) == 0.0


def test_reasons_name_what_is_shared_and_when_in_arabic():
    c = Comparison(
        text=0.42,
        days_apart=3,
        overlap=0.5,
        shared=("فلاديمير بوتين", "كورسك"),
        other_is_older=True,
    )
    assert reasons(c) == [
        "يشترك في: فلاديمير بوتين، كورسك",
        "مضمون متقارب (تشابه النص 42٪)",
        "نُشر قبله بـ3 أيام",
    ]


@pytest.mark.parametrize(
    ("days", "older", "expected"),
    [
        (0, None, "نُشر في اليوم نفسه"),
        (1, False, "نُشر بعده بيوم"),
        (2, True, "نُشر قبله بيومين"),
        (12, True, "نُشر قبله بـ12 يومًا"),
        (60, False, "نُشر بعده بشهرين"),
        (400, True, "نُشر قبله بسنة"),
    ],
)
def test_time_reason_reads_as_arabic(days, older, expected):
    assert reasons(Comparison(text=0.0, days_apart=days, other_is_older=older)) == [expected]


def test_weak_text_similarity_and_unknown_dates_give_no_reason():
    assert reasons(Comparison(text=0.05, days_apart=None)) == []
