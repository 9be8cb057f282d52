"""Fold Arabic spelling variants so that index, query and lookup keys agree.

One function, :func:`normalize`, used at index time, at query time and on
every lookup key (entity aliases, dedup hashes). Example::

    >>> normalize("أكّد الرئيسُ")
    'اكد الرئيس'

Non-letter characters (spaces, punctuation) pass through unchanged, except
the invisible and diacritic characters listed in ``DELETED`` below.
"""

from __future__ import annotations

import re
import unicodedata

# Characters removed outright: they change how a word is drawn or read aloud,
# never which word it is.
DELETED: frozenset[str] = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat, shadda, sukun, hamza/madda marks
    + [chr(c) for c in range(0x0610, 0x061B)]  # Quranic honorifics and small letters
    + [chr(c) for c in range(0x06D6, 0x06EE)]  # Quranic annotation marks
    + [
        "\u0670",  # superscript (dagger) alef: هٰذا -> هذا
        "\u0640",  # tatweel, pure stretching: العـــربية -> العربيه
        "\u200b",  # zero width space
        "\u200c",  # zero width non-joiner
        "\u200d",  # zero width joiner
        "\u00ad",  # soft hyphen (invisible like the joiners)
        "\ufeff",  # byte order mark / zero width no-break space
        "\u061c",  # Arabic letter mark (bidi)
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
    ]
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings/overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
)

# Embeddings, overrides and isolates reorder how the text around them is drawn
# (U+202E shows «gpj.exe» as «exe.jpg»), so text shown to readers never keeps
# them. The RLM/LRM marks stay in displayed text: they only place punctuation.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(text: str) -> str:
    """'\u202eيفتتح' -> 'يفتتح'."""
    return BIDI_CONTROLS.sub("", text)


def show_bidi_controls(text: str) -> str:
    """Each control as a visible code, for editors reading raw copy: '\u202eيفتتح' -> '[U+202E]يفتتح'."""
    return BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m[0]):04X}]", text)


# One letter for several spellings of "the same" letter.
#
# Hamza decision: bare ء is kept and ئ is kept; ؤ is folded to ئ. Writers
# alternate between the two seats in the same words (مسؤول/مسئول,
# شؤون/شئون), and folding them together makes those variants meet. We do NOT
# fold hamza seats to و/ي (or delete them): that would merge distinct words
# (سؤال "question" vs سوال) and is lossy beyond what search needs. Hamza on
# alef *is* folded to bare alef, because writers drop it all the time
# (اوكرانيا/أوكرانيا); pyarabic's normalize_hamza() would turn أوكرانيا into
# ءوكرانيا instead, so it is not used.
FOLDED: dict[str, str] = {
    # alef with hamza/madda/wasla -> bare alef
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ alef wasla
    "\u0672": "\u0627",  # ٲ wavy hamza above
    "\u0673": "\u0627",  # ٳ wavy hamza below
    "\u0675": "\u0627",  # ٵ high hamza alef
    # hamza on waw -> hamza on yeh (see the hamza decision above)
    "\u0624": "\u0626",  # ؤ -> ئ
    "\u0676": "\u0626",  # ٶ high hamza waw
    "\u0678": "\u0626",  # ٸ high hamza yeh
    "\u06d3": "\u0626",  # ۓ yeh barree with hamza
    "\u0674": "\u0621",  # ٴ high hamza -> ء
    # alef maqsura and Persian/Urdu yeh forms -> ي (pyarabic's
    # normalize_alef() sends ى to ا instead; we follow the common search
    # practice of ى -> ي, which is how Egyptian print writes final ي anyway)
    "\u0649": "\u064a",  # ى
    "\u06cc": "\u064a",  # ی Persian yeh
    "\u06cd": "\u064a",  # ۍ
    "\u06ce": "\u064a",  # ێ
    "\u06d0": "\u064a",  # ې
    "\u06d2": "\u064a",  # ے yeh barree
    # teh marbuta and heh forms -> ه (ة is written ه in much of the web)
    "\u0629": "\u0647",  # ة
    "\u06c0": "\u0647",  # ۀ heh with yeh above
    "\u06c1": "\u0647",  # ہ heh goal
    "\u06c2": "\u0647",  # ۂ
    "\u06c3": "\u0647",  # ۃ teh marbuta goal
    "\u06be": "\u0647",  # ھ heh doachashmee
    "\u06d5": "\u0647",  # ە ae
    # Persian/Urdu kaf -> Arabic kaf
    "\u06a9": "\u0643",  # ک
    "\u06aa": "\u0643",  # ڪ swash kaf
    # Letters Arabic print uses for foreign sounds in names, where plain
    # Arabic spelling uses the undotted letter (ڤلاديمير = فلاديمير). گ چ ژ
    # are left alone: their Arabic renderings vary (غ/ج/ك), so no fold is right.
    "\u06a4": "\u0641",  # ڤ -> ف
    "\u067e": "\u0628",  # پ -> ب
    "\u06a8": "\u0642",  # ڨ -> ق
}
# Arabic-Indic and Persian (extended) digits -> ASCII
for _i in range(10):
    FOLDED[chr(0x0660 + _i)] = str(_i)
    FOLDED[chr(0x06F0 + _i)] = str(_i)

_TABLE: dict[int, str | None] = {ord(c): None for c in DELETED}
_TABLE.update({ord(k): v for k, v in FOLDED.items()})


def normalize(text: str) -> str:
    """Fold spelling variants of a text or a single word: 'أكّد' -> 'اكد'.

    Steps: drop diacritics/invisibles, NFKC (presentation forms and
    ligatures such as ﻻ become letters), fold letters and digits, casefold
    Latin. Idempotent: ``normalize(normalize(x)) == normalize(x)``.
    """
    if text.isascii():
        return text.lower()  # ASCII casefold is lower(); the common Latin/digit case
    # Deleting before NFKC lets NFKC compose pairs that an invisible
    # separated (e + ZWJ + U+0301 -> é), which keeps the function idempotent;
    # deleting again after NFKC removes marks that compatibility forms
    # expand to (ﱞ -> " ٌّ").
    text = unicodedata.normalize("NFKC", text.translate(_TABLE)).translate(_TABLE)
    if not unicodedata.is_normalized("NFKC", text):
        # A compatibility form expanded to marks we then deleted, exposing a
        # composable pair (S + ﳲ + U+0301): compose once more.
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


# A lighter, faster fold for matching fixed phrases in whole texts (month names
# in dates, boilerplate labels in cleaning): drop harakat and tatweel, merge alef/hamza/yeh/teh-marbuta variants,
# map Arabic-Indic and Persian digits to ASCII. Stored text keeps its spelling.
# Regex passes rather than one str.translate: translate with a dict table costs a
# Python lookup per character and dominated ingest time on SaudiNewsNet.
_HARAKAT = re.compile("[\u064b-\u0652\u0670\u0640]")
_ALEF = re.compile("[أإآٱ]")
_YEH = re.compile("[ىی]")
_ARABIC_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_DIGIT_TABLE = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)


def fold_for_matching(text: str) -> str:
    """Fold spelling variants so fixed phrases match: 'أيضاً' -> 'ايضا', '٢٠٢٤' -> '2024'."""
    text = _YEH.sub("ي", _ALEF.sub("ا", _HARAKAT.sub("", text)))
    text = text.replace("ة", "ه").replace("ک", "ك")
    if _ARABIC_DIGITS.search(text):
        text = text.translate(_DIGIT_TABLE)
    return text.lower()
