"""Keep the index in step with editors' changes, after the transaction commits.

Bulk ingest does not go through here: `bulk_create` sends no signals and the
ingest pipeline indexes its articles in one pass itself. Curation that moves
links in bulk (merging two people) calls `reindex_on_commit` with the
articles it touched.
"""

import logging
import threading

from django.db import models, transaction
from haystack import connections
from haystack.signals import BaseSignalProcessor

from articles.models import Article, Person, PersonMention, Place, PlaceMention, Source

log = logging.getLogger(__name__)

INDEX_LAGS = (
    "Could not update the search index after an edit; the database is up to date. "
    "Run `python manage.py sync_index --rebuild` once the index is free."
)


_pending = threading.local()  # article ids to reindex when this thread's transaction commits


def reindex_on_commit(article_ids) -> None:
    """Re-index these articles once the current transaction commits (at once
    outside one). Calls within one transaction are gathered into one write."""
    batch = getattr(_pending, "batch", None)
    if batch is not None and _still_registered(batch):
        batch.ids.update(article_ids)
        return
    # No batch yet, or its transaction was rolled back (dropping the callback).
    batch = _pending.batch = _Batch()
    batch.ids.update(article_ids)
    transaction.on_commit(batch.flush)  # runs at once outside a transaction


def _still_registered(batch) -> bool:
    connection = transaction.get_connection()
    return any(entry[1] == batch.flush for entry in connection.run_on_commit)


class _Batch:
    def __init__(self) -> None:
        self.ids: set[int] = set()

    def flush(self) -> None:
        if getattr(_pending, "batch", None) is self:
            _pending.batch = None
        _reindex(self.ids)


REINDEX_CHUNK = 1_000


def reindex(ids) -> None:
    """Write these articles to the index again, now, a thousand per commit; errors propagate."""
    ids = sorted(ids)
    index = connections["default"].get_unified_index().get_index(Article)
    backend = connections["default"].get_backend()
    for start in range(0, len(ids), REINDEX_CHUNK):
        backend.update(
            index, index.index_queryset().filter(pk__in=ids[start : start + REINDEX_CHUNK])
        )


def _reindex(ids) -> None:
    if not ids:
        return
    try:
        reindex(ids)
    except Exception:
        log.exception(INDEX_LAGS)


class OnCommitSignalProcessor(BaseSignalProcessor):
    def setup(self):
        models.signals.post_save.connect(self.on_article_saved, sender=Article)
        models.signals.post_delete.connect(self.on_article_deleted, sender=Article)
        models.signals.post_save.connect(self.on_source_saved, sender=Source)
        for sender in (PersonMention, PlaceMention):
            models.signals.post_save.connect(self.on_link_changed, sender=sender)
            models.signals.post_delete.connect(self.on_link_changed, sender=sender)
        for sender in (Person, Place):
            models.signals.post_save.connect(self.on_entity_saved, sender=sender)

    def teardown(self):
        models.signals.post_save.disconnect(self.on_article_saved, sender=Article)
        models.signals.post_delete.disconnect(self.on_article_deleted, sender=Article)
        models.signals.post_save.disconnect(self.on_source_saved, sender=Source)
        for sender in (PersonMention, PlaceMention):
            models.signals.post_save.disconnect(self.on_link_changed, sender=sender)
            models.signals.post_delete.disconnect(self.on_link_changed, sender=sender)
        for sender in (Person, Place):
            models.signals.post_save.disconnect(self.on_entity_saved, sender=sender)

    def on_link_changed(self, sender, instance, **kwargs):
        # A link confirmed, rejected, added or removed changes the article's facets.
        # (An article being deleted takes its links with it; re-indexing an id
        # that is gone by commit time writes nothing.)
        reindex_on_commit([instance.article_id])

    def on_entity_saved(self, sender, instance, created=False, **kwargs):
        before = getattr(instance, "loaded_status", None)
        instance.loaded_status = instance.status
        if created or before == instance.status:
            return  # a new name, a rename or a new kind: the indexed ids are the same
        # Rejecting (or restoring) a person or place changes the facets of every article linked.
        mentions = instance.personmention_set if sender is Person else instance.placemention_set
        reindex_on_commit(mentions.values_list("article_id", flat=True))

    def _backend(self):
        return self.connections["default"].get_backend()

    def on_article_saved(self, sender, instance, **kwargs):
        reindex_on_commit([instance.pk])

    def on_source_saved(self, sender, instance, created=False, **kwargs):
        if created:
            return
        # The source's name is stored with each of its articles in the index.
        reindex_on_commit(Article.objects.filter(source=instance).values_list("pk", flat=True))

    def on_article_deleted(self, sender, instance, **kwargs):
        identifier = f"articles.article.{instance.pk}"
        transaction.on_commit(lambda: self._safely(self._backend().remove, identifier))

    def _safely(self, write, *args):
        # The editor's change is committed; an index that stays locked (a long
        # ingest) must not turn their save into an error page.
        try:
            write(*args)
        except Exception:
            log.exception(INDEX_LAGS)
