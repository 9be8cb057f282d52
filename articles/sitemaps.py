"""The sitemap sections: every article page, person, place and date archive page."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Person, PersonMention, Place, PlaceMention


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.only("id", "updated_at").order_by("id")

    def lastmod(self, article: Article):
        return article.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every article to find the newest change.
        return Article.objects.aggregate(latest=Max("updated_at"))["latest"]


class EntitySitemap(Sitemap):
    model: type[Person] | type[Place]
    mentions: type[PersonMention] | type[PlaceMention]

    def items(self):
        # People and places whose page lists at least one article; live links
        # never point to a rejected name, whose page is a 404.
        linked = self.mentions.objects.live().values(f"{self.mentions.entity_field}_id")
        return self.model.objects.filter(pk__in=linked).only("id").order_by("id")


class PersonSitemap(EntitySitemap):
    model, mentions = Person, PersonMention


class PlaceSitemap(EntitySitemap):
    model, mentions = Place, PlaceMention


class DateArchiveSitemap(Sitemap):
    """The archive index and each year, month and day that has articles."""

    def items(self) -> list[tuple[str, tuple[int, ...]]]:
        dated = Article.objects.filter(published_on__isnull=False)
        pages = [("articles:archive", ())]
        pages += [("articles:year", (d.year,)) for d in dated.dates("published_on", "year")]
        pages += [
            ("articles:month", (d.year, d.month)) for d in dated.dates("published_on", "month")
        ]
        pages += [
            ("articles:day", (d.year, d.month, d.day)) for d in dated.dates("published_on", "day")
        ]
        return pages

    def location(self, page: tuple[str, tuple[int, ...]]) -> str:
        name, args = page
        return reverse(name, args=args)


SITEMAPS = {
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "places": PlaceSitemap,
    "archive": DateArchiveSitemap,
}
