"""What the search page shows of the facets: values as links that add a
filter, selected filters as removable chips, and the date histogram.

Every link is the current query string with one parameter added or removed,
so the URL always carries the whole state and can be shared.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Person, Place, Source
from articles.templatetags.archive_tags import arabic_date, month_name
from search import facets
from search.engine import SearchPage, SearchRequest

FACETS = (  # (parameter, facet key, model, heading)
    ("person", "people", Person, gettext_lazy("أشخاص")),
    ("place", "places", Place, gettext_lazy("أماكن")),
    ("source", "sources", Source, gettext_lazy("المصادر")),
)
HISTOGRAM_HEIGHT = 60  # px of the tallest bar


@dataclass
class FacetValue:
    name: str
    count: int
    url: str
    selected: bool


@dataclass
class Chip:
    label: str
    remove_url: str


@dataclass
class Bar:
    label: str
    count: int
    url: str
    height: int
    x: int
    y: int


def _url(params: QueryDict, base: str = "", **changes) -> str:
    params = params.copy()
    params.pop("page", None)  # new filters start on the first page
    for key, value in changes.items():
        if isinstance(value, tuple):  # ("add", v) / ("remove", v) on a repeatable parameter
            action, item = value
            values = [v for v in params.getlist(key) if v != str(item)]
            if action == "add":
                values.append(str(item))
            params.setlist(key, values)
        elif value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return base + "?" + params.urlencode()


def period_range(period: str) -> tuple[dt.date, dt.date]:
    """'2024' / '2024-09' / '2024-09-05' -> its first and last day."""
    parts = [int(p) for p in period.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
    day = dt.date(*parts)
    return day, day


def period_label(period: str) -> str:
    parts = [int(p) for p in period.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{month_name(parts[1])} {parts[0]}"
    return arabic_date(dt.date(*parts))


def build(page: SearchPage, request: SearchRequest, params: QueryDict) -> dict:
    counts = page.facet_counts
    named = facets.named(counts)
    selected = {"person": request.people, "place": request.places, "source": request.sources}
    groups, chips = [], []
    for param, key, model, heading in FACETS:
        chosen = selected[param]
        values = [
            FacetValue(
                name=item["name"],
                count=item["count"],
                url=_url(
                    params, **{param: ("remove" if item["id"] in chosen else "add", item["id"])}
                ),
                selected=item["id"] in chosen,
            )
            for item in named[key]
        ]
        groups.append({"param": param, "heading": heading, "values": values})
        names = dict(model.objects.filter(pk__in=chosen).values_list("pk", "name"))
        for pk in chosen:
            chips.append(
                Chip(f"{heading}: {names.get(pk, pk)}", _url(params, **{param: ("remove", pk)}))
            )
    if request.date_from or request.date_to:
        start = arabic_date(request.date_from) if request.date_from else "…"
        end = arabic_date(request.date_to) if request.date_to else "…"
        label = _("التاريخ: %(start)s – %(end)s") % {"start": start, "end": end}
        chips.append(Chip(label, _url(params, date_from=None, date_to=None)))
    return {
        "groups": groups,
        "chips": chips,
        "histogram": histogram(counts, params),
        "date_level": counts.get("date_level"),
        "undated": counts.get("undated", 0),
    }


def histogram(counts: dict, params: QueryDict, base: str = "") -> dict | None:
    """Bars for the date facet; each links to its period (on `base`, default this page)."""
    periods = counts.get("dates") or []
    if not periods:
        return None
    tallest = max(n for _, n in periods)
    width = 14
    bars = []
    # Time runs from right to left, as an Arabic reader reads: oldest on the right.
    last_slot = len(periods) - 1
    for i, (period, n) in enumerate(periods):
        start, end = period_range(period)
        bars.append(
            Bar(
                label=period_label(period),
                count=n,
                url=_url(params, base, date_from=start.isoformat(), date_to=end.isoformat()),
                height=max(2, round(HISTOGRAM_HEIGHT * n / tallest)),
                x=(last_slot - i) * (width + 2),
                y=HISTOGRAM_HEIGHT - max(2, round(HISTOGRAM_HEIGHT * n / tallest)),
            )
        )
    return {
        "bars": bars,
        "bar_width": width,
        "width": len(bars) * (width + 2),
        "height": HISTOGRAM_HEIGHT,
        "first": bars[0].label,
        "last": bars[-1].label,
    }
