"""What Elasticsearch's `arabic_stemmer` does to a word, and which words it must not touch.

Elasticsearch's `stemmer` filter with `"language": "arabic"` is Lucene's
ArabicStemmer (Larkey's light stemmer): one prefix off, then every listed
suffix in turn, with only a length check, no lexicon::

    >>> lucene_stem("بوتين"), lucene_stem("القوات")
    ('بوت', 'قو')

The app's stemmer (search/analysis/stem.py) asks word frequencies before
cutting, so names and short words survive. `protected_words()` lists the
common words the app keeps whole and Lucene would cut; the index mapping
hands them to the `arabic_keywords` (keyword_marker) filter, so Elasticsearch
leaves them whole too. Rules from Lucene's ArabicStemmer.java
(org.apache.lucene.analysis.ar), checked against Lucene 9.4.2's output on
2,946 real queries, MIRACL-ar and TREC-2002 (docs/scaling.md).
"""

from __future__ import annotations

import re
from functools import lru_cache

from search.analysis import light_stem
from search.analysis.lexicon import table
from search.analysis.stopwords import STOPWORDS

# In Lucene's order: the first prefix that fits is the only one cut.
PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
# Every one that fits is cut, in this order (مفاوضاتها -> مفاوضات -> مفاوض).
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")
# A word at least this common (Zipf; 3.5 is about once in 3 million words)
# is worth protecting: about 2,000 words, a small enough list for index settings.
PROTECT_FROM_ZIPF = 3.5

_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")


def lucene_stem(word: str) -> str:
    """Lucene's ArabicStemmer on a normalized word: 'والمفاوضات' -> 'مفاوض'."""
    for prefix in PREFIXES:
        # A one-letter prefix needs a word of 4 letters or more; any prefix
        # must leave at least 2.
        if len(prefix) == 1 and len(word) < 4:
            continue
        if len(word) >= len(prefix) + 2 and word.startswith(prefix):
            word = word[len(prefix) :]
            break
    for suffix in SUFFIXES:
        if len(word) >= len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


@lru_cache(maxsize=1)
def protected_words(min_zipf: float = PROTECT_FROM_ZIPF) -> tuple[str, ...]:
    """Common normalized words the app leaves whole and Lucene would cut: بوتين, لبنان, وزير."""
    return tuple(
        sorted(
            word
            for word, zipf in table().items()
            if zipf >= min_zipf
            and _ARABIC_WORD.fullmatch(word)
            and word not in STOPWORDS
            and light_stem(word) == word
            and lucene_stem(word) != word
        )
    )
