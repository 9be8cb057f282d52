"""A search's results as CSV or JSON: /search/export.csv and /search/export.json.

One row per article: each result as the search page lists it, then the
other outlets' versions of its story folded into it (`version_of` names the
result). Every result is exported or none: beyond NEWSARCHIVE_EXPORT_MAX_ROWS
results the reader is asked to narrow the search, never handed a cut list.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_safe

from articles.models import PersonMention, PlaceMention
from search.api import JSON_OPTIONS, filters_json
from search.downloads import attachment_header, download_names
from search.engine import MAX_RESULT_WINDOW, Hit, SearchRequest, Version, search_articles
from search.messages import Message
from search.parameters import bad_request, search_request_from
from search.query import QueryError

ERROR_TOO_MANY_ROWS = gettext_noop(
    "لهذا البحث {count:,} نتيجة، والتصدير يتسع لـ{limit:,} نتيجة على الأكثر. "
    "ضيّق البحث بتاريخ أو مصدر أو شخص، ثم صدّر النتائج من جديد."
)
COLUMNS = ("id", "title", "url", "source", "published_on", "people", "places", "version_of")
NAMES_SEPARATOR = "؛ "
# A cell starting with one of these is a formula to Excel: «=HYPERLINK(…)» in
# a title must stay text (https://owasp.org/www-community/attacks/CSV_Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class TooManyRows(QueryError):
    """More results than an export holds; the message names both numbers."""


def max_rows() -> int:
    return min(settings.NEWSARCHIVE_EXPORT_MAX_ROWS, MAX_RESULT_WINDOW)


@dataclasses.dataclass
class Export:
    request: SearchRequest
    total: int
    rows: list[dict]


def partial_iso(item: Hit | Version) -> str | None:
    """The date as far as it is known: 2024-09-05, 2024-09 (a month) or 2024 (a year)."""
    if not item.published_on:
        return None
    text = item.published_on.isoformat()
    return {"month": text[:7], "year": text[:4]}.get(item.date_precision, text)


def _listed(hits: list[Hit]) -> list[tuple[Hit | Version, int | None]]:
    """Each result, then the other outlets' versions folded into it: (article, result id or None)."""
    return [
        (item, None if item is hit else hit.id) for hit in hits for item in [hit, *hit.versions]
    ]


def _names_by_article(mentions, field: str, ids: list[int]) -> dict[int, list[dict]]:
    """{article id: [{id, name}, …]} for every article at once (one query)."""
    rows = (
        mentions.live()
        .filter(article_id__in=ids)
        .order_by("-count", f"{field}__name")
        .values_list("article_id", f"{field}_id", f"{field}__name")
    )
    found: dict[int, list[dict]] = {}
    for article_id, entity_id, name in rows:
        found.setdefault(article_id, []).append({"id": entity_id, "name": name})
    return found


def collect(request) -> Export:
    """Every result of the request's search, or QueryError (bad search, too many results)."""
    search = dataclasses.replace(
        search_request_from(request.GET), page=1, page_size=1, snippets=False
    )
    total = search_articles(search).count
    if total > max_rows():
        raise TooManyRows(Message(ERROR_TOO_MANY_ROWS, count=total, limit=max_rows()))
    # The counting search left the facet counts cached: this one only ranks and lists.
    hits = search_articles(dataclasses.replace(search, page_size=max(1, total))).hits
    listed = _listed(hits)
    ids = [item.id for item, _ in listed]
    people = _names_by_article(PersonMention.objects, "person", ids)
    places = _names_by_article(PlaceMention.objects, "place", ids)
    rows = [
        {
            "id": item.id,
            "title": item.title,
            "url": request.build_absolute_uri(reverse("articles:detail", args=[item.id])),
            "source": item.source,
            "published_on": partial_iso(item),
            "people": people.get(item.id, []),
            "places": places.get(item.id, []),
            "version_of": version_of,
        }
        for item, version_of in listed
    ]
    return Export(request=search, total=total, rows=rows)


def _as_text(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(column: str, value) -> str:
    if column in ("people", "places"):
        return _as_text(NAMES_SEPARATOR.join(item["name"] for item in value))
    if column in ("id", "url", "published_on", "version_of"):
        return "" if value is None else str(value)
    return _as_text(value)


def _download(content: str, content_type: str, export: Export, ext: str) -> HttpResponse:
    response = HttpResponse(content.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = attachment_header(*download_names(export.request.q, ext))
    return response


@require_safe
def export_csv(request):
    try:
        export = collect(request)
    except QueryError as exc:
        return bad_request(request, exc.message)
    out = io.StringIO()
    # The byte order mark tells Excel the file is UTF-8; without it Arabic opens garbled.
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in export.rows:
        writer.writerow([_csv_cell(column, row[column]) for column in COLUMNS])
    return _download(out.getvalue(), "text/csv; charset=utf-8", export, "csv")


@require_safe
def export_json(request):
    try:
        export = collect(request)
    except QueryError as exc:
        # Reached from the search page's export link: the reader's language, like the page.
        error = json.dumps({"error": exc.translated()}, **JSON_OPTIONS)
        return HttpResponse(error, status=400, content_type="application/json; charset=utf-8")
    document = {
        "query": {"q": export.request.q, "sort": export.request.sort, **filters_json(export.request)},
        "total": export.total,  # results, as the search page counts them
        "articles": len(export.rows),  # with the versions folded into them
        "items": export.rows,
    }
    content = json.dumps(document, indent=1, **JSON_OPTIONS)
    return _download(content, "application/json; charset=utf-8", export, "json")
