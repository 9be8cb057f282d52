"""Keep the index in step with editors' changes: every save queues its article.

The ids are queued inside the editor's transaction and written after it
commits, through the one index writer (search/index_queue.py). Bulk ingest
does not go through here: `bulk_create` sends no signals and the ingest
pipeline indexes its articles in one pass itself. Curation that moves links
in bulk (merging two people) calls `reindex_on_commit` with the articles it
touched.
"""

from django.db import models
from haystack.signals import BaseSignalProcessor

from articles.models import Article, Person, PersonMention, Place, PlaceMention, Source
from search.index_queue import reindex_on_commit


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

    def on_article_saved(self, sender, instance, **kwargs):
        reindex_on_commit([instance.pk])

    def on_source_saved(self, sender, instance, created=False, **kwargs):
        if created:
            return
        # The source's name is stored with each of its articles in the index.
        reindex_on_commit(Article.objects.filter(source=instance).values_list("pk", flat=True))

    def on_article_deleted(self, sender, instance, **kwargs):
        # Written after the commit like any edit: the writer finds the
        # article gone and removes its document.
        reindex_on_commit([instance.pk])
