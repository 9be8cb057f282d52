"""One request cannot pin a worker: prefixes, long queries and deep pages are bounded.

The bounds are measured at 41k articles (search/engine.py); here they are
checked on the five real samples, lowered where the samples are too small.
"""

import pytest

from search import engine
from search.engine import ERROR_PREFIX_TOO_BROAD, ERROR_TOO_MANY_WORDS, MAX_QUERY_WORDS
from search.query import ERROR_TOO_MANY_PREFIXES, MAX_PREFIXES

pytestmark = pytest.mark.django_db

# Words of the samples, none of them a stop word.
WORDS = (
    "بوتين واشنطن أوكرانيا روسيا تقدما ملحوظا ممثل الرئيس الروسي مفاوضات الحرب السلام "
    "موسكو الأمريكي الخارجية وزير العاصمة اجتماع الكرملين المحادثات العقوبات الغرب"
).split()


def words_in_samples(samples, prefix: str) -> int:
    from search.engine import _backend

    return len(list(_backend().searcher().reader().expand_prefix("exact", prefix)))


def test_a_prefix_that_starts_too_many_words_is_refused_with_a_hint(client, samples, monkeypatch):
    assert words_in_samples(samples, "ال") > 20
    monkeypatch.setattr(engine, "MAX_PREFIX_WORDS", 20)
    message = ERROR_PREFIX_TOO_BROAD.format(prefix="ال", limit=20)
    api = client.get("/api/search", {"q": "ال*"})
    assert api.status_code == 400 and api.json() == {"error": message}
    page = client.get("/search/", {"q": "ال*"})
    assert page.status_code == 400 and message in page.content.decode()
    # A longer prefix of the same words is fine.
    assert client.get("/api/search", {"q": "بوت*"}).json()["count"] >= 1


def test_prefix_matches_hold_with_the_array_union(client, samples):
    """The prefix clause reads postings into one array (PreloadedOr): the hits are the words'."""
    found = client.get("/api/search", {"q": "مفاوض*"}).json()
    assert found["count"] >= 1
    assert all("<mark>مفاوض" in r["snippet"] or "<mark>" in r["title"] for r in found["results"])


def test_more_than_a_few_prefixes_are_refused(client, samples):
    prefixes = " ".join(w[:3] + "*" for w in WORDS[: MAX_PREFIXES + 1])
    response = client.get("/api/search", {"q": prefixes})
    assert response.status_code == 400
    assert response.json()["error"] == ERROR_TOO_MANY_PREFIXES
    at_bound = " ".join(w[:3] + "*" for w in WORDS[:MAX_PREFIXES])
    assert client.get("/api/search", {"q": at_bound}).status_code == 200


def test_a_very_long_query_is_refused_but_a_long_phrase_is_not(client, samples):
    assert len(WORDS) > MAX_QUERY_WORDS
    too_many = " ".join(WORDS[: MAX_QUERY_WORDS + 1])
    response = client.get("/api/search", {"q": too_many})
    assert response.status_code == 400
    assert response.json()["error"] == ERROR_TOO_MANY_WORDS.format(
        count=MAX_QUERY_WORDS + 1, limit=MAX_QUERY_WORDS
    )
    page = client.get("/search/", {"q": too_many})
    assert page.status_code == 400
    assert client.get("/api/search", {"q": " ".join(WORDS[:MAX_QUERY_WORDS])}).status_code == 200
    # A quoted sentence is one phrase clause, however long.
    assert client.get("/api/search", {"q": f'"{" ".join(WORDS)}"'}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [{"page_size": "101"}, {"page": "501"}, {"page": "99999999999999999999"}],
)
def test_page_size_and_depth_are_capped(client, samples, params):
    response = client.get("/api/search", {"q": "بوتين", **params})
    assert response.status_code == 400
    assert response.json()["error"].startswith(("page:", "page_size:"))
