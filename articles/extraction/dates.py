"""Publication dates as Arabic news sites write them: text in, ``ParsedDate`` out.

Handles metadata values ("2015-07-23 19:28:17", "2017-01-21T16:19:00+01:00",
"21/01/2017") and «تاريخ النشر» lines ("29th, February 2024 GMT",
"الخميس 29 فبراير/شباط 2024"), with Egyptian/Gulf, Levantine and Maghrebi month
names and Arabic-Indic digits. A date that is not on the calendar gives None:
we never invent a day, a month or a year.

Pure stdlib, no Django.
"""

from __future__ import annotations

import datetime as dt
import re

from articles.ingest.records import ParsedDate
from search.analysis.normalize import fold_for_matching

ORIGINS = ("metadata", "text", "editor")
MSG_BAD_ORIGIN = "origin must be one of metadata, text, editor (got {origin!r})"

# Keys are already folded (ة->ه, أ->ا). Two-word Levantine names are written with
# "_" because the tokenizer joins them before lookup.
MONTHS: dict[str, int] = {
    # Egyptian / Gulf (transliterated)
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
    # Levantine / Iraqi (Syriac names)
    "كانون_الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9, "تشرين_الاول": 10, "تشرين_الثاني": 11,
    "كانون_الاول": 12,
    # Maghrebi: Algeria/Tunisia (French-derived), Morocco
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "اوت": 8,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Python's weekday(): Monday is 0.
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4,
    "السبت": 5, "الاحد": 6,
}  # fmt: skip

_TIME = (
    r"(?:[t\s,|\-–]+\d{1,2}(?::?\d{2}){1,2}(?:[.,]\d+)?(?:\s*(?:ص|م|am|pm))?)?"
    r"\s*(?:z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?"
)
_ISO_DAY = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}")  # also 2017-01-22T171800
_YMD_DAY = re.compile(rf"(\d{{4}})[/.](\d{{1,2}})[/.](\d{{1,2}}){_TIME}")
# Arabic-language sites write the day first (21/01/2017); 01/21/2017 is not a date here.
_DMY_DAY = re.compile(rf"(\d{{1,2}})[/.\-](\d{{1,2}})[/.\-](\d{{4}}){_TIME}")
_YM_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")
_MY_MONTH = re.compile(r"(\d{1,2})[-/](\d{4})")
_YEAR_ONLY = re.compile(r"(?:(?:ال)?عام|سنه)?\s*(\d{4})\s*م?")

_TWO_WORD_MONTH = re.compile(r"(كانون|تشرين)\s+(الاول|الثاني)")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)\b")
_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:_[^\W\d_]+)?")
_DAY_FILLERS = {"من", "شهر"}  # «5 من شهر سبتمبر»
_HIJRI_MARK = {"ه", "هجري", "هجريه"}  # «1436 هـ» is a Hijri year, not a Gregorian one


def parse_date(value: str, *, origin: str) -> ParsedDate | None:
    """Parse one date value; None when it is not a real, complete-enough date.

    >>> parse_date("29th, February 2024 GMT", origin="text").value
    datetime.date(2024, 2, 29)
    """
    if origin not in ORIGINS:
        raise ValueError(MSG_BAD_ORIGIN.format(origin=origin))
    text = " ".join(fold_for_matching(value).split())
    if not text:
        return None
    for pattern, order in ((_ISO_DAY, "ymd"), (_YMD_DAY, "ymd"), (_DMY_DAY, "dmy")):
        m = pattern.fullmatch(text)
        if m:
            a, b, c = (int(g) for g in m.groups())
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            return _make(y, mo, d, "day", origin)
    if m := _YM_MONTH.fullmatch(text):
        return _make(int(m.group(1)), int(m.group(2)), 1, "month", origin)
    if m := _MY_MONTH.fullmatch(text):
        return _make(int(m.group(2)), int(m.group(1)), 1, "month", origin)
    if m := _YEAR_ONLY.fullmatch(text):
        return _make(int(m.group(1)), 1, 1, "year", origin)
    return _parse_words(text, origin)


def _make(year: int, month: int, day: int, precision: str, origin: str) -> ParsedDate | None:
    try:
        return ParsedDate(dt.date(year, month, day), precision, origin)
    except ValueError:  # 31/02/2024, month 13, year 0: not a date, so no date
        return None


def _tokens(text: str) -> list[str]:
    text = _TWO_WORD_MONTH.sub(r"\1_\2", text)
    return _TOKEN.findall(_ORDINAL.sub(r"\1", text))


def _parse_words(text: str, origin: str) -> ParsedDate | None:
    """Dates with a month name: the day sits next to the month, the year just after."""
    tokens = _tokens(text)
    groups: list[tuple[int, int, int]] = []  # (first index, last index, month)
    for i, token in enumerate(tokens):
        month = MONTHS.get(token)
        if month is None:
            continue
        # «فبراير/شباط» names one month twice: extend the previous group.
        if groups and groups[-1][1] == i - 1:
            start, _, previous = groups[-1]
            if previous != month:
                return None
            groups[-1] = (start, i, month)
        else:
            groups.append((i, i, month))
    if len(groups) != 1:
        return None  # no month name, or several: not ours to guess
    start, end, month = groups[0]

    day = None
    before = start - 1
    while before >= 0 and tokens[before] in _DAY_FILLERS:
        before -= 1
    after = end + 1
    if before >= 0 and _is_day(tokens[before]):
        day = int(tokens[before])
    elif after < len(tokens) and _is_day(tokens[after]):  # "February 29, 2024"
        day = int(tokens[after])
        after += 1
    year = None
    if after < len(tokens) and re.fullmatch(r"\d{4}", tokens[after]):
        hijri = after + 1 < len(tokens) and tokens[after + 1] in _HIJRI_MARK
        if not hijri:
            year = int(tokens[after])
    if year is None:
        return None
    if day is None:
        return _make(year, month, 1, "month", origin)
    return _make(year, month, day, "day", origin)


def _is_day(token: str) -> bool:
    return token.isdigit() and len(token) <= 2 and 1 <= int(token) <= 31


_MONTH_ALTERNATION = "|".join(
    sorted((k.replace("_", r"\s+") for k in MONTHS), key=len, reverse=True)
)
_WEEKDAY_DATE = re.compile(
    rf"(?<!\w)({'|'.join(WEEKDAYS)})\s+(?:الموافق\s+)?(\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?"
    rf"({_MONTH_ALTERNATION})(?!\w)(?:\s+(\d{{4}})(?!\d))?"
)


def parse_relative_weekday_date(text: str, reference: dt.date) -> ParsedDate | None:
    """Find «اليوم الخميس الموافق 5 من شهر سبتمبر الجاري» and date it.

    Articles often give a weekday, day and month but no year; the weekday pins the
    year. Of the dates up to ``reference`` (the day the text was read: an article
    cannot be published after it) within 10 years whose calendar puts that
    weekday on that day, the latest wins.
    """
    m = _WEEKDAY_DATE.search(fold_for_matching(text))
    if not m:
        return None
    weekday = WEEKDAYS[m.group(1)]
    day = int(m.group(2))
    month = MONTHS[_TWO_WORD_MONTH.sub(r"\1_\2", " ".join(m.group(3).split()))]
    if m.group(4):
        found = _make(int(m.group(4)), month, day, "day", "text")
        # A stated year whose calendar disagrees with the weekday is a typo somewhere.
        return found if found and found.value.weekday() == weekday else None
    candidates = []
    for year in range(reference.year - 10, reference.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate.weekday() == weekday and candidate <= reference:
            candidates.append(candidate)
    if not candidates:
        return None
    return ParsedDate(max(candidates), "day", "text")
