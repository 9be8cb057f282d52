"""The Atom feed of any search: /search/feed/ with the search page's parameters, newest first."""

from __future__ import annotations

import dataclasses
import html

from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from articles.feeds import FEED_ITEMS, SITE_NAME, ArchiveFeed, FeedItem
from articles.models import Article
from articles.templatetags.archive_tags import arabic_date
from search.engine import SearchPage, SearchRequest, search_articles
from search.facet_panel import FACETS
from search.parameters import bad_request, carried_query, search_request_from
from search.query import QueryError

LATEST_TITLE = "أحدث المقالات"


@dataclasses.dataclass
class FoundFeed:
    request: SearchRequest
    page: SearchPage
    query_string: str  # the search's own parameters, for the feed's links


def describe(request: SearchRequest) -> str:
    """«بوتين»، أشخاص: فلاديمير بوتين، من 1 سبتمبر 2024: the search in words."""
    parts = [f"«{request.q}»"] if request.q.strip() else []
    for _param, key, model, heading in FACETS:  # the search page's filters, by its headings
        ids = getattr(request, key)
        if ids:
            names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
            with translation.override("ar"):  # the feed's language
                label = str(heading)
            parts.append(f"{label}: " + "، ".join(names.get(pk, str(pk)) for pk in ids))
    if request.date_from:
        parts.append(f"من {arabic_date(request.date_from)}")
    if request.date_to:
        parts.append(f"حتى {arabic_date(request.date_to)}")
    return "، ".join(parts)


class SearchFeed(ArchiveFeed):
    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except QueryError as exc:  # raised by get_object, before anything is written
            return bad_request(request, exc.message)

    def get_object(self, request) -> FoundFeed:
        search = dataclasses.replace(
            search_request_from(request.GET), page=1, page_size=FEED_ITEMS, sort="newest"
        )
        return FoundFeed(
            request=search,
            page=search_articles(search),
            query_string=carried_query(request.GET, drop=("sort",)),
        )

    def title(self, found: FoundFeed) -> str:
        return f"{describe(found.request) or LATEST_TITLE} — {SITE_NAME}"

    def link(self, found: FoundFeed) -> str:
        return reverse("search:page") + found.query_string

    def feed_url(self, found: FoundFeed) -> str:
        return reverse("search:feed") + found.query_string

    def description(self, found: FoundFeed) -> str:
        return f"نتائج البحث في {SITE_NAME}، الأحدث أولًا."

    def items(self, found: FoundFeed) -> list[FeedItem]:
        hits = found.page.hits
        # The index has no change time: one query for every item's.
        updated = dict(
            Article.objects.filter(pk__in=[h.id for h in hits]).values_list("pk", "updated_at")
        )
        return [
            FeedItem(
                id=hit.id,
                title=hit.title,
                source=hit.source,
                published_on=hit.published_on,
                updated_at=updated.get(hit.id),
                # The snippet is HTML with the matches marked; the feed wants its text.
                summary=html.unescape(strip_tags(hit.snippet)),
            )
            for hit in hits
        ]
