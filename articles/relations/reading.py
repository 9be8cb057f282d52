"""What an article page and the API show: related articles with reasons, and other versions.

The lists were computed at ingest (updating.py); reading one costs a few
small queries whatever the archive's size. Reasons are written here, from
today's names and dates, so an editor's renaming or merging shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F

from articles.models import Article, PersonMention, PlaceMention, RelatedArticle
from articles.relations import scoring
from articles.relations.updating import RELATED_KEPT


@dataclass
class Related:
    article: Article
    score: float
    reasons: list[str]


@dataclass
class Version:
    article: Article
    first_published: bool


def related_articles(article: Article, limit: int = RELATED_KEPT) -> list[Related]:
    """Up to `limit` related articles, most related first, other versions of its story left out."""
    links = RelatedArticle.objects.filter(article=article)
    if article.story_id is not None:  # joined by an editor since the list was made
        links = links.exclude(related__story_id=article.story_id)
    links = list(links.order_by("-score", "related_id")[:limit])
    others = Article.objects.for_listing().filter(pk__in=[link.related_id for link in links])
    by_id = {other.pk: other for other in others}
    names = _shared_names(article.pk, list(by_id))
    found = []
    for link in links:
        other = by_id.get(link.related_id)
        if other is None:
            continue
        days = _days_apart(article, other)
        comparison = scoring.Comparison(
            text=link.text_score,
            days_apart=days,
            shared=tuple(names.get(other.pk, ())),
            other_is_older=None if not days else other.published_on < article.published_on,
        )
        found.append(Related(other, round(link.score, 4), scoring.reasons(comparison)))
    return found


def _days_apart(a: Article, b: Article) -> int | None:
    if a.published_on is None or b.published_on is None:
        return None
    return abs((a.published_on - b.published_on).days)


def _shared_names(pk: int, others: list[int]) -> dict[int, list[str]]:
    """{other article: names of the people and places it shares with `pk`}, the rarest first."""
    shared: dict[int, list[tuple[int, str]]] = {}
    for model, field in ((PersonMention, "person"), (PlaceMention, "place")):
        links = model.objects.live().filter(article_id__in=[pk, *others])
        rows = list(links.values_list("article_id", f"{field}_id", f"{field}__name"))
        mine = {entity for article, entity, _ in rows if article == pk}
        common = {entity for article, entity, _ in rows if article != pk and entity in mine}
        if not common:
            continue
        sizes = dict(
            model.objects.live()
            .filter(**{f"{field}_id__in": common})
            .values_list(f"{field}_id")
            .annotate(n=Count("id"))
        )
        for article, entity, name in rows:
            if article != pk and entity in common:
                shared.setdefault(article, []).append((sizes.get(entity, 0), name))
    return {article: [name for _, name in sorted(pairs)] for article, pairs in shared.items()}


def story_versions(article: Article) -> tuple[list[Version], bool]:
    """The story's other versions, oldest first, and whether this article came out first.

    The earliest dated version of all is the first published (the lowest id
    among those of the same day); it is marked among the others, or, if it is
    this article, the second value says so.
    """
    if article.story_id is None:
        return [], False
    versions = list(
        Article.objects.for_listing()
        .filter(story_id=article.story_id)
        .order_by(F("published_on").asc(nulls_last=True), "pk")
    )
    first = versions[0].pk if versions and versions[0].published_on else None
    others = [Version(v, v.pk == first) for v in versions if v.pk != article.pk]
    return others, first == article.pk
