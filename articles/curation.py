"""Editors' decisions about people and places: merge, rename, confirm, reject, link.

Plain functions used by the admin, the tests and the shell. Each runs in one
transaction and re-indexes the articles it touched once that transaction
commits (`search.index_queue.reindex_on_commit`; the bulk updates used here send
no signals). A decision is recorded in the data itself, so a later
`extract_entities` keeps it: a confirmed or rejected link is never changed by
the machine, a rejected name is never linked again, and a merged-away or
renamed spelling stays behind as an alias of the entity it now means.

Messages for editors are Arabic msgids marked with gettext_noop, translated
when raised or shown (the tests reuse the constants); the history entries stay
in the archive's language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles.models import (
    Article,
    EntityStatus,
    MentionStatus,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceAlias,
    PlaceMention,
    name_key,
)
from search.index_queue import reindex_on_commit

Entity = Person | Place

ERROR_NOT_AN_ENTITY = "Only people and places can be curated, not {model}."
ERROR_MERGE_NOTHING = gettext_noop("اختر كياناً آخر على الأقل لدمجه في «{name}».")
ERROR_MERGE_SELF = gettext_noop("لا يمكن دمج «{name}» في نفسه.")
ERROR_MERGE_KINDS = gettext_noop("لا يمكن دمج شخص ومكان: «{a}» و«{b}» من نوعين مختلفين.")
ERROR_EMPTY_NAME = gettext_noop("الاسم فارغ بعد التطبيع: اكتب اسماً فيه حروف.")
ERROR_NAME_TAKEN = gettext_noop(
    "«{name}» اسمٌ لـ«{owner}» (رقم {pk}) أو اسمٌ بديل له؛ "
    "إن كانا الشخص أو المكان نفسه فادمجهما بدل إعادة التسمية."
)
ERROR_LINK_REJECTED_ENTITY = gettext_noop(
    "«{name}» مرفوض، فلا يظهر في أي مقال؛ أعد تأكيده أولاً ثم أضف الرابط."
)
MERGE_DONE = gettext_noop(
    "دُمج {merged} في «{kept}»: نُقل {moved} رابطاً (جُمع {combined} منها مع روابط قائمة)، "
    "وأُضيف {aliases} اسماً بديلاً."
)
MERGE_ALIASES_ELSEWHERE = gettext_noop("بقي {names} اسماً بديلاً لكيان آخر.")
NAMES_SEPARATOR = gettext_noop("، ")
# The history, in the archive's language whoever merged.
MERGE_LOG = "دُمج فيه: {names} ({links} رابطاً)."
MERGED_AWAY_LOG = "دُمج في «{kept}» (رقم {pk})."


@dataclass(frozen=True)
class _Spec:
    alias_model: type
    mention_model: type
    fk: str  # the entity's foreign key on both: "person" or "place"

    @property
    def fk_id(self) -> str:
        return f"{self.fk}_id"


SPECS = {
    Person: _Spec(PersonAlias, PersonMention, "person"),
    Place: _Spec(PlaceAlias, PlaceMention, "place"),
}


def spec_for(model_or_entity) -> _Spec:
    model = model_or_entity if isinstance(model_or_entity, type) else type(model_or_entity)
    try:
        return SPECS[model]
    except KeyError:
        raise ValueError(ERROR_NOT_AN_ENTITY.format(model=model.__name__)) from None


class CurationError(ValueError):
    """A decision that cannot be carried out as asked; the message says what to do instead."""


# -- names ---------------------------------------------------------------------


def name_owner(model: type, name: str, *, exclude_pk: int | None = None) -> Entity | None:
    """The person (or place) other than `exclude_pk` whose name or alias folds to `name`'s key."""
    spec = spec_for(model)
    key = name_key(name)
    owner = model.objects.filter(name_key=key).exclude(pk=exclude_pk).first()
    if owner is not None:
        return owner
    alias = (
        spec.alias_model.objects.filter(name_key=key)
        .exclude(**{spec.fk_id: exclude_pk})
        .select_related(spec.fk)
        .first()
    )
    return getattr(alias, spec.fk) if alias else None


def rename(entity: Entity, new_name: str) -> Entity:
    """Give `entity` a new canonical name; the old one stays as an alias.

    A later extraction that finds the old spelling then links this entity.
    Raises CurationError when the new name already belongs to another entity
    (merge them instead) or folds to nothing.
    """
    spec = spec_for(entity)
    model = type(entity)
    new_name = " ".join(new_name.split())
    key = name_key(new_name)
    if not key:
        raise CurationError(_(ERROR_EMPTY_NAME))
    with transaction.atomic():
        old_name = (
            model.objects.select_for_update().values_list("name", flat=True).get(pk=entity.pk)
        )
        owner = name_owner(model, new_name, exclude_pk=entity.pk)
        if owner is not None:
            raise CurationError(
                _(ERROR_NAME_TAKEN).format(name=new_name, owner=owner.name, pk=owner.pk)
            )
        aliases = spec.alias_model.objects.filter(**{spec.fk: entity})
        aliases.filter(name_key=key).delete()  # an alias becoming the name is no longer an alias
        old_key = name_key(old_name)
        if old_key != key and not spec.alias_model.objects.filter(name_key=old_key).exists():
            spec.alias_model.objects.create(name=old_name, **{spec.fk: entity})
        entity.name = new_name
        entity.save()  # the signal processor re-indexes its articles
    return entity


# -- merge ---------------------------------------------------------------------


@dataclass
class MergeSummary:
    kept: Entity
    merged_names: list[str]
    links_moved: int = 0  # every link of the merged entities, now the kept one's
    links_combined: int = 0  # of those, folded into a link the kept one already had
    aliases_added: list[str] = field(default_factory=list)
    # Names that are already an alias of some third entity: left with it.
    aliases_elsewhere: list[str] = field(default_factory=list)
    articles: set[int] = field(default_factory=set)

    def __str__(self) -> str:
        """What the editor reads after a merge, in the active language."""
        separator = _(NAMES_SEPARATOR)
        text = _(MERGE_DONE).format(
            merged=_quoted(self.merged_names, separator),
            kept=self.kept.name,
            moved=self.links_moved,
            combined=self.links_combined,
            aliases=len(self.aliases_added),
        )
        if self.aliases_elsewhere:
            names = _quoted(self.aliases_elsewhere, separator)
            text += " " + _(MERGE_ALIASES_ELSEWHERE).format(names=names)
        return text


def _quoted(names: Iterable[str], separator: str = NAMES_SEPARATOR) -> str:
    return separator.join(f"«{n}»" for n in names)


def _combined_status(a: str, b: str) -> str:
    """An editor's confirmation wins over a rejection, which wins over the machine."""
    if MentionStatus.CONFIRMED in (a, b):
        return MentionStatus.CONFIRMED
    if MentionStatus.REJECTED in (a, b):
        return MentionStatus.REJECTED
    return MentionStatus.MACHINE


def merge(target: Entity, others: Iterable[Entity], *, user=None) -> MergeSummary:
    """Fold `others` into `target`: their names and aliases become its aliases,
    their links become its links, and they are deleted.

    Where both were linked to one article the counts add up and the link is
    confirmed if either was, else rejected if either was. With `user`, the
    merge is written to the admin history of the kept entity (and a deletion
    entry for each merged one).
    """
    spec = spec_for(target)
    model = type(target)
    others = list(others)
    for other in others:
        if type(other) is not model:
            raise CurationError(_(ERROR_MERGE_KINDS).format(a=target.name, b=other.name))
        if other.pk == target.pk:
            raise CurationError(_(ERROR_MERGE_SELF).format(name=target.name))
    if not others:
        raise CurationError(_(ERROR_MERGE_NOTHING).format(name=target.name))

    with transaction.atomic():
        target = model.objects.select_for_update().get(pk=target.pk)
        others = list(
            model.objects.select_for_update().filter(pk__in={o.pk for o in others}).order_by("pk")
        )
        if not others:
            raise CurationError(_(ERROR_MERGE_NOTHING).format(name=target.name))
        summary = MergeSummary(kept=target, merged_names=[o.name for o in others])
        _move_aliases(spec, target, others, summary)
        _move_links(spec, target, others, summary)
        if user is not None:
            LogEntry.objects.log_actions(
                user_id=user.pk,
                queryset=[target],
                action_flag=CHANGE,
                change_message=MERGE_LOG.format(
                    names=_quoted(summary.merged_names), links=summary.links_moved
                ),
                single_object=True,
            )
            for other in others:
                LogEntry.objects.log_actions(
                    user_id=user.pk,
                    queryset=[other],
                    action_flag=DELETION,
                    change_message=MERGED_AWAY_LOG.format(kept=target.name, pk=target.pk),
                    single_object=True,
                )
        model.objects.filter(pk__in=[o.pk for o in others]).delete()
        reindex_on_commit(summary.articles)
    return summary


def _move_aliases(spec: _Spec, target: Entity, others: list[Entity], summary: MergeSummary) -> None:
    aliases = spec.alias_model.objects.filter(**{f"{spec.fk}__in": others})
    moved = []
    for alias in aliases:
        if alias.name_key == target.name_key:
            alias.delete()  # the kept entity's own name: its key maps there already
            continue
        setattr(alias, spec.fk_id, target.pk)
        moved.append(alias)
        summary.aliases_added.append(alias.name)
    spec.alias_model.objects.bulk_update(moved, [spec.fk_id])

    owners = dict(
        spec.alias_model.objects.filter(name_key__in=[o.name_key for o in others]).values_list(
            "name_key", spec.fk_id
        )
    )
    for other in others:
        owner = owners.get(other.name_key)
        if owner == target.pk:
            continue  # already one of its aliases
        if owner is not None:
            summary.aliases_elsewhere.append(other.name)
            continue
        spec.alias_model.objects.create(name=other.name, **{spec.fk: target})
        summary.aliases_added.append(other.name)


def _move_links(spec: _Spec, target: Entity, others: list[Entity], summary: MergeSummary) -> None:
    mentions = spec.mention_model.objects
    by_article = {link.article_id: link for link in mentions.filter(**{spec.fk: target})}
    changed = {}
    folded = []
    for link in mentions.filter(**{f"{spec.fk}__in": others}).order_by("pk"):
        summary.links_moved += 1
        summary.articles.add(link.article_id)
        kept = by_article.get(link.article_id)
        if kept is None:
            setattr(link, spec.fk_id, target.pk)
            by_article[link.article_id] = changed[link.pk] = link
            continue
        summary.links_combined += 1
        kept.count += link.count
        kept.status = _combined_status(kept.status, link.status)
        kept.surface = kept.surface or link.surface
        changed[kept.pk] = kept
        folded.append(link.pk)
    mentions.filter(pk__in=folded).delete()
    mentions.bulk_update(
        list(changed.values()), [spec.fk_id, "count", "status", "surface"], batch_size=500
    )


# -- links and entities ----------------------------------------------------------


def _by_model(objects: Iterable) -> dict[type, list]:
    groups: dict[type, list] = defaultdict(list)
    for obj in objects:
        groups[type(obj)].append(obj)
    return groups


def set_link_status(mentions: Iterable, status: str) -> int:
    """Confirm or reject links (rejecting splits a wrong link off its article).

    A rejected link stays in the database so extraction never adds it again.
    Returns how many links changed.
    """
    status = MentionStatus(status)
    changed = 0
    with transaction.atomic():
        for model, links in _by_model(mentions).items():
            if model not in (PersonMention, PlaceMention):
                raise ValueError(ERROR_NOT_AN_ENTITY.format(model=model.__name__))
            rows = model.objects.filter(pk__in=[m.pk for m in links]).exclude(status=status)
            articles = set(rows.values_list("article_id", flat=True))
            changed += rows.update(status=status)
            for link in links:
                link.status = status
            reindex_on_commit(articles)
    return changed


def add_link(article: Article, entity: Entity, *, count: int = 1):
    """Link an article to a person or place the extractor missed (status confirmed).

    An existing link is confirmed instead, keeping its count; a rejected one
    comes back. Raises CurationError for a rejected entity, which no page shows.
    """
    spec = spec_for(entity)
    if entity.status == EntityStatus.REJECTED:
        raise CurationError(_(ERROR_LINK_REJECTED_ENTITY).format(name=entity.name))
    with transaction.atomic():
        link, created = spec.mention_model.objects.select_for_update().get_or_create(
            article=article,
            **{spec.fk: entity},
            defaults={"count": max(count, 1), "status": MentionStatus.CONFIRMED},
        )
        if not created and link.status != MentionStatus.CONFIRMED:
            link.status = MentionStatus.CONFIRMED
            link.save(update_fields=["status"])  # the signal processor re-indexes the article
    return link


def set_entity_status(entities: Iterable[Entity], status: str) -> int:
    """Confirm or reject people or places. A rejected one leaves every facet
    and page, and extraction never links its names again. Returns how many changed."""
    status = EntityStatus(status)
    changed = 0
    with transaction.atomic():
        for model, group in _by_model(entities).items():
            spec = spec_for(model)
            rows = model.objects.filter(pk__in=[e.pk for e in group]).exclude(status=status)
            pks = list(rows.values_list("pk", flat=True))
            changed += model.objects.filter(pk__in=pks).update(status=status)
            for entity in group:
                entity.status = status
            reindex_on_commit(
                spec.mention_model.objects.filter(**{f"{spec.fk}__in": pks}).values_list(
                    "article_id", flat=True
                )
            )
    return changed
