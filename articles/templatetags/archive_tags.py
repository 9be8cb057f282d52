"""Template helpers for showing archive data in Arabic."""

import datetime as dt

from django import template

register = template.Library()

MONTHS_AR = [
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
]


def month_name(month: int) -> str:
    return MONTHS_AR[month - 1]


@register.filter
def arabic_date(value: dt.date | None, precision: str = "day") -> str:
    """5 سبتمبر 2024, or سبتمبر 2024 / 2024 when only the month or year is known."""
    if not value:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{month_name(value.month)} {value.year}"
    return f"{value.day} {month_name(value.month)} {value.year}"


@register.filter
def arabic_month(value: dt.date | None) -> str:
    return f"{month_name(value.month)} {value.year}" if value else ""


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
