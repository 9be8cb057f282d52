"""One person across articles: family names, lineage forms and «عبد ال…» spellings
resolve to one database row (EntityDirectory), without merging two people."""

import pytest

from articles.extraction.canonical import CanonicalEntity
from articles.extraction.entities import EntityDirectory
from articles.models import Person, name_key

pytestmark = pytest.mark.django_db


def person(name: str) -> CanonicalEntity:
    return CanonicalEntity("PERS", name, name_key(name), "", 1, (name,))


def resolve(*names: str) -> list[int]:
    """Ids as a fresh ingest would give them, one article per call."""
    found = [person(n) for n in names]
    ids = EntityDirectory().ids_for(found)
    return [ids[("PERS", e.key)] for e in found]


def test_abd_compounds_are_one_key():
    assert name_key("علي عبد الله صالح") == name_key("علي عبدالله صالح") == "علي عبدالله صالح"
    assert name_key("سلمان بن عبد العزيز") == "سلمان بن عبدالعزيز"
    assert name_key("عبد ربه منصور هادي") == "عبد ربه منصور هادي"  # no article: two words
    (a,), (b,) = resolve("علي عبد الله صالح"), resolve("علي عبدالله صالح")
    assert a == b


def test_a_lineage_form_is_the_same_person_in_either_order():
    (short,) = resolve("محمد بن سلمان")
    (long,) = resolve("محمد بن سلمان بن عبدالعزيز")
    assert short == long
    (king_long,) = resolve("سلمان بن عبدالعزيز آل سعود")
    (king_short,) = resolve("سلمان بن عبد العزيز")
    assert king_long == king_short
    assert king_long != short  # the father is not the son
    assert Person.objects.count() == 2


def test_lineage_forms_new_in_the_same_batch():
    ids = resolve("محمد بن نايف", "محمد بن نايف بن عبدالعزيز", "نايف بن عبدالعزيز")
    assert ids[0] == ids[1] != ids[2]


def test_a_family_name_joins_the_one_full_name_the_archive_knows():
    (full,) = resolve("بافيل دوروف")
    (alone,) = resolve("دوروف")
    assert alone == full
    # ... and a family name stored first becomes the full name when it appears.
    (first,) = resolve("غوروليوف")
    (later,) = resolve("أندريه غوروليوف")
    assert first == later
    assert Person.objects.get(pk=first).name == "أندريه غوروليوف"
    assert Person.objects.get(pk=first).aliases.filter(name="غوروليوف").exists()


def test_a_family_name_shared_by_two_people_links_to_neither():
    a, b = resolve("جو بايدن", "هانتر بايدن")
    (alone,) = resolve("بايدن")
    assert alone not in (a, b)


def test_a_fathers_name_is_no_family_name():
    (prince,) = resolve("محمد بن سلمان")
    (salman,) = resolve("سلمان")
    assert salman != prince
