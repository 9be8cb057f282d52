"""`python manage.py sync_index`: add articles missing from the index, drop stale entries.

Cheap when nothing is missing (it compares ids), so `make run` calls it every
start; a deleted index directory is rebuilt from the database.
"""

from django.core.management.base import BaseCommand
from haystack import connections
from haystack.constants import DJANGO_ID

from articles.models import Article
from search.search_indexes import STORY_KEY


class Command(BaseCommand):
    help = "Bring the search index in line with the database (missing and deleted articles)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Empty the index first and index every article again (bulk, one commit).",
        )

    def handle(self, *args, rebuild=False, **options):
        backend = connections["default"].get_backend()
        reader = backend.searcher().reader()
        for column, what in (("facet_ids", "the facet fields"), (STORY_KEY, "story folding")):
            if not rebuild and reader.doc_count() and not reader.has_column(column):
                # Written by an older version: its documents lack fields.
                self.stdout.write(f"Search index predates {what}: rebuilding it.")
                rebuild = True
        if rebuild:
            backend.clear()
        index = connections["default"].get_unified_index().get_index(Article)
        searcher = backend.searcher()
        indexed = {int(fields[DJANGO_ID]) for fields in searcher.all_stored_fields()}
        stored = set(Article.objects.values_list("pk", flat=True))
        missing = sorted(stored - indexed)
        stale = sorted(indexed - stored)
        for pk in stale:
            backend.remove(f"articles.article.{pk}")
        chunk = 1_000
        with backend.bulk_writer(index) as add:
            for start in range(0, len(missing), chunk):
                ids = missing[start : start + chunk]
                add(index.index_queryset().filter(pk__in=ids))
        self.stdout.write(
            f"Search index: {len(stored)} articles in the database, "
            f"{len(missing)} added to the index, {len(stale)} removed from it."
        )
