"""Does the search index say what the database says? Which articles differ, and how.

Compared for every article: that it is indexed at all (and nothing deleted
still is), and the indexed title, date, source, people, places and story key
against the database. The text itself is not stored in the index; an edit to
it changes `updated_at`, which the index keeps too.

Repairs go through the backend's ordinary writer: readers keep searching the
current index while the stale documents are replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from haystack import connections
from haystack.constants import DJANGO_ID

from articles.models import Article, PersonMention, PlaceMention, collapse_key
from search import facets, index_queue
from search.search_indexes import date_key, stored_updated_at


@dataclass
class IndexReport:
    in_database: int = 0
    in_index: int = 0
    missing: list[int] = field(default_factory=list)  # stored, not searchable
    deleted: list[int] = field(default_factory=list)  # gone from the database, still found
    stale: dict[int, list[str]] = field(default_factory=dict)  # article -> fields that differ
    queued: int = 0  # edits not yet written by the index writer (not an error by itself)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.deleted or self.stale)


def _sorted_ids(by_article: dict[int, list[int]]) -> dict[int, tuple[int, ...]]:
    return {article: tuple(sorted(set(ids))) for article, ids in by_article.items()}


def check() -> IndexReport:
    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    reader = searcher.reader()
    columns = facets.columns_for(searcher)
    indexed: dict[int, tuple[int, dict]] = {}
    for docnum, fields in reader.iter_docs():
        indexed[int(fields[DJANGO_ID])] = (docnum, fields)

    people = _sorted_ids(PersonMention.objects.live().ids_by_article())
    places = _sorted_ids(PlaceMention.objects.live().ids_by_article())
    report = IndexReport(in_index=len(indexed), queued=index_queue.pending())
    rows = Article.objects.values_list(
        "pk", "title", "published_on", "source_id", "story__anchor_id", "updated_at"
    )
    for pk, title, published_on, source_id, anchor, updated_at in rows.iterator(chunk_size=5_000):
        report.in_database += 1
        found = indexed.pop(pk, None)
        if found is None:
            report.missing.append(pk)
            continue
        docnum, fields = found
        expected = {
            "title": (fields.get("title"), title),
            "date": (columns.dates[docnum], date_key(published_on) or 0),
            "source": (columns.sources[docnum], source_id or 0),
            "people": (tuple(sorted(columns.people[docnum])), people.get(pk, ())),
            "places": (tuple(sorted(columns.places[docnum])), places.get(pk, ())),
            "story": (columns.stories[docnum], collapse_key(pk, anchor)),
        }
        indexed_update = fields.get("updated_at")
        if indexed_update is not None:  # indexes from before this field cannot tell
            expected["text"] = (indexed_update, stored_updated_at(updated_at))
        differ = [name for name, (now, should) in expected.items() if now != should]
        if differ:
            report.stale[pk] = differ
    report.deleted = sorted(indexed)
    return report


def repair(report: IndexReport) -> int:
    """Index the missing and stale articles again and drop the deleted, through the
    index writer (searches go on); returns how many changed."""
    ids = set(report.missing) | set(report.stale) | set(report.deleted)
    index_queue.reindex(ids)
    return len(ids)
