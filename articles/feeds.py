"""Atom feeds of a person's and a place's articles, newest first.

`ArchiveFeed` holds what every feed of the archive shares (Arabic, Atom,
bounded, one plain-text summary per article); search/feeds.py builds the
feed of a search on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from articles.models import LIVE_ENTITY, Article, Person, Place
from articles.views import entity_mentions

SITE_NAME = "أرشيف الأخبار العربية"
FEED_ITEMS = 50
SUMMARY_WORDS = 40
# Read from the start of the body for the summary: 40 Arabic words fit well within it.
SUMMARY_CHARS = 800


@dataclass
class FeedItem:
    id: int
    title: str
    source: str | None
    published_on: dt.date | None
    updated_at: dt.datetime | None
    summary: str  # plain text


def plain_summary(text: str) -> str:
    """The first SUMMARY_WORDS words of a text, on one line."""
    return Truncator(" ".join(text.split())).words(SUMMARY_WORDS, truncate=" …")


def day_start(day: dt.date | None) -> dt.datetime | None:
    # The archive knows days, not times; midnight UTC keeps the date readers see.
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC) if day else None


class ArchiveFeed(Feed):
    feed_type = Atom1Feed
    language = "ar"

    @method_decorator(require_safe)  # read-only, like every public page
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def item_title(self, item: FeedItem) -> str:
        # Plain text: Atom titles are text and the feed generator escapes them
        # (Django's default escapes once more, for RSS).
        return item.title

    def item_description(self, item: FeedItem) -> str:
        # Django writes the summary as type="html": escaped here, a summary
        # holding "<script>" reads as those characters, never as markup.
        return escape(item.summary)

    def item_link(self, item: FeedItem) -> str:
        return reverse("articles:detail", args=[item.id])

    def item_author_name(self, item: FeedItem) -> str | None:
        return item.source

    def item_pubdate(self, item: FeedItem) -> dt.datetime | None:
        return day_start(item.published_on)

    def item_updateddate(self, item: FeedItem) -> dt.datetime | None:
        return item.updated_at or day_start(item.published_on)


class EntityFeed(ArchiveFeed):
    model: type[Person] | type[Place]
    description_template: str

    def get_object(self, request, pk: int):
        entity = get_object_or_404(self.model, pk=pk)
        if entity.status not in LIVE_ENTITY:
            raise Http404("rejected by an editor")
        return entity

    def title(self, entity) -> str:
        return f"{entity.name} — {SITE_NAME}"

    def link(self, entity) -> str:
        return entity.get_absolute_url()

    def feed_url(self, entity) -> str:
        return entity.get_feed_url()

    def description(self, entity) -> str:
        return self.description_template.format(name=entity.name)

    def items(self, entity) -> list[FeedItem]:
        articles = (
            Article.objects.filter(pk__in=entity_mentions(entity).values("article_id"))
            .select_related("source")
            .only("id", "title", "published_on", "updated_at", "source__name")
            .annotate(opening=Substr("body", 1, SUMMARY_CHARS))
            .newest_first()[:FEED_ITEMS]
        )
        return [
            FeedItem(
                id=a.pk,
                title=a.title,
                source=a.source.name if a.source_id else None,
                published_on=a.published_on,
                updated_at=a.updated_at,
                summary=plain_summary(a.opening),
            )
            for a in articles
        ]


class PersonFeed(EntityFeed):
    model = Person
    description_template = "أحدث المقالات التي تذكر {name}."


class PlaceFeed(EntityFeed):
    model = Place
    description_template = "أحدث المقالات عن {name}."
