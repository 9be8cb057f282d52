"""Keep the index in step with editors' changes, after the transaction commits.

Bulk ingest does not go through here: `bulk_create` sends no signals and the
ingest pipeline indexes its articles in one pass itself.
"""

import logging

from django.db import models, transaction
from haystack.signals import BaseSignalProcessor

from articles.models import Article, Source

log = logging.getLogger(__name__)

INDEX_LAGS = (
    "Could not update the search index after an edit; the database is up to date. "
    "Run `python manage.py sync_index --rebuild` once the index is free."
)


class OnCommitSignalProcessor(BaseSignalProcessor):
    def setup(self):
        models.signals.post_save.connect(self.on_article_saved, sender=Article)
        models.signals.post_delete.connect(self.on_article_deleted, sender=Article)
        models.signals.post_save.connect(self.on_source_saved, sender=Source)

    def teardown(self):
        models.signals.post_save.disconnect(self.on_article_saved, sender=Article)
        models.signals.post_delete.disconnect(self.on_article_deleted, sender=Article)
        models.signals.post_save.disconnect(self.on_source_saved, sender=Source)

    def _index(self):
        return self.connections["default"].get_unified_index().get_index(Article)

    def _backend(self):
        return self.connections["default"].get_backend()

    def on_article_saved(self, sender, instance, **kwargs):
        pk = instance.pk
        transaction.on_commit(lambda: self._reindex(Article.objects.filter(pk=pk)))

    def on_source_saved(self, sender, instance, created=False, **kwargs):
        if created:
            return
        # The source's name is stored with each of its articles in the index.
        source_id = instance.pk
        transaction.on_commit(lambda: self._reindex(Article.objects.filter(source_id=source_id)))

    def on_article_deleted(self, sender, instance, **kwargs):
        identifier = f"articles.article.{instance.pk}"
        transaction.on_commit(lambda: self._safely(self._backend().remove, identifier))

    def _reindex(self, queryset):
        self._safely(self._backend().update, self._index(), queryset.select_related("source"))

    def _safely(self, write, *args):
        # The editor's change is committed; an index that stays locked (a long
        # ingest) must not turn their save into an error page.
        try:
            write(*args)
        except Exception:
            log.exception(INDEX_LAGS)
