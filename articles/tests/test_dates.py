"""parse_date and parse_relative_weekday_date on dates as Arabic news sites write them."""

import datetime as dt

import pytest

from articles.extraction.dates import (
    MSG_BAD_ORIGIN,
    parse_date,
    parse_relative_weekday_date,
)
from articles.ingest.records import ParsedDate


def day(y, m, d, origin="metadata"):
    return ParsedDate(dt.date(y, m, d), "day", origin)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-07-23 19:28:17", day(2015, 7, 23)),  # SaudiNewsNet date_extracted
        ("2017-01-21T16:19:00+01:00", day(2017, 1, 21)),  # ANT <TIME>, local date kept
        ("2017-01-22T171800", day(2017, 1, 22)),  # ANT <TIME> without colons
        ("2024-02-29T08:00:00Z", day(2024, 2, 29)),
        ("2024-02-29", day(2024, 2, 29)),
        ("2024/02/29", day(2024, 2, 29)),
        ("21/01/2017", day(2017, 1, 21)),  # ANT <TIME>: day first
        ("5-3-2024", day(2024, 3, 5)),
        ("25/05/2017 - 10:30 ص", day(2017, 5, 25)),
        ("٢٩/٠٢/٢٠٢٤", day(2024, 2, 29)),  # Arabic-Indic digits
    ],
)
def test_numeric_dates(value, expected):
    assert parse_date(value, origin="metadata") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("29th, February 2024 GMT", day(2024, 2, 29)),  # seed 002 «تاريخ النشر»
        ("February 29, 2024", day(2024, 2, 29)),
        ("Thursday 5 Sep 2024", day(2024, 9, 5)),
        ("الخميس 29 فبراير 2024", day(2024, 2, 29)),
        ("٥ سبتمبر ٢٠٢٤", day(2024, 9, 5)),
        ("18 مارس/آذار 2025", day(2025, 3, 18)),
        ("24 فبراير/ شباط 2022", day(2022, 2, 24)),
        ("1 أبريل 2023", day(2023, 4, 1)),
        ("1 ابريل 2023", day(2023, 4, 1)),
        ("12 يوليه 2023", day(2023, 7, 12)),
        ("3 اغسطس 2015", day(2015, 8, 3)),
        ("11 أغسطس 2015 م", day(2015, 8, 11)),
        ("الأحد 15 كانون الأول 2023", day(2023, 12, 15)),
        ("2 كانون الثاني 2024", day(2024, 1, 2)),
        ("10 تشرين الأول 2023", day(2023, 10, 10)),
        ("7 تموز 2014", day(2014, 7, 7)),
        ("15 آب 2019", day(2019, 8, 15)),
        ("3 جانفي 2017", day(2017, 1, 3)),  # Tunisia / Algeria
        ("14 جويلية 2016", day(2016, 7, 14)),
        ("1 أوت 2016", day(2016, 8, 1)),
        ("20 أفريل 2017", day(2017, 4, 20)),
        ("9 ماي 2017", day(2017, 5, 9)),
        ("30 جوان 2017", day(2017, 6, 30)),
        ("15 فيفري 2017", day(2017, 2, 15)),
        ("6 شتنبر 2019", day(2019, 9, 6)),  # Morocco
        # SPA dateline: the Hijri date is skipped, the Gregorian one read.
        ("الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس", day(2015, 8, 11)),
    ],
)
def test_dates_with_month_names(value, expected):
    assert parse_date(value, origin="metadata") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("مارس/آذار 2024", ParsedDate(dt.date(2024, 3, 1), "month", "text")),
        ("كانون الثاني 2024", ParsedDate(dt.date(2024, 1, 1), "month", "text")),
        ("February 2024", ParsedDate(dt.date(2024, 2, 1), "month", "text")),
        ("2024-02", ParsedDate(dt.date(2024, 2, 1), "month", "text")),
        ("2024", ParsedDate(dt.date(2024, 1, 1), "year", "text")),
        ("عام ٢٠٢٤", ParsedDate(dt.date(2024, 1, 1), "year", "text")),
    ],
)
def test_partial_dates_keep_their_precision(value, expected):
    assert parse_date(value, origin="text") == expected


@pytest.mark.parametrize(
    "value",
    [
        "31/02/2024",  # not on the calendar
        "29/02/2023",
        "2024-13-01",
        "02/29/2024",  # month-first is not read as a date
        "30 فبراير 2024",
        "مارس/نيسان 2024",  # the pair disagrees
        "5 سبتمبر",  # no year: never invented
        "26 شوال 1436 هـ",  # Hijri only
        "من 3 مارس إلى 5 أبريل 2024",  # two months: not ours to guess
        "قبل أسبوع",
        "",
        "   ",
    ],
)
def test_invalid_or_incomplete_dates_give_none(value):
    assert parse_date(value, origin="metadata") is None


def test_origin_is_recorded_and_checked():
    assert parse_date("2024-02-29", origin="editor").origin == "editor"
    with pytest.raises(ValueError) as error:
        parse_date("2024-02-29", origin="web")
    assert str(error.value) == MSG_BAD_ORIGIN.format(origin="web")




SEED_000_LEAD = (
    'في تطور لافت على الساحة الدولية، أعلن الرئيس الروسي "فلاديمير بوتين" اليوم الخميس '
    'الموافق 5 من شهر سبتمبر الجاري، دعمهللمرشحة الديمقراطية "كامالا هاريس"'
)


def test_relative_weekday_date_infers_the_year_from_the_weekday():
    # 5 September was a Thursday in 2024 (and 2019); 2024 is nearest the reference.
    assert parse_relative_weekday_date(SEED_000_LEAD, dt.date(2025, 3, 1)) == day(
        2024, 9, 5, "text"
    )
    assert parse_relative_weekday_date(SEED_000_LEAD, dt.date(2020, 1, 1)) == day(
        2019, 9, 5, "text"
    )


def test_relative_weekday_date_with_year_must_agree_with_the_weekday():
    assert parse_relative_weekday_date("يوم الخميس 5 سبتمبر 2024", dt.date(2025, 1, 1)) == day(
        2024, 9, 5, "text"
    )
    assert parse_relative_weekday_date("يوم الجمعة 5 سبتمبر 2024", dt.date(2025, 1, 1)) is None


def test_relative_weekday_date_absent():
    assert (
        parse_relative_weekday_date("أعلن الرئيس الروسي دعمه للمرشحة", dt.date(2025, 1, 1)) is None
    )
