"""The app's Arabic analysis, applied before any text reaches Elasticsearch.

Documents and queries both go through `folded()`, so Elasticsearch sees the
words the Whoosh index would have seen, before stemming: folded spelling
(hamza seats, alef maqsura, ta marbuta, Persian letters, Arabic-Indic
digits), no harakat or tatweel, glued words split, stop words gone::

    >>> folded("وأكّدَ الرئيسُ منالعقوبات في ٢٠٢٤")
    'واكد الرئيس العقوبات 2024'

Stop words are dropped here rather than by an Elasticsearch stop filter:
only the original spelling tells على (a stop word) from علي (Ali), and it
is gone once folded. Dropping them here also keeps phrase positions as
Whoosh has them (a stop word takes no position there).
"""

from __future__ import annotations

from search.analysis import query_terms


def folded(text: str) -> str:
    """The normalized, unstemmed words of `text`, one space apart: 'أكّد، الرئيس' -> 'اكد الرئيس'."""
    # query_terms is the index chain itself (search/analysis/chain.py), with
    # its per-chunk cache; stem=False keeps the words for Elasticsearch to stem.
    return " ".join(query_terms(text, stem=False))
