"""Related articles and same-story versions, as readers and the API see them (real ingest)."""

import io
import shutil

import pytest
from django.core.management import call_command

from articles.models import Article, RelatedArticle, Story
from articles.relations.updating import RELATED_KEPT

pytestmark = pytest.mark.django_db


def ingest(path):
    out = io.StringIO()
    call_command("ingest", str(path), "--no-progress", stdout=out)
    return out.getvalue()


def test_the_two_versions_of_the_putin_harris_story_are_one_story(samples):
    one, other = samples["000"], samples["001"]
    one.refresh_from_db(), other.refresh_from_db()
    assert one.story_id is not None and one.story_id == other.story_id
    assert Story.objects.count() == 1
    for key in ("002", "003", "004"):
        samples[key].refresh_from_db()
        assert samples[key].story_id is None
    assert (
        Article.objects.filter(story__isnull=False).count() == 2
    )  # the appended story too is alone


def test_every_article_gets_related_articles_with_reasons(client, samples):
    for article in Article.objects.all():
        data = client.get(f"/api/articles/{article.pk}").json()
        assert 0 < len(data["related"]) <= RELATED_KEPT
        for item in data["related"]:
            assert set(item) == {"id", "title", "url", "published_on", "reasons", "score"}
            assert item["id"] != article.pk and item["reasons"]
    harris = client.get(f"/api/articles/{samples['000'].pk}").json()
    assert samples["001"].pk not in {r["id"] for r in harris["related"]}  # a version, not related
    reasons = [reason for item in harris["related"] for reason in item["reasons"]]
    assert any(r.startswith("يشترك في: ") and "دونالد ترامب" in r for r in reasons)
    assert any(r.startswith("مضمون متقارب (تشابه النص ") for r in reasons)
    # 002 is dated 29 February 2024, six months before 000 (5 September 2024).
    item = next(r for r in harris["related"] if r["id"] == samples["002"].pk)
    assert "نُشر قبله بـ6 أشهر" in item["reasons"]
    scores = [r["score"] for r in harris["related"]]
    assert scores == sorted(scores, reverse=True)


def test_related_endpoint_and_missing_article(client, samples):
    data = client.get(f"/api/articles/{samples['002'].pk}/related").json()
    full = client.get(f"/api/articles/{samples['002'].pk}").json()
    assert data == {"id": samples["002"].pk, "related": full["related"]}
    missing = client.get("/api/articles/999999/related")
    assert missing.status_code == 404 and "error" in missing.json()


def test_same_story_in_the_api_marks_the_first_published(client, samples):
    undated = client.get(f"/api/articles/{samples['001'].pk}").json()
    assert undated["same_story"] == [
        {
            "id": samples["000"].pk,
            "title": samples["000"].title,
            "url": f"/articles/{samples['000'].pk}/",
            "source": None,
            "published_on": "2024-09-05",
            "first_published": True,
        }
    ]
    dated = client.get(f"/api/articles/{samples['000'].pk}").json()
    assert [v["id"] for v in dated["same_story"]] == [samples["001"].pk]
    assert dated["same_story"][0]["first_published"] is False
    assert client.get(f"/api/articles/{samples['002'].pk}").json()["same_story"] == []


def test_article_page_lists_versions_and_related_with_reasons(client, samples):
    page = client.get(f"/articles/{samples['001'].pk}/").content.decode()
    assert "الخبر نفسه في مصادر أخرى" in page
    assert samples["000"].title in page and "نُشر أولًا" in page
    assert "مقالات ذات صلة" in page and "يشترك في: " in page
    first = client.get(f"/articles/{samples['000'].pk}/").content.decode()
    assert '<span class="first-published">نُشر أولًا</span>' in first.split("</p>")[0] + "</p>"
    alone = client.get(f"/articles/{samples['003'].pk}/").content.decode()
    assert "الخبر نفسه في مصادر أخرى" not in alone and "مقالات ذات صلة" in alone


def test_an_article_ingested_later_joins_the_story_and_older_lists(tmp_path, sample_dir):
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir(), later.mkdir()
    for f in sorted(sample_dir.iterdir()):
        shutil.copy(f, (later if f.name.startswith("001") else first) / f.name)
    ingest(first)
    assert Story.objects.count() == 0
    ingest(later)
    new = Article.objects.get(origin__contains="001_")
    old = Article.objects.get(origin__contains="000_")
    assert new.story_id == old.story_id is not None
    assert new.story.anchor_id == old.pk  # the older version keeps its search key
    # The newcomer took its place in the lists of older articles it relates to.
    assert RelatedArticle.objects.filter(related=new).exclude(article=old).exists()
    lists = {}
    for row in RelatedArticle.objects.select_related("article", "related"):
        lists.setdefault(row.article_id, []).append(row)
        assert row.article_id != row.related_id
        assert row.article.story_id is None or row.article.story_id != row.related.story_id
    assert all(len(rows) <= RELATED_KEPT for rows in lists.values())


def test_relate_articles_rebuilds_lists_and_stories_the_same_way(samples):
    def state():
        return (
            sorted(Article.objects.filter(story__isnull=False).values_list("pk", flat=True)),
            # Not the scores: an entity's weight depends on the archive when the pair met.
            sorted(RelatedArticle.objects.values_list("article_id", "related_id")),
        )

    built_at_ingest = state()
    out = io.StringIO()
    call_command("relate_articles", "--all", "--no-progress", stdout=out)
    assert state() == built_at_ingest
    assert "stories:  1 with 2 versions (1 folded into another in search)" in out.getvalue()
    # An archive from before related articles: no vectors, no lists.
    RelatedArticle.objects.all().delete()
    Article.objects.update(term_vector="", story=None)
    Story.objects.all().delete()
    call_command("relate_articles", "--no-progress", stdout=io.StringIO())
    assert state() == built_at_ingest
