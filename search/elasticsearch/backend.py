"""Haystack's elasticsearch7 backend with the archive's Arabic mapping and write interface.

What changes from the stock backend, and why:
- Schema: every index field must have an entry in mapping.py (an unknown
  one is an error, as in search/backends.py); the index is created with our
  analysis settings and a strict mapping in one request.
- Documents: `text` and `exact` are folded by the app before they are sent
  (folding.py), so index and query see the app's spelling folds.
- Generations: the configured INDEX_NAME is an alias. A full rebuild fills a
  new index beside the live one, then one `_aliases` request moves the alias
  to it (atomic in Elasticsearch), so searches never see an empty index.
- Writes: `apply`, `bulk_writer` and `building_beside` are the methods
  search/index_queue.py calls on the Whoosh backend, with the same meaning.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime

import haystack
from elasticsearch.helpers import bulk, scan
from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchEngine,
)
from haystack.constants import DJANGO_ID, ID
from haystack.exceptions import SearchBackendError, SkipDocument

from search.elasticsearch import mapping

BULK_CHUNK = 500  # documents per bulk request (a few MB of Arabic news)


def generation_name(alias: str, when: datetime) -> str:
    """The concrete index behind the alias: 'newsarchive-20261125t000500123456'."""
    return f"{alias}-{when:%Y%m%dt%H%M%S%f}"


def bulk_actions(index_name: str, docs: list[dict], removed) -> list[dict]:
    """Bulk API actions: replace each document by its id, delete the removed ids."""
    actions = [{"_op_type": "delete", "_index": index_name, "_id": key} for key in removed]
    actions += [
        {"_op_type": "index", "_index": index_name, "_id": doc[ID], "_source": doc} for doc in docs
    ]
    return actions


def alias_swap(alias: str, new: str, old) -> dict:
    """One `_aliases` request body: the alias leaves the old indices and points at the new one."""
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new, "alias": alias}})
    return {"actions": actions}


class ArabicElasticsearchBackend(Elasticsearch7SearchBackend):
    # -- schema ------------------------------------------------------------

    def build_schema(self, fields):
        content_field_name = ""
        props = dict(mapping.ONLY_HERE)
        for field in fields.values():
            name = field.index_fieldname
            if name in mapping.NOT_SENT:
                continue
            if name not in mapping.FIELDS:
                raise SearchBackendError(
                    f"Field {name!r} has no Elasticsearch mapping; add it to "
                    "search/elasticsearch/mapping.py (FIELDS or NOT_SENT)."
                )
            props[name] = mapping.FIELDS[name]
            if field.document:
                content_field_name = name
        return content_field_name, props

    def _properties(self) -> dict:
        unified = haystack.connections[self.connection_alias].get_unified_index()
        self.content_field_name, props = self.build_schema(unified.all_searchfields())
        return props

    def setup(self):
        """Create the first index behind the alias when there is none; never alter a live one.

        A mapping or analysis change needs a rebuild (`sync_index --rebuild`):
        Elasticsearch cannot re-analyse indexed text in place.
        """
        props = self._properties()
        if not self.conn.indices.exists(index=self.index_name):
            self._create_generation(props, live=True)
        self.setup_complete = True

    def _create_generation(self, props: dict, *, live: bool) -> str:
        name = generation_name(self.index_name, datetime.now(UTC))
        body = mapping.index_body(props)
        if live:
            body["aliases"] = {self.index_name: {}}
        self.conn.indices.create(index=name, body=body)
        return name

    def _live_generations(self) -> list[str]:
        if not self.conn.indices.exists_alias(name=self.index_name):
            return []
        return list(self.conn.indices.get_alias(name=self.index_name))

    # -- documents ---------------------------------------------------------

    def _prepare_object(self, index, obj):
        return mapping.document(index.full_prepare(obj))

    def _documents(self, index, objs):
        for obj in objs:
            try:
                yield self._prepare_object(index, obj)
            except SkipDocument:
                continue

    # -- writes (the interface search/index_queue.py uses) -----------------

    def update(self, index, iterable, commit=True):
        self.apply(index, list(iterable), removed=())

    def apply(self, index, objs, removed) -> None:
        """Replace the documents of `objs` and delete the `removed` identifiers, then refresh."""
        if not self.setup_complete:
            self.setup()
        docs = list(self._documents(index, objs)) if objs else []
        actions = bulk_actions(self.index_name, docs, removed)
        if not actions:
            return
        # A removed id may never have been indexed: its 404 is not an error.
        bulk(self.conn, actions, chunk_size=BULK_CHUNK, ignore_status=(404,))
        # Visible to the next search, as a Whoosh commit is.
        self.conn.indices.refresh(index=self.index_name)

    @contextmanager
    def bulk_writer(self, index, into=None):
        """Yields add(objs) -> count, sending each batch as it comes; refreshes at the end."""
        if not self.setup_complete:
            self.setup()
        target = into or self.index_name

        def add(objs) -> int:
            docs = list(self._documents(index, objs))
            if docs:
                bulk(self.conn, bulk_actions(target, docs, ()), chunk_size=BULK_CHUNK)
            return len(docs)

        try:
            yield add
        finally:
            self.conn.indices.refresh(index=target)

    @contextmanager
    def building_beside(self, index):
        """Yields add(objs) writing to a new index; when the block ends without error,
        the alias moves to it in one request and the old index is deleted."""
        if not self.setup_complete:
            self.setup()
        new = self._create_generation(self._properties(), live=False)
        # No refreshes while loading: Elasticsearch's advice for bulk loads.
        self.conn.indices.put_settings(index=new, body={"index": {"refresh_interval": "-1"}})
        try:
            with self.bulk_writer(index, into=new) as add:
                yield add
        except BaseException:
            self.conn.indices.delete(index=new, ignore=404)
            raise
        self.conn.indices.put_settings(index=new, body={"index": {"refresh_interval": None}})
        self.conn.indices.refresh(index=new)
        old = self._live_generations()
        self.conn.indices.update_aliases(body=alias_swap(self.index_name, new, old))
        for name in old:
            self.conn.indices.delete(index=name, ignore=404)

    def clear(self, models=None, commit=True):
        if models is not None:
            super().clear(models=models, commit=commit)
            return
        # Elasticsearch refuses to delete an index through its alias.
        for name in self._live_generations() or [self.index_name]:
            self.conn.indices.delete(index=name, ignore=404)
        self.setup_complete = False
        self.existing_mapping = {}

    # -- reads -------------------------------------------------------------

    def indexed_ids(self) -> set[int]:
        """Article ids in the index, for `sync_index` (Whoosh reads its stored fields instead)."""
        hits = scan(self.conn, index=self.index_name, query={"_source": [DJANGO_ID]})
        return {int(hit["_source"][DJANGO_ID]) for hit in hits}


class ArabicElasticsearchEngine(Elasticsearch7SearchEngine):
    backend = ArabicElasticsearchBackend
