"""Elasticsearch responses as the app's SearchPage, Hit and Version (pure: no client, no database).

Listing fields come from `_source`; titles are highlighted by the app's own
highlighter (search/highlight.py), snippets come from Elasticsearch's
highlight on `body` and are escaped here with Django's escape(); facet
counts take the shape search/facets.py gives them.
"""

from __future__ import annotations

import datetime as dt

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from haystack.constants import DJANGO_ID

from search.elasticsearch.mapping import DISPLAY_FIELD
from search.elasticsearch.query_dsl import MARK_END, MARK_START, VERSIONS, CompiledQuery
from search.engine import (
    FILL_WITH_SOME_BELOW,
    MAX_RESULT_WINDOW,
    MAX_SOME_WORDS_RESULTS,
    Hit,
    SearchPage,
    SearchRequest,
    Version,
)
from search.facets import TOP_VALUES
from search.highlight import highlight_all
from search.search_indexes import STORY_KEY

DATE_LEVELS = (("year", "years"), ("month", "months"), ("day", "days"))


def total(response: dict) -> int:
    return response["hits"]["total"]["value"]


def story_of(raw_hit: dict) -> str:
    """The collapse key Elasticsearch returns with every collapsed hit."""
    return raw_hit["fields"][STORY_KEY][0]


def _top(aggregation: dict) -> list[tuple[int, int]]:
    # Ids are keywords, so Elasticsearch breaks count ties by text ("10" < "9");
    # re-sorted by number, as facets.py does. The ties at the cut can still differ.
    pairs = [(int(b["key"]), b["doc_count"]) for b in aggregation["buckets"]]
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[:TOP_VALUES]


def facet_counts(aggregations: dict) -> dict:
    """The dict facets.count() returns, from the aggregations query_dsl asks for."""
    periods = {level: aggregations[name]["buckets"] for level, name in DATE_LEVELS}
    # The coarsest level with more than one bar (facets._date_level).
    level = next((lv for lv, _ in DATE_LEVELS[:2] if len(periods[lv]) > 1), "day")
    return {
        "people": _top(aggregations["people"]),
        "places": _top(aggregations["places"]),
        "sources": _top(aggregations["sources"]),
        "dates": [(b["key_as_string"], b["doc_count"]) for b in periods[level]],
        "date_level": level,
        "undated": aggregations["undated"]["doc_count"],
        "stories": aggregations["stories"]["value"],
    }


def snippet_html(fragment: str) -> SafeString:
    """Escape a highlighted fragment as search/highlight.py does, then mark its words:
    'أكّد <b>' with marks -> '<mark>أكّد</mark> &lt;b&gt;'."""
    html = escape(fragment).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(" ".join(html.split()))  # paragraphs become one line in a snippet


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _version(source: dict) -> Version:
    return Version(
        id=int(source[DJANGO_ID]),
        title=source["title"],
        source=source.get("source_name"),
        published_on=_date(source.get("published_on")),
        date_precision=source.get("date_precision") or "",
    )


def versions(raw_hit: dict) -> list[Version]:
    """The story's other matching versions, oldest first, undated last (engine.py's order)."""
    inner = raw_hit.get("inner_hits", {}).get(VERSIONS, {}).get("hits", {}).get("hits", [])
    found = [_version(other["_source"]) for other in inner if other["_id"] != raw_hit["_id"]]
    return sorted(found, key=lambda v: (v.published_on is None, v.published_on, v.id))


def hit(raw_hit: dict, compiled: CompiledQuery, *, scored: bool, all_words: bool) -> Hit:
    source = raw_hit["_source"]
    fragments = raw_hit.get("highlight", {}).get(DISPLAY_FIELD) or [""]
    score = raw_hit.get("_score")
    return Hit(
        id=int(source[DJANGO_ID]),
        title=source["title"],
        title_html=highlight_all(source["title"], compiled.matcher),
        source=source.get("source_name"),
        source_url=source.get("source_url"),
        published_on=_date(source.get("published_on")),
        date_precision=source.get("date_precision") or "",
        snippet=snippet_html(fragments[0]),
        score=round(float(score), 4) if scored and score is not None else None,
        matched_all_words=all_words,
        versions=versions(raw_hit),
    )


def _bounds(request: SearchRequest) -> tuple[int, int]:
    offset = (request.page - 1) * request.page_size
    return offset, min(offset + request.page_size, MAX_RESULT_WINDOW)


def needs_fill(compiled: CompiledQuery, response: dict) -> bool:
    """Few articles hold every word of a query of several: add some with part of them."""
    return len(compiled.required) > 1 and total(response) < FILL_WITH_SOME_BELOW


def page(
    request: SearchRequest, compiled: CompiledQuery, response: dict, *, start: int
) -> SearchPage:
    """The page of a browse or an every-word search; `start` is the `from` it was asked with."""
    offset, limit = _bounds(request)
    raw_hits = response["hits"]["hits"][offset - start : limit - start]
    scored = not compiled.is_browse and request.sort == "relevance"
    counts = facet_counts(response["aggregations"])
    return SearchPage(
        request=request,
        count=counts["stories"],
        count_all_words=counts["stories"],
        hits=[hit(raw, compiled, scored=scored, all_words=True) for raw in raw_hits],
        mode="browse" if compiled.is_browse else "all",
        facet_counts=counts,
    )


def added_hits(every_word: dict, some_words: dict) -> list[dict]:
    """Some-word hits of stories not already shown, at most MAX_SOME_WORDS_RESULTS."""
    seen = {story_of(raw) for raw in every_word["hits"]["hits"]}
    added = []
    for raw in some_words["hits"]["hits"]:
        if story_of(raw) not in seen and len(added) < MAX_SOME_WORDS_RESULTS:
            seen.add(story_of(raw))
            added.append(raw)
    return added


def filled_page(
    request: SearchRequest,
    compiled: CompiledQuery,
    every_word: dict,
    added: list[dict],
    counted: dict,
) -> SearchPage:
    """Articles holding every word first, then those holding some (modes "all+some", "some")."""
    offset, limit = _bounds(request)
    full = every_word["hits"]["hits"]
    ranked = [(raw, True) for raw in full] + [(raw, False) for raw in added]
    scored = request.sort == "relevance"
    counts = facet_counts(counted["aggregations"])
    return SearchPage(
        request=request,
        count=counts["stories"],
        count_all_words=len(full),  # fewer than FILL_WITH_SOME_BELOW: all in hand, one per story
        hits=[
            hit(raw, compiled, scored=scored, all_words=all_words)
            for raw, all_words in ranked[offset:limit]
        ],
        mode="some" if total(every_word) == 0 else "all+some",
        facet_counts=counts,
    )
