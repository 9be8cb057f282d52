"""clean_record on the owner's five sample pages and on corpus-shaped records."""

import datetime as dt
import json
from pathlib import Path

import pytest

from articles.ingest.cleaning import (
    MSG_NO_BODY,
    MSG_ONLY_BOILERPLATE,
    MSG_TOO_SHORT,
    clean_record,
    derive_title,
)
from articles.ingest.records import CleaningError, ParsedDate, RawRecord

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "sample"

P1 = (
    "أعلنت وزارة الصحة السعودية اليوم عن افتتاح مستشفى جديد في مدينة جدة بسعة ثلاثمائة سرير، "
    "ضمن خطة لتوسيع الخدمات الصحية في المنطقة الغربية."
)
P2 = "وقال المتحدث الرسمي باسم الوزارة إن المستشفى سيستقبل المرضى ابتداء من الشهر المقبل."
P3 = "وأضاف أن المستشفى يضم أقساما للطوارئ والعناية المركزة وجراحة القلب."


def seed(prefix: str):
    [path] = SAMPLE.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    return clean_record(RawRecord(origin=f"sample/{path.name}", kind="txt", text=text)), text


def txt(text: str, origin: str = "page.txt"):
    return clean_record(RawRecord(origin=origin, kind="txt", text=text))


def json_record(obj: dict, **fields):
    return RawRecord(
        origin="feed.json#1", kind="json", text=json.dumps(obj, ensure_ascii=False), fields=fields
    )


# --- the five sample pages ----------------------------------------------------------


def test_seed_000_title_is_derived_from_the_lead():
    article, text = seed("000")

    assert article.title == "أعلن الرئيس الروسي فلاديمير بوتين …"
    assert article.body.startswith("في تطور لافت على الساحة الدولية، أعلن الرئيس الروسي")
    assert article.body.endswith("والحفاظ على استقراره الداخلي والإقليمي.")
    assert "التعليقات\n" not in article.body and not article.body.endswith("التعليقات")
    assert "سجّل الدخول" not in article.body
    assert "دعمهللمرشحة" in article.body  # glued words are left for the analyzer
    # «اليوم الخميس الموافق 5 من شهر سبتمبر الجاري»: the latest Thursday 5 September.
    assert article.published == ParsedDate(dt.date(2024, 9, 5), "day", "text")
    assert article.raw_text == text
    assert article.appended == []


def test_a_weekday_date_is_never_after_the_day_of_ingest():
    record = RawRecord(origin="seed.txt", kind="txt", text=seed("000")[1])
    assert clean_record(record, ingested_on=dt.date(2020, 1, 1)).published.value == dt.date(2019, 9, 5)
    assert clean_record(record, ingested_on=dt.date(2024, 9, 4)).published.value == dt.date(2019, 9, 5)
    assert clean_record(record, ingested_on=dt.date(2024, 9, 5)).published.value == dt.date(2024, 9, 5)


def test_a_weekday_date_deep_in_the_text_is_not_the_publication_date():
    text = (
        "خبر الافتتاح\n"
        "أعلنت الوزارة افتتاح مستشفى جديد في الرياض بطاقة خمسمائة سرير.\n"
        "وأوضح المتحدث باسم الوزارة أن المستشفى سيخدم سكان الأحياء الشمالية.\n"
        "ويضم المستشفى أقساما للطوارئ والأطفال والعناية المركزة.\n"
        "وسيزور الوزير المستشفى يوم الخميس الموافق 5 من شهر سبتمبر."
    )
    assert clean_record(RawRecord(origin="a.txt", kind="txt", text=text)).published is None


def test_seed_001_source_at_the_end_of_the_last_paragraph():
    article, _ = seed("001")

    assert article.title == "بوتين يدعم هاريس لرئاسة أميركا.. ويؤكد استعداده لمفاوضات مع أوكرانيا"
    assert article.source_name == "وكالات"
    assert "المصدر" not in article.body
    assert article.body.endswith("بأنها غير منطقية.")
    assert len(article.body.split("\n\n")) == 13


def test_seed_002_metadata_lines_and_appended_story():
    article, text = seed("002")

    assert (
        article.title
        == "بوتين: روسيا على استعداد للحوار مع الولايات المتحدة حول الاستقرار الاستراتيجي"
    )
    assert article.published == ParsedDate(dt.date(2024, 2, 29), "day", "text")
    assert article.source_name == "صدى البلد"
    assert article.keywords == [
        "فلاديمير بوتين موسكو الرئيس الروسى واشنطن روسيا الولايات المتحدة الاستقرار الاستراتیجی"
    ]
    assert article.body.startswith("قال الرئيس الروسي فلاديمير بوتين، اليوم الخميس،")
    assert article.body.endswith('إجراءات عدائية صريحة ضدها".')
    for gone in ("تاريخ النشر", "المصدر", "كلمات دلالية", "أيضاً", "دميترييف", "الأناضول"):
        assert gone not in article.body
    assert article.raw_text == text  # the appended story stays in the parent's raw text

    [story] = article.appended
    assert story.origin == "sample/002_7c490c51ed63725b.txt#appended1"
    assert story.title == "ممثل بوتين: حققنا تقدما ملحوظا مع واشنطن بشأن أوكرانيا"
    assert story.body.startswith("موسكو – صرح كيريل دميترييف")
    assert story.body.endswith("وهو ما تعتبره كييف “تدخلا” في شؤونها.")
    assert story.source_name == "الأناضول"
    assert story.published is None
    assert story.raw_text == text[text.index("ممثل بوتين:") :]


def test_seed_003_labels_captions_and_copy_link_are_dropped():
    article, _ = seed("003")

    assert (
        article.title == "قمة ألاسكا: أنصار بوتين يحتفون بالقمة: لحظة محورية في عودة النفوذ الروسي"
    )
    assert "عاجل" not in article.body
    assert "ترامب وبوتين\n" not in article.body
    assert "تم نسخ الرابط" not in article.body
    assert article.body.startswith("احتفى العديد من أنصار الرئيس الروسي")
    assert article.body.endswith("منذ عقد من الزمن.")
    assert "\u00a0" not in article.body  # the page's NBSPs are plain spaces now
    assert "لقاء الرئيس الأمريكي والروسي انتصار في العلاقات" in article.body  # a subheading stays


def test_seed_004_question_headline():
    article, _ = seed("004")

    assert article.title == "لماذا لم يهنئ بوتين ترامب على فوزه في الانتخابات الأمريكية 2024 ؟"
    assert article.body.startswith("ترامب.. نفت الرئاسة الروسية “الكرملين”")
    assert article.source_name is None


# --- boilerplate ---------------------------------------------------------------------


def test_comment_share_print_prompts_and_labels_are_dropped():
    text = "\n".join(
        [
            "عاجل",
            "افتتاح مستشفى جديد في جدة",
            "شارك",
            "طباعة",
            "حجم الخط",
            P1,
            "تم نسخ الرابط",
            P2,
            "أضف تعليق",
            "التعليقـات",  # tatweel
            "سجِّل الدخول لكتابة تعليق",  # harakat
        ]
    )

    article = txt(text)
    assert article.title == "افتتاح مستشفى جديد في جدة"
    assert article.body == f"{P1}\n\n{P2}"


def test_corpus_wire_markers_and_contact_footers_are_dropped():
    text = "\n".join(
        [
            "Next Previous عين اليوم – الرياض",
            P1 + " // انتهى //",
            "17:12 ت م",
            P2,
            "...المزيد",
            "* خدمة «نيويورك تايمز»",
            "***",
            P3 + " رابط الخبر بصحيفة الوئام: افتتاح مستشفى جديد في جدة",
            "m.althaidy@asharqalawsat.com",
            "للتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (3) ثم مسافة ثم نص الرسالة إلى 88591 - Stc",
            "635031 - Mobily",
        ]
    )

    article = clean_record(json_record({}, title="افتتاح مستشفى جديد في جدة", body=text))
    assert article.body == f"{P1}\n\n{P2}\n\n{P3}"


def test_share_widget_and_sabq_dateline_prefix_are_cut_from_the_lead():
    body = f"شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك سبق- جدة: {P1}\n{P2}"

    article = clean_record(json_record({}, title="افتتاح مستشفى جديد في جدة", body=body))
    assert article.body == f"{P1}\n\n{P2}"


def test_spa_dateline_line_is_dropped():
    body = f"جدة 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس\n{P1}\n{P2}"

    article = clean_record(json_record({}, title="افتتاح مستشفى جديد في جدة", body=body))
    assert article.body == f"{P1}\n\n{P2}"


def test_adjacent_repeated_caption_is_dropped_but_repeated_headings_stay():
    text = "\n".join(
        [
            "طبقان من المطبخ الحجازي",
            "المقادير:",
            P1,
            "المقادير:",
            P2,
            "صورة المستشفى",
            "صورة المستشفى",
            P3,
        ]
    )

    article = txt(text)
    assert article.body.split("\n\n") == ["المقادير:", P1, "المقادير:", P2, P3]


def test_source_line_keywords_and_date_line():
    text = "\n".join(
        [
            "افتتاح مستشفى جديد في جدة",
            "تاريخ النشر: الخميس ٢٩ فبراير ٢٠٢٤",
            P1,
            P2,
            "المصدر: وكالة الأنباء السعودية",
            "كلمات دلالية: وزارة الصحة، جدة، مستشفيات",
        ]
    )

    article = txt(text)
    assert article.source_name == "وكالة الأنباء السعودية"
    assert article.keywords == ["وزارة الصحة", "جدة", "مستشفيات"]
    assert article.published == ParsedDate(dt.date(2024, 2, 29), "day", "text")
    assert article.body == f"{P1}\n\n{P2}"


def test_lone_agency_line_becomes_the_source():
    article = txt(f"افتتاح مستشفى جديد في جدة\n{P1}\n-رويترز-")

    assert article.source_name == "رويترز"
    assert article.body == P1


def test_metadata_from_the_record_wins_over_the_text():
    body = f"تاريخ النشر: 29th, February 2024 GMT\n{P1}\n{P2}\nالمصدر: وكالات"
    record = json_record(
        {"content": body},
        title="مستشفى جديد في جدة",
        body=body,
        source="okaz",
        date="2015-07-23 19:28:17",
        url="http://www.okaz.com.sa/new/Issues/20150723/Con20150723786611.htm",
        author="سارة أحمد",
    )

    article = clean_record(record)
    assert article.title == "مستشفى جديد في جدة"
    assert article.source_name == "okaz"
    assert article.published == ParsedDate(dt.date(2015, 7, 23), "day", "metadata")
    assert article.url == "http://www.okaz.com.sa/new/Issues/20150723/Con20150723786611.htm"
    assert article.author == "سارة أحمد"
    assert article.body == f"{P1}\n\n{P2}"
    assert article.raw_text == record.text


def test_unparseable_metadata_date_falls_back_to_the_text():
    body = f"تاريخ النشر: 29th, February 2024 GMT\n{P1}"

    article = clean_record(json_record({}, title="مستشفى جديد في جدة", body=body, date="قريبا"))
    assert article.published == ParsedDate(dt.date(2024, 2, 29), "day", "text")


def test_json_title_repeated_as_the_first_paragraph_is_removed():
    body = f"افتتاح مستشفى جديد في جدة\n{P1}\n{P2}"

    article = clean_record(json_record({}, title="افتتاح مستشفى جديد في جدة", body=body))
    assert article.body == f"{P1}\n\n{P2}"


def test_sgml_raw_text_is_the_doc_block():
    block = "<DOC>\n<TITLE>افتتاح مستشفى جديد في جدة</TITLE>\n<TEXT>\n" + P1 + "\n</TEXT>\n</DOC>"
    record = RawRecord(
        origin="a.txt",
        kind="sgml",
        text=block,
        fields={"title": "افتتاح مستشفى جديد في جدة", "body": P1},
    )

    article = clean_record(record)
    assert article.raw_text == block
    assert article.body == P1


def test_whitespace_and_invisible_characters_are_normalized_but_spelling_kept():
    text = "افتتاح\u00a0مستشفى جديد\r\n\r\n  أعلنت\u200f  وزارة\u200b الصحّة   اليوم\tعن افتتاح مستشفى جديد.\u202c\r\n"

    article = txt(text)
    assert article.title == "افتتاح مستشفى جديد"
    assert article.body == "أعلنت وزارة الصحّة اليوم عن افتتاح مستشفى جديد."


# --- «اقرأ أيضاً» ----------------------------------------------------------------------


def test_read_also_headline_list_is_dropped():
    text = "\n".join(
        [
            "افتتاح مستشفى جديد في جدة",
            P1,
            P2,
            "اقرأ أيضا",
            "وزير الصحة يتفقد مستشفيات المنطقة الشرقية",
            "إطلاق حملة للتطعيم ضد الإنفلونزا الموسمية في الرياض",
            "افتتاح مركز لغسيل الكلى في أبها",
        ]
    )

    article = txt(text)
    assert article.body == f"{P1}\n\n{P2}"
    assert article.appended == []
    assert "وزير الصحة يتفقد" in article.raw_text


STORY_TITLE = "وزير الصحة يتفقد مستشفيات المنطقة الشرقية"
STORY = [
    "تفقد وزير الصحة صباح اليوم عددا من مستشفيات المنطقة الشرقية، واطلع على سير العمل "
    "في أقسام الطوارئ والعناية المركزة، واستمع إلى شرح من مديري المستشفيات عن الخدمات المقدمة.",
    "وأكد الوزير خلال الجولة أن الوزارة تعمل على رفع الطاقة الاستيعابية للمستشفيات الحكومية، "
    "وتقليص مدة انتظار المرضى في العيادات الخارجية، وتوفير الكوادر الطبية المؤهلة في جميع التخصصات.",
    "وأشار إلى أن خطة العام المقبل تتضمن افتتاح ثلاثة مستشفيات جديدة في الدمام والأحساء والجبيل.",
    "واس",
]


@pytest.mark.parametrize(
    "marker", ["إقرأ أيضاً:", "اقرأ أيضا", "اقرا ايضا:", "أقرأ أيضًا :", "إقرأ ايضاً -"]
)
def test_read_also_full_story_becomes_an_appended_article(marker):
    tail = "\n".join([STORY_TITLE, *STORY])
    text = "\n".join(["افتتاح مستشفى جديد في جدة", P1, P2, marker, tail])

    article = txt(text, origin="seeds/010.txt")
    assert article.body == f"{P1}\n\n{P2}"
    [story] = article.appended
    assert story.origin == "seeds/010.txt#appended1"
    assert story.title == STORY_TITLE
    assert story.body == "\n\n".join(STORY[:3])
    assert story.source_name == "واس"
    assert story.raw_text == tail
    assert story.published is None


def test_read_also_with_the_title_on_the_marker_line():
    text = "\n".join(["افتتاح مستشفى جديد في جدة", P1, f"اقرأ أيضاً: {STORY_TITLE}", *STORY[:3]])

    article = txt(text)
    assert article.body == P1
    assert [a.title for a in article.appended] == [STORY_TITLE]


def test_short_story_after_read_also_is_dropped():
    text = "\n".join(["افتتاح مستشفى جديد في جدة", P1, "اقرأ أيضا:", STORY_TITLE, P2])

    article = txt(text)
    assert article.body == P1
    assert article.appended == []


# --- titles and errors -----------------------------------------------------------------


def test_derive_title():
    assert derive_title(P1) == "أعلنت وزارة الصحة السعودية …"
    assert derive_title("بعد اجتماع طويل، وافق مجلس الوزراء على الميزانية العامة للدولة.") == (
        "وافق مجلس الوزراء على الميزانية العامة للدولة"
    )
    long_clause = (
        "قررت هيئة الطيران المدني السعودية زيادة عدد الرحلات الداخلية بين المدن الرئيسية "
        "والمحافظات الصغيرة خلال موسم الصيف لمواجهة الطلب المتزايد"
    )
    assert (
        derive_title(long_clause)
        == "قررت هيئة الطيران المدني السعودية زيادة عدد الرحلات الداخلية بين المدن الرئيسية …"
    )


def test_single_headline_like_paragraph_is_title_and_body():
    article = txt("وزارة الصحة تفتتح مستشفى جديدا في جدة بسعة ثلاثمائة سرير")

    assert article.title == "وزارة الصحة تفتتح مستشفى جديدا في جدة بسعة ثلاثمائة سرير"
    assert article.body == article.title


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (RawRecord(origin="a.txt", kind="txt", text=" \n "), MSG_NO_BODY),
        (RawRecord(origin="a.json#1", kind="json", fields={"title": "عنوان"}), MSG_NO_BODY),
        (
            RawRecord(origin="a.txt", kind="txt", text="عاجل\nالتعليقات\nتم نسخ الرابط"),
            MSG_ONLY_BOILERPLATE,
        ),
        (
            RawRecord(origin="a.txt", kind="txt", text="الأمير فيصل بن خالد"),
            MSG_TOO_SHORT,
        ),
    ],
)
def test_records_without_article_text_raise(record, message):
    with pytest.raises(CleaningError) as error:
        clean_record(record)
    assert str(error.value) == message


def test_short_body_with_a_full_sentence_is_kept():
    record = RawRecord(
        origin="a.json#3",
        kind="json",
        fields={"title": "أمطار", "body": "هطلت أمطار غزيرة على أبها."},
    )

    assert clean_record(record).body == "هطلت أمطار غزيرة على أبها."


def test_a_given_headline_with_a_short_caption_is_kept():
    record = RawRecord(
        origin="a.json#2",
        kind="json",
        fields={"title": "الأمير يرعى الحفل", "body": "الأمير فيصل بن خالد"},
    )
    article = clean_record(record)
    assert article.title == "الأمير يرعى الحفل"
    assert article.body == "الأمير فيصل بن خالد"
