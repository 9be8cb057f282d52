"""`python manage.py check_index [--repair]`: is every article in the search index, as it is now?

Reports articles missing from the index, deleted ones still in it, and
indexed ones whose title, date, source, people, places, story or text
changed since. Exits with status 1 when something is wrong (for monitoring),
unless --repair put it right; repairing replaces documents one batch at a
time while searches go on.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from haystack import connections

from search import index_check

SHOWN = 20


class Command(BaseCommand):
    help = "Report articles missing from the search index or stale in it; --repair fixes them."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Re-index what differs.")

    def handle(self, *args, repair, **options):
        if not hasattr(connections["default"].get_backend(), "searcher"):
            raise CommandError(
                "check_index reads the Whoosh index's stored columns; with Elasticsearch "
                "configured, use `manage.py sync_index` (missing and deleted articles) instead."
            )
        report = index_check.check()
        self.stdout.write(
            f"Search index: {report.in_database} articles in the database, "
            f"{report.in_index} in the index."
        )
        if report.queued:
            self.stdout.write(
                f"Edits waiting for the index writer: {report.queued} "
                "(written by the next edit, sync_index or --repair)."
            )
        self._list("missing from the index", report.missing)
        self._list("deleted but still in the index", report.deleted)
        self._list(
            "stale in the index",
            [f"{pk} ({', '.join(fields)})" for pk, fields in sorted(report.stale.items())],
        )
        if report.ok:
            self.stdout.write("The index matches the database.")
            return
        if not repair:
            self.stdout.write("Run `python manage.py check_index --repair` to fix it.")
            sys.exit(1)
        changed = index_check.repair(report)
        after = index_check.check()
        self.stdout.write(f"Repaired: {changed} documents written or removed.")
        if not after.ok:
            self.stderr.write("The index still differs; see above and run again.")
            sys.exit(1)
        self.stdout.write("The index matches the database.")

    def _list(self, what: str, items: list) -> None:
        self.stdout.write(f"{what}: {len(items)}")
        for item in items[:SHOWN]:
            self.stdout.write(f"  {item}")
        if len(items) > SHOWN:
            self.stdout.write(f"  … and {len(items) - SHOWN} more")
