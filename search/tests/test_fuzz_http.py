"""Property-based tests of the search page and the JSON API over the real sample archive.

Any query string gets results (200) or a 400 whose message is one of the
module constants of search/query.py and search/forms.py and names what is
wrong; never a 500 (the test client re-raises a view's exception).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from search import api, forms, query
from search.tests.strategies import CONTROLS, any_char, arabic_text

pytestmark = pytest.mark.django_db

HTTP_EXAMPLES = max(10, settings.default.max_examples * 2 // 3)  # 100 in CI

# Every message a bad search may answer with, as written in the modules.
TEMPLATES = [
    query.ERROR_TOO_LONG,
    query.ERROR_ONLY_EXCLUSIONS,
    query.ERROR_SHORT_PREFIX,
    query.ERROR_NOTHING_TO_SEARCH,
    query.ERROR_CONTROL_CHARS,
    forms.ERROR_PAGE,
    forms.ERROR_PAGE_SIZE,
    forms.ERROR_SORT,
    forms.ERROR_IDS,
    forms.ERROR_DATE,
    forms.ERROR_DATE_ORDER,
]
QUERY_MESSAGES = [t for t in TEMPLATES if t in vars(query).values()]
PARAMS = ("q", "page", "page_size", "sort", "person", "place", "source", "date_from", "date_to")


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{\w+\}", template)
    return re.compile("(?s)" + "(.+?)".join(re.escape(p) for p in parts))


PATTERNS = [(t, _pattern(t)) for t in TEMPLATES]


def assert_names_the_problem(message: str, sent: dict) -> None:
    """The message is a module constant, and it names a parameter the request sent."""
    matched = [t for t, pattern in PATTERNS if pattern.fullmatch(message)]
    assert matched, f"not a module constant: {message!r}"
    named = message.split(":", 1)[0]
    if named in PARAMS:
        assert named in sent, (message, sent)
    else:  # a query message
        assert matched[0] in QUERY_MESSAGES and sent.get("q"), (message, sent)


# --- what a request may carry ---------------------------------------------------------

operators = st.sampled_from(['"', "«", "»", "“", "-", "−", "*", "**", '-"', "-*", "*-", " "])
HUGE = ["ا" * 501, "بوتين " * 200, "و*" * 300, '"' * 1000, "-" * 600, "a" * 100_000]
queries = st.one_of(
    st.lists(st.one_of(operators, arabic_text(5)), max_size=10).map("".join),
    st.text(any_char, max_size=30),
    st.lists(st.one_of(st.sampled_from(CONTROLS), arabic_text(2)), max_size=6).map("".join),
    st.sampled_from(HUGE),
    st.sampled_from(["بوتين", "بوتين*", "مفاو*", "ب*", "-بوتين", '"وزير الخارجية', "«بوتين»"]),
)
numbers = st.one_of(
    st.integers(-3, 12).map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["", " ", "١", "٢٠", "۵", "1e3", "0x10", "1.5", "NaN", "∞", "9" * 5000]),
    st.text(any_char, max_size=8),
)
ids = st.lists(numbers, max_size=12)
dates = st.one_of(
    st.sampled_from(["2024", "2024-09", "2024-09-05", "٢٠٢٤-٠٩-٠٥", "2024-02-30", "0000"]),
    st.sampled_from(["9999-12-31", "0001-01-01", "2024-13", "2024-9-5", "20240905", "tomorrow"]),
    st.dates().map(str),
    numbers,
)
sorts = st.one_of(st.sampled_from(["relevance", "newest", "oldest", "", "NEWEST"]), numbers)
requests = st.fixed_dictionaries(
    {},
    optional={
        "q": queries,
        "page": numbers,
        "page_size": numbers,
        "sort": sorts,
        "person": ids,
        "place": ids,
        "source": ids,
        "date_from": dates,
        "date_to": dates,
    },
)
# Bytes no browser would send: broken UTF-8, bare %, keys without values.
raw_tails = st.sampled_from(
    ["", "&q=%FF%FE", "&q=%ED%A0%80", "&q=%D8", "&page=%C0%AF", "&%ZZ=1", "&person", "&=x"]
)


def _query_string(params: dict, tail: str) -> str:
    pairs = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    return urlencode(pairs, quote_via=quote) + tail


def _sent(params: dict, tail: str) -> dict:
    sent = {k: v for k, v in params.items() if v not in ("", [])}
    for name in re.findall(r"&([a-z_]+)=", tail):
        sent.setdefault(name, "raw")
    return sent


@settings(max_examples=HTTP_EXAMPLES)
@given(requests, raw_tails)
@example({"q": "\x00"}, "")
@example({"q": '"'}, "")
@example({"q": "-"}, "")
@example({"q": "*"}, "")
@example({"q": "في"}, "")
@example({"page": "9" * 5000}, "")
@example({"person": ["1"] * 11}, "")
def test_search_api_answers_results_or_a_named_error(client, samples, params, tail):
    response = client.get("/api/search?" + _query_string(params, tail))
    assert response.status_code in (200, 400)
    data = response.json()
    if response.status_code == 400:
        assert_names_the_problem(data["error"], _sent(params, tail))
    else:
        assert data["count"] >= len(data["results"]) >= 0


@settings(max_examples=HTTP_EXAMPLES)
@given(requests, raw_tails)
@example({"q": "بوتين", "date_from": "2024-09", "date_to": "2024"}, "")
@example({"q": "<script>alert(1)</script>*"}, "")
def test_search_page_answers_results_or_a_named_error(client, samples, params, tail):
    response = client.get("/search/?" + _query_string(params, tail))
    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("text/html")
    if response.status_code == 400:
        message = response.context["error"]
        assert_names_the_problem(message, _sent(params, tail))
        assert html.escape(message) in response.content.decode()


article_paths = st.one_of(
    st.integers(0, 10**25).map(lambda n: f"/api/articles/{n}"),
    st.integers(0, 10**25).map(lambda n: f"/api/articles/{n}/related"),
    st.text(any_char, max_size=20).map(lambda t: "/api/articles/" + quote(t)),
    st.text(any_char, max_size=20).map(lambda t: "/api/" + quote(t)),
)


@settings(max_examples=HTTP_EXAMPLES)
@given(article_paths)
@example("/api/articles/99999999999999999999")
@example("/api/articles/١")
@example("/api/articles/%0A")  # found by fuzzing: answered by the HTML 404 page
def test_article_api_answers_the_article_or_a_named_404(client, samples, path):
    response = client.get(path)
    data = response.json()
    if response.status_code == 200:
        assert str(data["id"]) in path
    else:
        assert response.status_code == 404
        assert data["error"] in (api.ERROR_NO_ARTICLE, api.ERROR_NO_ENDPOINT)


def test_article_api_serves_every_sample(client, samples):
    # The property above holds vacuously if no id ever hits; these must.
    for article in samples.values():
        assert client.get(f"/api/articles/{article.pk}").json()["id"] == article.pk
