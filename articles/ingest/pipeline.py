"""Ingest: read -> clean -> check for duplicates -> find people and places ->
store in batches -> relate (same story, related articles) -> index.

Each batch of new articles is written in one transaction with bulk inserts
(the articles and their people/place links together), then handed to one
bulk index writer that commits once at the end, so a run of 31k articles
costs a few dozen transactions and one index commit.
Bad items are reported with their origin and skipped; the rest goes on.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.extraction.entities import EntityDirectory, link_new_articles
from articles.ingest.cleaning import clean_record
from articles.ingest.extracting import Extractor
from articles.ingest.readers import iter_records
from articles.ingest.records import CleanArticle, CleaningError, ReadError
from articles.models import Article, IngestBatch, Source, folded, name_key
from articles.relations.updating import RelationUpdater
from search.index_queue import bulk_writing, queue_until_committed, reindex

# Articles per transaction. NEWSARCHIVE_INGEST_CHUNK_SIZE makes it smaller for
# a machine short of memory, or for the test that kills an ingest between chunks.
CHUNK_SIZE = int(os.environ.get("NEWSARCHIVE_INGEST_CHUNK_SIZE") or 1_000)

DUPLICATE_URL = "same URL as article #{pk} already in the archive"
DUPLICATE_CONTENT = "same text as article #{pk} already in the archive"
DUPLICATE_RACE = "stored by another ingest running at the same time"
DUPLICATE_IN_RUN = "same {what} as {origin}, read earlier in this run"
RELATE_FAILED = (
    "the articles were stored but relating them failed ({error}); "
    "run `python manage.py relate_articles --all` to rebuild related lists and stories"
)
INDEX_FAILED = (
    "the articles were stored but indexing failed ({error}); "
    "run `python manage.py sync_index` to make them searchable"
)


@dataclass
class IngestReport:
    added: int = 0
    appended: int = 0  # of `added`: stories split off after «اقرأ أيضاً»
    indexed: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    batch_id: int | None = None

    @property
    def failure_reasons(self) -> Counter:
        return Counter(_reason_class(message) for _, message in self.failures)


def _reason_class(message: str) -> str:
    """Group messages for the summary: "line 3: invalid JSON: Expecting ','" and
    "line 9: invalid JSON: Unterminated string" are one reason, "invalid JSON"."""
    text = message.split(": ", 1)[1] if message.startswith(("line ", "record ")) else message
    return re.sub(r" at line \d+ column \d+", "", text.split(": ", 1)[0])


def fingerprint(article: CleanArticle) -> str:
    """Same outlet, same title and text after normalization = the same article."""
    parts = [folded(article.source_name or ""), folded(article.title), folded(article.body)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


class _Seen:
    """URLs and fingerprints already stored or read earlier in this run."""

    def __init__(self) -> None:
        self.urls: dict[str, str] = {}
        self.fingerprints: dict[str, str] = {}
        for pk, url, fp in Article.objects.values_list("pk", "url", "fingerprint").iterator():
            if url:
                self.urls[url] = f"#{pk}"
            self.fingerprints[fp] = f"#{pk}"

    def duplicate_reason(self, article: CleanArticle, fp: str) -> str | None:
        for what, table, key in (("URL", self.urls, article.url), ("text", self.fingerprints, fp)):
            if key and key in table:
                seen = table[key]
                if seen.startswith("#"):
                    template = DUPLICATE_URL if what == "URL" else DUPLICATE_CONTENT
                    return template.format(pk=seen[1:])
                return DUPLICATE_IN_RUN.format(what=what, origin=seen)
        return None

    def add(self, article: CleanArticle, fp: str) -> None:
        if article.url:
            self.urls[article.url] = article.origin
        self.fingerprints[fp] = article.origin


class _SourceCache:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.sources: dict[int, Source] = {}
        for source in Source.objects.all():
            self.ids[source.name_key] = source.pk
            self.sources[source.pk] = source

    def attach(self, articles: list[Article]) -> None:
        """Set `article.source` from the cache: the index reads its name, no query each."""
        for article in articles:
            if article.source_id:
                article.source = self.sources[article.source_id]

    def id_for(self, name: str | None) -> int | None:
        if not name:
            return None
        key = name_key(name)
        if key not in self.ids:
            source, _ = Source.objects.get_or_create(name_key=key, defaults={"name": name.strip()})
            self.ids[key] = source.pk
            self.sources[source.pk] = source
        return self.ids[key]


def _to_model(article: CleanArticle, fp: str, source_id: int | None, batch_id: int) -> Article:
    published = article.published
    return Article(
        title=article.title[:500],
        body=article.body,
        raw_text=article.raw_text,
        keywords="\n".join(article.keywords),
        url=article.url or None,
        source_id=source_id,
        author=(article.author or "")[:300],
        published_on=published.value if published else None,
        date_precision=published.precision if published else "",
        date_origin=published.origin if published else "",
        fingerprint=fp,
        origin=article.origin[:1000],
        batch_id=batch_id,
    )


def ingest(
    paths: Iterable[str],
    *,
    field_map: Mapping[str, str] | None = None,
    on_failure: Callable[[str, str], None] | None = None,
    on_duplicate: Callable[[str, str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest every article found under `paths`; see the module docstring."""
    started = time.perf_counter()
    paths = [str(p) for p in paths]
    report = IngestReport()
    batch = IngestBatch.objects.create(paths="\n".join(paths))
    report.batch_id = batch.pk
    seen = _Seen()
    sources = _SourceCache()
    entities = EntityDirectory()
    known_names = entities.known_names()

    def fail(origin: str, message: str) -> None:
        report.failures.append((origin, message))
        if on_failure:
            on_failure(origin, message)

    def duplicate(origin: str, reason: str) -> None:
        report.duplicates.append((origin, reason))
        if on_duplicate:
            on_duplicate(origin, reason)

    # (article, fingerprint, parent index in this chunk or None)
    pending: list[tuple[CleanArticle, str, int | None]] = []

    def admit(article: CleanArticle, *, parent: int | None) -> bool:
        """Queue an article unless it is a duplicate (reported); True if queued."""
        fp = fingerprint(article)
        reason = seen.duplicate_reason(article, fp)
        if reason:
            duplicate(article.origin, reason)
            return False
        seen.add(article, fp)
        pending.append((article, fp, parent))
        return True

    index_failed = False
    relations: RelationUpdater | None = None  # read the archive when the first chunk is stored
    relate_failed = False
    rekeyed: set[int] = set()  # older articles whose story key changed
    extractor = Extractor(known_names)
    # The chunk whose entities are being found while the next one is read.
    in_flight: list = []

    with bulk_writing() as index_articles:

        def store(chunk, job) -> None:
            nonlocal index_failed, relations, relate_failed
            stored, queued = _store_chunk(chunk, job.get(), sources, entities, batch.pk, duplicate)
            report.added += len(stored)
            report.appended += sum(1 for a in stored if a.appended_to_id)
            if stored and not relate_failed:
                try:
                    relations = relations or RelationUpdater()
                    rekeyed.update(relations.add(stored))
                except Exception as exc:  # the articles are stored; relations can be rebuilt
                    relate_failed = True
                    fail("related articles", RELATE_FAILED.format(error=exc))
            if index_failed:
                return
            try:
                report.indexed += index_articles(stored)
                index_articles.covers(queued)
            except Exception as exc:  # the data is stored and queued for the index
                index_failed = True
                fail("search index", INDEX_FAILED.format(error=exc))

        def flush(*, big: bool) -> None:
            chunk = list(pending)
            pending.clear()
            job = extractor.submit([a for a, _, _ in chunk], big=big)
            if in_flight:
                store(*in_flight.pop())
            in_flight.append((chunk, job))

        try:
            for item in iter_records(paths, field_map=field_map):
                if on_progress:
                    on_progress(1)
                if isinstance(item, ReadError):
                    fail(item.origin, item.message)
                    continue
                try:
                    article = clean_record(item)
                except CleaningError as exc:
                    fail(item.origin, str(exc))
                    continue
                parent_slot = len(pending)
                if not admit(article, parent=None):
                    continue  # a known article: its appended stories are known too
                for story in article.appended:
                    admit(story, parent=parent_slot)
                if len(pending) >= CHUNK_SIZE:
                    flush(big=True)
            if pending:
                flush(big=False)
            if in_flight:
                store(*in_flight.pop())
        except BaseException:
            # Interrupted (Ctrl-C, an error): the chunk the workers are tagging
            # was read and checked already; store it, as a run without workers would.
            if in_flight:
                try:
                    store(*in_flight.pop())
                except Exception:
                    pass  # not stored: the next run reads it again; the first error is the story
            raise
        finally:
            extractor.close()
    if rekeyed and not index_failed:
        try:
            reindex(rekeyed)
        except Exception as exc:
            fail("search index", INDEX_FAILED.format(error=exc))

    report.seconds = time.perf_counter() - started
    batch.added = report.added
    batch.duplicates = len(report.duplicates)
    batch.failed = len(report.failures)
    batch.finished_at = timezone.now()
    batch.report = "\n".join(f"{o}: {m}" for o, m in report.failures[:1000])
    batch.save()
    return report


def _store_chunk(
    pending, analysed, sources, entities, batch_id: int, duplicate
) -> tuple[list[Article], list[int]]:
    """Write one chunk in one transaction; fall back to one-by-one on a race.

    Returns the stored articles and the index queue rows written with them:
    if this process dies before the index commits, the next writer finds
    them queued (a run started again skips them as duplicates).
    """
    found = [entities_of for entities_of, _ in analysed]
    vectors = [vector for _, vector in analysed]
    # Sources and entities are created outside the chunk's transaction, so a
    # rollback cannot leave the caches pointing at rows that are gone.
    for article, _, _ in pending:
        sources.id_for(article.source_name)
    entities.ids_for(e for article_entities in found for e in article_entities)
    try:
        with transaction.atomic():
            stored = _insert(pending, vectors, sources, batch_id)
            link_new_articles(stored, found, entities)
            return stored, queue_until_committed(a.pk for a in stored)
    except IntegrityError:
        # Another ingest stored some of these meanwhile: keep the rest.
        stored: list[Article] = []
        queued: list[int] = []
        stored_by_slot: dict[int, Article] = {}
        for slot, (article, fp, parent) in enumerate(pending):
            if parent is not None and parent not in stored_by_slot:
                continue  # its parent was the duplicate
            model = _to_model(article, fp, sources.id_for(article.source_name), batch_id)
            model.term_vector = vectors[slot]
            if parent is not None:
                model.appended_to_id = stored_by_slot[parent].pk
            try:
                with transaction.atomic():
                    model.save(force_insert=True)
                    link_new_articles([model], [found[slot]], entities)
                    queued += queue_until_committed([model.pk])
            except IntegrityError:
                duplicate(article.origin, DUPLICATE_RACE)
                continue
            stored_by_slot[slot] = model
            stored.append(model)
        sources.attach(stored)
        return stored, queued


def _insert(pending, vectors: list[str], sources: _SourceCache, batch_id: int) -> list[Article]:
    models = [_to_model(a, fp, sources.id_for(a.source_name), batch_id) for a, fp, _ in pending]
    for model, vector in zip(models, vectors):
        model.term_vector = vector
    parents = [m for m, (_, _, parent) in zip(models, pending) if parent is None]
    Article.objects.bulk_create(parents)  # sets pk on SQLite and PostgreSQL
    children = []
    for model, (_, _, parent) in zip(models, pending):
        if parent is not None:
            model.appended_to_id = models[parent].pk
            children.append(model)
    Article.objects.bulk_create(children)
    sources.attach(models)
    return models
