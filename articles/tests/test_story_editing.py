"""Editors split a wrong story and join two in the admin; their word stands through re-ingest."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Article, Story, StoryDecision
from search.engine import SearchRequest, search_articles

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit indexing must run


def ingest(sample_dir):
    call_command("ingest", str(sample_dir), "--no-progress", stdout=io.StringIO())


@pytest.fixture
def editor(client, sample_dir):
    ingest(sample_dir)
    User.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    client.login(username="editor", password="a-long-test-password")
    return client


def by_file(number: str) -> Article:
    return Article.objects.get(origin__contains=f"/{number}_", appended_to=None)


def act(client, action: str, *articles: Article):
    response = client.post(
        "/admin/articles/article/",
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def results(q: str) -> list[tuple[int, list[int]]]:
    page = search_articles(SearchRequest(q=q))
    return [(hit.id, [v.id for v in hit.versions]) for hit in page.hits]


def story_of(number: str):
    return by_file(number).story_id


def everything_again(sample_dir):
    """What an editor's decision must survive: the same files, a rebuild, a wipe and re-ingest."""
    ingest(sample_dir)
    yield "re-ingest"
    call_command("relate_articles", "--all", "--no-progress", stdout=io.StringIO())
    yield "relate_articles --all"
    Article.objects.all().delete()
    ingest(sample_dir)
    yield "deleted and ingested again"


def test_split_a_wrong_story(editor, sample_dir):
    assert story_of("000") == story_of("001") is not None
    assert len(results("فلاديفوستوك")) == 1
    page = act(editor, "split_from_story", by_file("001"))
    assert "فُصل عن قصته: 1 من المقالات المختارة" in page
    assert story_of("000") is None and story_of("001") is None
    assert Story.objects.count() == 0
    assert sorted(hit for hit, _ in results("فلاديفوستوك")) == sorted(
        [by_file("000").pk, by_file("001").pk]
    )
    assert StoryDecision.objects.get().same is False
    for step in everything_again(sample_dir):
        assert story_of("000") is None and story_of("001") is None, step
        assert len(results("فلاديفوستوك")) == 2, step


def test_join_two_articles_into_one_story(editor, sample_dir):
    act(editor, "join_stories", by_file("002"), by_file("003"))
    assert story_of("002") == story_of("003") is not None
    assert story_of("002") != story_of("000")
    shown = dict(results("ألاسكا"))
    assert len(shown) == 1 or by_file("003").pk in sum(shown.values(), [])
    for step in everything_again(sample_dir):
        assert story_of("002") == story_of("003") is not None, step
        assert story_of("000") == story_of("001") is not None, step


def test_split_and_join_need_a_sensible_choice(editor):
    assert "لا شيء يُفصل" in act(editor, "split_from_story", by_file("002"))
    assert "اختر مقالين على الأقل" in act(editor, "join_stories", by_file("002"))


def test_deleting_the_first_version_keeps_search_consistent(editor):
    act(editor, "join_stories", by_file("000"), by_file("002"))  # a story of three
    first = by_file("000")
    rest = sorted([by_file("001").pk, by_file("002").pk])
    assert Story.objects.get().anchor_id == first.pk
    first.delete()
    story = Story.objects.get()
    assert story.anchor_id == rest[0]
    assert sorted(Article.objects.filter(story=story).values_list("pk", flat=True)) == rest
    # Search folds the remaining two under their new key («بوتين» is in every sample).
    folded = [{hit, *versions} for hit, versions in results("بوتين") if versions]
    assert folded == [set(rest)]
