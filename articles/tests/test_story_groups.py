"""Same-story groups, one new article at a time (pure Python, no database)."""

from articles.relations import scoring
from articles.relations.stories import MAX_SPAN_DAYS, StoryGroups


def test_a_new_article_joins_its_best_match_and_the_lowest_id_anchors():
    groups = StoryGroups({1: 100, 2: 100, 3: 101})
    assert groups.place(2, [1]) == 1
    assert groups.place(3, [2]) == 2
    assert groups.group(1) == {1, 2, 3}
    assert {groups.key(pk) for pk in (1, 2, 3)} == {1}


def test_the_span_of_a_group_is_capped_so_follow_ups_do_not_chain():
    day = 1000
    groups = StoryGroups({1: day, 2: day + 2, 3: day + MAX_SPAN_DAYS + 1})
    groups.place(2, [1])
    assert groups.place(3, [2]) is None  # close to 2, but four days after 1
    assert groups.key(3) == 3


def test_undated_articles_do_not_stretch_the_span():
    groups = StoryGroups({1: 500, 2: None, 3: 501})
    groups.place(2, [1])
    assert groups.place(3, [2]) == 2
    assert groups.group(3) == {1, 2, 3}


def test_an_editors_not_the_same_blocks_the_whole_group():
    groups = StoryGroups({1: 1, 2: 1, 3: 1}, different={3: {1}, 1: {3}})
    groups.place(2, [1])
    assert groups.place(3, [2, 1]) is None


def test_a_new_article_never_merges_two_groups_by_itself():
    groups = StoryGroups({pk: 10 for pk in range(1, 6)})
    groups.place(2, [1])
    groups.place(4, [3])
    groups.place(5, [4, 2])
    assert groups.group(5) == {3, 4, 5} and groups.group(1) == {1, 2}


def test_split_off_keeps_chosen_versions_of_one_story_together():
    groups = StoryGroups({pk: 10 for pk in range(1, 6)})
    for pk in (2, 3, 4, 5):
        groups.place(pk, [1])
    groups.split_off([1, 4])
    assert groups.group(1) == {1, 4} and groups.key(4) == 1
    assert groups.group(2) == {2, 3, 5} and groups.key(5) == 2
    groups.split_off([2])
    assert groups.group(2) == {2} and groups.key(2) == 2 and groups.group(3) == {3, 5}


def test_same_story_needs_close_text_and_close_dates():
    close = scoring.Comparison(text=0.54, days_apart=None, overlap=0.4)  # samples 000/001
    assert scoring.same_story(close)
    assert not scoring.same_story(scoring.Comparison(text=0.54, days_apart=3, overlap=0.4))
    # 002 and 003 share Putin, Trump and Washington but not the story.
    assert not scoring.same_story(scoring.Comparison(text=0.25, days_apart=0, overlap=0.6))
    assert scoring.same_story(scoring.Comparison(text=0.95, days_apart=1, overlap=0.0))
