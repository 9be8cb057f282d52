"""`python manage.py relate_articles [--all]`: related lists and same-story groups.

Ingest relates every article it stores. This command relates the articles
that have no term vector yet (an archive ingested before related articles
existed), or with --all rebuilds every list and group from scratch, in the
order the articles were stored, as ingest would have. Editors' split and
join decisions are applied either way. Articles whose search key changed
are re-indexed.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.management.progress import add_progress_arguments, progress_bar
from articles.models import Article, RelatedArticle, Story, collapse_key
from articles.relations import vectors
from articles.relations.updating import RelationUpdater
from search.index_queue import reindex

CHUNK = 2_000


class Command(BaseCommand):
    help = "Relate articles not related yet, or (--all) rebuild related lists and stories."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Rebuild every related list and story."
        )
        add_progress_arguments(parser)

    def handle(self, *args, all, progress, **options):
        started = time.perf_counter()
        if not all and not Article.objects.filter(term_vector="").exists():
            self.stdout.write("related:  every article is related already (--all rebuilds)")
            return
        before = _collapse_keys()
        with transaction.atomic():
            if all:
                RelatedArticle.objects.all().delete()
                Article.objects.filter(story__isnull=False).update(story=None)
                Story.objects.all().delete()
            pks = self._add_missing_vectors(progress)
            updater = RelationUpdater(fresh=all)
            if all:
                pks = sorted(updater.dates)
            else:
                updater.done -= set(pks)
            bar = progress_bar(progress, total=len(pks), unit=" articles")
            for start in range(0, len(pks), CHUNK):
                updater.relate(pks[start : start + CHUNK])
                bar.update(len(pks[start : start + CHUNK]))
            bar.close()
        after = _collapse_keys()
        changed = sorted(pk for pk, key in after.items() if before.get(pk) != key)
        reindex(changed)
        stories = Story.objects.count()
        versions = Article.objects.filter(story__isnull=False).count()
        self.stdout.write(
            f"related:  {len(pks)} articles in {time.perf_counter() - started:.1f} s\n"
            f"stories:  {stories} with {versions} versions "
            f"({versions - stories} folded into another in search)\n"
            f"reindexed: {len(changed)} articles whose search key changed"
        )

    def _add_missing_vectors(self, progress) -> list[int]:
        missing = Article.objects.filter(term_vector="").order_by("pk")
        pks = list(missing.values_list("pk", flat=True))
        bar = progress_bar(progress, total=len(pks), unit=" vectors")
        for start in range(0, len(pks), CHUNK):
            chunk = list(
                Article.objects.filter(pk__in=pks[start : start + CHUNK]).only(
                    "pk", "title", "body"
                )
            )
            for article in chunk:
                article.term_vector = vectors.encode(
                    vectors.term_vector(article.title, article.body)
                )
            Article.objects.bulk_update(chunk, ["term_vector"], batch_size=500)
            bar.update(len(chunk))
        bar.close()
        return pks


def _collapse_keys() -> dict[int, int]:
    rows = Article.objects.values_list("pk", "story__anchor_id")
    return {pk: collapse_key(pk, anchor) for pk, anchor in rows.iterator(chunk_size=10_000)}
