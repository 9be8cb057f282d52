"""Template helpers for showing archive data in Arabic (and in the English interface).

Month names and labels go through Django i18n with Arabic source strings, so the
Arabic interface needs no catalogue and the English one reads «5 September 2024».
"""

import datetime as dt

from django import template
from django.conf import settings
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _
from hijridate import Gregorian

register = template.Library()

# The "month" context keeps these apart from the same words elsewhere («مارس» is also "he practised").
MONTHS_AR = [
    pgettext_lazy("month", "يناير"), pgettext_lazy("month", "فبراير"),
    pgettext_lazy("month", "مارس"), pgettext_lazy("month", "أبريل"),
    pgettext_lazy("month", "مايو"), pgettext_lazy("month", "يونيو"),
    pgettext_lazy("month", "يوليو"), pgettext_lazy("month", "أغسطس"),
    pgettext_lazy("month", "سبتمبر"), pgettext_lazy("month", "أكتوبر"),
    pgettext_lazy("month", "نوفمبر"), pgettext_lazy("month", "ديسمبر"),
]


def month_name(month: int) -> str:
    return str(MONTHS_AR[month - 1])


_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def digits(text: str) -> str:
    """Digits as the NEWSARCHIVE_DATE_DIGITS setting asks: 2024 or ٢٠٢٤."""
    return text.translate(_ARABIC_INDIC) if settings.NEWSARCHIVE_DATE_DIGITS == "arabic" else text


def hijri_date(value: dt.date) -> str:
    """'2 ربيع الأول 1446 هـ'; empty outside the calendar's table (1924-2077)."""
    try:
        hijri = Gregorian(value.year, value.month, value.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    # hijridate names the months in Arabic and English; "هـ" is the Hijri era mark (AH).
    language = "ar" if get_language() == "ar" else "en"
    era = _("هـ")
    return f"{hijri.day} {hijri.month_name(language)} {hijri.year} {era}"


@register.filter
def arabic_date(value: dt.date | None, precision: str = "day") -> str:
    """5 سبتمبر 2024, or سبتمبر 2024 / 2024 when only the month or year is known.

    With NEWSARCHIVE_SHOW_HIJRI, a day-precise date is followed by its Hijri
    date: «5 سبتمبر 2024 (2 ربيع الأول 1446 هـ)».
    """
    if not value:
        return ""
    if precision == "year":
        return digits(str(value.year))
    if precision == "month":
        return digits(f"{month_name(value.month)} {value.year}")
    text = f"{value.day} {month_name(value.month)} {value.year}"
    if settings.NEWSARCHIVE_SHOW_HIJRI:
        hijri = hijri_date(value)
        if hijri:
            text += f" ({hijri})"
    return digits(text)


@register.filter
def arabic_month(value: dt.date | None) -> str:
    return digits(f"{month_name(value.month)} {value.year}") if value else ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def other_versions(count: int) -> str:
    """«ونسخة أخرى من مصدر آخر», «ونسختان أخريان», «و3 نسخ أخرى من مصادر أخرى», «و12 نسخة أخرى ...»."""
    # Arabic has its own forms for one, two, 3-10 and 11+; ngettext with Arabic source
    # strings only knows "one" and "other", so each form is a message of its own.
    if count == 1:
        return _("ونسخة أخرى من مصدر آخر")
    if count == 2:
        return _("ونسختان أخريان من مصدرين آخرين")
    if count <= 10:
        return _("و%(count)s نسخ أخرى من مصادر أخرى") % {"count": count}
    return _("و%(count)s نسخة أخرى من مصادر أخرى") % {"count": count}
