"""A light Arabic stemmer, guided by word frequencies so that names survive.

Strips at most one prefix combination and one suffix so that inflected
forms of a word meet at search time::

    >>> light_stem("وبالمفاوضات"), light_stem("مفاوضات")
    ('مفاوض', 'مفاوض')
    >>> light_stem("بوتين"), light_stem("لبوتين")
    ('بوتين', 'بوتين')

Rule-only light stemmers (Lucene's) cut و/ب/ل off وزير and لبنان and ين off
بوتين. Here every cut that could hit a name asks the lexicon first: a
single-letter clitic goes only when the rest is a clearly commoner word, and
ين/ون/ان/ي only when the stem is about as common as the whole word. Input is
a normalized word; anything not made only of Arabic letters is returned as is.
"""

from __future__ import annotations

import re

from .lexicon import zipf
from .stopwords import is_stopword

MIN_STEM = 3  # shorter stems merge unrelated words (حج, حق, دم stay whole)

# A stem is "attested" from this Zipf value on (about once per million words).
ATTESTED = 2.5
# A single-letter clitic is cut only when the rest is this much commoner
# than the whole word (true clitics: لبوتين 2.9 vs بوتين 4.2; root letters:
# كمال 4.5 vs مال 4.7, بسام 3.8 vs سام 4.4).
CLITIC_MARGIN = 0.9

# (و|ف)?(ب|ك|ل)?ال and (و|ف)?لل, longest first so وبال wins over وب.
ARTICLE_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {c + p + "ال" for c in ("", "و", "ف") for p in ("", "ب", "ك", "ل")}
        | {c + "لل" for c in ("", "و", "ف")},
        key=len,
        reverse=True,
    )
)
CLITICS = "وفبلك"

# Suffix -> how much commoner (in Zipf) the stem must be than the word.
# None = unguarded: the stem only has to be attested (or the word unknown).
# Guarded suffixes also end many names (بوتين, سلمان, زيلينسكي), so the stem
# must be about as common as the word itself.
# fmt: off
SUFFIXES: dict[str, float | None] = {
    # plural + pronoun, counted as one suffix so مفاوضاتها meets مفاوضات
    "اتهم": None, "اتها": None, "اتنا": None, "اته": None,
    # teh marbuta written ت before a pronoun: حكومتها -> حكوم (= حكومه -> حكوم)
    "تهم": None, "تها": None, "تنا": None, "ته": None,
    # nisba plurals/feminine: فلسطينيين, فلسطينيه -> فلسطين
    "يين": 0.0, "يون": 0.0, "يات": 0.0, "يه": -0.3,
    "ات": None, "وا": None,
    "ها": None, "هم": None, "هن": None, "كم": None, "كن": None, "نا": None, "ني": None,
    "ين": 0.0, "ون": 0.0,
    "ان": 1.0,  # the dual is rare in news; ان ends many names (سلمان, شعبان)
    "ي": -0.3,  # عربي 5.0 vs عرب 4.8 must still meet
    "ه": None,  # teh marbuta / his: any word ending in ه loses it (مكه is too short)
}
# fmt: on
_SUFFIX_ORDER = sorted(SUFFIXES, key=len, reverse=True)
# Longest first, grouped by last letter: a word ending in ن tries only ين ون ان.
_SUFFIXES_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(x for x in _SUFFIX_ORDER if x[-1] == last) for last in {x[-1] for x in SUFFIXES}
}
# Suffixes after which the stem may be a feminine noun that lost its ه:
# ولايات -> ولاي is attested through ولايه.
_FEMININE = {"اتهم", "اتها", "اتنا", "اته", "ات", "يات"}
_NISBA = {"ي", "يه", "يين", "يون", "يات"}
# After these only the feminine noun counts as evidence: ثابته must not
# become ثاب (it is ثابت + ه).
_TEH = {"تهم", "تها", "تنا", "ته"}

# Words the rules would wreck and that no lexicon check catches.
_KEEP = frozenset({"الله", "لله", "اللهم", "بالله", "والله"})

_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")

_cache: dict[str, str] = {}
CACHE_LIMIT = 500_000


def light_stem(word: str) -> str:
    """Stem a normalized word: 'للمفاوضات' -> 'مفاوض', 'لبنان' -> 'لبنان'."""
    stem = _cache.get(word)
    if stem is None:
        stem = _stem(word)
        if len(_cache) >= CACHE_LIMIT:
            _cache.clear()  # bounded; refilling is cheap
        _cache[word] = stem
    return stem


def _stem(word: str) -> str:
    if len(word) <= MIN_STEM or word in _KEEP or not _ARABIC_WORD.fullmatch(word):
        return word
    stem = strip_prefix(word)
    if stem.endswith("الله"):  # عبدالله, not عبدالل
        return stem
    return strip_suffix(stem)


def strip_prefix(word: str) -> str:
    """Cut the article with its clitics, or lexicon-approved clitics: 'وللمفاوضات' -> 'مفاوضات'."""
    if not word.startswith(ARTICLE_PREFIXES):  # one C call for the common case
        return _strip_clitics(word)
    for prefix in ARTICLE_PREFIXES:
        if word.startswith(prefix):
            rest = word[len(prefix) :]
            if len(rest) < 2 or is_stopword(rest) or word.endswith("الله"):
                break
            # إلغاء/ألمانيا normalize to الغاء/المانيا, which look like the
            # article: keep the ال (as الغاء, also for لالغاء/والغاء) when the
            # rest is (almost) no word but the whole is (مانيا 2.5 vs المانيا
            # 4.9; ولايات 3.9 vs الولايات 5.6 is a real article).
            with_article = "ال" + rest
            z_rest, z_whole = zipf(rest), zipf(with_article)
            if z_whole >= 3.0 and (z_rest < 2.0 or (z_rest < 3.0 and z_whole - z_rest >= 2.0)):
                return with_article
            return rest
    return _strip_clitics(word)


def _strip_clitics(word: str) -> str:
    if len(word) < 2 or word[0] not in CLITICS:
        return word  # a lone و typed before a * is a prefix, not a clitic
    candidates = [word[1:]]
    if word[0] in "وف" and word[1] in "بلك":
        candidates.append(word[2:])  # وب, فل, ...
    whole = zipf(word)
    best, best_z = word, 0.0
    for rest in candidates:
        z = zipf(rest)
        if (
            len(rest) >= MIN_STEM
            and z >= ATTESTED
            and z - whole >= CLITIC_MARGIN
            and z > best_z
            and not is_stopword(rest)
        ):
            best, best_z = rest, z
    return best


def strip_suffix(word: str) -> str:
    """Cut one suffix when the lexicon allows: 'مسلمين' -> 'مسلم', 'بوتين' stays."""
    whole = zipf(word)
    for suffix in _SUFFIXES_BY_LAST.get(word[-1], ()):
        if not word.endswith(suffix):
            continue
        stem = word[: -len(suffix)]
        if len(stem) < MIN_STEM or is_stopword(stem):
            continue
        if suffix in _TEH:
            evidence = zipf(stem + "ه")
        else:
            evidence = zipf(stem)
        if suffix in _FEMININE:
            evidence = max(evidence, zipf(stem + "ه"))
        if suffix in _NISBA:
            # A nisba adjective's base is usually seen with the article:
            # عراقي -> عراق through العراق.
            evidence = max(evidence, zipf("ال" + stem))
        margin = SUFFIXES[suffix]
        if margin is None:
            # The ه test is about the word itself: stem + ه is the word.
            if suffix == "ه" or evidence >= ATTESTED or (whole < 1.5 and len(word) >= 6):
                return stem
        elif evidence >= ATTESTED and evidence >= whole + margin:
            return stem
    return word
