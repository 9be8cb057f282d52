"""`python manage.py ingest PATH [PATH ...]`: thin wrapper around the pipeline."""

from django.core.management.base import BaseCommand, CommandError

from articles.ingest.pipeline import ingest
from articles.management.progress import add_progress_arguments, progress_bar

FIELDS = ("title", "body", "date", "source", "url", "author")


class Command(BaseCommand):
    help = (
        "Ingest articles from files, folders, .zip or .tar.gz archives: .txt (one article "
        "a file), .json (a list of objects), .jsonl, and TREC/CLEF SGML <DOC> files."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders or archives to read.")
        parser.add_argument(
            "--field",
            action="append",
            default=[],
            metavar="NAME=INPUT_FIELD",
            help=(
                "Map an article field to a JSON field, e.g. --field body=text_ar "
                f"(repeatable; NAME is one of {', '.join(FIELDS)})."
            ),
        )
        add_progress_arguments(parser)
        parser.add_argument(
            "--show-duplicates", action="store_true", help="List each duplicate skipped."
        )

    def handle(self, *args, paths, field, progress, show_duplicates, **options):
        field_map = self._field_map(field)
        bar = progress_bar(progress, unit=" items", mininterval=0.5)

        def on_failure(origin, message):
            bar.clear()
            self.stderr.write(f"FAILED {origin}: {message}")

        def on_duplicate(origin, reason):
            if show_duplicates:
                bar.clear()
                self.stdout.write(f"duplicate {origin}: {reason}")

        try:
            report = ingest(
                paths,
                field_map=field_map,
                on_failure=on_failure,
                on_duplicate=on_duplicate,
                on_progress=bar.update,
            )
        finally:
            bar.close()
        self._summary(report)

    def _field_map(self, pairs):
        mapping = {}
        for pair in pairs:
            name, sep, source_field = pair.partition("=")
            if not sep or name not in FIELDS or not source_field:
                raise CommandError(
                    f"--field {pair!r}: expected NAME=INPUT_FIELD with NAME one of {', '.join(FIELDS)}"
                )
            mapping[name] = source_field
        return mapping

    def _summary(self, report):
        rate = report.added / report.seconds if report.seconds else 0.0
        out = self.stdout
        out.write(f"Ingest finished in {report.seconds:.1f} s (batch #{report.batch_id}).")
        appended = (
            f" ({report.appended} of them stories split off after «اقرأ أيضاً»)"
            if report.appended
            else ""
        )
        out.write(f"  added:      {report.added}{appended}, {rate:.0f} articles/s")
        out.write(f"  duplicates: {len(report.duplicates)} skipped")
        out.write(f"  failed:     {len(report.failures)}")
        for reason, count in report.failure_reasons.most_common():
            out.write(f"    {count:>6}  {reason}")
        if report.added == 0 and report.duplicates and not report.failures:
            out.write("Nothing new: every article read is already in the archive.")
