"""canonicalize: one article's raw name spans -> one entity per real person or place."""

from pathlib import Path

import pytest

from articles.extraction.canonical import (
    Gazetteer,
    KnownNames,
    Mention,
    canonicalize,
    name_key,
)


def people(*surfaces):
    return [Mention("PERS", s) for s in surfaces]


def places(*surfaces):
    return [Mention("LOC", s) for s in surfaces]


def found(mentions, known=None, **kwargs):
    """(kind, name, count) of each entity, in output order."""
    return [(e.kind, e.name, e.count) for e in canonicalize(mentions, known, **kwargs)]


def test_the_forms_of_putin_in_one_article_are_one_person():
    [putin] = canonicalize(
        people("بوتين", "لبوتين", "فلاديمير بوتين", "الرئيس الروسي فلاديمير بوتين")
    )
    assert (putin.kind, putin.name, putin.key, putin.kind_detail, putin.count) == (
        "PERS",
        "فلاديمير بوتين",
        "فلاديمير بوتين",
        "",
        4,
    )
    assert putin.surfaces == ("بوتين", "لبوتين", "فلاديمير بوتين", "الرئيس الروسي فلاديمير بوتين")


def test_spellings_of_america_fold_to_the_united_states():
    [usa] = canonicalize(places("أميركا", "أمريكا", "الولايات المتحدة الأمريكية"))
    assert (usa.name, usa.key, usa.kind_detail, usa.count) == (
        "الولايات المتحدة",
        name_key("الولايات المتحدة"),
        "country",
        3,
    )


@pytest.mark.parametrize(
    ("surface", "name", "detail"),
    [
        ("لموسكو", "موسكو", "city"),
        ("وواشنطن", "واشنطن", "city"),
        ("بموسكو", "موسكو", "city"),
        ("بالرياض", "الرياض", "city"),  # the article is part of the name
        ("للرياض", "الرياض", "city"),  # ل + الرياض, written without its alef
        ("وبالرياض", "الرياض", "city"),
        ("والولايات المتحدة", "الولايات المتحدة", "country"),
        ("لأوكرانيا", "أوكرانيا", "country"),
    ],
)
def test_a_clitic_comes_off_a_known_place(surface, name, detail):
    [place] = canonicalize(places(surface))
    assert (place.name, place.kind_detail) == (name, detail)
    assert place.surfaces == (surface,)


@pytest.mark.parametrize("surface", ["لبنان", "فلسطين", "بغداد", "واشنطن", "الكويت", "كييف"])
def test_a_place_that_starts_like_a_clitic_stays_whole(surface):
    assert found(places(surface)) == [("LOC", surface, 1)]


def test_a_clitic_comes_off_a_person_the_article_names_in_full():
    assert found(people("لهاريس", "كامالا هاريس")) == [("PERS", "كامالا هاريس", 2)]
    assert found(people("وكامالا هاريس", "كامالا هاريس")) == [("PERS", "كامالا هاريس", 2)]
    assert found(people("ودونالد ترامب")) == [("PERS", "دونالد ترامب", 1)]  # a given name


def test_a_lone_clitic_form_falls_back_on_the_search_lexicon():
    # No other Putin in the article, but بوتين is far commoner than وبوتين.
    assert found(people("وبوتين")) == [("PERS", "بوتين", 1)]


def test_a_clitic_stays_when_the_rest_is_nobody_known():
    # لافروف is no ل + افروف, and بلينكن no ب + لينكن.
    assert found(people("لافروف", "بلينكن")) == [("PERS", "بلينكن", 1), ("PERS", "لافروف", 1)]


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("الرئيس الروسي فلاديمير بوتين", "فلاديمير بوتين"),
        ("وزير الخارجية الأمريكي أنتوني بلينكن", "أنتوني بلينكن"),
        ("المتحدث باسم الكرملين دميتري بيسكوف", "دميتري بيسكوف"),
        ("الممثل الخاص للرئيس الروسي كيريل دميترييف", "كيريل دميترييف"),
        ("للرئيس الأمريكي جو بايدن", "جو بايدن"),
        ("الرئيس الأمريكي المنتخب دونالد ترامب", "دونالد ترامب"),
        ("المرشد علي خامنئي", "علي خامنئي"),  # علي is a name, not على
    ],
)
def test_titles_and_roles_come_off(surface, name):
    assert found(people(surface)) == [("PERS", name, 1)]


def test_a_description_comes_off_when_the_article_names_the_person():
    mentions = people("المرشحة الديمقراطية كامالا هاريس", "كامالا هاريس")
    assert found(mentions) == [("PERS", "كامالا هاريس", 2)]
    # ... or when a given name follows it.
    mentions = people("الفيلسوف الروسي ألكسندر دوغين")
    assert found(mentions) == [("PERS", "ألكسندر دوغين", 1)]


@pytest.mark.parametrize("kind", ["PERS", "LOC"])
@pytest.mark.parametrize(
    "surface", ["الروسي", "الأمريكية", "الرئيس", "الرئيس الروسي", "والأمريكي", "مدينة"]
)
def test_a_title_or_adjective_alone_is_no_entity(kind, surface):
    assert canonicalize([Mention(kind, surface)]) == []


@pytest.mark.parametrize("kind", ["PERS", "LOC"])
@pytest.mark.parametrize(
    "surface",
    ["الكرملين", "إنترفاكس", "تيليغرام", "البيت الأبيض", "بالكرملين", "وكالة الأنباء إنترفاكس"],
)
def test_organisations_are_neither_people_nor_places(kind, surface):
    assert canonicalize([Mention(kind, surface)]) == []


def test_listed_places_get_their_canonical_name_and_kind():
    entities = canonicalize(
        places("موسكو", "المملكة العربية السعودية", "السعودية", "دونباس", "اسطنبول")
    )
    assert {(e.name, e.kind_detail, e.count) for e in entities} == {
        ("موسكو", "city", 1),
        ("السعودية", "country", 2),
        ("دونباس", "region", 1),
        ("إسطنبول", "city", 1),  # written with its hamza, whatever the article wrote
    }


def test_place_words_and_trailing_adjectives_come_off_a_known_place():
    mentions = places("منطقة كورسك", "كورسك الروسية", "مدينة فلاديفوستوك", "دونباس الأوكرانية")
    assert found(mentions) == [
        ("LOC", "كورسك", 2),
        ("LOC", "دونباس", 1),
        ("LOC", "فلاديفوستوك", 1),
    ]


def test_an_unknown_place_keeps_its_surface_as_other():
    # Sudzha, the Kursk town Ukraine took in August 2024: in no list.
    [sudzha] = canonicalize(places("سودجا", "لسودجا", "سُودجا"))
    assert (sudzha.name, sudzha.kind_detail, sudzha.count) == ("سودجا", "other", 3)


def test_a_surname_links_to_the_full_name_wherever_it_appears():
    mentions = people("بوتين", "ترامب", "دونالد ترامب", "بوتين", "فلاديمير بوتين")
    assert found(mentions) == [("PERS", "فلاديمير بوتين", 3), ("PERS", "دونالد ترامب", 2)]


def test_a_surname_links_to_the_longest_then_the_most_mentioned_full_name():
    mentions = people("بايدن", "جو بايدن", "جو بايدن", "هانتر بايدن")
    assert found(mentions) == [("PERS", "جو بايدن", 3), ("PERS", "هانتر بايدن", 1)]
    mentions = people("بوتين", "فلاديمير بوتين", "فلاديمير فلاديميروفيتش بوتين")
    assert found(mentions) == [("PERS", "فلاديمير فلاديميروفيتش بوتين", 3)]


def test_a_suffix_links_but_a_fathers_name_does_not():
    mentions = people("محمد بن سلمان", "بن سلمان", "سلمان")
    # سلمان alone is the king, not his son; a lone given name is dropped.
    assert found(mentions) == [("PERS", "محمد بن سلمان", 2)]


def test_a_lone_given_name_or_article_word_is_dropped():
    mentions = people("محمد", "محمد", "الديمقراطية", "السيسي", "زيلينسكي")
    assert found(mentions) == [("PERS", "زيلينسكي", 1)]


@pytest.mark.parametrize(
    "surface",
    ["x", "ب", "2024", "29th", "GMT", "في", "من", "بن", "أبو", "محمد علي حسن أحمد محمود مصطفى"],
)
def test_junk_spans_are_dropped(surface):
    assert canonicalize(people(surface) + places(surface)) == []


def test_words_that_name_no_one_are_dropped():
    # Seen on the samples: «إلىأخرى» (glued, أخرى "other"), «دومًا» ("always",
    # also the Syrian town دوما), «ميستمر» (a typo for «لم يستمر»).
    mentions = places("إلىأخرى", "دومًا") + people("ميستمر")
    assert canonicalize(mentions) == []


def test_a_span_over_a_list_of_names_is_split():
    # Sample 002's keywords «فلاديمير بوتين موسكو» and 004's «يهنئ بوتين ترامب».
    mentions = people("فلاديمير بوتين", "دونالد ترامب", "بوتين موسكو", "بوتين ترامب")
    assert found(mentions) == [
        ("PERS", "فلاديمير بوتين", 3),
        ("PERS", "دونالد ترامب", 2),
        ("LOC", "موسكو", 1),
    ]


def test_a_verb_before_a_known_name_comes_off():
    # Sample 002: «وأدلى دميترييف، رئيس الصندوق الروسي ...».
    mentions = people("كيريل دميترييف", "وأدلى دميترييف", "وقال دونالد ترامب")
    assert found(mentions) == [("PERS", "كيريل دميترييف", 2), ("PERS", "دونالد ترامب", 1)]
    # ... but a first name that starts with و/ف is no verb.
    mentions = people("فيكتور أوربان", "أوربان", "والتر شتاينماير", "شتاينماير")
    assert found(mentions) == [("PERS", "فيكتور أوربان", 2), ("PERS", "والتر شتاينماير", 2)]


def test_punctuation_and_a_cut_off_clitic_are_ignored():
    assert found(people("«بوتين»", "لـ«بوتين»", '"فلاديمير بوتين"')) == [
        ("PERS", "فلاديمير بوتين", 3)
    ]


def test_a_function_word_glued_to_a_span_comes_off():
    # Sample 000 writes «العلاقات معالولايات المتحدة».
    mentions = places("معالولايات المتحدة", "فيموسكو")
    assert found(mentions) == [("LOC", "الولايات المتحدة", 1), ("LOC", "موسكو", 1)]


def test_diacritics_tatweel_and_hamza_variants_fold_together():
    mentions = people("فلاديمـــير بوتِين", "فلاديمير بوتين", "أردوغان", "اردوغان", "أردوغانُ")
    assert found(mentions) == [("PERS", "أردوغان", 3), ("PERS", "فلاديمير بوتين", 2)]


def test_the_display_name_is_the_commonest_spelling_then_the_one_with_hamza():
    assert found(people("انتوني بلينكن", "انتوني بلينكن", "أنتوني بلينكن")) == [
        ("PERS", "انتوني بلينكن", 3)
    ]
    assert found(people("انتوني بلينكن", "أنتوني بلينكن")) == [("PERS", "أنتوني بلينكن", 2)]


def test_a_person_tagged_as_a_place_and_back():
    mentions = people("واشنطن", "الولايات المتحدة", "دونالد ترامب") + places("ترامب")
    assert found(mentions) == [
        ("PERS", "دونالد ترامب", 2),
        ("LOC", "الولايات المتحدة", 1),
        ("LOC", "واشنطن", 1),
    ]
    # ... but واشنطن is a surname where the article names جورج واشنطن.
    assert found(people("جورج واشنطن", "واشنطن")) == [("PERS", "جورج واشنطن", 2)]


def test_a_name_spelled_with_hamza_is_no_article_word():
    # ألكسندر, إلهام and ألبانيزي fold to an «ال» but are names, never descriptions.
    mentions = people("ألكسندر دوغين", "دوغين", "إلهام علييف", "علييف", "ألبانيزي")
    assert found(mentions) == [
        ("PERS", "ألكسندر دوغين", 2),
        ("PERS", "إلهام علييف", 2),
        ("PERS", "ألبانيزي", 1),
    ]


def test_curated_names_win_over_gazetteer_and_surface():
    known = KnownNames(
        people={
            "بوتين": "فلاديمير بوتين",
            "فلاديمير بوتين": "فلاديمير بوتين",
            "ابو مازن": "محمود عباس",
            "السيسي": "عبد الفتاح السيسي",
        },
        places={"امريكا": ("أمريكا", "country"), "الاسكا": ("ألاسكا", "region")},
    )
    mentions = people("بوتين", "أبو مازن", "السيسي") + places("أمريكا", "ألاسكا")
    assert {(e.kind, e.name, e.kind_detail, e.count) for e in canonicalize(mentions, known)} == {
        ("PERS", "فلاديمير بوتين", "", 1),
        ("PERS", "محمود عباس", "", 1),
        ("PERS", "عبد الفتاح السيسي", "", 1),  # a lone article word, kept: an editor knows it
        ("LOC", "أمريكا", "country", 1),  # the editors' name, not the gazetteer's
        ("LOC", "ألاسكا", "region", 1),
    }


def test_a_curated_alias_is_a_known_name_for_clitics():
    known = KnownNames(people={"بوتين": "فلاديمير بوتين"})
    assert found(people("لبوتين"), known) == [("PERS", "فلاديمير بوتين", 1)]


def test_rejected_keys_are_never_returned():
    known = KnownNames(
        rejected_people={name_key("فلاديمير بوتين")},
        rejected_places={name_key("الولايات المتحدة"), name_key("ألاسكا")},
    )
    mentions = people("بوتين", "فلاديمير بوتين", "دونالد ترامب") + places(
        "أمريكا", "ألاسكا", "موسكو"
    )
    assert found(mentions, known) == [("PERS", "دونالد ترامب", 1), ("LOC", "موسكو", 1)]


def test_output_is_sorted_by_count_then_name():
    mentions = places("موسكو", "كييف", "موسكو") + people("بوتين", "دونالد ترامب")
    assert found(mentions) == [
        ("LOC", "موسكو", 2),
        ("PERS", "بوتين", 1),
        ("PERS", "دونالد ترامب", 1),
        ("LOC", "كييف", 1),
    ]


def test_a_gazetteer_can_be_passed_in():
    gazetteer = Gazetteer(
        place_names={"مسقط": ("مسقط", "city")},
        titles=frozenset({"السلطان"}),
        nationality_adjectives=frozenset({"العماني"}),
    )
    mentions = places("بمسقط", "العماني") + people("السلطان هيثم بن طارق")
    assert found(mentions, gazetteer=gazetteer) == [
        ("LOC", "مسقط", 1),
        ("PERS", "هيثم بن طارق", 1),
    ]


# The tagger and canonicalize together on the five sample articles: who and
# where each story is about, as an Arabic reader lists them (people by
# surname, since the tagger sometimes finds only that).
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
READER_PEOPLE = {
    "000": {"بوتين", "هاريس", "بايدن", "ترامب", "دوروف", "بيسكوف"},
    "001": {"بوتين", "هاريس", "بايدن", "ترامب", "دوروف", "بيسكوف"},
    "002": {"بوتين", "دميترييف", "ترامب"},
    "003": {"بوتين", "ترامب", "غوروليوف", "دوغين", "ميريزكو", "زيلينسكي"},
    "004": {"بوتين", "ترامب", "بايدن"},
}
READER_PLACES = {
    "000": {
        "روسيا", "موسكو", "واشنطن", "الولايات المتحدة", "أوكرانيا", "كييف", "كورسك",
        "دونباس", "فلاديفوستوك", "إسطنبول", "فرنسا",
    },
    "001": {
        "روسيا", "موسكو", "واشنطن", "الولايات المتحدة", "أوكرانيا", "كييف", "كورسك",
        "دونباس", "دونيتسك", "فلاديفوستوك", "إسطنبول", "فرنسا",
    },
    "002": {"روسيا", "موسكو", "واشنطن", "الولايات المتحدة", "أوكرانيا", "كييف"},
    "003": {"روسيا", "موسكو", "الولايات المتحدة", "أوكرانيا", "ألاسكا"},
    "004": {"روسيا", "موسكو", "واشنطن", "الولايات المتحدة", "أوكرانيا"},
}  # fmt: skip
# What the tagger gets wrong today, for the lead to decide on: names in ASCII
# quotes in 000 («"دونالد ترامب"»), Harris everywhere in 001, and the credit
# line «الأناضول» (the agency) read as Anatolia in 002.
TAGGER_MISSES = {"000": {"ترامب"}, "001": {"هاريس"}}
TAGGER_JUNK = {"002": {"الأناضول"}}


@pytest.fixture(scope="module")
def tagged_samples():
    tagger = pytest.importorskip("articles.extraction.ner.tagger")
    return {
        path.name[:3]: canonicalize(
            Mention(s.kind, s.text) for s in tagger.find_entities(path.read_text())
        )
        for path in sorted(SAMPLES.glob("*.txt"))
    }


def surnames(entities):
    return [e.name.split()[-1] for e in entities if e.kind == "PERS"]


@pytest.mark.parametrize("sample", sorted(READER_PEOPLE))
def test_samples_name_their_people_once_each_without_junk(tagged_samples, sample):
    found = surnames(tagged_samples[sample])
    assert len(found) == len(set(found))  # one entity per person
    assert set(found) <= READER_PEOPLE[sample]
    assert set(found) >= READER_PEOPLE[sample] - TAGGER_MISSES.get(sample, set())
    putin = next(e for e in tagged_samples[sample] if e.name.endswith("بوتين"))
    assert putin.name == "فلاديمير بوتين"


@pytest.mark.parametrize("sample", sorted(READER_PLACES))
def test_samples_name_their_places_without_junk(tagged_samples, sample):
    found = {e.name for e in tagged_samples[sample] if e.kind == "LOC"}
    assert found - TAGGER_JUNK.get(sample, set()) == READER_PLACES[sample]


@pytest.mark.xfail(strict=True, reason="the tagger's misses listed in TAGGER_MISSES and TAGGER_JUNK")
def test_samples_with_a_better_tagger(tagged_samples):
    for sample, entities in tagged_samples.items():
        assert set(surnames(entities)) == READER_PEOPLE[sample]
        assert {e.name for e in entities if e.kind == "LOC"} == READER_PLACES[sample]
