"""One article's name spans -> one canonical entity per real person or place.

The tagger (:mod:`articles.extraction.ner`) returns names as written:
«لبوتين», «الرئيس الروسي فلاديمير بوتين», «أميركا». Facets need one value per
person or place, so this module strips clitics and titles, folds spelling
variants to one canonical name and links a surname to the full name the same
article uses::

    >>> spans = ["بوتين", "لبوتين", "فلاديمير بوتين", "الرئيس الروسي فلاديمير بوتين"]
    >>> [(e.name, e.count) for e in canonicalize(Mention("PERS", s) for s in spans)]
    [('فلاديمير بوتين', 4)]

Which name wins: the archive's curated names (:class:`KnownNames`, filled from
the database by the caller) over the gazetteers (``ner/gazetteers.py``) over
the cleaned surface. Keys are :func:`name_key`, the search normalization.

Conservative by design, because a wrong facet value is worse than a missing
one. Decisions, each tested in ``articles/tests/test_canonical.py``:

* A clitic (و ف ب ل ك, or وال/بال/لل...) comes off only when what is left is
  a known name: curated, in the gazetteer, a given name, or another name the
  same article mentions; for a lone word, failing those, when the search
  stemmer's lexicon finds the rest far commoner (وبوتين). لبنان, واشنطن stay
  whole; بالرياض -> الرياض. A function word glued on (معالولايات) comes off.
* Leading titles, roles, nationality adjectives, organisations and place
  words (مدينة، منطقة) come off; after a title, the article-words of its
  complement go too (وزير [الخارجية] [الأمريكي] أنتوني بلينكن), and so do
  words with the article or و before a name the article knows ([المرشحة
  الديمقراطية] كامالا هاريس, [وأدلى] دميترييف). A span that is nothing else
  is dropped, and so is an organisation, or a span ending in one (الكرملين).
* A trailing nationality adjective comes off when the rest is a known name
  (كورسك الروسية -> كورسك).
* A span over a list of names («كلمات دلالية: بوتين موسكو») is split, when
  every word is a known place or the surname of another full name.
* A one-word person (بوتين) links to the longest full name in the article
  ending in it, then to the most mentioned; a shorter name links to a longer
  one it is a suffix of (بن سلمان -> محمد بن سلمان) or that starts and ends
  like it. A father's name after بن is no surname: سلمان stays apart.
* A lone word no list knows is dropped when it names no one for sure: a
  given name that links to no full name (محمد: which one?), a person that is
  a word with the article (الديمقراطية is more often an adjective than a
  surname like السيسي; editors can add السيسي as an alias), a common word
  (أخرى), a common word behind a stray letter (ميستمر). Curated names are
  always kept. Also dropped: spans with tanween (دومًا), digits or no Arabic
  letter (x, GMT), of over five words or only stop words, one- or two-letter
  words, and spans ending in a particle (أبو, محمد بن).
* A person span that is a known place becomes a place (واشنطن, unless the
  article names جورج واشنطن), and a place span that is a person of the
  article (ترامب) becomes that person.
* Rejected keys are dropped after linking, so a rejected full name takes its
  surname along.

Pure Python, no Django.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# The one lookup key (normalized, single spaces), as the word lists and the
# database store it: name_key('الرئيسُ  أوباما') -> 'الرئيس اوباما'.
from articles.extraction.ner.keys import key as name_key
from search.analysis import is_stopword, normalize
from search.analysis.glued import split_spans
from search.analysis.lexicon import zipf
from search.analysis.normalize import DELETED
from search.analysis.stem import CLITICS, strip_prefix
from search.analysis.stopwords import NEEDS_ALEF_MAQSURA
from search.analysis.tokens import WORD_RE

PERSON, PLACE = "PERS", "LOC"
OTHER = "other"  # kind_detail of a place no list knows
MAX_WORDS = 5
MIN_LONE_LETTERS = 3  # بن, أبو, آل alone are no names
# The word after these is a father's name, not a family name.
_PATRONYMIC = frozenset({"بن", "بنت", "ابن"})
_ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a]")
_DIGIT = re.compile(r"\d")
_HAMZA = re.compile("[أإآؤئء]")
_HAMZA_ALEF = frozenset("أإآ")
_TANWEEN = re.compile("[\u064b-\u064d]")
# Zipf frequencies (search.analysis.lexicon): a lone word this common is a
# word, not a name no list knows (أخرى 6.0; بوتين 4.2, ترامب 4.4) ...
COMMON_WORD = 5.0
# ... and so is an unknown word that is a common one behind a stray letter
# (ميستمر = لم يستمر, يستمر 4.6).
STRAY_LETTER_WORD = 4.0
# A word after و/ف this common is a verb or noun (أدلى 4.0), not a name (يكتور 0.0).
AFTER_AND_WORD = 3.5
_DELETE = {ord(c): None for c in DELETED}


@dataclass(frozen=True)
class Mention:
    """One span the tagger found: kind 'PERS' or 'LOC', surface as written («لبوتين»)."""

    kind: str
    surface: str


@dataclass(frozen=True)
class CanonicalEntity:
    """One person or place of an article: name='فلاديمير بوتين', count=4."""

    kind: str
    name: str  # display name, in its usual spelling (with hamza)
    key: str  # name_key(name)
    kind_detail: str  # places: country, region, city or other; "" for people
    count: int
    surfaces: tuple[str, ...]  # distinct surfaces as written, most frequent first


@dataclass
class KnownNames:
    """The archive's curated names, keyed by name_key(): canonical names and their aliases.

    ``people['بوتين'] = 'فلاديمير بوتين'``; ``places['امريكا'] = ('الولايات
    المتحدة', 'country')``. A rejected key is never returned.
    """

    people: dict[str, str] = field(default_factory=dict)
    places: dict[str, tuple[str, str]] = field(default_factory=dict)
    rejected_people: set[str] = field(default_factory=set)
    rejected_places: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Gazetteer:
    """The word lists used here, keyed by name_key(); :func:`default_gazetteer` loads the NER ones."""

    place_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    given_names: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    nationality_adjectives: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    place_triggers: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()  # بن, أبو, آل: no name ends in one

    @functools.cached_property
    def modifiers(self) -> frozenset[str]:
        """Words that come before a name without being part of it."""
        return self.titles | self.nationality_adjectives | self.organisations | self.place_triggers

    @functools.cached_property
    def longest_modifier(self) -> int:
        return max((len(m.split()) for m in self.modifiers), default=1)

    @functools.cached_property
    def longest_organisation(self) -> int:
        return max((len(m.split()) for m in self.organisations), default=1)


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The NER package's lists, imported on first use (the package loads its JSON at import)."""
    from articles.extraction.ner import gazetteers as g

    return Gazetteer(
        place_names=g.PLACE_NAMES,
        given_names=frozenset(g.GIVEN_NAMES),
        titles=frozenset(g.PERSON_TITLES),
        nationality_adjectives=frozenset(g.NATIONALITY_ADJECTIVES),
        organisations=frozenset(g.ORGANISATIONS),
        place_triggers=frozenset(g.PLACE_TRIGGERS),
        name_particles=frozenset(getattr(g, "NAME_PARTICLES", ())),
    )


@dataclass
class _Name:
    """A span on its way to an entity: words in their spelling, keys normalized."""

    kind: str
    surface: str
    index: int  # order of appearance
    words: list[str]
    keys: list[str]
    name: str = ""  # canonical display name from a list, "" when the surface is the name
    detail: str = ""
    curated: bool = False
    surface_key: str = ""  # the cleaned key before a list renamed it

    @property
    def key(self) -> str:
        return " ".join(self.keys)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def canonicalize(
    mentions: Iterable[Mention],
    known: KnownNames | None = None,
    *,
    gazetteer: Gazetteer | None = None,
) -> list[CanonicalEntity]:
    """The people and places of one article's spans, most mentioned first."""
    known = known or KnownNames()
    gaz = gazetteer or default_gazetteer()
    names = []
    for index, mention in enumerate(mentions):
        if mention.kind in (PERSON, PLACE) and (name := _split(mention, index)):
            if name := _strip_modifiers(name, known, gaz):
                names.append(name)
    article = _Article(names, known, gaz)
    names = [part for n in names for part in article.split_list(n)]
    names = [n for n in names if article.clean(n)]
    for name in names:
        article.resolve(name)
    return _entities(names, gaz, known)


def _split(mention: Mention, index: int) -> _Name | None:
    """The span as a _Name, or None for junk."""
    surface = " ".join(mention.surface.split())
    split = _words(surface)
    return split and _Name(mention.kind, surface, index, list(split[0]), list(split[1]))


@functools.lru_cache(maxsize=100_000)  # a few thousand names make most spans
def _words(surface: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Words of a span in display spelling (no harakat or tatweel) and their keys, or None."""
    words, keys = [], []
    matches = list(WORD_RE.finditer(surface))
    for n, match in enumerate(matches):
        if _TANWEEN.search(match.group()):
            return None  # an adverb or an indefinite noun (دومًا), never a name
        word = unicodedata.normalize("NFKC", match.group()).translate(_DELETE)
        key = normalize(word)
        if not key.strip():
            continue
        # Scraped text loses spaces: معالولايات -> مع + الولايات. A function
        # word glued to the front of the span (or the end) is no part of it.
        parts = split_spans(key) if key.isalpha() else ((0, len(key)),)
        if len(parts) == 1:
            words.append(word)
            keys.append(key)
            continue
        for p, (a, b) in enumerate(parts):
            edge = (p == 0 and n == 0) or (p == len(parts) - 1 and n == len(matches) - 1)
            if not (edge and is_stopword(key[a:b])):
                words.append(_slice(word, a, b))
                keys.append(key[a:b])
    # A lone letter in front is a clitic cut off by punctuation (لـ«بوتين»)
    # or an abbreviation (د. for الدكتور).
    while keys and len(keys[0]) == 1:
        del words[0], keys[0]
    if not keys or any(" " in k or _DIGIT.search(k) or not _ARABIC_LETTER.search(k) for k in keys):
        return None
    return tuple(words), tuple(keys)


def _clitic_forms(key: str) -> list[tuple[str, int, str]]:
    """(rest, letters cut, letters put back) for each clitic reading: 'للرياض' -> ('الرياض', 2, 'ال')."""
    forms = []
    if len(key) > 3 and key[0] in CLITICS:
        forms.append((key[1:], 1, ""))  # وواشنطن, بالرياض (ب + الرياض)
        if key[0] in "وف" and key[1] in "بلك":
            forms.append((key[2:], 2, ""))  # وبموسكو, وبالرياض
    for cut in (2, 3):  # لل = ل + ال without its alef: للرياض, وللرياض
        if key[cut - 2 : cut] == "لل" and (cut == 2 or key[0] in "وف") and len(key) > cut + 1:
            forms.append(("ال" + key[cut:], cut, "ال"))
    return forms


def _slice(word: str, start: int, end: int | None = None) -> str:
    """Letters ``start:end`` of normalize(word), in the word's own spelling: ('معالولايات', 2) -> 'الولايات'."""
    offsets = []  # where each letter of the normalized word comes from
    for i, char in enumerate(word):
        offsets.extend([i] * len(normalize(char)))
    offsets.append(len(word))
    end = len(offsets) - 1 if end is None else end
    return word[offsets[min(start, len(offsets) - 1)] : offsets[min(end, len(offsets) - 1)]]


def _cut(word: str, letters: int, prefix: str) -> str:
    """``word`` without its first ``letters`` letters, ``prefix`` put back: 'للرياض' -> 'الرياض'."""
    return prefix + _slice(word, letters)


def _phrase_at(keys: list[str], i: int, phrases: frozenset[str], longest: int) -> int:
    """How many words from ``i`` on form one of ``phrases`` (with a clitic on the first), or 0."""
    firsts = [keys[i], *(form for form, _, _ in _clitic_forms(keys[i]))]
    for n in range(min(longest, len(keys) - i), 0, -1):
        rest = keys[i + 1 : i + n]
        if any(" ".join([first, *rest]) in phrases for first in firsts):
            return n
    return 0


def _has_article(word: str, key: str) -> bool:
    """True for a word with the article, clitics allowed: الخارجية, للرئيس, والباحث.

    The spelling decides when it can: إلياس and ألكسندر fold to an ال but are names.
    """
    if key.startswith("ال"):
        return word[:1] not in _HAMZA_ALEF
    return any(
        form.startswith("ال") and (prefix or _cut(word, letters, "")[:1] not in _HAMZA_ALEF)
        for form, letters, prefix in _clitic_forms(key)
    )


def _is_organisation(keys: list[str], gaz: Gazetteer) -> bool:
    """True when the span is an organisation or ends in one (وكالة الأنباء الروسية إنترفاكس)."""
    for i in range(len(keys)):
        if len(keys) - i <= gaz.longest_organisation:
            if _phrase_at(keys, i, gaz.organisations, len(keys) - i) == len(keys) - i:
                return True
    return False


def _statically_known(key: str, known: KnownNames, gaz: Gazetteer) -> bool:
    return key in known.people or key in known.places or key in gaz.place_names


def _strip_modifiers(name: _Name, known: KnownNames, gaz: Gazetteer) -> _Name | None:
    """Take leading titles, adjectives and place words off: 'الرئيس الروسي فلاديمير بوتين' -> 'فلاديمير بوتين'."""
    keys = name.keys
    if _statically_known(name.key, known, gaz) or any(
        _statically_known(" ".join([form, *keys[1:]]), known, gaz)
        for form, _, _ in _clitic_forms(keys[0])
    ):
        return name  # a curated or listed name is taken as it is (دولة الكويت, السعودية)
    if _is_organisation(keys, gaz):
        return None
    i, after_title = 0, False
    while i < len(keys):
        n = _phrase_at(keys, i, gaz.modifiers, gaz.longest_modifier)
        if n:
            after_title = after_title or _phrase_at(keys, i, gaz.titles, n) == n
            i += n
        elif (
            after_title
            and i < len(keys) - 1
            and _has_article(name.words[i], keys[i])
            and keys[i] not in gaz.given_names
        ):
            i += 1  # the complement of a title: وزير [الخارجية] أنتوني بلينكن
        else:
            break
    if i == len(keys):
        return None  # only a title, an adjective or a place word: الرئيس, الروسي
    name.words, name.keys = name.words[i:], keys[i:]
    return name


class _Article:
    """What the other spans of the same article say, for cleaning and resolving one span."""

    def __init__(self, names: list[_Name], known: KnownNames, gaz: Gazetteer) -> None:
        self.known, self.gaz = known, gaz
        # Distinct spans, so a span repeated does not vouch for itself.
        self.vocabulary: Counter[str] = Counter()
        for key in {n.key for n in names}:
            self.vocabulary.update({key, *key.split()})
        # The last words of the article's full names, once per distinct name.
        self.surnames: Counter[str] = Counter(
            n.keys[-1]
            for n in {n.key: n for n in names if n.kind == PERSON}.values()
            if len(n.keys) > 1
        )
        self.people: set[str] = set()  # person keys and their last words, once cleaned

    def _in_article(self, key: str, own: str) -> bool:
        mine = own == key or key in own.split()
        return self.vocabulary[key] > (1 if mine else 0)

    def _known(self, keys: list[str], own: str) -> bool:
        key = " ".join(keys)
        return (
            _statically_known(key, self.known, self.gaz)
            or keys[0] in self.gaz.given_names
            or self._in_article(key, own)
        )

    def split_list(self, name: _Name) -> list[_Name]:
        """A span over several names, as in a keyword list: 'بوتين موسكو' -> بوتين, موسكو.

        Only when every word is a known place or the surname of another full
        name of the article, and none is a given name (فلاديمير بوتين stays).
        """
        if len(name.keys) < 2 or _statically_known(name.key, self.known, self.gaz):
            return [name]
        parts = []
        for i, (word, key) in enumerate(zip(name.words, name.keys)):
            kind = self._list_item_kind(name, key)
            if kind is None and i > 0 and key.startswith("و") and len(key) > 3:
                # «بوتين وترامب»: the و joins two names, it is not part of the second.
                word, key = _cut(word, 1, ""), key[1:]
                kind = self._list_item_kind(name, key)
            if kind is None:
                return [name]
            parts.append(_Name(kind, name.surface, name.index, [word], [key]))
        return parts

    def _list_item_kind(self, name: _Name, key: str) -> str | None:
        mine = name.kind == PERSON and key == name.keys[-1]
        if key in self.gaz.given_names:
            return None
        if key in self.gaz.place_names or key in self.known.places:
            return PLACE
        if self.surnames[key] > (1 if mine else 0):
            return PERSON
        return None

    def clean(self, name: _Name) -> bool:
        """Take clitics and a trailing adjective off; False when the span is junk."""
        own = name.key
        first = name.keys[0]
        if not (_statically_known(own, self.known, self.gaz) or first in self.gaz.given_names):
            forms = _clitic_forms(first)
            found = [f for f in forms if self._known([f[0], *name.keys[1:]], own)]
            if not found and len(name.keys) == 1:
                # Failing that, the search stemmer's lexicon: وبوتين -> بوتين
                # (بوتين is far commoner), while لبنان stays.
                found = [f for f in forms if f[0] == strip_prefix(first)]
            if found:
                form, letters, prefix = found[0]
                name.keys[0] = form
                name.words[0] = _cut(name.words[0], letters, prefix)
        if name.kind == PERSON:
            # Words before a name the article knows: a description ([المرشحة
            # الديمقراطية] كامالا هاريس) or a verb after و ([وأدلى] دميترييف).
            i = 0
            while (
                i < len(name.keys) - 1
                and (_has_article(name.words[i], name.keys[i]) or _after_and(name.keys[i]))
                and name.keys[i] not in self.gaz.given_names
            ):
                i += 1
                if self._known(name.keys[i:], own):
                    name.words, name.keys = name.words[i:], name.keys[i:]
                    break
        while (
            len(name.keys) > 1
            and name.keys[-1] in self.gaz.nationality_adjectives
            and not _statically_known(name.key, self.known, self.gaz)
            and self._known(name.keys[:-1], own)
        ):
            del name.words[-1], name.keys[-1]
        if len(name.keys) > MAX_WORDS:
            return False
        if all(_is_stop(w, k) for w, k in zip(name.words, name.keys)):
            return False
        if len(name.keys) == 1 and len(name.keys[0]) < MIN_LONE_LETTERS:
            return False
        if name.keys[-1] in self.gaz.name_particles:
            return False  # أبو alone, or a name cut short: محمد بن
        if name.kind == PERSON:
            self.people.update({name.key, name.keys[-1]})
        return True

    def resolve(self, name: _Name) -> None:
        """Settle the kind and the canonical name: curated, then gazetteer, then the surface."""
        key, known, places = name.key, self.known, self.gaz.place_names
        name.surface_key = key
        if name.kind == PERSON and key not in known.people:
            # واشنطن is the city, unless the article names جورج واشنطن.
            if key in known.places or (key in places and not self.surnames[key]):
                name.kind = PLACE
        elif name.kind == PLACE and key not in known.places and key not in places:
            if key in known.people or key in self.people:
                name.kind = PERSON
        if name.kind == PERSON:
            if key in known.people:
                name.name, name.curated = known.people[key], True
        elif key in known.places:
            (name.name, name.detail), name.curated = known.places[key], True
        elif key in places:
            name.name, name.detail = places[key]
        else:
            name.detail = OTHER
        if name.name:
            name.words, name.keys = name.name.split(), name_key(name.name).split()


def _after_and(key: str) -> bool:
    """True for و/ف before a commoner word: وأدلى (أدلى), وقال; not فيكتور or والتر."""
    rest = key[1:]
    return key[0] in "وف" and zipf(rest) >= AFTER_AND_WORD and zipf(rest) > zipf(key)


def _is_stop(word: str, key: str) -> bool:
    """is_stopword, with على/إلى told apart from the name علي as the search chain does."""
    if key in NEEDS_ALEF_MAQSURA and "ى" not in word:
        return False
    return is_stopword(key)


def _rejected(known: KnownNames, kind: str) -> set[str]:
    return known.rejected_people if kind == PERSON else known.rejected_places


def _links_to(short: list[str], long: list[str]) -> bool:
    """True when ``short`` names the person ``long`` names: بوتين / فلاديمير بوتين."""
    if len(short) >= len(long) or short[-1] != long[-1]:
        return False
    if len(short) == 1:
        return long[-2] not in _PATRONYMIC
    if long[-len(short) :] == short:
        return True
    if short[0] != long[0]:
        return False
    rest = iter(long[1:-1])
    return all(word in rest for word in short[1:-1])


def _link_people(names: list[_Name]) -> dict[str, str]:
    """Each person key -> the key of the fullest name it stands for in this article."""
    stats: dict[str, tuple[bool, int, int]] = {}
    for n in names:
        if n.kind == PERSON:
            curated, count, first = stats.get(n.key, (n.curated, 0, n.index))
            stats[n.key] = (curated or n.curated, count + 1, min(first, n.index))
    root: dict[str, str] = {}
    for key in sorted(stats, key=lambda k: -len(k.split())):
        words = key.split()
        targets = [] if stats[key][0] else [k for k in stats if _links_to(words, k.split())]
        if not targets:
            root[key] = key
            continue
        # Curated first, then the longest, the most mentioned, the first seen.
        best = max(
            targets,
            key=lambda k: (stats[k][0], len(k.split()), stats[k][1], -stats[k][2]),
        )
        root[key] = root[best]
    return root


def _names_no_one(word: str, key: str, kind: str, gaz: Gazetteer) -> bool:
    """True for a lone word no list knows that is too weak to be a facet value.

    A given name (محمد: which one?), a person that is a word with the article
    (الديمقراطية), a common word (أخرى), a common word behind a stray letter (ميستمر).
    """
    if key in gaz.given_names or (kind == PERSON and _has_article(word, key)):
        return True
    frequency = zipf(key)
    return frequency >= COMMON_WORD or (frequency < 1 and zipf(key[1:]) >= STRAY_LETTER_WORD)


def _display(names: list[_Name]) -> str:
    """The most frequent spelling; on a tie the one with hamza (أنتوني over انتوني), then the first."""
    counts = Counter(n.text for n in names)
    first = {}
    for n in names:
        first.setdefault(n.text, n.index)
    return max(counts, key=lambda t: (counts[t], len(_HAMZA.findall(t)), -first[t]))


def _entities(names: list[_Name], gaz: Gazetteer, known: KnownNames) -> list[CanonicalEntity]:
    root = _link_people(names)
    groups: dict[tuple[str, str], list[_Name]] = {}
    for n in names:
        key = root[n.key] if n.kind == PERSON else n.key
        groups.setdefault((n.kind, key), []).append(n)
    entities = []
    for (kind, key), group in groups.items():
        rejected = _rejected(known, kind)
        # After linking, so that بوتين goes with a rejected فلاديمير بوتين.
        group = [n for n in group if not {key, n.key, n.surface_key} & rejected]
        if not group:
            continue
        full = [n for n in group if n.key == key] or group
        listed = next((n for n in full if n.name), None)
        name = listed.name if listed else _display(full)
        if not listed and len(group) == len(full) and len(full[0].keys) == 1:
            if _names_no_one(name, full[0].keys[0], kind, gaz):
                continue
        if name_key(name) in rejected:
            continue
        surfaces = Counter(n.surface for n in group)
        order = {}
        for n in group:
            order.setdefault(n.surface, n.index)
        entities.append(
            CanonicalEntity(
                kind=kind,
                name=name,
                key=name_key(name),
                kind_detail=(listed.detail if listed else OTHER) if kind == PLACE else "",
                count=len(group),
                surfaces=tuple(sorted(surfaces, key=lambda s: (-surfaces[s], order[s]))),
            )
        )
    return sorted(entities, key=lambda e: (-e.count, e.name, e.kind))


__all__ = [
    "CanonicalEntity",
    "Gazetteer",
    "KnownNames",
    "Mention",
    "canonicalize",
    "default_gazetteer",
    "name_key",
]
