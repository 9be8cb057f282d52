"""Elasticsearch 7 (or OpenSearch) in place of Whoosh, behind the same search interface.

mapping.py    index settings and field mapping (Elasticsearch's Arabic filters)
folding.py    the app's own analysis, applied before text is sent
lucene_stem.py  what Elasticsearch's Arabic stemmer does, and the words it must not cut
backend.py    the Haystack backend: schema, documents, writes, alias swaps
query_dsl.py  SearchRequest -> Elasticsearch query body (pure)
results.py    Elasticsearch response -> SearchPage (pure)
search.py     search_articles(): the two together, through the client

Chosen with NEWSARCHIVE_ELASTICSEARCH_URL (newsarchive/settings.py); the
plan and its limits are in docs/scaling.md.
"""
