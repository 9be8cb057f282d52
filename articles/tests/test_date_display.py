"""Dates shown in Arabic: month names, the digits setting, the optional Hijri date."""

import datetime as dt

from articles.templatetags.archive_tags import arabic_date, arabic_month, hijri_date

SEPT_5 = dt.date(2024, 9, 5)


def test_dates_in_arabic_keep_their_precision(settings):
    settings.NEWSARCHIVE_DATE_DIGITS = "latin"
    settings.NEWSARCHIVE_SHOW_HIJRI = False
    assert arabic_date(SEPT_5) == "5 سبتمبر 2024"
    assert arabic_date(dt.date(2024, 9, 1), "month") == "سبتمبر 2024"
    assert arabic_date(dt.date(2024, 1, 1), "year") == "2024"
    assert arabic_date(None) == ""
    assert arabic_month(SEPT_5) == "سبتمبر 2024"


def test_arabic_indic_digits_setting(settings):
    settings.NEWSARCHIVE_DATE_DIGITS = "arabic"
    settings.NEWSARCHIVE_SHOW_HIJRI = False
    assert arabic_date(SEPT_5) == "٥ سبتمبر ٢٠٢٤"
    assert arabic_date(SEPT_5, "year") == "٢٠٢٤"


def test_hijri_date_beside_the_gregorian(settings):
    settings.NEWSARCHIVE_DATE_DIGITS = "latin"
    settings.NEWSARCHIVE_SHOW_HIJRI = True
    assert hijri_date(SEPT_5) == "2 ربيع الأول 1446 هـ"
    assert arabic_date(SEPT_5) == "5 سبتمبر 2024 (2 ربيع الأول 1446 هـ)"
    # Only day-precise dates get one: a month has no single Hijri month.
    assert arabic_date(SEPT_5, "month") == "سبتمبر 2024"
    # Outside the conversion table the Gregorian date stands alone.
    assert arabic_date(dt.date(1900, 1, 1)) == "1 يناير 1900"


def test_hijri_with_arabic_digits(settings):
    settings.NEWSARCHIVE_DATE_DIGITS = "arabic"
    settings.NEWSARCHIVE_SHOW_HIJRI = True
    assert arabic_date(SEPT_5) == "٥ سبتمبر ٢٠٢٤ (٢ ربيع الأول ١٤٤٦ هـ)"
