"""`python manage.py sync_index [--rebuild]`: bring the search index in line with the database.

Without --rebuild: writes the edits still queued, adds articles missing from
the index and removes deleted ones. Cheap when nothing is missing (it
compares ids), so `make run` calls it every start; a deleted index folder is
rebuilt from the database.

With --rebuild: indexes every article into a new index beside the live one
and swaps it in; searches keep working on the old index until the swap.
"""

import time

from django.core.management.base import BaseCommand
from haystack import connections

from articles.models import Article
from search import index_queue

CHUNK = 1_000


class Command(BaseCommand):
    help = "Bring the search index in line with the database (queued edits, missing and deleted articles)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Index every article again into a new index, then swap it in (search stays up).",
        )

    def handle(self, *args, rebuild=False, **options):
        backend = connections["default"].get_backend()
        lacking = None if rebuild else getattr(backend, "predates", lambda: None)()
        if lacking:  # written by an older version: its documents lack fields
            self.stdout.write(f"Search index predates {lacking}: rebuilding it.")
            rebuild = True
        if rebuild:
            started = time.perf_counter()
            count = index_queue.rebuild()
            self.stdout.write(
                f"Search index rebuilt beside the old one and swapped in: {count} articles "
                f"in {time.perf_counter() - started:.1f} s."
            )
            return
        queued = index_queue.drain(wait=True)
        index = connections["default"].get_unified_index().get_index(Article)
        indexed = backend.indexed_ids()
        stored = set(Article.objects.values_list("pk", flat=True))
        missing = sorted(stored - indexed)
        stale = sorted(indexed - stored)
        if stale:
            index_queue.reindex(stale)  # the writer removes what the database no longer has
        with index_queue.bulk_writing() as add:
            for start in range(0, len(missing), CHUNK):
                add(index.index_queryset().filter(pk__in=missing[start : start + CHUNK]))
        self.stdout.write(
            f"Search index: {len(stored)} articles in the database, {queued} queued edits "
            f"written, {len(missing)} added to the index, {len(stale)} removed from it."
        )
