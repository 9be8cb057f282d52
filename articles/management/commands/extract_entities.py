"""`python manage.py extract_entities [--all] [ID ...]`: find people and places again.

Run it after the tagger or the name rules change. Only machine links move:
links an editor confirmed or rejected stay as they are, rejected names are
not linked again, and a merged-away or renamed spelling maps to the entity it
is now an alias of. Each chunk of articles is one transaction and one index
write.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.extraction.entities import EntityDirectory, relink_article
from articles.management.progress import add_progress_arguments, progress_bar
from articles.models import Article
from search.index_queue import reindex_on_commit

CHUNK = 500
ERROR_NO_ARTICLES = "Give article ids, or --all for every article."
ERROR_IDS_AND_ALL = "Give article ids or --all, not both."


class Command(BaseCommand):
    help = "Extract people and places again and update the machine links (editors' links stay)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, metavar="ID", help="Article ids.")
        parser.add_argument("--all", action="store_true", help="Every article in the archive.")
        parser.add_argument("--chunk-size", type=int, default=CHUNK, help=f"Default {CHUNK}.")
        add_progress_arguments(parser)

    def handle(self, *args, ids, all, chunk_size, progress, **options):
        if all and ids:
            raise CommandError(ERROR_IDS_AND_ALL)
        if not all and not ids:
            raise CommandError(ERROR_NO_ARTICLES)
        articles = Article.objects.order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
        pks = list(articles.values_list("pk", flat=True))
        for missing in sorted(set(ids) - set(pks)):
            self.stderr.write(f"no article with id {missing}")

        directory = EntityDirectory()  # one for the run: names created meanwhile are kept in it
        totals = {"added": 0, "updated": 0, "removed": 0}
        bar = progress_bar(progress, total=len(pks), unit=" articles")
        try:
            for start in range(0, len(pks), chunk_size):
                chunk = pks[start : start + chunk_size]
                with transaction.atomic():
                    for article in Article.objects.filter(pk__in=chunk).only("id", "title", "body"):
                        for key, n in relink_article(article, directory).items():
                            totals[key] += n
                    # One index write for the chunk when it commits; the links
                    # relink_article deleted or saved one by one join it.
                    reindex_on_commit(chunk)
                bar.update(len(chunk))
        finally:
            bar.close()
        self.stdout.write(
            f"Extracted entities of {len(pks)} articles: added {totals['added']}, "
            f"updated {totals['updated']}, removed {totals['removed']} links."
        )
