"""Haystack's Whoosh backend, reshaped for an Arabic archive.

What changes from the stock backend, and why:
- The schema: text fields use our Arabic analyzer (search/analysis) instead of
  Whoosh's English StemmingAnalyzer, are stored only when asked, and are not
  made sortable (the stock backend stores and columns every text field).
- Writes: callers serialize them (search/index_queue.py holds one lock for
  the machine); edits are written in batches, one commit each; bulk ingest
  uses one multi-process writer and a single commit instead of a commit per
  article (31 articles/s through stock Haystack at 10k).
- Generations: a full rebuild is written into a new folder beside the live
  index, then a pointer file (CURRENT) is swapped to it in one rename; every
  process follows the pointer on its next search or write, so searches go
  on during the rebuild.
- Reads: a searcher is kept open per process and only refreshed when the
  index changed (opening one costs 120-140 ms at 31k articles).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import BM25F

from search import whoosh_speedups
from search.analysis import ArabicAnalyzer, lexicon

log = logging.getLogger(__name__)
whoosh_speedups.install()

# How long an editor's save waits for an ingest that holds the index lock.
WRITE_LOCK_TIMEOUT_S = 30.0
# Posting pool per writer process before it spills sorted runs to disk. At
# 31k articles: 256 MB -> 117 s ingest, 1024 MB -> 89 s (no spill; 1.8 GB
# peak per worker process). Bigger archives spill, bounded by this figure.
BULK_LIMIT_MB = 1024
BULK_PROCS = 2
BULK_MIN_FOR_PROCS = 500
# Whoosh's BM25F defaults. On ARCD, Lucene's (Anserini's) B=0.4/K1=0.9 scored
# MRR@10 0.765 against 0.794 for these; B=0.6/0.9 and K1=1.6 moved it < 0.01.
WEIGHTING = BM25F(B=0.75, K1=1.2)
# In the index folder: the name of the generation being served. Without it
# the index lives in the folder itself (as before generations existed).
POINTER = "CURRENT"
GENERATION_PREFIX = "index-"


class ArabicWhooshBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.root = Path(self.path)
        self._pointer_seen = None
        self._searcher = None
        self._searcher_lock = threading.Lock()

    # -- generations -------------------------------------------------------

    def _pointer_state(self):
        try:
            stat = os.stat(self.root / POINTER)
        except FileNotFoundError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def live_generation(self) -> str:
        """The folder name of the index being served ("" when it is the index folder itself)."""
        try:
            return (self.root / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return ""

    def setup(self):
        self._pointer_seen = self._pointer_state()
        self.path = str(self.root / self.live_generation())
        super().setup()

    def _follow_swaps(self) -> None:
        """Reopen the index if another process made a new generation live."""
        if not self.setup_complete or self._pointer_state() != self._pointer_seen:
            self.setup()
            with self._searcher_lock:
                self._searcher = None

    @contextmanager
    def building_beside(self, index):
        """Yields an add(objs) function writing to a new, empty index beside the live
        one; when the block ends without error, that index becomes the live one."""
        self._follow_swaps()
        name = f"{GENERATION_PREFIX}{datetime.now():%Y%m%dT%H%M%S%f}-{os.getpid()}"
        folder = self.root / name
        folder.mkdir(parents=True)
        try:
            new_index = FileStorage(str(folder)).create_index(self.schema)
            with self.bulk_writer(index, into=new_index) as add:
                yield add
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self._make_live(name)

    def _make_live(self, name: str) -> None:
        previous = self.live_generation()
        staged = self.root / (POINTER + ".new")
        with open(staged, "w", encoding="utf-8") as f:
            f.write(name)
            f.flush()
            os.fsync(f.fileno())
        os.replace(staged, self.root / POINTER)  # the swap: atomic on POSIX
        self._follow_swaps()
        # The previous generation stays: other processes may be mid-search in it.
        self._remove_generations(keep={name, previous})

    def _remove_generations(self, keep: set[str]) -> None:
        for child in self.root.iterdir():
            if (
                child.is_dir()
                and child.name.startswith(GENERATION_PREFIX)
                and child.name not in keep
            ):
                shutil.rmtree(child, ignore_errors=True)
        if "" not in keep:  # the index from before generations, in the folder itself
            for child in self.root.iterdir():
                if child.is_file() and child.name.startswith(("_MAIN_", "MAIN_")):
                    child.unlink(missing_ok=True)

    # -- schema ------------------------------------------------------------

    def build_schema(self, fields):
        schema_fields = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
        }
        content_field_name = ""
        for field in fields.values():
            name = field.index_fieldname
            if field.field_type == "column":
                schema_fields[name] = COLUMN(VarBytesColumn())
            elif not field.indexed:
                schema_fields[name] = STORED()
            elif field.field_type == "integer":
                schema_fields[name] = NUMERIC(
                    numtype=int, bits=64, stored=field.stored, sortable=True, signed=True
                )
            elif field.field_type == "keyword":
                schema_fields[name] = KEYWORD(stored=field.stored, scorable=False, lowercase=False)
            elif field.field_type in ("string", "edge_ngram", "ngram"):
                schema_fields[name] = TEXT(
                    analyzer=field.analyzer or ArabicAnalyzer(stem=True),
                    stored=field.stored,
                    # Positions cost index time and space; fields only used
                    # for term matching and ranking can do without them.
                    phrase=getattr(field, "positions", True),
                    field_boost=field.boost,
                )
            else:
                raise SearchBackendError(
                    f"Field {name!r} of type {field.field_type!r} is not supported by "
                    "the Arabic Whoosh backend; add it to search/backends.py."
                )
            if field.document:
                content_field_name = name
        return content_field_name, Schema(**schema_fields)

    # -- reads -------------------------------------------------------------

    def searcher(self):
        """A searcher over the latest committed index, reused while it is current."""
        self._follow_swaps()
        with self._searcher_lock:
            if self._searcher is None:
                self._searcher = self.index.searcher(weighting=WEIGHTING)
            elif not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
            return self._searcher

    def indexed_ids(self) -> set[int]:
        """Ids of every article in the index (sync_index compares them with the database)."""
        return {int(fields[DJANGO_ID]) for fields in self.searcher().all_stored_fields()}

    def predates(self) -> str | None:
        """What an index written by an older version lacks (then it is rebuilt), or None."""
        reader = self.searcher().reader()
        for column, what in (("facet_ids", "the facet fields"), ("story_key", "story folding")):
            if reader.doc_count() and not reader.has_column(column):
                return what
        return None

    # -- writes ------------------------------------------------------------

    def _prepared(self, index, objs):
        for obj in objs:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            doc.pop("boost", None)
            yield {
                key: self._from_python(value) if key in (ID, DJANGO_CT, DJANGO_ID) else value
                for key, value in doc.items()
            }

    def update(self, index, iterable, commit=True):
        """Add or replace documents (Haystack's `update_index`)."""
        self.apply(index, list(iterable), removed=())

    def apply(self, index, objs, removed) -> None:
        """Replace the documents of `objs` and delete the `removed` identifiers, in one commit.

        The caller holds the archive's writer lock (search/index_queue.py);
        Whoosh's own lock, with a timeout, is a second guard.
        """
        self._follow_swaps()
        if not objs and not removed:
            return
        writer = self.index.writer(
            timeout=WRITE_LOCK_TIMEOUT_S, limitmb=BULK_LIMIT_MB if len(objs) > 500 else 64
        )
        try:
            # Whoosh's update_document opens a new searcher per document to
            # find the old version (Haystack's rebuild_index took 4.6 min for
            # 10k articles, mostly in system calls); one searcher per batch.
            with writer.searcher() as old_versions:
                for identifier in removed:
                    writer.delete_by_term(ID, identifier, searcher=old_versions)
                for doc in self._prepared(index, objs):
                    writer.delete_by_term(ID, doc[ID], searcher=old_versions)
                    writer.add_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    @contextmanager
    def bulk_writer(self, index, into=None):
        """Add articles that are new to the index (or to `into`, a Whoosh index
        being built), in one pass and one commit.

        Yields a function taking a list of model instances, called once per
        database transaction that stored them. Documents are added, not
        updated, which skips a lookup per document. The writer uses BULK_PROCS
        processes with one segment each (the final merge is serial and would
        cost more than it saves) and only takes the index lock once there is
        something to add.

        Whatever was handed over is committed when the block ends, even by an
        error or Ctrl-C elsewhere: those articles are committed in the
        database already, and the index must match it. Only a failure of the
        writer itself discards the batch (then `sync_index` repairs it).
        """
        self._follow_swaps()
        target = into or self.index
        writer = None
        broken = False

        def add(objs) -> int:
            nonlocal writer, broken
            added = 0
            objs = list(objs)
            try:
                for doc in self._prepared(index, objs):
                    if writer is None:
                        writer = self._bulk_writer(target, first_batch=len(objs))
                    writer.add_document(**doc)
                    added += 1
            except BaseException:
                broken = True
                raise
            return added

        try:
            yield add
        finally:
            if writer is not None:
                if broken:
                    writer.cancel()
                else:
                    writer.commit()

    def _bulk_writer(self, target, *, first_batch: int):
        # Worker processes pay off only for big runs; a first batch smaller
        # than BULK_MIN_FOR_PROCS means a small run.
        procs = BULK_PROCS if first_batch >= BULK_MIN_FOR_PROCS else 1
        if procs > 1:
            lexicon.table()  # load once here; forked workers share it
        return target.writer(
            procs=procs,
            multisegment=procs > 1,
            limitmb=BULK_LIMIT_MB,
            timeout=WRITE_LOCK_TIMEOUT_S,
        )

    def remove(self, obj_or_string, commit=True):
        from haystack.utils import get_identifier

        self.apply(None, [], removed=[get_identifier(obj_or_string)])

    def clear(self, models=None, commit=True):
        self._follow_swaps()
        super().clear(models=models, commit=commit)
        with self._searcher_lock:
            self._searcher = None


class ArabicWhooshEngine(WhooshEngine):
    backend = ArabicWhooshBackend
