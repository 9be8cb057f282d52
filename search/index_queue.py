"""The one path every write to the search index takes.

- Edits (admin saves in any worker, curation, story decisions, relate runs,
  repairs) call `reindex_on_commit(ids)`: the ids are queued in the database
  inside the edit's own transaction, so a committed edit is never forgotten.
  After the commit this process tries to become the index writer
  (search/writer_lock.py) and drains the queue; if another process is
  writing, it leaves its ids to that writer, which drains until the queue is
  empty. One index commit per batch, however many requests queued into it.
- The writer reads each article from the database when it writes it, so the
  index ends at the latest committed state whatever order edits committed
  in; an id whose article is gone is removed from the index.
- Bulk writers (ingest, `sync_index`) hold the same lock for their whole run
  (`bulk_writing`, `rebuild`); edits made meanwhile wait in the queue and
  are written when the run ends. Ingest also queues what it stores, in the
  transaction that stores it (`queue_until_committed`): a run killed before
  its one index commit leaves those articles queued for the next writer,
  and a run that commits drops those rows instead of writing them twice.
- A failed write (a full disk) leaves the ids queued: the next edit,
  `sync_index` or `check_index --repair` writes them.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.db import transaction
from haystack import connections

from articles.models import Article
from search.models import PendingIndexUpdate
from search.writer_lock import writer_lock

log = logging.getLogger(__name__)

INDEX_LAGS = (
    "Could not update the search index after an edit; the database is up to date and "
    "the articles stay queued. The next edit, `python manage.py sync_index` or "
    "`python manage.py check_index --repair` writes them."
)
DRAIN_CHUNK = 1_000  # articles per index commit
REBUILD_CHUNK = 1_000  # articles read from the database at a time


def _index():
    return connections["default"].get_unified_index().get_index(Article)


def _backend():
    return connections["default"].get_backend()


def document_id(pk: int) -> str:
    return f"articles.article.{pk}"


def enqueue(article_ids) -> int:
    ids = set(article_ids)
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(article_id=pk) for pk in sorted(ids)], batch_size=DRAIN_CHUNK
    )
    return len(ids)


def queue_until_committed(article_ids) -> list[int]:
    """Queue articles a bulk run is about to add, in the caller's transaction; returns
    the queue rows, for the run's `adder.covers(rows)` once they are handed to it."""
    rows = PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(article_id=pk) for pk in sorted(set(article_ids))],
        batch_size=DRAIN_CHUNK,
    )
    return [row.pk for row in rows]


def reindex_on_commit(article_ids) -> None:
    """Queue these articles now, in the caller's transaction; write them once it commits
    (at once outside one). The write never turns the caller's request into an error."""
    if not enqueue(article_ids):
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        entry[1] is _drain_quietly for entry in connection.run_on_commit
    ):
        return  # this transaction drains once, when it commits
    transaction.on_commit(_drain_quietly)


def reindex(article_ids) -> None:
    """Write these articles now, waiting for another writer to finish; errors propagate."""
    if enqueue(article_ids):
        drain(wait=True)


def _drain_quietly() -> None:
    try:
        drain(wait=False)
    except Exception:
        log.exception(INDEX_LAGS)


def pending() -> int:
    return PendingIndexUpdate.objects.count()


def drain(*, wait: bool) -> int:
    """Write every queued article; returns how many were written.

    Without `wait`, returns at once when another process is the writer: it
    writes ours too, since it drains until the queue is empty and looks
    again after letting go of the lock.
    """
    written = 0
    while True:
        with writer_lock(wait=wait) as mine:
            if not mine:
                return written
            written += _write_queued()
        # Queued by someone whose own try came while we held the lock.
        if not PendingIndexUpdate.objects.exists():
            return written


def _write_queued() -> int:
    written = 0
    while rows := list(PendingIndexUpdate.objects.values_list("pk", "article_id")[:DRAIN_CHUNK]):
        ids = {article for _, article in rows}
        _write(ids)
        # Only the rows read: an edit committed since queued its own row.
        PendingIndexUpdate.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
        written += len(ids)
    return written


def _write(ids: set[int]) -> None:
    index = _index()
    articles = list(index.index_queryset().filter(pk__in=ids))
    gone = ids - {article.pk for article in articles}
    _backend().apply(index, articles, removed=[document_id(pk) for pk in sorted(gone)])


class BulkAdder:
    """`add(articles)` of a bulk run, and the queue rows its commit will make redundant."""

    def __init__(self, add) -> None:
        self._add = add
        self.covered: list[int] = []
        self.failed = False

    def __call__(self, articles) -> int:
        try:
            return self._add(articles)
        except BaseException:
            self.failed = True  # the backend discards the whole batch: keep every row
            raise

    def covers(self, rows: list[int]) -> None:
        self.covered.extend(rows)


@contextmanager
def bulk_writing():
    """Hold the index for a bulk run (ingest, `sync_index`): yields a BulkAdder that adds
    new articles (model instances), all committed when the block ends. Edits queued
    meanwhile are written afterwards, and so are articles a killed run had queued."""
    with writer_lock(wait=True):
        try:
            with _backend().bulk_writer(_index()) as add:
                adder = BulkAdder(add)
                yield adder
            if not adder.failed:  # committed: what the rows insured against is done
                for start in range(0, len(adder.covered), DRAIN_CHUNK):
                    chunk = adder.covered[start : start + DRAIN_CHUNK]
                    PendingIndexUpdate.objects.filter(pk__in=chunk).delete()
        finally:
            _drain_quietly()


def rebuild(progress=None) -> int:
    """Index every article into a new index beside the live one, then make it live.

    Searches keep reading the old index until the swap; edits made during the
    build wait in the queue and are written to the new index right after it.
    Returns the number of articles indexed.
    """
    index = _index()
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    added = 0
    with writer_lock(wait=True):
        with _backend().building_beside(index) as add:
            for start in range(0, len(ids), REBUILD_CHUNK):
                chunk = ids[start : start + REBUILD_CHUNK]
                added += add(index.index_queryset().filter(pk__in=chunk))
                if progress:
                    progress(len(chunk))
        drain(wait=True)
    return added
