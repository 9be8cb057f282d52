"""The one analysis chain: raw text -> index/query terms with original offsets.

tokenize -> normalize each token -> split glued words -> drop stop words ->
light stem (or keep the normalized form)::

    >>> [t.term for t in analyze("وبالمفاوضاتِ مع الروس", stem=True)]
    ['مفاوض', 'روس']

Offsets always point into the original text (harakat and all), so a
highlighter can mark the word as it was written. Stop words are dropped
without using up a position, so a phrase query over the remaining words
still finds them adjacent.

Speed: every distinct surface word is analysed once and cached (surface ->
its parts), so the hot loop over 9M tokens is a regex match and a dict hit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .glued import split_spans
from .normalize import _TABLE, normalize
from .stem import light_stem
from .stopwords import NEEDS_ALEF_MAQSURA, STOPWORDS
from .tokens import MARKS, WORD_RE

# (rel_start, rel_end, term, is_stop) for each part of one surface word.
Part = tuple[int, int, str, bool]


@dataclass(frozen=True, slots=True)
class AnalyzedToken:
    """One term and where it came from: term='مفاوض', text[start:end]='وبالمفاوضاتِ'."""

    term: str
    start: int
    end: int
    pos: int


# Tokens made only of these characters normalize one character to one
# character (str.translate + lower), so offsets need no map: the fast path
# for nearly all Arabic and ASCII words. Tatweel is not here: it is deleted.
_SIMPLE = re.compile(
    "[\u0621-\u063a\u0641-\u064a\u0660-\u0669\u06f0-\u06f9"
    "\u06cc\u06a9\u06a4\u067e\u06a8a-zA-Z0-9.,\u066b\u066c]+"
)
# Pieces of a normalized token: a number (with separators) or a run of
# letters. Letters and digits part ways here (و2015 -> و + 2015, كوفيد19 ->
# كوفيد + 19, like «كوفيد-19»), and anything NFKC expanded into several
# words (ﷺ -> صلى الله عليه وسلم) falls apart into its words.
_PIECE = re.compile(rf"\d+(?:[.,\u066b\u066c]\d+)*|(?:[^\W\d_][{MARKS}]*)+")
_LETTERS = re.compile("[a-z\u0621-\u063a\u0641-\u064a]+")
_SEP = re.compile("[.,\u066b\u066c]")


def _offset_map(surface: str) -> tuple[str, list[int], list[int]]:
    """Normalize a token cluster by cluster, remembering where each output char came from.

    A cluster is a base character with the combining marks after it;
    normalization (NFKC composition, mark deletion) never reaches across
    clusters, so normalizing them one by one gives the same letters as
    normalizing the whole token.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    clusters = re.finditer(rf".[{MARKS}]*", surface, re.S)
    for m in clusters:
        piece = normalize(m.group())
        out.append(piece)
        starts.extend([m.start()] * len(piece))
        ends.extend([m.end()] * len(piece))
    return "".join(out), starts, ends


def _number_terms(text: str, a: int) -> list[tuple[int, int, str]]:
    """Terms of one number piece starting at ``a``: '3,650' -> 3650, '2.5' -> 2.5, '21.7.2015' -> 21 7 2015."""
    groups = _SEP.split(text)
    if len(groups) == 1:
        return [(a, a + len(text), text)]
    seps = _SEP.findall(text)
    thousands = all(s in ",\u066c" for s in seps) and all(len(g) == 3 for g in groups[1:])
    if thousands and len(groups[0]) <= 3:
        return [(a, a + len(text), "".join(groups))]
    if len(groups) == 2:  # one separator that is not a thousands comma: a decimal point
        return [(a, a + len(text), groups[0] + "." + groups[1])]
    # Dates (21.7.2015), versions, lists: each group is a number of its own.
    out = []
    for m in re.finditer(r"\d+", text):
        out.append((a + m.start(), a + m.end(), m.group()))
    return out


def surface_parts(surface: str, stem: bool) -> list[Part]:
    """Analyse one token as written: 'وبالمفاوضاتِ' -> [(0, 12, 'مفاوض', False)].

    Uncached; :func:`analyze` and the Whoosh analyzer call it once per
    distinct surface word.
    """
    if _SIMPLE.fullmatch(surface):
        norm = surface.translate(_TABLE).lower()
        if _LETTERS.fullmatch(norm):  # the common case: one plain word
            pieces: Iterable[tuple[int, str]] = ((0, norm),)
        else:
            pieces = ((m.start(), m.group()) for m in _PIECE.finditer(norm))
        starts = ends = None
    else:
        norm, starts, ends = _offset_map(surface)
        pieces = ((m.start(), m.group()) for m in _PIECE.finditer(norm))
    parts: list[Part] = []
    for a, piece in pieces:
        if piece[0].isdigit():
            # Arabic-Indic/Persian digits are ASCII by now; other scripts' digits stay.
            spans = [(pa, pb, term, None) for pa, pb, term in _number_terms(piece, a)]
        else:
            spans = [(a + sa, a + sb, None, piece[sa:sb]) for sa, sb in split_spans(piece)]
        for pa, pb, term, word in spans:
            if starts is not None:
                pa, pb = starts[pa], ends[pb - 1]
            if word is None:
                parts.append((pa, pb, term, False))
                continue
            stop = word in STOPWORDS
            if stop and word in NEEDS_ALEF_MAQSURA and "\u0649" not in surface[pa:pb]:
                stop = False  # علي "Ali", not على
            parts.append((pa, pb, light_stem(word) if stem else word, stop))
    return parts


# surface -> parts to index (stop words left out), one cache per stem flag.
_caches: dict[bool, dict[str, tuple[tuple[int, int, str], ...]]] = {True: {}, False: {}}
CACHE_LIMIT = 1_000_000


def cached_parts(surface: str, stem: bool) -> tuple[tuple[int, int, str], ...]:
    """The indexable parts of a surface word, cached: 'منالعقوبات' -> ((2, 10, 'عقوب'),)."""
    cache = _caches[stem]
    parts = cache.get(surface)
    if parts is None:
        parts = tuple((a, b, t) for a, b, t, stop in surface_parts(surface, stem) if not stop)
        if len(cache) >= CACHE_LIMIT:
            cache.clear()  # bounded memory; the next pass refills what is common
        cache[surface] = parts
    return parts


# The hot loops cut text at whitespace first (str.split / \S+ are several
# times faster than WORD_RE) and cache per whitespace chunk, so a repeated
# «الرئيس،» costs one dict lookup. Words never span whitespace, so this
# gives exactly the tokens WORD_RE would.
_chunk_caches: dict[bool, dict[str, tuple[tuple[int, int, str], ...]]] = {True: {}, False: {}}
_CHUNK_RE = re.compile(r"\S+")


def chunk_parts(chunk: str, stem: bool) -> tuple[tuple[int, int, str], ...]:
    """Parts of one whitespace-free chunk, offsets relative to it: '«المفاوضات»' -> ((1, 10, 'مفاوض'),)."""
    cache = _chunk_caches[stem]
    parts = cache.get(chunk)
    if parts is None:
        parts = tuple(
            (m.start() + a, m.start() + b, term)
            for m in WORD_RE.finditer(chunk)
            for a, b, term in cached_parts(m.group(), stem)
        )
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[chunk] = parts
    return parts


def analyze(text: str, *, stem: bool) -> list[AnalyzedToken]:
    """Terms of ``text`` with original offsets and positions: 'في المفاوضات' -> [مفاوض@3:12 pos 0]."""
    cache = _chunk_caches[stem]
    out: list[AnalyzedToken] = []
    append = out.append
    pos = 0
    for m in _CHUNK_RE.finditer(text):
        parts = cache.get(m.group())
        if parts is None:
            parts = chunk_parts(m.group(), stem)
        if parts:
            start = m.start()
            for a, b, term in parts:
                append(AnalyzedToken(term, start + a, start + b, pos))
                pos += 1
    return out


def query_terms(text: str, *, stem: bool) -> list[str]:
    """Just the terms, for building queries: 'المفاوضات مع روسيا' -> ['مفاوض', 'روسيا']."""
    cache = _chunk_caches[stem]
    terms: list[str] = []
    for chunk in text.split():
        parts = cache.get(chunk)
        if parts is None:
            parts = chunk_parts(chunk, stem)
        terms.extend(p[2] for p in parts)
    return terms
