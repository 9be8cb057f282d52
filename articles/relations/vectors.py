"""An article as a weighted bag of stemmed words, for comparing articles.

Words are the search index's terms (normalized, stop words out, lightly
stemmed: «للمفاوضات» and «المفاوضات» are one term), so two outlets' wording
of the same event meet. Each term weighs (1 + ln tf) x idf, and the vector
is scaled to length 1, so the dot product of two vectors is their cosine.

The idf comes from general Arabic word frequencies (wordfreq's table, which
search already loads), pooled by stem, not from the archive: a term's weight
does not change as the archive grows or with the spelling an article uses,
so a stored vector never goes stale and a new article is compared with the
archive without recomputing anything::

    >>> vector = term_vector("بوتين يدعم هاريس", "قال الرئيس الروسي فلاديمير بوتين ...")
    >>> sorted(vector, key=vector.get, reverse=True)[:2]
    ['بوتين', 'هاريس']

Pure Python, no Django.
"""

from __future__ import annotations

import math
import threading
from collections import Counter

from search.analysis import light_stem, query_terms
from search.analysis.lexicon import table

# idf = IDF_CEILING - Zipf frequency: a word met once per billion words
# (Zipf 0, most names) weighs 7; «الرئيس» (Zipf ~5) weighs 2; a word as
# common as «قال» (Zipf 6+) weighs next to nothing.
IDF_CEILING = 7.0
IDF_FLOOR = 0.1
TITLE_WEIGHT = 2  # a title word counts as this many body occurrences
MAX_TERMS = 150  # the heaviest terms kept; the length is computed before the cut


_stem_zipf: dict[str, float] | None = None
_lock = threading.Lock()


def _stem_frequencies() -> dict[str, float]:
    """{stem: Zipf frequency of all its spellings together}; ~2 s once per process."""
    global _stem_zipf
    if _stem_zipf is None:
        with _lock:
            if _stem_zipf is None:
                pooled: dict[str, float] = {}
                for word, value in table().items():
                    stem = light_stem(word)
                    pooled[stem] = pooled.get(stem, 0.0) + 10.0**value
                _stem_zipf = {stem: math.log10(f) for stem, f in pooled.items()}
    return _stem_zipf


def load_frequencies() -> None:
    """Load the stem table now (before forking workers that will use it)."""
    _stem_frequencies()


def idf(stem: str) -> float:
    """'هاريس' -> ~4, 'رئيس' -> ~1.3: rarer in general Arabic, heavier."""
    return max(IDF_FLOOR, IDF_CEILING - _stem_frequencies().get(stem, 0.0))


def term_vector(title: str, body: str) -> dict[str, float]:
    """{stemmed term: weight}, unit length, at most MAX_TERMS terms (the heaviest)."""
    counts: Counter[str] = Counter(query_terms(body, stem=True))
    for term in query_terms(title, stem=True):
        counts[term] += TITLE_WEIGHT
    raw = {t: (1.0 + math.log(n)) * idf(t) for t, n in counts.items()}
    length = math.sqrt(sum(w * w for w in raw.values()))
    if not length:
        return {}
    heaviest = sorted(raw.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS]
    return {t: w / length for t, w in heaviest}


def encode(vector: dict[str, float]) -> str:
    """'term weight term weight ...' (terms never contain spaces)."""
    return " ".join(f"{t} {w:.4f}" for t, w in vector.items())


def decode(text: str) -> dict[str, float]:
    parts = text.split()
    return {parts[i]: float(parts[i + 1]) for i in range(0, len(parts) - 1, 2)}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two unit vectors (pure Python, for one pair)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())
