"""People, places and term vectors of each chunk of articles, found beside the ingest loop.

Tagging costs about 5 ms an article, more than reading, cleaning and storing
it. A small chunk (a handful of files) is tagged in the ingest process; from
the first full chunk on, chunks go to worker processes, so the ingest loop
reads and cleans the next chunk while the workers tag this one.
Workers never touch the database: text in; canonical entities and the
article's term vector (articles/relations/vectors.py, encoded) out.
"""

from __future__ import annotations

import multiprocessing
import signal

from articles.extraction.canonical import KnownNames
from articles.extraction.entities import find_in_article
from articles.relations import vectors

WORKERS = 2
TASK_SIZE = 50  # articles per task sent to a worker

_known: KnownNames | None = None  # each worker's copy of the curated names


def _init_worker(known: KnownNames) -> None:
    global _known
    _known = known
    # Ctrl-C stops the ingest process, which then collects the chunk in flight.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extract(text: tuple[str, str]):
    return _analyse(text[0], text[1], _known)


def _analyse(title: str, body: str, known: KnownNames | None):
    """(people and places, encoded term vector) of one article."""
    return find_in_article(title, body, known), vectors.encode(vectors.term_vector(title, body))


class _Done:
    def __init__(self, value) -> None:
        self.value = value

    def get(self):
        return self.value


class Extractor:
    def __init__(self, known: KnownNames, *, workers: int = WORKERS) -> None:
        self.known, self.workers = known, workers
        self.pool = None

    def submit(self, articles, *, big: bool):
        """Start analysing `articles` (CleanArticle); `.get()` on the result waits for
        [(entities, encoded term vector)], one per article."""
        texts = [(a.title, a.body) for a in articles]
        if not big and self.pool is None:
            return _Done([_analyse(t, b, self.known) for t, b in texts])
        if self.pool is None:
            from articles.extraction.ner.tagger import get_tagger
            from search.analysis import lexicon

            # Loaded once, shared with the forked workers.
            get_tagger(), lexicon.table(), vectors.load_frequencies()
            context = multiprocessing.get_context("fork")
            self.pool = context.Pool(self.workers, _init_worker, (self.known,))
        return self.pool.map_async(_extract, texts, chunksize=TASK_SIZE)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
