"""Arabic word frequencies (wordfreq), re-keyed with our own normalization.

The stemmer and the glued-word splitter ask "is this a real, common word?";
this module answers with a Zipf value (log10 of occurrences per billion
words: 'من' ~ 7.5, 'المفاوضات' ~ 4.5, unknown -> 0.0)::

    >>> zipf(normalize("المفاوضات")) > 4
    True

Loaded lazily on first use and kept for the life of the process.
Measured on the dev machine (2 cores): 1.6-1.8 s and 61 MB kept (150 MB peak
while loading) for 538k keys: wordfreq's 621k Arabic entries folded by
:func:`normalize`.
"""

from __future__ import annotations

import math
import threading

from .normalize import normalize

_lock = threading.Lock()
_zipf: dict[str, float] | None = None


def _load() -> dict[str, float]:
    # Read wordfreq's packed file directly instead of get_frequency_dict():
    # that one is lru_cached inside wordfreq, which would keep a second
    # 70 MB copy (with unfolded keys) alive next to ours.
    from wordfreq import available_languages, read_cBpack

    buckets = read_cBpack(available_languages("best")["ar"])
    freqs: dict[str, float] = {}
    # buckets[0] is the header; bucket i holds words of frequency 10**(-i/100).
    for index, bucket in enumerate(buckets[1:], start=1):
        freq = 10.0 ** (-index / 100)
        for word in bucket:
            key = normalize(word)
            # Variants that fold together (أن/إن/ان) pool their counts.
            freqs[key] = freqs.get(key, 0.0) + freq
    # Zipf rounded to 0.01 and shared float objects: ~700 distinct values
    # instead of one float per key saves ~12 MB.
    shared: dict[float, float] = {}
    return {
        key: shared.setdefault(v, v)
        for key, f in freqs.items()
        if (v := round(math.log10(f) + 9, 2))
    }


def table() -> dict[str, float]:
    """The whole normalized word -> Zipf mapping (loads it on first call)."""
    global _zipf
    if _zipf is None:
        with _lock:  # two threads racing on first use load it once
            if _zipf is None:
                _zipf = _load()
    return _zipf


def zipf(word: str) -> float:
    """Zipf frequency of an already normalized word, 0.0 when unknown: 'في' -> ~7.5."""
    return (_zipf if _zipf is not None else table()).get(word, 0.0)
