"""Facet latency, in process, on an archive built by `make bench`.

    .venv/bin/python tools/facet_bench.py [DATA_DIR]     (default bench-data/saudinewsnet)

Times `search_articles` (search + facet counts + snippets, no HTTP) for the
clicks a reader makes: browsing everything, one person, one place, a source,
a month, a query with a person, two people together. Each case runs on a
warm searcher; the first run after the searcher opens (reading the facet
arrays) is reported separately.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    data_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench-data" / "saudinewsnet")
    os.environ["NEWSARCHIVE_DATA_DIR"] = str(data_dir.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from django.db.models import Count

    from articles.models import Article, Person, Place, Source
    from search import facets
    from search.engine import SearchRequest, _backend, search_articles

    def top(model, n=1):
        return list(model.objects.annotate(k=Count("articles")).order_by("-k")[:n])

    people, place, source = top(Person, 2), top(Place)[0], top(Source)[0]
    month = Article.objects.exclude(published_on=None).latest("published_on").published_on
    first_day = month.replace(day=1)
    cases = {
        "browse everything": SearchRequest(),
        f"person ({people[0].name})": SearchRequest(people=(people[0].pk,)),
        f"place ({place.name})": SearchRequest(places=(place.pk,)),
        f"source ({source.name})": SearchRequest(sources=(source.pk,)),
        f"month {first_day:%Y-%m}": SearchRequest(date_from=first_day, date_to=month),
        "query «الأمير» + person": SearchRequest(q="الأمير", people=(people[0].pk,)),
        "query «النفط» (all matches counted)": SearchRequest(q="النفط"),
        "two people": SearchRequest(people=tuple(p.pk for p in people)),
        "query «السعودية» + day": SearchRequest(q="السعودية", date_from=month, date_to=month),
    }
    searcher = _backend().searcher()
    started = time.perf_counter()
    facets.columns_for(searcher)
    opened = (time.perf_counter() - started) * 1000
    print(f"archive: {Article.objects.count():,} articles; facet arrays read in {opened:.0f} ms\n")
    print("| request | matches | first ms | warm p50 ms | warm max ms |")
    print("|---|---|---|---|---|")
    for label, request in cases.items():
        times = []
        for run in range(6):
            if run == 1:
                facets._results.clear()  # time the counting, not the cache, on warm runs
            started = time.perf_counter()
            page = search_articles(request)
            times.append((time.perf_counter() - started) * 1000)
            facets._results.clear()
        warm = times[1:]
        print(
            f"| {label} | {page.count:,} | {times[0]:.1f} | {statistics.median(warm):.1f} "
            f"| {max(warm):.1f} |"
        )


if __name__ == "__main__":
    main()
