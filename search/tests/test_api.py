"""The JSON API over the real index, filled by ingesting the owner's sample articles."""

import pytest
from django.core.management import call_command

from articles.models import Article
from search.forms import ERROR_PAGE_SIZE, ERROR_SORT
from search.query import ERROR_ONLY_EXCLUSIONS
from search.tests.api_client import api, ids

pytestmark = pytest.mark.django_db


def test_search_result_shape(client, samples):
    status, data = api(client, q="فلاديفوستوك")
    assert status == 200
    assert data["query"] == "فلاديفوستوك"
    # 000 and 001 are one story from two outlets: one result, the other folded into it.
    assert data["count"] == 1
    assert ids(data) == {samples["000"].pk, samples["001"].pk}
    result = data["results"][0]
    assert set(result) == {
        "id",
        "title",
        "url",
        "source_url",
        "source",
        "published_on",
        "snippet",
        "score",
        "matched_all_words",
        "collapsed_copies",
        "other_versions",
    }
    assert result["collapsed_copies"] == 1
    assert set(result["other_versions"][0]) == {"id", "title", "url", "source", "published_on"}
    assert result["url"] == f"/articles/{result['id']}/"
    assert "<mark>فلاديفوستوك</mark>" in result["snippet"]
    assert set(data["facets"]) == {"people", "places", "dates", "sources"}


def test_diacritics_and_hamza_in_the_query_are_folded(client, samples):
    plain = api(client, q="اوكرانيا")[1]
    decorated = api(client, q="أُوكْرَانِيَا")[1]
    assert plain["count"] == decorated["count"] >= 4
    # The snippet marks the article's own spelling, hamza included.
    assert any("<mark>أوكرانيا</mark>" in r["snippet"] for r in plain["results"])


def test_stemming_meets_clitics(client, samples):
    data = api(client, q="المفاوضات")[1]
    assert samples["000"].pk in ids(data)  # the article writes «مفاوضات» and «للتفاوض»


def test_glued_words_are_found_and_marked_inside_the_glued_form(client, samples):
    data = api(client, q="الاحتيال")[1]
    assert ids(data) == {samples["000"].pk, samples["001"].pk}
    only_000 = api(client, q="الاحتيال", source="")[1]
    snippet = next(r["snippet"] for r in only_000["results"] if r["id"] in ids(only_000))
    assert "<mark>الاحتيال</mark>" in snippet


def test_phrase_exclusion_and_prefix(client, samples):
    assert ids(api(client, q="«كامالا هاريس»")[1]) == {samples["000"].pk, samples["001"].pk}
    assert ids(api(client, q='"هاريس كامالا"')[1]) == set()
    excluded = api(client, q="بوتين -هاريس")[1]
    assert samples["000"].pk not in ids(excluded) and samples["002"].pk in ids(excluded)
    prefixed = api(client, q="فلاديف*")[1]
    assert ids(prefixed) == {samples["000"].pk, samples["001"].pk}


def test_all_words_required_then_best_partial_matches(client, samples):
    both = api(client, q="بوتين ألاسكا")[1]
    # One article has both words; the others with one of them follow it.
    assert both["mode"] == "all+some" and both["count_all_words"] == 1
    assert both["results"][0]["id"] == samples["003"].pk
    assert both["results"][0]["matched_all_words"] is True
    assert not any(r["matched_all_words"] for r in both["results"][1:])
    assert len(both["results"]) > 1
    many = api(client, q="بوتين روسيا")[1]
    assert many["mode"] == "all" and all(r["matched_all_words"] for r in many["results"])
    question = api(client, q="ماذا قال بوتين عن قمة ألاسكا مع البطاريق")[1]
    assert question["mode"] == "some" and question["count_all_words"] == 0
    assert question["results"][0]["id"] == samples["003"].pk


def test_empty_query_lists_every_article_newest_first(client, samples):
    data = api(client)[1]
    assert Article.objects.count() == 6
    assert data["count"] == 5  # 000 and 001 are one story
    assert len(ids(data)) == 6
    dated = [r["published_on"] for r in data["results"] if r["published_on"]]
    assert dated == ["2024-09-05", "2024-02-29"]  # seed 000 (weekday date), seed 002
    assert data["results"][0]["id"] == samples["000"].pk


def test_sort_and_paging(client, samples):
    first = api(client, q="بوتين", page_size=2, sort="newest")[1]
    second = api(client, q="بوتين", page_size=2, page=2, sort="newest")[1]
    assert first["count"] == second["count"] >= 5
    assert len(first["results"]) == 2 and not ids(first) & ids(second)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "-بوتين"}, ERROR_ONLY_EXCLUSIONS),
        ({"q": "بوتين", "page_size": "1000"}, ERROR_PAGE_SIZE.format(name="page_size", max_size=100)),
        ({"q": "بوتين", "page_size": "abc"}, ERROR_PAGE_SIZE.format(name="page_size", max_size=100)),
        ({"q": "بوتين", "sort": "random"}, ERROR_SORT),
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, samples, params, message):
    status, data = api(client, **params)
    assert status == 400
    assert data == {"error": message}


@pytest.mark.parametrize(
    "q", ['"', "«", "*", "-", "ا*", "في", "\x00", "a" * 600, "((بوتين", "بوتين OR"]
)
def test_odd_queries_never_fail(client, samples, q):
    status, data = api(client, q=q)
    assert status in (200, 400)
    assert ("error" in data) == (status == 400)


def test_article_endpoint(client, samples):
    article = samples["002"]
    response = client.get(f"/api/articles/{article.pk}")
    data = response.json()
    assert data["title"] == article.title
    assert data["published_on"] == "2024-02-29"
    assert data["source"] == "صدى البلد"
    assert "إقرأ أيضاً" not in data["body"]
    missing = client.get("/api/articles/999999")
    assert missing.status_code == 404 and "error" in missing.json()


def test_words_in_most_articles_only_rank_partial_matches(client, samples, monkeypatch):
    from search import engine

    # «بوتين» is in all six sample articles, «فلاديفوستوك» in two: with a
    # threshold of half the archive the first is common, the second rare.
    monkeypatch.setattr(engine, "COMMON_MIN_ARTICLES", 0)
    monkeypatch.setattr(engine, "COMMON_FRACTION", 0.5)
    data = api(client, q="بوتين فلاديفوستوك البطريق")[1]
    assert data["mode"] == "some"
    assert ids(data) == {samples["000"].pk, samples["001"].pk}
    monkeypatch.setattr(engine, "COMMON_FRACTION", 1.0)
    assert len(ids(api(client, q="بوتين فلاديفوستوك البطريق")[1])) == 6


def test_sync_index_restores_a_lost_index(client, samples, search_backend):
    import io

    search_backend.clear()
    assert api(client, q="كورسك")[1]["count"] == 0
    out = io.StringIO()
    call_command("sync_index", stdout=out)
    assert "6 added to the index, 0 removed" in out.getvalue()
    assert len(ids(api(client, q="كورسك")[1])) == 2
    call_command("sync_index", "--rebuild", stdout=out)
    restored = api(client, q="كورسك")[1]
    assert restored["count"] == 1 and len(ids(restored)) == 2  # one story, still folded
