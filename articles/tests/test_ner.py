"""The people/places recogniser: BIO scoring, features, word lists, the shipped model, commands."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.extraction.ner import conll, gazetteer_build, gazetteers
from articles.extraction.ner.conll import (
    BIOFormatError,
    evaluate,
    parse_bio,
    read_bio,
    spans,
    split_heldout,
)
from articles.extraction.ner.features import candidates, document_features, token_features
from articles.extraction.ner.gazetteers import (
    GIVEN_NAMES,
    NATIONALITY_ADJECTIVES,
    ORGANISATIONS,
    PERSON_TITLES,
    PLACE_NAMES,
    PLACE_TRIGGERS,
    place,
)
from articles.extraction.ner.keys import key
from articles.extraction.ner.tagger import (
    EntitySpan,
    find_entities,
    is_organisation,
    tag,
    tokenize,
)

PUTIN = "قال الرئيس الروسي فلاديمير بوتين في موسكو إن بلاده لن تتراجع."


# --- BIO files and scoring -------------------------------------------------


def test_spans_follow_conlleval_chunk_rules():
    assert spans(["B-PERS", "I-PERS", "O", "B-LOC"]) == [("PERS", 0, 2), ("LOC", 3, 4)]
    # I- without B- starts an entity; I- of another type starts a new one.
    assert spans(["I-LOC", "I-LOC", "I-PERS"]) == [("LOC", 0, 2), ("PERS", 2, 3)]
    # B- after B- of the same type: two entities.
    assert spans(["B-PERS", "B-PERS", "I-PERS"]) == [("PERS", 0, 1), ("PERS", 1, 3)]
    assert spans(["O", "O"]) == []


def test_evaluate_counts_only_exact_span_and_type():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-LOC", "O"]]
    pred = [["B-PERS", "O", "O", "B-LOC"], ["B-PERS", "O"]]
    result = evaluate(gold, pred)
    pers, loc = result.scores["PERS"], result.scores["LOC"]
    # PERS: 1 gold (boundary error), 2 predicted (one partial, one wrong type): none correct.
    assert (pers.gold, pers.predicted, pers.correct) == (1, 2, 0)
    assert (loc.gold, loc.predicted, loc.correct) == (2, 1, 1)
    assert loc.precision == 1.0 and loc.recall == 0.5
    assert loc.f1 == pytest.approx(2 / 3)
    assert loc.line() == "LOC P=1.00 R=0.50 F1=0.67"
    assert result.confusion.outcomes["PERS"] == {"boundary": 1}
    assert result.confusion.outcomes["LOC"] == {"correct": 1, "as PERS": 1}


def test_evaluate_i_without_b_matches_the_same_span_written_with_b():
    result = evaluate([["B-LOC", "I-LOC", "O"]], [["I-LOC", "I-LOC", "O"]])
    assert result.scores["LOC"].f1 == 1.0


def test_confusion_reports_missed_and_spurious():
    result = evaluate([["B-PERS", "O", "O"]], [["O", "O", "B-LOC"]])
    assert result.confusion.outcomes["PERS"] == {"missed": 1}
    assert result.confusion.spurious["LOC"] == 1
    assert "gold PERS (1): missed 1" in result.confusion.lines()


def test_parse_bio_splits_sentences_on_blank_lines():
    lines = ["فرانكفورت B-LOC", "أعلن O", "", "", "بوتين B-PERS", ""]
    assert parse_bio(lines) == [[("فرانكفورت", "B-LOC"), ("أعلن", "O")], [("بوتين", "B-PERS")]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("بوتين B-PERS\nقال\n", "line 2: expected 'token TAG', got 'قال'"),
        ("بوتين PERS\n", "line 1: bad tag 'PERS'"),
        ("\n\n", "no tagged tokens"),
    ],
)
def test_read_bio_names_path_line_and_problem(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BIOFormatError, match=re.escape(message)) as error:
        read_bio(path)
    assert str(path) in str(error.value)


def test_read_bio_reports_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(BIOFormatError, match="no such file"):
        read_bio(tmp_path / "missing.txt")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("café O\n".encode("latin-1"))
    with pytest.raises(BIOFormatError, match="not UTF-8"):
        read_bio(latin1)


def test_split_heldout_keeps_the_last_sixth_in_order():
    sentences = [[(str(i), "O")] for i in range(13)]
    train, held = split_heldout(sentences)
    assert [s[0][0] for s in held] == ["11", "12"]
    assert train + held == sentences


# --- features --------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("أكّدَ", "اكد"),  # harakat and shadda
        ("العـــربيّة", "العربية"),  # tatweel, shadda
        ("إسرائيل", "اسرائيل"),  # hamza below
        ("مسؤول", "مسئول"),  # hamza seats
        ("٢٠٢٤", "2024"),  # Arabic-Indic digits
    ],
)
def test_token_features_fold_spelling_variants(written, plain):
    assert token_features(written) == token_features(plain)
    assert f"w={key(plain)}" in token_features(written)


def test_token_features_keep_the_written_final_letter_that_folding_merges():
    # «على» ("on") and «علي» (Ali) normalize alike; the written ى tells them apart.
    assert "w=علي" in token_features("على") and "r1=ى" in token_features("على")
    assert "r1=ى" not in token_features("علي")
    assert "r1=ة" in token_features("العربية") and "r1=ة" not in token_features("العربيه")


def test_token_features_describe_shape_and_gazetteers():
    assert "sh=num/4-5" in token_features("٢٠٢٤")
    assert "sh=latin/6-7" in token_features("Reuters")
    assert "sh=punct/1" in token_features("«")
    assert "sh=ar/4-5" in token_features("بوتين")
    moscow = token_features("بموسكو")  # clitic attached, as ANERcorp writes it
    assert "c=موسكو" in moscow and "gc=LOC" in moscow and "g=LOC" not in moscow
    assert "g=GIVEN" in token_features("فلاديمير")
    assert "g=TITLE" in token_features("الرئيس")
    assert "g=NAT" in token_features("الروسي")


def test_candidates_strip_clitics_with_and_without_the_article():
    assert candidates("والعراق")[:2] == ["عراق", "العراق"]
    assert "العراق" in candidates("للعراق")
    assert "موسكو" in candidates("وبموسكو")
    assert candidates("في") == []


def test_neighbours_and_other_mentions_become_features():
    rows = document_features([["قال", "الرئيس", "بوتين"], ["وصل", "بوتين", "."]])
    putin = rows[0][2]
    assert "-1:g=TITLE" in putin and "-2:g=SAY" in putin
    # The second «بوتين» has no title beside it, but its other mention does.
    assert "d-1:g=TITLE" in rows[1][1]


# --- word lists ------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("أمريكا", ("الولايات المتحدة", "country")),
        ("أميركا", ("الولايات المتحدة", "country")),
        ("الولايات المتحدة الأميركية", ("الولايات المتحدة", "country")),
        ("الولايات المتّحدة", ("الولايات المتحدة", "country")),
        ("روسيا الاتحادية", ("روسيا", "country")),
        ("المملكة العربية السعودية", ("السعودية", "country")),
        ("موسكو", ("موسكو", "city")),
        ("كييڤ", ("كييف", "city")),
        ("القدس", ("القدس", "city")),
        ("الضفة الغربية", ("الضفة الغربية", "region")),
    ],
)
def test_place_names_map_variants_to_one_canonical_name(written, canonical):
    assert place(written) == canonical
    assert PLACE_NAMES[key(written)] == canonical


def test_place_names_leave_out_common_words_and_people():
    for word in ("صور", "كان", "المدينة", "فلاديمير", "جمال"):
        assert place(word) is None, word


def test_word_list_keys_are_normalized():
    for keys in (PLACE_NAMES, GIVEN_NAMES, PERSON_TITLES, NATIONALITY_ADJECTIVES, ORGANISATIONS):
        assert all(k == key(k) for k in keys)
    assert key("وزير الخارجية") in PERSON_TITLES
    assert key("المتحدث باسم") in PERSON_TITLES
    assert {key("الروسي"), key("الأمريكية"), key("الأميركي")} <= NATIONALITY_ADJECTIVES
    assert {key("الكرملين"), key("البيت الأبيض"), key("حزب الله")} <= ORGANISATIONS
    assert {key("مدينة"), key("العاصمة")} <= PLACE_TRIGGERS
    assert {key("عبد الله"), key("عبدالله"), key("دونالد")} <= GIVEN_NAMES
    assert key("على") not in GIVEN_NAMES  # folds onto علي, the name


def test_committed_gazetteer_matches_the_installed_packages():
    committed = json.loads(gazetteer_build.GAZETTEER_PATH.read_text(encoding="utf-8"))
    assert committed == gazetteer_build.build()
    assert gazetteers.PLACE_NAMES  # and it loaded


# --- the shipped model -----------------------------------------------------


def test_find_entities_finds_the_president_and_the_city():
    found = find_entities(PUTIN)
    assert [(e.kind, e.text) for e in found] == [("PERS", "فلاديمير بوتين"), ("LOC", "موسكو")]
    for entity in found:
        assert PUTIN[entity.start : entity.end] == entity.text


def test_find_entities_never_calls_the_kremlin_a_person_or_a_place():
    text = "وقال المتحدث باسم الكرملين ديمتري بيسكوف إن الكرملين لم يتلق أي طلب من واشنطن."
    found = find_entities(text)
    assert all("الكرملين" not in e.text for e in found)
    assert ("LOC", "واشنطن") in [(e.kind, e.text) for e in found]


def test_listed_organisations_are_recognised_with_clitics():
    assert is_organisation(("الكرملين",)) and is_organisation(("وللكرملين",))
    assert is_organisation(("البيت", "الأبيض")) and is_organisation(("والبيت", "الأبيض"))
    assert not is_organisation(("موسكو",)) and not is_organisation(("البيت",))


def test_find_entities_offsets_survive_diacritics_tatweel_and_digits():
    text = "وصلَ الرئيـــسُ إلى الرِّياض في ٢٣ يوليو،\nوالتقى وزيرَ الخارجيّة الأمريكيّ."
    found = find_entities(text)
    for entity in found:
        surface = text[entity.start : entity.end]
        assert surface.split() == list(entity.tokens)
        assert entity.text == " ".join(entity.tokens)
    assert "LOC" in {e.kind for e in found}


@pytest.mark.parametrize(
    "text", ["", "   \n ", "Hello world. Reuters 2024!", "٢٠٢٤ ، . ؟", "ـــ", "«»", "\u200f"]
)
def test_find_entities_handles_odd_input(text):
    found = find_entities(text)
    assert all(isinstance(e, EntitySpan) for e in found)


def test_tag_returns_one_bio_tag_per_token():
    tokens = [t for t, _, _ in tokenize(PUTIN)]
    tags = tag(tokens)
    assert len(tags) == len(tokens)
    assert tags[tokens.index("بوتين")] == "I-PERS"
    assert tag([]) == []


def test_tokenize_splits_punctuation_and_keeps_clitics_and_numbers():
    tokens = [t for t, _, _ in tokenize("وبموسكو، (د ب أ) 3.5 ...")]
    assert tokens == ["وبموسكو", "،", "(", "د", "ب", "أ", ")", "3.5", "..."]


# --- commands --------------------------------------------------------------

SMALL_BIO = """قال O
الرئيس O
الروسي O
فلاديمير B-PERS
بوتين I-PERS
في O
موسكو B-LOC
. O

وصل O
بوتين B-PERS
إلى O
الرياض B-LOC
. O
"""


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_evaluate_ner_prints_pers_then_loc_lines(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(SMALL_BIO, encoding="utf-8")
    lines = run("evaluate_ner", str(path))
    assert re.fullmatch(r"PERS P=\d\.\d\d R=\d\.\d\d F1=\d\.\d\d", lines[0])
    assert re.fullmatch(r"LOC P=\d\.\d\d R=\d\.\d\d F1=\d\.\d\d", lines[1])
    assert lines[1] == "LOC P=1.00 R=1.00 F1=1.00"
    assert any("13 tokens" in line for line in lines[2:])


def test_evaluate_ner_heldout_scores_only_the_last_sixth(tmp_path):
    path = tmp_path / "six.txt"
    path.write_text("\n".join(["في O\nمصر B-LOC\n"] * 5 + ["قال O\nبوتين B-PERS\n"]), "utf-8")
    lines = run("evaluate_ner", "--heldout", str(path))
    assert lines[0].startswith("PERS ") and lines[1] == "LOC P=0.00 R=0.00 F1=0.00"
    assert any(line.startswith("1 sentences, 2 tokens") for line in lines)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "no such file"), ("بوتين B-PERS I-PERS\n", "line 1: expected 'token TAG'")],
)
def test_evaluate_ner_reports_bad_files_without_a_traceback(tmp_path, content, problem):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=re.escape(problem)) as error:
        call_command("evaluate_ner", str(path), stdout=StringIO())
    assert str(path) in str(error.value)


def test_evaluate_ner_reports_a_bad_model_file(tmp_path):
    data = tmp_path / "small.txt"
    data.write_text(SMALL_BIO, encoding="utf-8")
    with pytest.raises(CommandError, match="model file missing or unreadable"):
        call_command("evaluate_ner", str(data), "--model", str(tmp_path / "no.crfsuite"))


def test_train_ner_reports_a_missing_data_file(tmp_path):
    with pytest.raises(CommandError, match=re.escape(conll.MSG_NOT_FOUND.split(":")[1].strip())):
        call_command("train_ner", "--data", str(tmp_path / "missing.txt"), stdout=StringIO())


def test_training_on_a_tiny_corpus_gives_a_model_the_tagger_loads(tmp_path):
    from articles.extraction.ner import training
    from articles.extraction.ner.tagger import Tagger

    sentences = parse_bio(SMALL_BIO.splitlines()) * 3
    model = tmp_path / "tiny.crfsuite"
    training.train(sentences, model, {"max_iterations": 20})
    predicted = training.predict(Tagger(model), sentences)
    assert [len(p) for p in predicted] == [len(s) for s in sentences]
