"""The Elasticsearch index: analysis settings and one mapping entry per index field.

Field for field, this mirrors search/search_indexes.py (the Whoosh index):

- `text` (title twice + body) and `exact` (title + body) arrive already
  folded by the app (folding.py). `text` is then stemmed by Elasticsearch's
  Arabic chain; `exact` is not stemmed and has no positions, like Whoosh's.
- People, places and the source are keyword ids (filters, `terms` facets);
  `story_key` is the keyword search collapses versions on.
- `newest_key`/`oldest_key` sort (undated last either way) and filter by
  date; `published_on` is a real date here, for `date_histogram` facets.
- Listing fields are kept in `_source` only (`index: false`), as Whoosh
  keeps them stored only.

Two fields exist only here: `body`, the title and body as written, analysed
with the same fold by a char filter, for highlighting in the article's own
spelling (`text` holds folded words, a highlight there would show اكد for
أكّد); and Haystack's `id`. Whoosh's `facet_ids` column is not sent: the
`terms` aggregations read `people`, `places` and `source` directly.

The analyzers rebuild Elasticsearch's `arabic` analyzer as a custom one
(https://www.elastic.co/guide/en/elasticsearch/reference/7.17/analysis-lang-analyzer.html#arabic-analyzer):
lowercase, decimal_digit, arabic_stop, arabic_normalization, arabic_keywords,
arabic_stemmer. What differs, and why, is said where it differs below.
"""

from __future__ import annotations

from haystack.constants import DJANGO_CT, DJANGO_ID, ID

from search.analysis.normalize import DELETED, FOLDED
from search.analysis.stopwords import NEEDS_ALEF_MAQSURA, STOPWORDS
from search.elasticsearch.folding import folded
from search.elasticsearch.lucene_stem import protected_words
from search.search_indexes import STORY_KEY

STEMMED_ANALYZER = "archive_arabic"
EXACT_ANALYZER = "archive_arabic_exact"
DISPLAY_ANALYZER = "archive_arabic_display"
# The field holding the title and body once, as written: copied into `body`
# before `text` and `exact` are folded (search_indexes.ArticleIndex.prepare_exact).
DISPLAY_SOURCE = "exact"
DISPLAY_FIELD = "body"
# Filled by the app as space-separated ids ("3 17"); sent as lists.
ID_LIST_FIELDS = ("people", "places", "source")
FOLDED_FIELDS = ("text", "exact")

# Kept in _source, never searched: Whoosh's STORED.
_SOURCE_ONLY = {"type": "keyword", "index": False, "doc_values": False}
_ID = {"type": "keyword"}

# One entry per field of search_indexes.ArticleIndex (the test checks both ways).
FIELDS: dict[str, dict] = {
    "text": {"type": "text", "analyzer": STEMMED_ANALYZER},
    # Whoosh's TermsOnlyField: matched and ranked, never phrase-searched.
    "exact": {"type": "text", "analyzer": EXACT_ANALYZER, "index_options": "freqs"},
    "title": _SOURCE_ONLY,
    "source_name": _SOURCE_ONLY,
    "source_url": _SOURCE_ONLY,
    "published_on": {"type": "date", "format": "strict_date"},
    "date_precision": _SOURCE_ONLY,
    "newest_key": {"type": "integer"},
    "oldest_key": {"type": "integer"},
    "people": _ID,
    "places": _ID,
    "source": _ID,
    "updated_at": _SOURCE_ONLY,
    STORY_KEY: _ID,
}
# Stored-only in Whoosh, searchable here, and why.
INDEXED_ONLY_HERE: dict[str, str] = {
    "published_on": "a date for date_histogram facets (Whoosh counts dates from newest_key)",
}
NOT_SENT: dict[str, str] = {
    "facet_ids": "Whoosh's facet column; terms aggregations read people, places and source",
}
ONLY_HERE: dict[str, dict] = {
    ID: _ID,
    DJANGO_CT: _ID,
    DJANGO_ID: _ID,
    # Offsets in the postings let the unified highlighter skip re-analysing
    # each hit's text.
    DISPLAY_FIELD: {"type": "text", "analyzer": DISPLAY_ANALYZER, "index_options": "offsets"},
}
# Folded copies are big and never shown: searched, not kept in _source.
SOURCE_EXCLUDES = list(FOLDED_FIELDS)


def fold_mappings() -> list[str]:
    """The app's character folds as `mapping` char filter rules: 'أ=>ا', 'َ=>' (deleted).

    Built from the same tables normalize() uses, so the `body` field folds
    as the app does. NFKC (presentation forms such as ﻻ) has no char filter
    equivalent; only `body`, used for highlighting, is exposed to that.
    """
    rules = [f"{char}=>" for char in sorted(DELETED)]
    rules += [f"{char}=>{into}" for char, into in sorted(FOLDED.items())]
    return rules


def display_stopwords() -> list[str]:
    """The app's stop words for `body`, without those that only the ى spelling makes
    stop words: the char filter folds ى first, and علي (Ali) must stay highlightable."""
    return sorted(STOPWORDS - NEEDS_ALEF_MAQSURA)


def analysis() -> dict:
    arabic_filters = ["lowercase", "decimal_digit", "arabic_normalization"]
    stemming = ["arabic_keywords", "arabic_stemmer"]
    return {
        "char_filter": {"archive_fold": {"type": "mapping", "mappings": fold_mappings()}},
        "filter": {
            # The app's list, not `_arabic_`: Lucene's list drops content
            # words the app keeps on purpose (search/analysis/stopwords.py).
            "arabic_stop": {"type": "stop", "stopwords": display_stopwords()},
            # Words the app's frequency-guided stemmer leaves whole and
            # Lucene's rules would cut (بوتين -> بوت, وزير -> زير).
            "arabic_keywords": {"type": "keyword_marker", "keywords": list(protected_words())},
            "arabic_stemmer": {"type": "stemmer", "language": "arabic"},
        },
        "analyzer": {
            # Input is folded words one space apart (folding.py): split on
            # spaces so the tokens are exactly the app's, and no stop filter
            # (already applied, with the original spelling). The Arabic
            # filters are no-ops on folded text and stay for any raw text.
            STEMMED_ANALYZER: {
                "type": "custom",
                "tokenizer": "whitespace",
                "filter": arabic_filters + stemming,
            },
            EXACT_ANALYZER: {"type": "custom", "tokenizer": "whitespace", "filter": arabic_filters},
            # Text as written: the fold as a char filter keeps offsets into
            # the original, so highlights mark the article's own spelling.
            DISPLAY_ANALYZER: {
                "type": "custom",
                "char_filter": ["archive_fold"],
                "tokenizer": "standard",
                "filter": ["lowercase", "decimal_digit", "arabic_stop", "arabic_normalization"]
                + stemming,
            },
        },
    }


def properties() -> dict[str, dict]:
    return {**ONLY_HERE, **FIELDS}


def index_body(props: dict[str, dict], *, shards: int = 1, replicas: int = 1) -> dict:
    """What `PUT /<index>` takes: settings and mappings together.

    One shard holds an archive of this size easily (tens of GB per shard is
    Elasticsearch's rule of thumb); replicas add read capacity and failover.
    """
    return {
        "settings": {
            "index": {"number_of_shards": shards, "number_of_replicas": replicas},
            "analysis": analysis(),
        },
        "mappings": {
            # A field the mapping does not know is refused, not guessed.
            "dynamic": "strict",
            "_source": {"excludes": SOURCE_EXCLUDES},
            "properties": props,
        },
    }


def document(prepared: dict) -> dict:
    """A Haystack-prepared article as Elasticsearch takes it.

    The title and body as written go to `body`; `text` and `exact` are
    folded by the app; id lists become lists; the story key becomes text;
    fields Elasticsearch does not need are left out.
    """
    doc = {key: value for key, value in prepared.items() if key not in NOT_SENT}
    doc[DISPLAY_FIELD] = prepared[DISPLAY_SOURCE]
    for name in FOLDED_FIELDS:
        doc[name] = folded(prepared[name])
    for name in ID_LIST_FIELDS:
        doc[name] = (prepared[name] or "").split()
    key = prepared.get(STORY_KEY)
    doc[STORY_KEY] = key.decode() if isinstance(key, bytes) else key
    doc.pop("boost", None)
    return doc
