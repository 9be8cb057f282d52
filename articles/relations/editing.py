"""Editors' word on stories: split a wrong group, join two that belong together.

Each action is stored as decisions between pairs of articles, keyed by
content fingerprint (StoryDecision), and applied at once. Ingest and
`relate_articles --all` read the decisions back, so a split or join holds
when the articles are ingested again or every group is rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from articles.models import Article, Story, StoryDecision
from articles.relations.stories import StoryGroups
from articles.relations.updating import write_groups
from search.index_queue import reindex_on_commit


def decide(a: Article, b: Article, *, same: bool, editor: str = "") -> None:
    first, second = sorted((a.fingerprint, b.fingerprint))
    StoryDecision.objects.update_or_create(
        first_fingerprint=first,
        second_fingerprint=second,
        defaults={"same": same, "decided_by": editor[:150]},
    )


def _load(articles: Iterable[Article]) -> tuple[StoryGroups, dict[int, int], dict[int, Article]]:
    """The groups of these articles' stories, with every member loaded."""
    story_ids = {a.story_id for a in articles if a.story_id}
    stories = dict(Story.objects.filter(pk__in=story_ids).values_list("anchor_id", "pk"))
    anchor_of_story = {pk: anchor for anchor, pk in stories.items()}
    members = {a.pk: a for a in articles}
    for member in Article.objects.filter(story_id__in=story_ids).only("pk", "fingerprint", "story"):
        members.setdefault(member.pk, member)
    groups = StoryGroups({})
    groups.load(
        {
            pk: anchor_of_story[a.story_id]
            for pk, a in members.items()
            if a.story_id in anchor_of_story
        }
    )
    return groups, stories, members


def _save(groups: StoryGroups, stories: dict[int, int], before: dict[int, int]) -> int:
    write_groups(groups, before, stories)
    changed = [pk for pk, key in before.items() if groups.key(pk) != key]
    reindex_on_commit(changed)
    return len(changed)


@transaction.atomic
def split_off(articles: Iterable[Article], *, editor: str = "") -> int:
    """Take these articles out of their stories; chosen versions of one story stay together.

    Returns how many articles changed group.
    """
    articles = list(articles)
    groups, stories, members = _load(articles)
    chosen = {a.pk for a in articles}
    before = {pk: groups.key(pk) for pk in members}
    for article in articles:
        for other in groups.group(article.pk) - {article.pk}:
            decide(article, members[other], same=other in chosen, editor=editor)
    groups.split_off(chosen)
    return _save(groups, stories, before)


@transaction.atomic
def join(articles: Iterable[Article], *, editor: str = "") -> int:
    """One story from these articles and the stories they are in. Returns how many changed group."""
    articles = sorted(articles, key=lambda a: a.pk)
    if len(articles) < 2:
        return 0
    groups, stories, members = _load(articles)
    before = {pk: groups.key(pk) for pk in members}
    first = articles[0]
    for other in articles[1:]:
        decide(first, other, same=True, editor=editor)
        groups.join(first.pk, other.pk)
    return _save(groups, stories, before)


@receiver(pre_delete, sender=Article)
def hand_over_story(sender, instance: Article, **kwargs) -> None:
    """Before a story's first article is deleted, the next version takes over as anchor."""
    story = Story.objects.filter(anchor_id=instance.pk).first()
    if story is None:
        return
    rest = list(
        Article.objects.filter(story=story)
        .exclude(pk=instance.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(rest) >= 2:
        story.anchor_id = rest[0]
        story.save(update_fields=["anchor"])
    else:
        Article.objects.filter(pk__in=rest).update(story=None)
        story.delete()
    reindex_on_commit(rest)  # their collapse key changed
