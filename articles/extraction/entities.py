"""People and places of an article: tagger -> canonical names -> database links.

`find_in_article` is pure (the CRF tagger in `ner/` and the folding rules in
`canonical.py`); `EntityDirectory` maps canonical names to Person and Place
rows, creating missing ones in bulk; `link_new_articles` (ingest) and
`relink_article` (re-extraction) write the links. A link an editor confirmed
or rejected is never changed by a machine, and a name an editor rejected is
never linked again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from articles.extraction.canonical import CanonicalEntity, KnownNames, Mention, canonicalize
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
from search.analysis.tokens import WORD_RE

PERSON, PLACE = "PERS", "LOC"
PATRONYMIC = frozenset({"بن", "بنت", "ابن"})  # normalized: the next word is a father's name
LINEAGE = PATRONYMIC | {"ال"}  # «آل سعود», normalized


def _lineage_prefixes(key: str) -> list[str]:
    """Shorter forms of a name that its lineage extends, shortest first:
    'محمد بن سلمان بن عبدالعزيز' -> ['محمد بن سلمان']. At least two words,
    and never ending on بن (a bare «محمد» or «محمد بن» is nobody in particular)."""
    words = key.split()
    return [
        " ".join(words[:n])
        for n in range(2, len(words))
        if words[n] in LINEAGE and words[n - 1] not in LINEAGE
    ]


def find_in_article(
    title: str, body: str, known: KnownNames | None = None
) -> list[CanonicalEntity]:
    """The people and places an article's own title and body mention, folded to canonical names.

    The body is the cleaned article: boilerplate and any story appended after
    «اقرأ أيضاً» were taken off at ingest, so they contribute nothing here.
    """
    from articles.extraction.ner.tagger import find_entities  # loads the model on first use

    text = f"{title}\n\n{body}"
    mentions = [Mention(kind=s.kind, surface=s.text) for s in find_entities(text)]
    found = canonicalize(mentions, known)
    if known is not None:
        # Names editors confirmed are found even where the tagger misses them
        # («كامالا هاريس» in quotes, a rare spelling): the archive's own gazetteer.
        extra = _curated_mentions(text, known, {e.name for e in found})
        if extra:
            found = canonicalize(mentions + extra, known)
    # The database's key (which also joins «عبد ال…» compounds) identifies the entity.
    return [replace(e, key=name_key(e.key)) for e in found]


CURATED_MAX_WORDS = 4


def _curated_mentions(text: str, known: KnownNames, found_names: set[str]) -> list[Mention]:
    """Every occurrence of a curated name or alias whose entity the tagger did
    not find; then, as within a tagged article, the family name of a person so
    found when it stands alone («كامالا هاريس» … «هاريس»)."""
    if not (known.people or known.places):
        return []
    words = WORD_RE.findall(name_key(text))  # punctuation and quotes off
    extra, covered, people = [], set(), {}
    for i in range(len(words)):
        # Two words at least: a lone curated word («صالح», an alias of علي عبدالله
        # صالح) is also an everyday word («في صالح»); it only helps the tagger's spans.
        for n in range(CURATED_MAX_WORDS, 1, -1):
            key = " ".join(words[i : i + n])
            person = known.people.get(key)
            if person and person not in found_names:
                extra.append(Mention(kind=PERSON, surface=person))
                covered.update(range(i, i + n))
                people[words[i + n - 1]] = person
                break
            place = known.places.get(key)
            if place and place[0] not in found_names:
                extra.append(Mention(kind=PLACE, surface=place[0]))
                break
    extra += [
        Mention(kind=PERSON, surface=people[word])
        for i, word in enumerate(words)
        if i not in covered and word in people
    ]
    return extra


@dataclass
class _Kind:
    model: type
    alias_model: type
    alias_fk: str
    mention_model: type
    mention_fk: str


KINDS = {
    PERSON: _Kind(Person, PersonAlias, "person_id", PersonMention, "person_id"),
    PLACE: _Kind(Place, PlaceAlias, "place_id", PlaceMention, "place_id"),
}


class EntityDirectory:
    """Every known name key (canonical names and aliases) with its entity id."""

    def __init__(self) -> None:
        self.ids: dict[str, dict[str, int]] = {PERSON: {}, PLACE: {}}
        self.names: dict[str, dict[int, tuple[str, str]]] = {PERSON: {}, PLACE: {}}
        self.rejected: dict[str, set[str]] = {PERSON: set(), PLACE: set()}
        # Confirmed names and every alias: what canonicalize() treats as curated.
        # Machine-found names are matched by key only, so one bad extraction
        # cannot steer the folding of the next article.
        self.curated: dict[str, dict[str, int]] = {PERSON: {}, PLACE: {}}
        self._known: KnownNames | None = None
        self.statuses: dict[int, str] = {}  # people's review status, by id
        own_keys: dict[int, str] = {}  # each person's own name key (not its aliases)
        aliased: set[int] = set()  # people with an alias
        for kind, spec in KINDS.items():
            fields = ["pk", "name", "name_key", "status"] + (["kind"] if kind == PLACE else [])
            rejected_pks = set()
            for row in spec.model.objects.values_list(*fields):
                pk, name, key, status = row[:4]
                self.ids[kind][key] = pk
                self.names[kind][pk] = (name, row[4] if kind == PLACE else "")
                if kind == PERSON:
                    self.statuses[pk] = status
                    own_keys[pk] = key
                if status == EntityStatus.REJECTED:
                    rejected_pks.add(pk)
                elif status == EntityStatus.CONFIRMED:
                    self.curated[kind][key] = pk
            for key, pk in spec.alias_model.objects.values_list("name_key", spec.alias_fk):
                self.ids[kind][key] = pk
                self.curated[kind][key] = pk  # aliases are editors' (or their merges')
                if kind == PERSON:
                    aliased.add(pk)
            self.rejected[kind] = {k for k, pk in self.ids[kind].items() if pk in rejected_pks}

        # -- family names across articles ------------------------------------
        # Within one article canonicalize() links «بوتين» to «فلاديمير بوتين».
        # Across articles: a lone family name joins the one person the archive
        # knows by it, and a lone family name stored earlier becomes the full
        # name when the full name first appears. Never when two people share it.
        self.full_by_surname: dict[str, set[int]] = {}
        # «محمد بن سلمان» -> ids of longer names of the same lineage («… بن عبدالعزيز»).
        self.extensions: dict[str, set[int]] = {}
        self.surname_only: dict[str, int] = {}
        for pk, key in own_keys.items():
            if key and self.statuses[pk] != EntityStatus.REJECTED:
                self._note_person(key, pk, promotable=pk not in aliased)

    def _note_person(self, key: str, pk: int, *, promotable: bool) -> None:
        for prefix in _lineage_prefixes(key):
            self.extensions.setdefault(prefix, set()).add(pk)
        words = key.split()
        if len(words) == 1:
            if promotable:
                self.surname_only[key] = pk
        elif words[-2] not in PATRONYMIC:
            self.full_by_surname.setdefault(words[-1], set()).add(pk)

    def _resolve_surnames(self, missing: dict[str, CanonicalEntity]) -> dict[str, str]:
        """Map or promote the people in `missing` known by family name; drop them from it.

        Returns {lone family name: full name} for pairs that are both new: the
        family name takes the full name's id once that one is created.
        """
        new_full_by_last: dict[str, list[str]] = {}
        for key in missing:
            words = key.split()
            if len(words) > 1 and words[-2] not in PATRONYMIC:
                new_full_by_last.setdefault(words[-1], []).append(key)
        later: dict[str, str] = {}
        for key in list(missing):
            words = key.split()
            if len(words) == 1:
                known = self.full_by_surname.get(key, set())
                new = new_full_by_last.get(key, [])
                if len(known) + len(new) != 1:
                    continue  # unknown, or two people share the name
                if known:
                    self.ids[PERSON][key] = next(iter(known))
                else:
                    later[key] = new[0]
                del missing[key]
            elif key in new_full_by_last.get(words[-1], ()):
                last = words[-1]
                pk = self.surname_only.get(last)
                if (
                    pk is None
                    or self.full_by_surname.get(last)
                    or len(new_full_by_last[last]) > 1
                    or self.statuses.get(pk) != EntityStatus.MACHINE
                ):
                    continue
                self._promote(pk, missing.pop(key))
        return later

    def _resolve_lineage(self, missing: dict[str, CanonicalEntity]) -> dict[str, str]:
        """A name and its longer lineage form are one person: «سلمان بن عبدالعزيز»
        and «سلمان بن عبدالعزيز آل سعود», «محمد بن سلمان» and «محمد بن سلمان بن
        عبدالعزيز». The shorter form known first keeps the id. Drops the mapped
        names from `missing`; returns {name: shorter new name} for pairs both new.
        """
        later: dict[str, str] = {}
        for key in sorted(missing, key=lambda k: len(k.split())):
            known = [p for p in _lineage_prefixes(key) if p in self.ids[PERSON]]
            new = [p for p in _lineage_prefixes(key) if p in missing and p not in later]
            if known:
                self.ids[PERSON][key] = self.ids[PERSON][known[0]]
            elif new:
                later[key] = later.get(new[0], new[0])
            elif len(self.extensions.get(key, ())) == 1:
                self.ids[PERSON][key] = next(iter(self.extensions[key]))
            else:
                continue
            del missing[key]
        return later

    def _promote(self, pk: int, full: CanonicalEntity) -> None:
        person = Person.objects.get(pk=pk)
        old_name = person.name
        person.name = full.name[:200]
        person.save(update_fields=["name", "name_key"])
        PersonAlias.objects.get_or_create(
            name_key=name_key(old_name), defaults={"name": old_name, "person": person}
        )
        self.ids[PERSON][person.name_key] = pk
        self.names[PERSON][pk] = (person.name, "")
        del self.surname_only[name_key(old_name)]
        self._note_person(person.name_key, pk, promotable=False)

    def known_names(self) -> KnownNames:
        """The curated names for `canonicalize`, built once per directory."""
        if self._known is None:
            self._known = self._build_known()
        return self._known

    def _build_known(self) -> KnownNames:
        people = {key: self.names[PERSON][pk][0] for key, pk in self.curated[PERSON].items()}
        places = {key: self.names[PLACE][pk] for key, pk in self.curated[PLACE].items()}
        return KnownNames(
            people=people,
            places=places,
            rejected_people=set(self.rejected[PERSON]),
            rejected_places=set(self.rejected[PLACE]),
        )

    def _create(self, kind: str, spec, missing: dict[str, CanonicalEntity]) -> None:
        rows = []
        for key, entity in missing.items():
            row = spec.model(name=entity.name[:200], name_key=key)
            if kind == PLACE:
                row.kind = entity.kind_detail or Place.Kind.OTHER
            rows.append(row)
        # ignore_conflicts: another ingest may have created some meanwhile.
        spec.model.objects.bulk_create(rows, ignore_conflicts=True)
        for pk, key, name in spec.model.objects.filter(name_key__in=list(missing)).values_list(
            "pk", "name_key", "name"
        ):
            self.ids[kind][key] = pk
            self.names[kind][pk] = (name, missing[key].kind_detail if key in missing else "")
            if kind == PERSON:
                self.statuses[pk] = EntityStatus.MACHINE
                self._note_person(key, pk, promotable=True)

    def ids_for(self, found: Iterable[CanonicalEntity]) -> dict[tuple[str, str], int]:
        """(kind, key) -> entity id for every entity found, creating the missing ones in bulk."""
        found = list(found)
        for kind, spec in KINDS.items():
            missing: dict[str, CanonicalEntity] = {}
            for entity in found:
                if entity.kind == kind and entity.key not in self.ids[kind]:
                    missing.setdefault(entity.key, entity)
            later = {}
            if kind == PERSON:
                later = self._resolve_lineage(missing) | self._resolve_surnames(missing)
            if missing:
                self._create(kind, spec, missing)
            for name, target in later.items():
                while target in later:  # a family name -> a lineage form -> its root
                    target = later[target]
                if target in self.ids[PERSON]:
                    self.ids[PERSON][name] = self.ids[PERSON][target]

        return {
            (e.kind, e.key): self.ids[e.kind][e.key]
            for e in found
            if e.key in self.ids[e.kind] and e.key not in self.rejected[e.kind]
        }


def link_new_articles(
    articles: list[Article], found: list[list[CanonicalEntity]], directory: EntityDirectory
) -> None:
    """Store machine links for freshly inserted articles, in bulk.

    Sets `article.entity_ids` = (person ids, place ids) so the index can be
    written without reading the links back.
    """
    ids = directory.ids_for(e for entities in found for e in entities)
    mentions: dict[str, list] = {PERSON: [], PLACE: []}
    for article, entities in zip(articles, found):
        linked: dict[str, list[int]] = {PERSON: [], PLACE: []}
        for entity in entities:
            pk = ids.get((entity.kind, entity.key))
            if pk is None or pk in linked[entity.kind]:
                continue
            linked[entity.kind].append(pk)
            spec = KINDS[entity.kind]
            mentions[entity.kind].append(
                spec.mention_model(
                    article_id=article.pk,
                    count=entity.count,
                    surface=(entity.surfaces[0] if entity.surfaces else entity.name)[:200],
                    **{spec.mention_fk: pk},
                )
            )
        article.entity_ids = (linked[PERSON], linked[PLACE])
    for kind, rows in mentions.items():
        KINDS[kind].mention_model.objects.bulk_create(rows, batch_size=1_000)


def relink_article(article: Article, directory: EntityDirectory | None = None) -> dict[str, int]:
    """Extract again and bring the machine links up to date; editors' links stay as they are.

    Returns how many links were added, updated and removed.
    """
    directory = directory or EntityDirectory()
    found = find_in_article(article.title, article.body, directory.known_names())
    ids = directory.ids_for(found)
    wanted: dict[str, dict[int, CanonicalEntity]] = {PERSON: {}, PLACE: {}}
    for entity in found:
        pk = ids.get((entity.kind, entity.key))
        if pk is not None:
            wanted[entity.kind].setdefault(pk, entity)
    stats = {"added": 0, "updated": 0, "removed": 0}
    for kind, spec in KINDS.items():
        existing = {
            getattr(m, spec.mention_fk): m
            for m in spec.mention_model.objects.filter(article=article)
        }
        for pk, mention in existing.items():
            if mention.status != MentionStatus.MACHINE:
                continue  # an editor's decision
            if pk not in wanted[kind]:
                mention.delete()
                stats["removed"] += 1
            elif mention.count != wanted[kind][pk].count:
                mention.count = wanted[kind][pk].count
                mention.save(update_fields=["count"])
                stats["updated"] += 1
        new = [
            spec.mention_model(
                article=article,
                count=entity.count,
                surface=(entity.surfaces[0] if entity.surfaces else entity.name)[:200],
                **{spec.mention_fk: pk},
            )
            for pk, entity in wanted[kind].items()
            if pk not in existing
        ]
        spec.mention_model.objects.bulk_create(new)
        stats["added"] += len(new)
    return stats


__all__ = [
    "EntityDirectory",
    "find_in_article",
    "link_new_articles",
    "relink_article",
]
