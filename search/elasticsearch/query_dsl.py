"""A SearchRequest as an Elasticsearch query body, with the semantics of search/engine.py.

Pure: builds dicts, sends nothing. The query language is parsed by
search/query.py (the same errors as the Whoosh path) and every word goes
through the app's analysis (folding.py) before Elasticsearch sees it.

    word        multi_match over `text` (stemmed) and `exact` (the reader's
                spelling adds weight), every part required
    "phrase"    match_phrase on `text`, `exact` adding weight
    prefix*     prefix on `exact`, at most MAX_PREFIX_EXPANSIONS terms
    -word       must_not
    filters     `filter` clauses (no scoring, cached by Elasticsearch)
    facets      terms / date_histogram / missing / cardinality aggregations
    versions    collapse on story_key, the others as inner_hits
    snippets    highlight on `body` (the text as written)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search.analysis import normalize, query_terms
from search.elasticsearch.folding import folded
from search.elasticsearch.mapping import DISPLAY_FIELD
from search.engine import (
    EXACT_BOOST,
    FILL_WITH_SOME_BELOW,
    MAX_PREFIX_EXPANSIONS,
    MAX_RESULT_WINDOW,
    MAX_SOME_WORDS_RESULTS,
    SearchRequest,
)
from search.facets import TOP_VALUES
from search.highlight import SNIPPET_WORDS, TermMatcher
from search.query import ERROR_NOTHING_TO_SEARCH, ParsedQuery, QueryError
from search.search_indexes import STORY_KEY, date_key

# Marks around highlighted words. Characters from the Private Use Area, not
# <mark>: the fragment comes back raw and results.py escapes it with
# Django's escape() before turning these into <mark></mark>, so snippets are
# escaped exactly as search/highlight.py escapes them.
MARK_START, MARK_END = "\ue000", "\ue001"
# About SNIPPET_WORDS words: Arabic news words average 5-6 letters and a space.
SNIPPET_CHARS = SNIPPET_WORDS * 6
NO_MATCH_CHARS = 300  # the opening shown when nothing matched (search/highlight.py does the same)
VERSIONS = "versions"
MAX_VERSIONS = 50  # other versions listed per story (14 outlets at most in SaudiNewsNet)
LISTING_FIELDS = [
    "django_id",
    "title",
    "source_name",
    "source_url",
    "published_on",
    "date_precision",
    STORY_KEY,
]
# Elasticsearch's cardinality is exact up to this many distinct stories
# (its maximum), approximate beyond.
STORY_COUNT_PRECISION = 40_000


@dataclass(frozen=True)
class CompiledQuery:
    """The query's clauses, and what to highlight; no clauses means browsing."""

    required: tuple[dict, ...] = ()
    excluded: tuple[dict, ...] = ()
    highlight_query: dict | None = None
    matcher: TermMatcher = field(default_factory=TermMatcher)

    @property
    def is_browse(self) -> bool:
        return not self.required


def _word_clause(text: str) -> dict | None:
    words = folded(text)
    if not words:
        return None  # only stop words
    return {
        "multi_match": {
            "query": words,
            # Every article with the exact form also has its stem, so `text`
            # decides the match and `exact` only adds weight (engine.py's AndMaybe).
            "fields": ["text", f"exact^{EXACT_BOOST}"],
            "type": "most_fields",
            "operator": "and",
        }
    }


def _phrase_clause(phrase: str) -> dict | None:
    words = folded(phrase)
    if " " not in words:
        return _word_clause(phrase)
    return {
        "bool": {
            "must": [{"match_phrase": {"text": words}}],
            # Only `text` keeps positions; the exact forms add their weight.
            "should": [{"match": {"exact": {"query": words, "boost": EXACT_BOOST}}}],
        }
    }


def _prefix_clause(prefix: str) -> dict:
    # top_terms_N scores the first N expansions in term order; Whoosh takes
    # the N most frequent. Either way «ال*» cannot expand to the whole index.
    return {
        "prefix": {
            "exact": {"value": normalize(prefix), "rewrite": f"top_terms_{MAX_PREFIX_EXPANSIONS}"}
        }
    }


def _clauses(words: list[str], phrases: list[str]) -> list[dict]:
    found = [_word_clause(w) for w in words] + [_phrase_clause(p) for p in phrases]
    return [clause for clause in found if clause is not None]


def _highlight_query(parsed: ParsedQuery) -> dict:
    """The positive words against `body`, which Elasticsearch folds and stems itself."""
    should = [{"match": {DISPLAY_FIELD: words}} for w in parsed.words if (words := folded(w))]
    # A phrase as typed: `body` keeps stop words' positions, as the raw phrase does.
    should += [{"match_phrase": {DISPLAY_FIELD: p}} for p in parsed.phrases]
    should += [{"prefix": {DISPLAY_FIELD: normalize(p)}} for p in parsed.prefixes]
    return {"bool": {"should": should}}


def compile_query(parsed: ParsedQuery) -> CompiledQuery:
    """Raises QueryError when nothing searchable is left (only stop words), as the Whoosh path does."""
    if parsed.is_empty:
        return CompiledQuery()
    required = _clauses(parsed.words, parsed.phrases)
    required += [_prefix_clause(p) for p in parsed.prefixes]
    if not required:
        raise QueryError(ERROR_NOTHING_TO_SEARCH)
    positive_text = " ".join(parsed.words + parsed.phrases)
    matcher = TermMatcher(
        stems=frozenset(query_terms(positive_text, stem=True)),
        exact=frozenset(query_terms(positive_text, stem=False)),
        prefixes=tuple(normalize(p) for p in parsed.prefixes),
    )
    return CompiledQuery(
        required=tuple(required),
        excluded=tuple(_clauses(parsed.excluded_words, parsed.excluded_phrases)),
        highlight_query=_highlight_query(parsed),
        matcher=matcher,
    )


def filters(request: SearchRequest) -> list[dict]:
    """Every person and place given, any one of the sources, within the dates."""
    found: list[dict] = [{"term": {"people": str(pk)}} for pk in request.people]
    found += [{"term": {"places": str(pk)}} for pk in request.places]
    if request.sources:
        found.append({"terms": {"source": [str(pk) for pk in request.sources]}})
    if request.date_from or request.date_to:
        # Undated articles have key 0 and never fall within a date filter.
        span = {"gte": date_key(request.date_from) if request.date_from else 1}
        if request.date_to:
            span["lte"] = date_key(request.date_to)
        found.append({"range": {"newest_key": span}})
    return found


def _query(request: SearchRequest, compiled: CompiledQuery, *, every_word: bool) -> dict:
    clauses: dict = {}
    if compiled.required:
        if every_word:
            clauses["must"] = list(compiled.required)
        else:
            clauses["should"] = list(compiled.required)
            clauses["minimum_should_match"] = 1
    if compiled.excluded:
        clauses["must_not"] = list(compiled.excluded)
    if found := filters(request):
        clauses["filter"] = found
    return {"bool": clauses} if clauses else {"match_all": {}}


def sort_clause(sort: str, *, browse: bool) -> list:
    if browse and sort == "relevance":
        sort = "newest"  # a list without a query is newest first
    if sort == "newest":
        return [{"newest_key": {"order": "desc"}}]
    if sort == "oldest":
        return [{"oldest_key": {"order": "asc"}}]
    return ["_score"]


def facet_aggregations() -> dict:
    """The counts search/facets.py makes, over every match (not just the page)."""

    def top(name: str) -> dict:
        return {
            "terms": {
                "field": name,
                "size": TOP_VALUES,
                "order": [{"_count": "desc"}, {"_key": "asc"}],
            }
        }

    def histogram(interval: str, shape: str) -> dict:
        # min_doc_count 1: only periods with articles, no empty buckets between.
        return {
            "date_histogram": {
                "field": "published_on",
                "calendar_interval": interval,
                "format": shape,
                "min_doc_count": 1,
            }
        }

    return {
        "people": top("people"),
        "places": top("places"),
        "sources": top("source"),
        # All three levels at once: the coarsest with more than one bar is
        # shown (results.py), as facets.py decides from the matches.
        "years": histogram("year", "yyyy"),
        "months": histogram("month", "yyyy-MM"),
        "days": histogram("day", "yyyy-MM-dd"),
        "undated": {"missing": {"field": "published_on"}},
        "stories": {
            "cardinality": {"field": STORY_KEY, "precision_threshold": STORY_COUNT_PRECISION}
        },
    }


def collapse() -> dict:
    """One hit per story; the story's other matching versions, oldest first, as inner hits."""
    return {
        "field": STORY_KEY,
        "inner_hits": {
            "name": VERSIONS,
            "size": MAX_VERSIONS,
            "_source": LISTING_FIELDS,
            "sort": [{"oldest_key": {"order": "asc"}}],
        },
    }


def highlight(compiled: CompiledQuery) -> dict:
    options: dict = {
        "type": "unified",
        "fragment_size": SNIPPET_CHARS,
        "number_of_fragments": 1,
        "no_match_size": NO_MATCH_CHARS,
    }
    if compiled.highlight_query is not None:
        options["highlight_query"] = compiled.highlight_query
    return {"pre_tags": [MARK_START], "post_tags": [MARK_END], "fields": {DISPLAY_FIELD: options}}


def window(request: SearchRequest, compiled: CompiledQuery) -> tuple[int, int]:
    """(from, size) for the first request.

    A query of several words may need the some-words fill (engine.py's
    _all_then_some), which ranks everything up to the page's end: ask from
    the top, and for at least FILL_WITH_SOME_BELOW hits, so all articles
    holding every word are in hand when there are few.
    """
    offset = (request.page - 1) * request.page_size
    limit = min(offset + request.page_size, MAX_RESULT_WINDOW)
    if len(compiled.required) > 1:
        return 0, max(limit, FILL_WITH_SOME_BELOW)
    return offset, max(0, limit - offset)


def search_body(request: SearchRequest, compiled: CompiledQuery, *, start: int, size: int) -> dict:
    """The main request: articles holding every word (or the filtered list), facets, versions."""
    return {
        "query": _query(request, compiled, every_word=True),
        "from": start,
        "size": size,
        "sort": sort_clause(request.sort, browse=compiled.is_browse),
        "track_total_hits": True,
        "_source": LISTING_FIELDS,
        "collapse": collapse(),
        "highlight": highlight(compiled),
        "aggs": facet_aggregations(),
    }


def some_words_body(request: SearchRequest, compiled: CompiledQuery, *, stories_seen: int) -> dict:
    """Articles holding some of the words, best first: the fill when few hold them all.

    Ranked to MAX_SOME_WORDS_RESULTS past the stories already shown, which
    it finds again and results.py skips.
    """
    return {
        "query": _query(request, compiled, every_word=False),
        "from": 0,
        "size": stories_seen + MAX_SOME_WORDS_RESULTS,
        "sort": sort_clause(request.sort, browse=False),
        "track_total_hits": False,
        "_source": LISTING_FIELDS,
        "collapse": collapse(),
        "highlight": highlight(compiled),
    }


def counts_body(request: SearchRequest, compiled: CompiledQuery, *, added_ids: list[str]) -> dict:
    """Facets over what a filled page counts: every article holding every word,
    plus the some-word articles it added (engine.py's _matching_docnums)."""
    every_word = {"bool": {"must": list(compiled.required)}}
    counted = {
        "bool": {
            "should": [every_word, {"ids": {"values": added_ids}}],
            "minimum_should_match": 1,
        }
    }
    clauses: dict = {"filter": [*filters(request), counted]}
    if compiled.excluded:
        clauses["must_not"] = list(compiled.excluded)
    return {
        "query": {"bool": clauses},
        "size": 0,
        "track_total_hits": True,
        "aggs": facet_aggregations(),
    }


def ids_body(compiled: CompiledQuery, *, limit: int) -> dict:
    """The best `limit` articles' ids, nothing else (the admin's search box)."""
    return {
        "query": {"bool": {"must": list(compiled.required), "must_not": list(compiled.excluded)}},
        "size": limit,
        "_source": ["django_id"],
    }
