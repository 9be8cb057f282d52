"""search_articles() on Elasticsearch: the same request in, the same SearchPage out.

One request for a browse or a search; when few articles hold every word of
a query of several, two more: the some-word fill and the facet counts over
what the page counts (search/engine.py does the same in one process).
"""

from __future__ import annotations

from haystack import connections

from search.elasticsearch import query_dsl, results
from search.engine import SORTS, SearchPage, SearchRequest
from search.query import QueryError, parse_query

ERROR_UNKNOWN_SORT = "ترتيب غير معروف: {sort}"  # search/engine.py's wording


def _sender():
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()  # creates the index on first use, as Haystack does on first write

    def send(body: dict) -> dict:
        return backend.conn.search(index=backend.index_name, body=body)

    return send


def search_articles(request: SearchRequest) -> SearchPage:
    """Answer one search or browse request. Raises QueryError for a query it cannot run."""
    if request.sort not in SORTS:
        raise QueryError(ERROR_UNKNOWN_SORT.format(sort=request.sort))
    compiled = query_dsl.compile_query(parse_query(request.q))
    send = _sender()
    start, size = query_dsl.window(request, compiled)
    every_word = send(query_dsl.search_body(request, compiled, start=start, size=size))
    if not results.needs_fill(compiled, every_word):
        return results.page(request, compiled, every_word, start=start)
    some_words = send(
        query_dsl.some_words_body(request, compiled, stories_seen=len(every_word["hits"]["hits"]))
    )
    added = results.added_hits(every_word, some_words)
    counted = send(
        query_dsl.counts_body(request, compiled, added_ids=[raw["_id"] for raw in added])
    )
    return results.filled_page(request, compiled, every_word, added, counted)


def matching_article_ids(q: str, *, limit: int) -> list[int]:
    """Ids of the best `limit` articles for a query, without snippets (admin search)."""
    compiled = query_dsl.compile_query(parse_query(q))
    if compiled.is_browse:
        return []
    found = _sender()(query_dsl.ids_body(compiled, limit=limit))
    return [int(raw["_source"]["django_id"]) for raw in found["hits"]["hits"]]
