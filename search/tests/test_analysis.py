"""The Arabic analysis chain, on real Arabic spellings, with exact expected values."""

from __future__ import annotations

import pickle

import pytest
from whoosh import fields, query
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from search.analysis import (
    AnalyzedToken,
    ArabicAnalyzer,
    analyze,
    is_stopword,
    light_stem,
    normalize,
    query_terms,
    split_glued,
    tokenize,
)


# The project conftest gives every test a Haystack index (autouse). This
# package is pure Python and must run without Django (pytest -p no:django),
# so those fixtures are shadowed here by no-ops of the same names.
@pytest.fixture(scope="session")
def _index_dir():
    return None


@pytest.fixture
def search_backend():
    return None


def words(text: str) -> list[str]:
    return [text[a:b] for a, b in tokenize(text)]


def stem(word: str) -> str:
    return light_stem(normalize(word))


def glued(word: str) -> str:
    w = normalize(word)
    return "|".join(w[a:b] for a, b in split_glued(w))


# --- normalize -------------------------------------------------------------


def test_normalize_removes_harakat_shadda_and_superscript_alef():
    assert normalize("مُحَمَّدٌ") == "محمد"
    assert normalize("هٰذا") == "هذا"


def test_normalize_folds_alef_hamza_forms_to_bare_alef():
    assert normalize("أ إ آ ٱ") == "ا ا ا ا"
    assert normalize("أوكرانيا") == "اوكرانيا"  # not ءوكرانيا (pyarabic)
    assert normalize("إسرائيل") == "اسرائيل"


def test_normalize_hamza_decision_waw_seat_meets_yeh_seat_and_bare_hamza_stays():
    assert normalize("مسؤول") == normalize("مسئول") == "مسئول"
    assert normalize("شؤون") == normalize("شئون") == "شئون"
    assert normalize("سماء") == "سماء"
    assert normalize("هيئة") == "هيئه"


def test_normalize_removes_tatweel():
    assert normalize("العـــربية") == "العربيه"


def test_normalize_alef_maqsura_and_teh_marbuta():
    assert normalize("على مستشفى") == "علي مستشفي"
    assert normalize("مدرسة") == "مدرسه"


def test_normalize_persian_letters():
    assert normalize("یک کتاب") == "يك كتاب"
    assert normalize("ڤلاديمير پوتين") == "فلاديمير بوتين"


def test_normalize_digits_and_latin():
    assert normalize("٢٠٢٤ ۲۰۲۴") == "2024 2024"
    assert normalize("NATO Straße") == "nato strasse"


def test_normalize_presentation_forms_and_lam_alef_ligature():
    assert normalize("ﻻ ﻷن") == "لا لان"
    assert normalize("ﺍﻟﻌﺮﺑﻴﺔ") == "العربيه"


def test_normalize_deletes_invisibles_and_keeps_punctuation():
    assert normalize("مي\u200cخواهم\u200f") == "ميخواهم"
    assert normalize("قال: «نعم»، ثم؟ لا؛") == "قال: «نعم»، ثم؟ لا؛"
    assert normalize("ٱلْحَمْدُ لِلَّهِ") == "الحمد لله"
    assert normalize("الرَّحِيمِ ۝ ۖ") == "الرحيم  "  # Quranic marks deleted, spaces kept


@pytest.mark.parametrize(
    "text",
    [
        "أكّدَ الرئيسُ أنّ المفاوضاتِ مستمرةٌ",
        "ﻻ ﷺ ٢٠٢٤ ۲۰۲۴ ی ک",
        "Straße İstanbul ǰ",
        "e\u200d\u0301 S\ufcf2\u0301",
    ],
)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


# --- tokenize --------------------------------------------------------------


def test_tokenize_keeps_shadda_and_harakat_inside_the_token():
    assert words("أكّد الرئيسُ") == ["أكّد", "الرئيسُ"]
    assert list(tokenize("أكّد الرئيسُ")) == [(0, 4), (5, 12)]


def test_tokenize_keeps_tatweel_and_zwnj_inside_words():
    assert words("العـــربية مي\u200cخواهم") == ["العـــربية", "مي\u200cخواهم"]


def test_tokenize_arabic_punctuation_and_underscore_separate_words():
    assert words("قال،نعم؛لا؟«حسنا»“بل”٪ under_score") == [
        "قال",
        "نعم",
        "لا",
        "حسنا",
        "بل",
        "under",
        "score",
    ]


def test_tokenize_keeps_numbers_with_separators_whole():
    assert words("بلغ 3,650 و2.5 و٢٫٥ في 21.7.2015، 1،2") == [
        "بلغ",
        "3,650",
        "و2.5",
        "و٢٫٥",
        "في",
        "21.7.2015",
        "1",
        "2",
    ]


# --- stop words ------------------------------------------------------------


def test_stopwords_are_normalized_function_words():
    for word in ["إلى", "على", "الذي", "التي", "هؤلاء", "لقد", "وفي", "أنّ"]:
        assert is_stopword(normalize(word)), word
    for word in ["وزير", "قال", "كان", "ولي", "اليوم", "المفاوضات"]:
        assert not is_stopword(normalize(word)), word


# --- light_stem ------------------------------------------------------------


def test_light_stem_merges_clitic_and_plural_forms():
    forms = ["مفاوضات", "المفاوضات", "للمفاوضات", "وبالمفاوضات", "والمفاوضات", "مفاوضاتها"]
    assert {stem(f) for f in forms} == {"مفاوض"}
    assert {stem(f) for f in ["الانتخابات", "انتخابات", "بالانتخابات"]} == {"انتخاب"}
    assert stem("الولايات") == stem("ولايات") == stem("الولاية") == "ولاي"


def test_light_stem_keeps_names_and_words_that_start_or_end_like_affixes():
    for word in [
        "بوتين",
        "وزير",
        "لبنان",
        "فلسطين",
        "موسكو",
        "واشنطن",
        "سلمان",
        "كمال",
        "ياسين",
        "الله",
    ]:
        assert stem(word) == normalize(word), word


def test_light_stem_cuts_clitics_off_names_when_the_lexicon_agrees():
    assert stem("لبوتين") == "بوتين"
    assert stem("لموسكو") == "موسكو"
    assert stem("ولبنان") == "لبنان"


def test_light_stem_more_real_cases():
    assert stem("المسؤولين") == stem("مسئول") == "مسئول"
    assert stem("ومستعدون") == "مستعد"
    assert stem("الحكومة") == stem("حكومته") == stem("حكومات") == "حكوم"
    assert stem("الاقتصادية") == stem("الاقتصادي") == "اقتصاد"
    assert stem("الفلسطينيين") == stem("فلسطيني") == "فلسطين"
    assert stem("إلغاء") == stem("الإلغاء") == "الغاء"  # إل- is no article
    assert stem("عبدالله") == stem("لعبدالله") == "عبدالله"


# --- split_glued -----------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("منالعقوبات", "من|العقوبات"),
        ("الجيشالروسي", "الجيش|الروسي"),
        ("الىاخرى", "الي|اخري"),
        ("دعمهللمرشحة", "دعمه|للمرشحه"),
        ("فيربيع", "في|ربيع"),
        ("الروسييعتبر", "الروسي|يعتبر"),
        ("والذيخضع", "والذي|خضع"),
        ("ممايثير", "مما|يثير"),
        ("الاحتيالوغسل", "الاحتيال|وغسل"),
        ("معالولايات", "مع|الولايات"),
        ("الذيتركز", "الذي|تركز"),
        ("التيتشهدها", "التي|تشهدها"),
    ],
)
def test_split_glued_splits_real_glued_words(word, expected):
    assert glued(word) == expected


@pytest.mark.parametrize(
    "word",
    "فلاديفوستوك دوروف كامالا هاريس بيسكوف زيلينسكي غوروليوف ميريزكو دميترييف تيليغرام "
    "اسطنبول عبدالله عبدالرحمن كورسك دونباس الاستراتيجي والاقتصادية ومستعدون "
    "وبالمفاوضات المفاوضات ومعتمرين اللامبالية".split(),
)
def test_split_glued_leaves_names_and_words_whole(word):
    assert split_glued(normalize(word)) == [(0, len(normalize(word)))]


# --- analyze ---------------------------------------------------------------


def test_analyze_whole_chain_with_positions_and_original_offsets():
    text = "قال الوزيرُ إنّ المفاوضاتِ مع روسيا في ٢٠٢٤"
    tokens = analyze(text, stem=True)
    assert [(t.term, t.pos) for t in tokens] == [
        ("قال", 0),
        ("وزير", 1),
        ("مفاوض", 2),
        ("روسيا", 3),
        ("2024", 4),
    ]
    assert [text[t.start : t.end] for t in tokens] == [
        "قال",
        "الوزيرُ",
        "المفاوضاتِ",
        "روسيا",
        "٢٠٢٤",
    ]
    assert tokens[2] == AnalyzedToken("مفاوض", 16, 26, 2)


def test_analyze_without_stemming_keeps_normalized_words():
    assert [t.term for t in analyze("أكّد وبالمفاوضات العـــربية", stem=False)] == [
        "اكد",
        "وبالمفاوضات",
        "العربيه",
    ]


def test_analyze_glued_words_yield_parts_with_offsets_in_the_original():
    text = "فرضت منَالعقوباتِ الجيشالروسي"
    tokens = analyze(text, stem=False)
    assert [(t.term, t.pos) for t in tokens] == [
        ("فرضت", 0),
        ("العقوبات", 1),
        ("الجيش", 2),
        ("الروسي", 3),
    ]
    assert [text[t.start : t.end] for t in tokens] == ["فرضت", "العقوباتِ", "الجيش", "الروسي"]


def test_analyze_stop_words_take_no_position():
    tokens = analyze("وصل الوزير إلى موسكو في الصباح", stem=True)
    assert [(t.term, t.pos) for t in tokens] == [("وصل", 0), ("وزير", 1), ("موسكو", 2), ("صباح", 3)]


def test_analyze_numbers_letters_and_odd_tokens():
    assert [t.term for t in analyze("بلغ 3,650 و2.5 و٢٫٥ في 21.7.2015 كوفيد19", stem=False)] == [
        "بلغ",
        "3650",
        "2.5",
        "2.5",
        "21",
        "7",
        "2015",
        "كوفيد",
        "19",
    ]
    assert analyze("ـــ ، ـ ّ", stem=True) == []  # made only of deleted characters


def test_analyze_terms_are_never_empty_and_never_carry_marks():
    text = "قَالَ المُتَحَدِّثُ بِاسْمِ الخارجيـــة: «إنَّ المُفاوَضاتِ مُستمرةٌ»"
    for stem_flag in (True, False):
        terms = [t.term for t in analyze(text, stem=stem_flag)]
        assert terms and all(terms)
        assert not any(
            c in term
            for term in terms
            for c in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"
        )


def test_query_terms_match_analyze():
    text = "المفاوضاتُ مع روسيا"
    assert (
        query_terms(text, stem=True)
        == [t.term for t in analyze(text, stem=True)]
        == ["مفاوض", "روسيا"]
    )


# --- Whoosh ----------------------------------------------------------------


def test_whoosh_analyzer_pickles_and_compares_by_stem_flag():
    analyzer = ArabicAnalyzer(stem=True)
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy == analyzer
    assert copy != ArabicAnalyzer(stem=False)
    schema = fields.Schema(body=fields.TEXT(analyzer=ArabicAnalyzer(stem=True)))
    assert pickle.loads(pickle.dumps(schema)) == schema


def test_whoosh_analyzer_tokens_positions_and_chars():
    text = "أكّد أنّ وبالمفاوضات مستمرة"
    got = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in ArabicAnalyzer(stem=True)(text, positions=True, chars=True)
    ]
    assert got == [("اكد", 0, 0, 4), ("مفاوض", 1, 9, 20), ("مستمر", 2, 21, 27)]
    fast = [(t.text, t.pos) for t in ArabicAnalyzer(stem=True)(text, positions=True, start_pos=5)]
    assert fast == [("اكد", 5), ("مفاوض", 6), ("مستمر", 7)]


def test_whoosh_analyzer_flags_stop_words_when_asked_and_folds_untokenized_text():
    tokens = [
        (t.text, t.stopped) for t in ArabicAnalyzer(stem=True)("في المفاوضات", removestops=False)
    ]
    assert tokens == [("في", True), ("مفاوض", False)]
    assert [t.text for t in ArabicAnalyzer(stem=True)("المفاو", tokenize=False)] == ["مفاو"]


@pytest.fixture(scope="module")
def arabic_index():
    schema = fields.Schema(
        id=fields.ID(stored=True), body=fields.TEXT(analyzer=ArabicAnalyzer(stem=True))
    )
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        writer.add_document(id="1", body="أكّد الوزيرُ أنّ وبالمفاوضات مع روسيا ستستمر في موسكو")
        writer.add_document(id="2", body="وصل الرئيس إلى واشنطن لبحث الانتخابات")
    return ix


def test_whoosh_index_finds_stemmed_term(arabic_index):
    with arabic_index.searcher() as searcher:
        hits = searcher.search(query.Term("body", light_stem(normalize("المفاوضات"))))
        assert [h["id"] for h in hits] == ["1"]
        hits = searcher.search(query.Term("body", "اكد"))
        assert [h["id"] for h in hits] == ["1"]


def test_whoosh_phrase_query_across_a_dropped_stop_word(arabic_index):
    with arabic_index.searcher() as searcher:
        # "وبالمفاوضات مع روسيا": مع is dropped, so the two terms are adjacent
        phrase = query.Phrase("body", query_terms("المفاوضات روسيا", stem=True))
        assert [h["id"] for h in searcher.search(phrase)] == ["1"]
        parsed = QueryParser("body", arabic_index.schema).parse('"الرئيس إلى واشنطن"')
        assert [h["id"] for h in searcher.search(parsed)] == ["2"]
        assert [h["id"] for h in searcher.search(query.Phrase("body", ["روسيا", "مفاوض"]))] == []


def test_fold_for_matching():
    from search.analysis.normalize import fold_for_matching

    assert fold_for_matching("إقرأ أيضاً") == "اقرا ايضا"
    assert fold_for_matching("سجّل الدخول لكتابة تعليق") == "سجل الدخول لكتابه تعليق"
    assert fold_for_matching("٢٠٢٤ Mars") == "2024 mars"
