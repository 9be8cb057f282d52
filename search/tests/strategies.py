"""Hypothesis strategies for Arabic-first fuzzing: text as archive users and scrapers write it.

Mixes real words from the owner's sample articles with the characters that
break naive text handling: harakat (U+064B–U+0652, U+0670), tatweel, hamza
seats, Arabic-Indic and Persian digits, Persian letters, ZWNJ/ZWJ, bidi
controls, Arabic and Latin punctuation, Latin, emoji, and arbitrary Unicode.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "articles" / "fixtures" / "sample"

HARAKAT = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"]
TATWEEL = "\u0640"
LETTERS = [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]
HAMZA_FORMS = list("ءآأؤإئٱ")
ARABIC_INDIC_DIGITS = [chr(0x0660 + i) for i in range(10)]
PERSIAN_DIGITS = [chr(0x06F0 + i) for i in range(10)]
PERSIAN_LETTERS = list("پچژگکیۀڤ")
JOINERS = ["\u200c", "\u200d"]  # ZWNJ, ZWJ
BIDI_CONTROLS = ["\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F))]
BIDI_CONTROLS += [chr(c) for c in range(0x2066, 0x206A)]
PUNCTUATION = list("،؛؟«»“”„\"'.,:;!?()[]{}-−–—*…٪٫٬/\\&<>#@_+=|~^%$")
LATIN = list("abcXYZéüçñ") + ["e\u0301"]  # e + combining acute
EMOJI = ["😀", "👍🏽", "🇸🇦", "👨\u200d👩\u200d👧", "❤️", "🕌"]
CONTROLS = [chr(c) for c in range(0, 32)] + ["\x7f", "\x85", "\u2028", "\u2029"]
SPACES = [" ", " ", " ", "\t", "\n", "\u00a0", "\u3000"]
# Compatibility forms that NFKC expands into letters and marks (ﷺ, ﻻ, ﱞ, ﹰ).
PRESENTATION_FORMS = ["\ufdfa", "\ufefb", "\ufc5e", "\ufe70", "\ufe71", "\ufdf2", "\ufb50"]

SPECIAL = (
    HARAKAT
    + [TATWEEL]
    + HAMZA_FORMS
    + ARABIC_INDIC_DIGITS
    + PERSIAN_DIGITS
    + PERSIAN_LETTERS
    + JOINERS
    + BIDI_CONTROLS
    + PUNCTUATION
    + LATIN
    + EMOJI
    + PRESENTATION_FORMS
)


def _sample_words() -> list[str]:
    words: set[str] = set()
    for path in sorted(SAMPLE_DIR.glob("*.txt")):
        words.update(path.read_text(encoding="utf-8").split())
    return sorted(words)


SAMPLE_WORDS = _sample_words()
# Words with their own harakat, shadda and tatweel, as editors and Quranic quotes write them.
VOWELLED_WORDS = ["أكّد", "الرئيسُ", "المفاوضاتِ", "هٰذا", "العـــربية", "مُسْتَشْفَى", "إلى", "على"]

# Any Unicode scalar value that can travel in UTF-8 (no lone surrogates).
any_char = st.characters(exclude_categories=["Cs"])


def _word_with_marks() -> st.SearchStrategy[str]:
    """A sample word with harakat, tatweel or joiners pushed in at random places."""

    @st.composite
    def build(draw) -> str:
        word = list(draw(st.sampled_from(SAMPLE_WORDS + VOWELLED_WORDS)))
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(word)))
            word.insert(at, draw(st.sampled_from(HARAKAT + [TATWEEL] + JOINERS + BIDI_CONTROLS)))
        return "".join(word)

    return build()


piece = st.one_of(
    st.sampled_from(SAMPLE_WORDS),
    _word_with_marks(),
    st.text(st.sampled_from(LETTERS + HARAKAT + [TATWEEL] + HAMZA_FORMS), min_size=1, max_size=8),
    st.lists(st.sampled_from(SPECIAL), min_size=1, max_size=4).map("".join),
    st.text(
        st.sampled_from(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS + list("0123456789.,٫٬")),
        min_size=1,
        max_size=6,
    ),
    st.text(any_char, min_size=1, max_size=4),
    st.sampled_from(SPACES),
    st.sampled_from(CONTROLS),
)


def arabic_text(max_pieces: int = 30) -> st.SearchStrategy[str]:
    """Arabic-first text: real words, marked-up words, special characters and anything else."""
    return st.lists(piece, max_size=max_pieces).map("".join)
