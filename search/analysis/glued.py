"""Split two words glued together by a missing space, when the split is sure.

Scraped Arabic often loses a space (منالعقوبات). A normalized word is cut
in two only when the whole is unknown or very rare, cannot be read as one
word with clitics and suffixes, and both halves are common words::

    >>> split_glued("منالعقوبات")
    [(0, 2), (2, 10)]
    >>> split_glued("فلاديفوستوك")
    [(0, 11)]

The rules below were tuned on a day of SaudiNewsNet (2015-07-21), where
rare foreign names (بيبر|وايت, ستار|باكس) and rare inflections were the
false splits: a real glue has a listed function word on one side
(من|العقوبات, الصور|التي), or two long, common content words of which one
carries the article (الجيش|الروسي).
"""

from __future__ import annotations

import re

from .lexicon import zipf
from .stem import ARTICLE_PREFIXES, SUFFIXES, strip_prefix
from .stopwords import is_stopword

RARE = 1.5  # a whole word below this Zipf is a split candidate (wordfreq's floor is 1.0)
EXPLAINED = 2.3  # a core word this common explains the whole (ومعتمرين = و+معتمر+ين)
FREQUENT = 3.0  # a content half next to a long function word (about 1 per million words)
SURE = 3.5  # a content half next to a two-letter function word, or next to another content word
# After a two-letter function word, a half that is neither an article form
# nor a present-tense verb (يثير, تختلف) must be this common: ربيع 4.6 yes,
# the foreign لامورا (فيلامورا) 3.8 no.
PLAIN_AFTER_SHORT = 4.5
_VERB_PREFIXES = ("ي", "ت", "ن")
PLAIN_AFTER_ARTICLE = 4.0
MIN_LEN = 5

# Function words seen glued to the next word. Others are left out because
# too many names and words start with them: او (اوروبا), يا (ياسين), ولكن
# (ولكنسون), فان (فان دايك), الا, بان, وهو.
LEFT_FUNCTION_WORDS = frozenset(
    "من في مع عن لا ما لم لن قد علي الي مما كما ومن وفي ومع وعن وعلي والي ولا وما "
    "ولم ولن وقد الذي التي الذين والذي والتي والذين منذ حتي عند خلال بعد بين "
    "هذا هذه ذلك تلك وهذا وهذه".split()
)
# After a relative pronoun even a three-letter word is safe: والذي|خضع.
_RELATIVES = frozenset({"الذي", "التي", "الذين", "والذي", "والتي", "والذين"})
# Function words seen glued to the previous word. Most others are also
# common word endings (ـاني, ـالي, ـبين, ـانها), so they stay out.
RIGHT_FUNCTION_WORDS = frozenset("الذي التي الذين حتي عند منذ خلال".split())

_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")
_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "س", "وس", *ARTICLE_PREFIXES)
_ENDINGS = ("", *SUFFIXES, "هما", "كما", "تين", "تان", "ا")

_cache: dict[str, tuple[tuple[int, int], ...]] = {}
CACHE_LIMIT = 500_000


def split_glued(word: str) -> list[tuple[int, int]]:
    """Sub-spans of a normalized word: 'فيربيع' -> [(0, 2), (2, 6)]; [(0, len)] when whole."""
    return list(split_spans(word))


def split_spans(word: str) -> tuple[tuple[int, int], ...]:
    """split_glued() as a cached tuple, for the analysis chain (no copy)."""
    spans = _cache.get(word)
    if spans is None:
        spans = tuple(_split(word))
        if len(_cache) >= CACHE_LIMIT:
            _cache.clear()
        _cache[word] = spans
    return spans


def _explained(word: str) -> bool:
    """True when the word reads as clitics + a known word + a suffix: وبساعاتها."""
    for prefix in _PREFIXES:
        if not word.startswith(prefix):
            continue
        for ending in _ENDINGS:
            if ending and not word.endswith(ending):
                continue
            core = word[len(prefix) : len(word) - len(ending)]
            if len(core) >= 3 and (zipf(core) >= EXPLAINED or zipf(core + "ه") >= EXPLAINED):
                return True
    return False


def _content_score(part: str) -> float:
    """How common a content half is, alone or without its clitics (وغسل -> غسل)."""
    z = zipf(part)
    bare = strip_prefix(part)
    return max(z, zipf(bare)) if bare != part else z


def _article_score(part: str) -> float:
    """Commonness of the word under an article (للمرشحه -> مرشحه), 0.0 without one."""
    for prefix in ARTICLE_PREFIXES:
        if part.startswith(prefix):
            bare = part[len(prefix) :]
            if len(bare) < 3 or is_stopword(bare):
                return 0.0
            z = zipf(bare)
            # a three-letter "word" after ال is often a fragment (الكير|عاني)
            return z if len(bare) > 3 or z >= 4.0 else 0.0
    return 0.0


def _pair_score(left: str, right: str) -> float:
    """How sure a split into left|right is (min commonness of the halves), 0.0 if not sure."""
    if left in LEFT_FUNCTION_WORDS:
        if is_stopword(right):
            return 0.0
        short = len(left) == 2
        if len(right) < (3 if left in _RELATIVES else 4):
            return 0.0
        score = _content_score(right)
        if short and not (right.startswith(_VERB_PREFIXES) or _article_score(right)):
            return score if score >= PLAIN_AFTER_SHORT else 0.0
        return score if score >= (SURE if short else FREQUENT) else 0.0
    if right in RIGHT_FUNCTION_WORDS:
        if is_stopword(left) or len(left) < 4:
            return 0.0
        score = _content_score(left)
        return score if score >= FREQUENT else 0.0
    if is_stopword(left) or is_stopword(right) or len(left) < 4 or len(right) < 4:
        return 0.0
    # Two content words: at least one must carry the article, which rare
    # foreign names (بيبر|وايت, ستار|باكس) do not.
    a_left, a_right = _article_score(left), _article_score(right)
    if not (a_left or a_right):
        return 0.0
    # A right half in و must be a word as written (وغسل), not و + a
    # fragment of a foreign word (الميل|ودرامي, الاوت|وكروس).
    if right[0] == "و" and not a_right and zipf(right) < FREQUENT:
        return 0.0
    score = min(a_left or _content_score(left), a_right or _content_score(right))
    # A plain right half after an article word must be a clearly common word
    # or a present-tense verb: foreign words split into "article word +
    # fragment" (البرغم|اتيه, والبورت|ريكي) fail here.
    if (
        not a_right
        and not right.startswith(_VERB_PREFIXES)
        and _content_score(right) < PLAIN_AFTER_ARTICLE
    ):
        return 0.0
    return score if score >= SURE else 0.0


def _split(word: str) -> list[tuple[int, int]]:
    n = len(word)
    whole = [(0, n)]
    if n < MIN_LEN or zipf(word) >= RARE or not _ARABIC_WORD.fullmatch(word):
        return whole
    if _explained(word):  # وبالمفاوضات is و+ب+المفاوضات, not وبال|مفاوضات
        return whole
    if "اللا" in word[:6]:  # اللامرئيه, واللامباليه: one word (the "non-" prefix)
        return whole
    best, best_at = 0.0, 0
    for i in range(2, n - 1):
        score = _pair_score(word[:i], word[i:])
        if score > best:
            best, best_at = score, i
    return [(0, best_at), (best_at, n)] if best else whole
