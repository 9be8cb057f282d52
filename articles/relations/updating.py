"""Related lists and same-story groups for new articles, against the whole archive.

Ingest hands each stored chunk to `RelationUpdater.add`; `relate_articles
--all` feeds the whole archive through a fresh updater in the order it was
stored, so both build the same lists and groups. Per chunk:

1. the chunk's nearest articles by text (space.py), from the whole archive;
2. each new article joins a same-story group, if one fits (stories.py);
3. each new article keeps its RELATED_KEPT most related articles outside its
   own story, and takes a place in an older article's list if it beats the
   last one there.

The archive's vectors, dates, people and places are read once, when the
updater starts (a few seconds at 31k articles), and kept up to date in memory.
Editors' decisions are read by content fingerprint, so they hold for an
article deleted and ingested again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Q

from articles.models import (
    Article,
    PersonMention,
    PlaceMention,
    RelatedArticle,
    Story,
    StoryDecision,
)
from articles.relations import scoring
from articles.relations.space import VectorSpace
from articles.relations.stories import StoryGroups
from articles.relations.vectors import decode

NEIGHBOURS = 40  # nearest by text, re-ranked by the full blend
RELATED_KEPT = 8
MIN_RELATEDNESS = 0.08  # below this an article has fewer than RELATED_KEPT related
MIN_TEXT = 0.05


def entity_keys(person_ids: Iterable[int], place_ids: Iterable[int]) -> frozenset[int]:
    """People and places as one set of ints: people positive, places negative."""
    return frozenset(list(person_ids) + [-pk for pk in place_ids])


def live_entity_keys() -> dict[int, frozenset[int]]:
    """{article id: entity keys} from the live links of every article."""
    people = PersonMention.objects.live().ids_by_article()
    places = PlaceMention.objects.live().ids_by_article()
    return {
        pk: entity_keys(people.get(pk, ()), places.get(pk, ()))
        for pk in people.keys() | places.keys()
    }


def day_number(date) -> int | None:
    return date.toordinal() if date else None


class RelationUpdater:
    def __init__(self, *, fresh: bool = False) -> None:
        """Read the archive. `fresh`: ignore stored groups and lists (rebuilding them all)."""
        self.space = VectorSpace()
        self.dates: dict[int, int | None] = {}
        self.fingerprints: dict[str, int] = {}
        rows = Article.objects.values_list("pk", "term_vector", "published_on", "fingerprint")
        ids, vectors = [], []
        for pk, vector, published_on, fp in rows.order_by("pk").iterator(chunk_size=2_000):
            self.dates[pk] = day_number(published_on)
            self.fingerprints[fp] = pk
            if vector:
                ids.append(pk)
                vectors.append(decode(vector))
        self.space.add(ids, vectors)
        self.entities = live_entity_keys()
        self.entity_articles: Counter[int] = Counter(
            key for keys in self.entities.values() for key in keys
        )
        self.decisions = list(
            StoryDecision.objects.values_list("first_fingerprint", "second_fingerprint", "same")
        )
        self._weights: dict[int, float] = {}
        self.groups = StoryGroups(self.dates, different=self._decided(False))
        self.stories: dict[int, int] = {}  # anchor -> Story id
        self.related: dict[int, list[tuple[float, int]]] = {}  # article -> [(score, related)]
        self.texts: dict[tuple[int, int], float] = {}  # (article, related) -> text similarity
        self.done: set[int] = set()  # articles placed: older ones a new one may join
        if not fresh:
            self.stories = dict(Story.objects.values_list("anchor_id", "pk"))
            story_anchor = {pk: anchor for anchor, pk in self.stories.items()}
            self.groups.load(
                {
                    pk: story_anchor[story]
                    for pk, story in Article.objects.filter(story__isnull=False).values_list(
                        "pk", "story_id"
                    )
                    if story in story_anchor
                }
            )
            for article, other, score, text in RelatedArticle.objects.values_list(
                "article_id", "related_id", "score", "text_score"
            ).iterator(chunk_size=10_000):
                self.related.setdefault(article, []).append((score, other))
                self.texts[(article, other)] = text
            for kept in self.related.values():
                kept.sort(reverse=True)
            self.done = set(self.dates)

    # -- the facts, as new articles arrive ---------------------------------

    def _decided(self, same: bool) -> dict[int, set[int]]:
        """{article id: ids an editor said are (not) the same story}, for articles present."""
        pairs: dict[int, set[int]] = {}
        for first, second, decided_same in self.decisions:
            a, b = self.fingerprints.get(first), self.fingerprints.get(second)
            if decided_same == same and a is not None and b is not None:
                pairs.setdefault(a, set()).add(b)
                pairs.setdefault(b, set()).add(a)
        return pairs

    def _weight(self, key: int) -> float:
        weight = self._weights.get(key)
        if weight is None:  # cached until the archive grows (register)
            weight = scoring.entity_weight(len(self.dates), self.entity_articles.get(key, 0))
            self._weights[key] = weight
        return weight

    def register(self, articles: Sequence[Article]) -> None:
        """Take in freshly stored articles (term_vector and entity_ids set by ingest)."""
        ids, vectors = [], []
        for article in articles:
            self.dates[article.pk] = day_number(article.published_on)
            self.fingerprints[article.fingerprint] = article.pk
            people, places = getattr(article, "entity_ids", ((), ()))
            keys = entity_keys(people, places)
            self.entities[article.pk] = keys
            self.entity_articles.update(keys)
            if article.term_vector:
                ids.append(article.pk)
                vectors.append(decode(article.term_vector))
        self.space.add(ids, vectors)
        self._weights.clear()
        self.groups.different.clear()
        self.groups.different.update(self._decided(False))

    # -- relating ----------------------------------------------------------

    def add(self, articles: Sequence[Article]) -> set[int]:
        """Register and relate a stored chunk; returns ids of older articles to re-index."""
        self.register(articles)
        return self.relate([a.pk for a in articles], articles)

    def relate(self, pks: Sequence[int], models: Sequence[Article] = ()) -> set[int]:
        """Place these articles in stories and give them related lists; write it all.

        Returns the ids of articles, other than these, whose collapse key
        changed (only an editor's "same story" can cause that).
        """
        pks = sorted(pks)
        batch = set(pks)
        found = self.space.neighbours(pks, NEIGHBOURS, MIN_TEXT)
        keys_before = {}
        same_pairs = self._decided(True)

        def remember(pk: int) -> None:
            for member in self.groups.group(pk):
                keys_before.setdefault(member, self.groups.key(member))

        comparisons: dict[int, list[tuple[int, scoring.Comparison]]] = {}
        for pk in pks:
            comparisons[pk] = [
                (other, self._compare(pk, other, text)) for other, text in found.get(pk, [])
            ]
            # `done` holds the archive's older articles and this batch's earlier
            # ones (pks are taken in order): the only articles `pk` may join.
            for other in same_pairs.get(pk, ()):  # editors first
                if other in self.done and not self.groups.same(pk, other):
                    remember(pk)
                    remember(other)
                    self.groups.join(pk, other)
            candidates = sorted(
                (
                    (scoring.same_story_score(c), other)
                    for other, c in comparisons[pk]
                    if other in self.done and scoring.same_story(c)
                ),
                reverse=True,
            )
            remember(pk)
            joined = self.groups.place(pk, [other for _, other in candidates])
            if joined is not None:
                remember(joined)
            self.done.add(pk)

        added, removed = self._update_related(pks, batch, comparisons)
        changed_keys = {pk for pk, key in keys_before.items() if self.groups.key(pk) != key}
        with transaction.atomic():
            self._write_stories(keys_before, models)
            self._write_related(batch, added, removed)
        return changed_keys - batch

    def _compare(self, a: int, b: int, text: float) -> scoring.Comparison:
        day_a, day_b = self.dates.get(a), self.dates.get(b)
        days = abs(day_a - day_b) if day_a is not None and day_b is not None else None
        return scoring.Comparison(
            text=text,
            days_apart=days,
            overlap=scoring.weighted_overlap(
                self.entities.get(a, frozenset()), self.entities.get(b, frozenset()), self._weight
            ),
            other_is_older=None if not days else day_b < day_a,
        )

    def _update_related(self, pks, batch, comparisons) -> tuple[set, set]:
        """New lists for `pks`, and their place in older lists.

        Returns the (article, related) pairs to add and to remove, so the
        database is told only what changed.
        """
        added: set[tuple[int, int]] = set()
        removed: set[tuple[int, int]] = set()
        for pk in pks:
            scored = sorted(
                (
                    (round(scoring.relatedness(c), 4), other, c.text)
                    for other, c in comparisons[pk]
                    if not self.groups.same(pk, other)
                ),
                reverse=True,
            )
            scored = [s for s in scored if s[0] >= MIN_RELATEDNESS]
            for _, other in self.related.get(pk, []):  # a list built before (relate_articles)
                self.texts.pop((pk, other), None)
            self.related[pk] = [(score, other) for score, other, _ in scored[:RELATED_KEPT]]
            for _, other, text in scored[:RELATED_KEPT]:
                self.texts[(pk, other)] = text
                added.add((pk, other))
            for score, other, text in scored:
                if other in batch or other not in self.done:
                    continue  # its own list is being (or will be) built from scratch
                kept = self.related.setdefault(other, [])
                if len(kept) >= RELATED_KEPT and score <= kept[-1][0]:
                    continue
                kept.append((score, pk))
                kept.sort(reverse=True)
                self.texts[(other, pk)] = text
                added.add((other, pk))
                for _, dropped in kept[RELATED_KEPT:]:
                    self.texts.pop((other, dropped), None)
                    if (other, dropped) in added:
                        added.discard((other, dropped))
                    else:
                        removed.add((other, dropped))
                del kept[RELATED_KEPT:]
        return added, removed

    def _write_related(self, batch: set[int], added: set, removed: set) -> None:
        """Store the lists: the batch's afresh, older ones by the pairs that changed."""
        for ids in _batches(sorted(batch)):
            RelatedArticle.objects.filter(article_id__in=ids).delete()
        # Older lists: the pairs displaced, and any stale copy of a pair added.
        pairs = sorted(removed | {pair for pair in added if pair[0] not in batch})
        for start in range(0, len(pairs), 400):
            either = Q()
            for pk, other in pairs[start : start + 400]:
                either |= Q(article_id=pk, related_id=other)
            RelatedArticle.objects.filter(either).delete()
        rows = []
        for pk, other in sorted(added):
            score = next(score for score, o in self.related[pk] if o == other)
            rows.append(
                RelatedArticle(
                    article_id=pk, related_id=other, score=score, text_score=self.texts[(pk, other)]
                )
            )
        RelatedArticle.objects.bulk_create(rows, batch_size=1_000)

    def _write_stories(self, touched: dict[int, int], models: Sequence[Article]) -> None:
        write_groups(self.groups, touched, self.stories)
        # The chunk's own models go to the index next: give them their story.
        for article in models:
            anchor = self.groups.anchor_of.get(article.pk)
            article.story = (
                Story(pk=self.stories[anchor], anchor_id=anchor) if anchor is not None else None
            )


def write_groups(groups: StoryGroups, touched: dict[int, int], stories: dict[int, int]) -> None:
    """Store the groups of the `touched` articles ({id: key before}).

    `stories` maps anchors to Story ids and is kept up to date: a new group
    gets a Story, a group merged into another loses its own.
    """
    anchors_now = {groups.anchor_of.get(pk) for pk in touched} - {None}
    new_anchors = sorted(anchors_now - set(stories))
    created = Story.objects.bulk_create([Story(anchor_id=anchor) for anchor in new_anchors])
    stories.update({story.anchor_id: story.pk for story in created})
    gone = {key for key in touched.values() if key in stories and key not in groups.members}
    if gone:
        Story.objects.filter(pk__in=[stories.pop(anchor) for anchor in gone]).delete()
    changed = []
    for pk in sorted(touched):
        anchor = groups.anchor_of.get(pk)
        changed.append(Article(pk=pk, story_id=stories[anchor] if anchor is not None else None))
    # One UPDATE per few hundred articles, not one per article or per story.
    Article.objects.bulk_update(changed, ["story"], batch_size=500)


def _batches(ids: Sequence[int], size: int = 900):
    """Ids a few hundred at a time: SQLite caps the parameters of one query."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
