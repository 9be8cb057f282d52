"""CRF features for Arabic news tokens, built for speed.

Everything that depends only on a token's spelling (its normalized form,
light stem, clitic-stripped forms, affixes, shape, word frequencies,
foreignness, gazetteer membership) is computed once per distinct token and
cached, together with the same features already prefixed for use as a
neighbour ("-1:w=...", "+2:g=GIVEN"). Featurizing a sentence is then list
concatenation plus a multi-word gazetteer scan::

    >>> sentence_features(["قال", "بوتين"])[1][:2]
    ['b', 'w=بوتين']

Pure Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from search.analysis.lexicon import zipf
from search.analysis.normalize import normalize
from search.analysis.stem import light_stem

from . import foreignness
from .gazetteers import (
    GIVEN_NAMES,
    NAME_PARTICLES,
    NATIONALITY_ADJECTIVES,
    ORG_TRIGGERS,
    ORGANISATIONS,
    PERSON_TITLES,
    PLACE_NAMES,
    PLACE_TRIGGERS,
    SPEECH_VERBS,
)
from .mentions import Evidence, from_other_mentions, from_other_mentions_within

# Clitic prefixes, normalized. Article forms: the rest is tried with and
# without «ال» (للعراق -> عراق, العراق). Conjunction/preposition forms: the
# rest as is (بموسكو -> موسكو). All are candidates only: «لبنان» also yields
# «بنان», and the CRF learns which candidate evidence to trust.
ARTICLE_PREFIXES = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
CLITIC_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")

_ARABIC = re.compile("[\u0621-\u064a]+")
_LATIN = re.compile("[a-z]+")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*%?")

# (kind, gazetteer) pairs checked for a token and its clitic-stripped forms.
_SINGLE = (
    ("GIVEN", GIVEN_NAMES),
    ("TITLE", PERSON_TITLES),
    ("NAT", NATIONALITY_ADJECTIVES),
    ("ORG", ORGANISATIONS),
)
_CONTEXT_ONLY = (
    ("PTRIG", PLACE_TRIGGERS),
    ("OTRIG", ORG_TRIGGERS),
    ("SAY", SPEECH_VERBS),
    ("PART", NAME_PARTICLES),
)


def _multiword() -> tuple[dict[str, str], dict[str, int]]:
    """{phrase key: kind} for multi-word gazetteer entries, and {first word: longest length}."""
    phrases: dict[str, str] = {}
    for kind, keys in (("TITLE", PERSON_TITLES), ("GIVEN", GIVEN_NAMES), ("ORG", ORGANISATIONS)):
        phrases.update((k, kind) for k in keys if " " in k)
    phrases.update((k, "LOC") for k in PLACE_NAMES if " " in k)
    first: dict[str, int] = {}
    for phrase in phrases:
        parts = phrase.split()
        first[parts[0]] = max(first.get(parts[0], 0), len(parts))
    return phrases, first


PHRASES, _PHRASE_FIRST = _multiword()

NEIGHBOUR_PREFIXES = ("-2:", "-1:", "+1:", "+2:")
BIGRAM = "w-1w="  # "w-1w=الرئيس|بوتين": the word with the one before it
DOC_MAX_ZIPF = 5.0  # words commoner than this get no document features
FUNCTION_WORD_ZIPF = 5.5  # في, من, قال: as a neighbour, evidence by itself


def candidates(word: str) -> list[str]:
    """Clitic-stripped forms of a normalized word: 'والعراق' -> ['عراق', 'العراق']."""
    found: list[str] = []
    for prefix in ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            rest = word[len(prefix) :]
            found += [rest, "ال" + rest]
            break
    for prefix in CLITIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            found.append(word[len(prefix) :])
    # dict.fromkeys: unique, in order; the word itself is not a candidate.
    return [c for c in dict.fromkeys(found) if c != word]


def shape(word: str) -> str:
    """A coarse class of a normalized token: 'ar', 'num', 'latin', 'alnum' or 'punct'."""
    if _ARABIC.fullmatch(word):
        return "ar"
    if _DIGITS.fullmatch(word):
        return "num"
    if _LATIN.fullmatch(word):
        return "latin"
    return "alnum" if any(c.isalnum() for c in word) else "punct"


def _gazetteer_flags(word: str, forms: list[str]) -> list[str]:
    """'g=...' flags for the word itself, 'gc=...' for its clitic-stripped forms."""
    flags = []
    entry = PLACE_NAMES.get(word)
    if entry:
        flags += ["g=LOC", "g=" + entry[1]]
    for kind, keys in _SINGLE:
        if word in keys:
            flags.append("g=" + kind)
    for kind, keys in _CONTEXT_ONLY:
        if word in keys:
            flags.append("g=" + kind)
    for form in forms:
        entry = PLACE_NAMES.get(form)
        if entry:
            flags += ["gc=LOC", "gc=" + entry[1]]
        for kind, keys in _SINGLE + _CONTEXT_ONLY:
            if form in keys:
                flags.append("gc=" + kind)
    return list(dict.fromkeys(flags))


def _length_class(n: int) -> str:
    return str(n) if n <= 3 else "4-5" if n <= 5 else "6-7" if n <= 7 else "8+"


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def spelling_features(surface: str) -> tuple[str, list[str], list[str], list[str], dict]:
    """(normalized form, own features, near and far neighbour features, extras) of a token.

    Dense features (present on nearly every token) cost tagging time like
    any other, so they are few and combined: "zz=4/0" is the word's Zipf
    frequency and that of its article-toggled form together. Extras:
    "flags" (gazetteer flags), "forms" (clitic-stripped forms), "zipf".
    """
    norm = normalize(surface) or surface
    kind = shape(norm)
    forms = candidates(norm) if kind == "ar" else []
    flags = _gazetteer_flags(norm, forms)
    frequency = zipf(norm)
    own = ["b", "w=" + norm, f"sh={kind}/{_length_class(len(norm))}"]
    near = ["w=" + norm, "sh=" + kind]
    far = ["w=" + norm]
    if kind == "ar":
        stem = light_stem(norm)
        # Names rarely take the article and nouns often do: how common the
        # word is with the article toggled (بوتين -> البوتين 0, رئيس -> الرئيس 6),
        # and with a possessive suffix (كتابها, but not بوتينها).
        toggled = zipf(norm[2:] if norm.startswith("ال") else "ال" + norm)
        suffixed = max(zipf(norm + suffix) for suffix in ("ها", "هم", "نا", "كم"))
        best_form = max((zipf(f) for f in forms), default=0.0)
        # Whole Zipf steps (truncated): "zz=4/0" is the word at 4.x, its toggled form unseen.
        frequencies = f"zz={int(frequency)}/{int(toggled)}"
        foreign = f"fx={_clip(foreignness.score(norm) * 2, -4, 4)}"
        if stem != norm:
            own.append("s=" + stem)
            near.append("s=" + stem)
            far.append("s=" + stem)
        own += [f"p{n}={norm[:n]}" for n in (2, 3) if len(norm) > n]
        own += [f"x{n}={norm[-n:]}" for n in (1, 2, 3) if len(norm) > n]
        own += ["c=" + form for form in forms]
        own += [
            frequencies,
            f"zc={int(best_form)}",
            f"zs={int(suffixed)}",
            foreign,
        ]
        # Normalization folds ى into ي, so على ("on") and علي (Ali) meet:
        # the letter as written tells them apart (also ة/ه, final hamza).
        last = _last_letter(surface)
        if last and last != norm[-1]:
            own.append("r1=" + last)
        # A common word next to an unknown one ends a name.
        near.append(frequencies)
    own += flags
    near += flags
    far += flags
    return norm, own, near, far, {"flags": flags, "forms": forms, "zipf": frequency}


_LAST_LETTER = re.compile("([\u0621-\u064a])[\u064b-\u0652\u0670\u0640]*$")


def _last_letter(surface: str) -> str:
    match = _LAST_LETTER.search(surface)
    return match.group(1) if match else ""


class _Token:
    """The cached features of one distinct surface token, packed for one extractor.

    ``before2``/``before1``/``after1``/``after2`` are its neighbour features as
    seen from the token 2 after, 1 after, 1 before and 2 before it.
    """

    __slots__ = (
        "norm",
        "phrase_starts",
        "own",
        "before2",
        "before1",
        "after1",
        "after2",
        "flags",
        "doc_keys",
        "evidence_before",
        "evidence_before2",
        "evidence_after",
    )

    def __init__(self, surface: str, pack) -> None:
        norm, own, near, far, extras = spelling_features(surface)
        forms, frequency = extras["forms"], extras["zipf"]
        self.norm = norm
        self.flags = extras["flags"]
        self.own = pack(own)
        self.before2 = pack(far, "-2:")
        self.before1 = pack(near, "-1:")
        self.after1 = pack(near, "+1:")
        self.after2 = pack(far, "+2:")
        # Forms under which other mentions of this word are found in the
        # document; very common words are not worth following.
        followed = len(norm) >= 3 and frequency < DOC_MAX_ZIPF and _ARABIC.fullmatch(norm)
        self.doc_keys = (norm, *forms) if followed else ()
        # (form, length of the longest gazetteer phrase it starts), if any.
        self.phrase_starts = tuple(
            (form, _PHRASE_FIRST[form]) for form in (norm, *forms) if form in _PHRASE_FIRST
        )
        # What this token says about the words 1 after, 2 after, 1 before it.
        self.evidence_before = ["-1:" + f for f in self.flags]
        if frequency >= FUNCTION_WORD_ZIPF:  # في, من, قال: evidence by themselves
            self.evidence_before.append("-1:w=" + norm)
        self.evidence_before2 = ["-2:" + f for f in self.flags]
        self.evidence_after = ["+1:" + f for f in self.flags]


class _Padding:
    """Stands beside a sentence's first and last tokens: contributes BOS / EOS only."""

    norm = ""
    before2: list = []
    after2: list = []

    def __init__(self, before1: list | None = None, after1: list | None = None) -> None:
        self.before1 = before1 or []
        self.after1 = after1 or []


class FeatureExtractor:
    """Sentences in, crfsuite feature lists out; one cache of token features per extractor.

    ``known=None`` (training) gives every feature as ``str``. Given the set of
    attributes a model has weights for (tagging), it gives only those, as
    UTF-8 ``bytes``: crfsuite ignores unknown attributes anyway, and bytes
    skip an encode per feature inside pycrfsuite (tagging ~2x faster).
    """

    CACHE_LIMIT = 200_000

    def __init__(self, known: frozenset[str] | None = None) -> None:
        self.known = known
        self._cache: dict[str, _Token] = {}
        # Tagging: the known features by neighbour prefix ("-1:" -> {"w=في", ...}),
        # so a new token's neighbour features are only built when they can count;
        # and the known word bigrams by (previous word, word).
        self._known_after: dict[str, frozenset[str]] = {}
        self._bigrams: dict[tuple[str, str], bytes] | None = None
        if known is not None:
            for prefix in NEIGHBOUR_PREFIXES:
                self._known_after[prefix] = frozenset(
                    f[len(prefix) :] for f in known if f.startswith(prefix)
                )
            self._bigrams = {
                tuple(f[len(BIGRAM) :].split("|", 1)): f.encode()
                for f in known
                if f.startswith(BIGRAM)
            }
        self._start = _Padding(before1=self.pack(["BOS"]))
        self._end = _Padding(after1=self.pack(["EOS"]))

    def pack(self, features: list[str], prefix: str = "") -> list:
        """``features`` as the model wants them, each with ``prefix`` ("-1:", "+2:" ...)."""
        if self.known is None:
            return [prefix + f for f in features] if prefix else features
        if prefix:
            known = self._known_after[prefix]
            return [(prefix + f).encode() for f in features if f in known]
        known = self.known
        return [f.encode() for f in features if f in known]

    def token(self, surface: str) -> _Token:
        token = self._cache.get(surface)
        if token is None:
            if len(self._cache) >= self.CACHE_LIMIT:
                self._cache.clear()  # bounded; refilling is cheap
            token = self._cache[surface] = _Token(surface, self.pack)
        return token

    def sentence(self, tokens: Sequence[str]) -> list[list]:
        """One feature list per token of a sentence."""
        return self._sentence([self.token(t) for t in tokens])

    def _sentence(self, cached: list[_Token]) -> list[list]:
        if not cached:
            return []
        bigrams = self._bigrams
        # Padding: the two "tokens" before a sentence say BOS, after it EOS.
        padded = [self._start, self._start, *cached, self._end, self._end]
        out: list[list] = []
        for i in range(2, len(padded) - 2):
            token, previous = padded[i], padded[i - 1]
            features = [
                *token.own,
                *padded[i - 2].before2,
                *previous.before1,
                *padded[i + 1].after1,
                *padded[i + 2].after2,
            ]
            if previous.norm:
                if bigrams is None:
                    features.append(BIGRAM + previous.norm + "|" + token.norm)
                else:
                    bigram = bigrams.get((previous.norm, token.norm))
                    if bigram is not None:
                        features.append(bigram)
            out.append(features)
        for i, marks in _phrase_marks(cached):
            out[i] += self.pack(marks)
        return out

    def document(
        self, sentences: Sequence[Sequence[str]], window: int | None = None
    ) -> list[list[list]]:
        """Features for the sentences of one document, with evidence from other mentions.

        A word seen after «الرئيس» in one sentence is likely a name in the
        next one too: each token gets "d" features for what the neighbours of
        its other mentions (same word or clitic-stripped form) say. ``window``
        limits the document to that many sentences either side (for corpora
        such as ANERcorp that have no document boundaries); None: all of them.
        """
        cached = [[self.token(t) for t in s] for s in sentences]
        rows = [self._sentence(s) for s in cached]
        mentions: dict[str, list[tuple[int, int]]] = {}  # followed form -> its positions
        for si, sentence in enumerate(cached):
            for ti, token in enumerate(sentence):
                for k in token.doc_keys:
                    mentions.setdefault(k, []).append((si, ti))
        repeated = {k: positions for k, positions in mentions.items() if len(positions) > 1}
        if repeated:
            evidence = Evidence(cached)
            if window is None:
                found = from_other_mentions(cached, repeated, evidence)
            else:
                found = from_other_mentions_within(cached, repeated, evidence, window)
            for (si, ti), seen in found.items():
                if seen:
                    rows[si][ti] += self._document_features(seen)
        return rows

    def _document_features(self, seen: set[str]) -> list:
        if self.known is None:
            return ["d" + f for f in sorted(seen)]  # sorted: reproducible training
        known = self.known
        return [d.encode() for f in seen if (d := "d" + f) in known]


def _phrase_marks(cached: list[_Token]) -> list[tuple[int, list[str]]]:
    """(position, ['mB=LOC']) for tokens covered by a multi-word gazetteer entry."""
    marks: dict[int, list[str]] = {}
    n = len(cached)
    for i, token in enumerate(cached):
        for first, longest in token.phrase_starts:
            for length in range(min(longest, n - i), 1, -1):
                phrase = " ".join([first, *(t.norm for t in cached[i + 1 : i + length])])
                kind = PHRASES.get(phrase)
                if kind:
                    marks.setdefault(i, []).append("mB=" + kind)
                    for j in range(i + 1, i + length):
                        marks.setdefault(j, []).append("mI=" + kind)
                    break
    return sorted(marks.items())


# The training-side extractor: every feature, as str.
_TRAINING = FeatureExtractor()


def token_features(surface: str) -> list[str]:
    """The position-independent features of one token: 'بوتين' -> ['b', 'w=بوتين', ...]."""
    return spelling_features(surface)[1]


def sentence_features(tokens: Sequence[str]) -> list[list[str]]:
    """One feature list per token of a sentence (no document features)."""
    return _TRAINING.sentence(tokens)


def document_features(
    sentences: Sequence[Sequence[str]], window: int | None = None
) -> list[list[list[str]]]:
    """Feature lists for every token of a document (see :meth:`FeatureExtractor.document`)."""
    return _TRAINING.document(sentences, window)
