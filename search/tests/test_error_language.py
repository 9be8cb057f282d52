"""A bad search is explained in the reader's language: Arabic by default, English after
the header's switch, on the search page, the 400 page of the feed and the exports.
The JSON API answers in Arabic, its documented language, whatever the reader chose."""

import html

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from newsarchive.tests.catalogue import compiled_catalogues
from search import engine
from search.engine import ERROR_PREFIX_TOO_BROAD, ERROR_TOO_MANY_WORDS, MAX_QUERY_WORDS
from search.exports import ERROR_TOO_MANY_ROWS
from search.forms import ERROR_DATE_ORDER, ERROR_PAGE_SIZE, ERROR_SORT
from search.messages import Message
from search.query import (
    ERROR_ONLY_EXCLUSIONS,
    ERROR_SHORT_PREFIX,
    ERROR_TOO_LONG,
    MAX_QUERY_CHARS,
    QueryError,
    parse_query,
)

pytestmark = pytest.mark.django_db

ENGLISH_PAGE = '<html lang="en" dir="ltr">'
# Words of the samples, none of them a stop word: one more than a query may search.
WORDS = (
    "بوتين واشنطن أوكرانيا روسيا تقدما ملحوظا ممثل الرئيس الروسي مفاوضات الحرب السلام "
    "موسكو الأمريكي الخارجية وزير العاصمة اجتماع الكرملين المحادثات العقوبات الغرب"
).split()[: MAX_QUERY_WORDS + 1]

# (request, the Arabic constant it answers with, the same message in English)
BAD_SEARCHES = {
    "broad prefix": (
        {"q": "ال*"},
        Message(ERROR_PREFIX_TOO_BROAD, prefix="ال", limit=20),
        "More than 20 words in the archive start with «ال*»; add one or more letters"
        " before the asterisk (e.g. «الا*») or write the whole word.",
    ),
    "short prefix": (
        {"q": "بوتين ا*"},
        ERROR_SHORT_PREFIX.format(prefix="ا"),
        "A search by the start of a word needs at least two letters before the asterisk,"
        " e.g. مفاوض* (not «ا*»).",
    ),
    "bad page size": (
        {"q": "بوتين", "page_size": "abc"},
        ERROR_PAGE_SIZE.format(name="page_size", max_size=100),
        "page_size: the page size must be a whole number from 1 to 100.",
    ),
    "only exclusions": (
        {"q": "-بوتين"},
        ERROR_ONLY_EXCLUSIONS,
        "The query only excludes words; add at least one word to search for.",
    ),
    "unbalanced excluded phrase": (
        {"q": '-"وزير الخارجية'},
        ERROR_ONLY_EXCLUSIONS,
        "The query only excludes words; add at least one word to search for.",
    ),
    "too long": (
        {"q": "ب" * (MAX_QUERY_CHARS + 1)},
        ERROR_TOO_LONG,
        f"The query is longer than {MAX_QUERY_CHARS} characters; shorten it and try again.",
    ),
    "too many words": (
        {"q": " ".join(WORDS)},
        ERROR_TOO_MANY_WORDS.format(count=MAX_QUERY_WORDS + 1, limit=MAX_QUERY_WORDS),
        f"The query has {MAX_QUERY_WORDS + 1} words to search for and the limit is"
        f" {MAX_QUERY_WORDS}; remove the least important words,",
    ),
    "unknown sort": (
        {"q": "بوتين", "sort": "random"},
        ERROR_SORT,
        "sort: the sort order must be one of: relevance, newest, oldest.",
    ),
    "dates in the wrong order": (
        {"date_from": "2024-09-05", "date_to": "2024-01-01"},
        ERROR_DATE_ORDER,
        "date_from: must not be after date_to.",
    ),
}


@pytest.fixture(autouse=True)
def catalogues(monkeypatch):
    compiled_catalogues()
    # The samples' «ال*» starts some dozens of words: lower the bound so it is too broad.
    monkeypatch.setattr(engine, "MAX_PREFIX_WORDS", 20)
    yield
    # A request in English leaves English active in this thread; later tests expect the default.
    translation.activate(settings.LANGUAGE_CODE)


def in_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/search/"})
    assert response.status_code == 302
    return client


def shown(response) -> str:
    return html.unescape(response.content.decode())


def test_a_message_is_its_arabic_text_and_renders_in_the_active_language():
    compiled_catalogues()
    with pytest.raises(QueryError) as raised:
        parse_query("مفاوض* ا*")
    arabic = ERROR_SHORT_PREFIX.format(prefix="ا")
    assert str(raised.value) == arabic and raised.value.message == arabic
    assert raised.value.translated() == arabic  # Arabic is the default language
    with translation.override("en"):
        assert raised.value.translated().endswith("(not «ا*»).")
        # The text itself does not change with the language: the API reads it.
        assert str(raised.value) == arabic
    # A list parameter takes each language's separator.
    assert "relevance، newest، oldest" in ERROR_SORT
    with translation.override("en"):
        assert ERROR_SORT.translated().endswith("relevance, newest, oldest.")


@pytest.mark.parametrize("case", BAD_SEARCHES)
def test_the_search_page_explains_a_bad_search_in_arabic_by_default(client, samples, case):
    params, arabic, _english = BAD_SEARCHES[case]
    response = client.get("/search/", params)
    assert response.status_code == 400
    assert response.context["error"] == arabic
    assert html.escape(arabic) in response.content.decode()


@pytest.mark.parametrize("case", BAD_SEARCHES)
def test_the_search_page_explains_a_bad_search_in_english_after_the_switch(
    client, samples, case
):
    params, arabic, english = BAD_SEARCHES[case]
    response = in_english(client).get("/search/", params)
    assert response.status_code == 400
    page = shown(response)
    assert ENGLISH_PAGE in page
    assert english in page and arabic not in page


@pytest.mark.parametrize("path", ["/search/feed/", "/search/export.csv"])
@pytest.mark.parametrize("case", ["short prefix", "bad page size", "only exclusions", "too long"])
def test_the_400_page_of_feeds_and_exports_follows_the_language(client, samples, path, case):
    params, arabic, english = BAD_SEARCHES[case]
    arabic_page = client.get(path, params)
    assert arabic_page.status_code == 400 and arabic in shown(arabic_page)
    english_page = in_english(client).get(path, params)
    assert english_page.status_code == 400
    page = shown(english_page)
    assert ENGLISH_PAGE in page and "<h1>" in page
    assert english in page and arabic not in page
    # The message is in the page's language now: no Arabic marking of its own.
    assert '<div class="message error" role="alert">' in page


@override_settings(NEWSARCHIVE_EXPORT_MAX_ROWS=2)
def test_an_export_over_its_bound_is_refused_in_the_readers_language(client, samples):
    arabic = ERROR_TOO_MANY_ROWS.format(count=5, limit=2)
    assert client.get("/search/export.json", {"q": "بوتين"}).json() == {"error": arabic}
    english = "This search has 5 results and an export holds at most 2."
    in_english(client)
    assert english in shown(client.get("/search/export.csv", {"q": "بوتين"}))
    refused = client.get("/search/export.json", {"q": "بوتين"})
    assert refused.status_code == 400 and refused.json()["error"].startswith(english)


@pytest.mark.parametrize("case", ["broad prefix", "bad page size", "unknown sort", "too long"])
def test_the_json_api_answers_in_arabic_whatever_the_reader_chose(client, samples, case):
    params, arabic, _english = BAD_SEARCHES[case]
    response = in_english(client).get("/api/search", params)
    assert response.status_code == 400 and response.json() == {"error": arabic}
