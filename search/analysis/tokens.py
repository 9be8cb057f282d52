"""Find word tokens in raw text, as character offsets into that text.

A word is a run of letters or digits (any script) that may carry combining
marks (harakat, shadda, U+0670, Quranic marks), tatweel and ZWNJ/ZWJ inside
it. Python's ``\\w`` alone does not match combining marks, so «أكّد» would
split at the shadda; this tokenizer keeps it whole::

    >>> list(tokenize("أكّد، الرئيس"))
    [(0, 4), (6, 12)]

Underscore and all punctuation (، ؛ ؟ « » “ ” ٪ …) separate words.

Numbers: digit groups joined by one of . , ٫ ٬ («3,650», «2.5», «٢٫٥») stay in
one token, so a figure is never cut in two; chain.py then decides the terms
(thousands separators dropped: 3650; a decimal point kept: 2.5; a date such
as 21.7.2015 becomes 21 7 2015) and splits letters from digits (و2015,
كوفيد19).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator


def _mark_class() -> str:
    """A regex class body listing every combining mark (Mn, Mc, Me) as ranges."""
    # Scanning the first two planes takes ~30 ms at import; the only marks
    # beyond them are variation selectors, added by hand.
    codes = [c for c in range(0x20000) if unicodedata.category(chr(c))[0] == "M"]
    codes += range(0xE0100, 0xE01F0)
    parts: list[str] = []
    start = prev = codes[0]
    for c in [*codes[1:], -1]:
        if c != prev + 1:
            parts.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else "")
            )
            start = c
        prev = c
    return "".join(parts)


MARKS = _mark_class()
# Invisible characters allowed *between* word characters (never at the ends):
# ZWNJ, ZWJ, soft hyphen, word joiner, bidi marks. Normalization deletes them.
JOINERS = "\u200c\u200d\u00ad\u2060\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"

# [^\W_] = a letter or digit of any script (tatweel U+0640 counts as a letter).
# Written as "runs of letters, glued by marks / joiners / a separator
# between digits" so the common case is one fast [^\W_]+ run per word
# (3x faster than stepping a group per character, same matches).
WORD_PATTERN = (
    rf"[^\W_]+(?:(?:[{MARKS}]+|[{JOINERS}]+(?=[^\W_])"
    r"|(?<=\d)[.,\u066b\u066c](?=\d))[^\W_]*)*"
)
WORD_RE = re.compile(WORD_PATTERN)


def tokenize(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of the words of ``text``: 'أكّد، الرئيس' -> (0, 4), (6, 12)."""
    for match in WORD_RE.finditer(text):
        yield match.span()
