"""`python manage.py top_entities [--limit 20]`: the most linked people and places.

A sanity check an editor can eyeball after an ingest: junk names or a split
person show up at once.
"""

from django.core.management.base import BaseCommand
from django.db.models import Count, Q

from articles.models import LIVE_ENTITY, MentionStatus, Person, Place


class Command(BaseCommand):
    help = "Print the people and places linked to the most articles."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=20, help="How many of each (default 20).")

    def handle(self, *args, limit, **options):
        for title, model, link in (
            ("People", Person, "personmention"),
            ("Places", Place, "placemention"),
        ):
            live_links = ~Q(**{f"{link}__status": MentionStatus.REJECTED})
            rows = (
                model.objects.filter(status__in=LIVE_ENTITY)
                .annotate(n=Count(link, filter=live_links))
                .order_by("-n", "name")[:limit]
            )
            self.stdout.write(f"{title} (by articles):")
            for rank, entity in enumerate(rows, 1):
                self.stdout.write(f"{rank:3}. {entity.name}  {entity.n}")
