"""One writer for the index: edits queue while it is busy, failures keep them queued,
and a full rebuild is built beside the live index and swapped in while searches go on."""

import io
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article
from search import backends, index_queue
from search.backends import ArabicWhooshBackend
from search.engine import SearchRequest, search_articles
from search.writer_lock import writer_lock

pytestmark = pytest.mark.django_db(transaction=True)  # edits are written after commit


def found(q: str) -> set[int]:
    return {hit.id for hit in search_articles(SearchRequest(q=q)).hits}


def retitle(article: Article, title: str) -> None:
    article.title = title
    article.save()


def in_another_thread(work) -> None:
    """Run `work` as another worker would: its own database connection and its own lock attempt."""
    from django.db import connection

    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)


def test_an_edit_saved_while_another_process_writes_is_queued_then_written(samples):
    article = samples["002"]
    holding, release = threading.Event(), threading.Event()

    def other_writer():
        with writer_lock(wait=True):
            holding.set()
            release.wait(timeout=30)
        index_queue.drain(wait=False)  # as any writer does after letting go of the lock

    thread = threading.Thread(target=other_writer)
    thread.start()
    holding.wait(timeout=30)
    retitle(article, "زرافة بنفسجية في المعرض")  # the save returns at once

    assert index_queue.pending() == 1
    assert article.pk not in found("زرافة")
    release.set()
    thread.join(timeout=30)
    assert index_queue.pending() == 0
    assert found("زرافة") == {article.pk}


def test_a_failed_index_write_keeps_the_edit_queued_until_sync_index(
    samples, search_backend, monkeypatch
):
    article = samples["003"]
    monkeypatch.setattr(backends, "WRITE_LOCK_TIMEOUT_S", 0.05)
    # Something outside the archive's writer holds Whoosh's own lock.
    outsider = search_backend.index.writer()
    try:
        retitle(article, "زرافة بنفسجية في المعرض")  # saved; the index write fails, logged
    finally:
        outsider.cancel()
    assert index_queue.pending() == 1
    assert article.pk not in found("زرافة")
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_index", stdout=out, stderr=io.StringIO())
    assert "Edits waiting for the index writer: 1" in out.getvalue()

    out = io.StringIO()
    call_command("sync_index", stdout=out)
    assert "1 queued edits written" in out.getvalue()
    assert found("زرافة") == {article.pk} and index_queue.pending() == 0


def test_a_deleted_article_leaves_the_index_through_the_queue(samples):
    article = samples["004"]
    retitle(article, "زرافة بنفسجية في المعرض")
    assert found("زرافة") == {article.pk}
    article.delete()
    assert found("زرافة") == set()
    assert index_queue.pending() == 0


def index_files(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(("_MAIN_", "index-")))


def test_a_rebuild_is_built_beside_the_live_index_and_swapped_in(samples, search_backend):
    root = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    # Another worker process, with the live index open.
    other_worker = ArabicWhooshBackend("default", **settings.HAYSTACK_CONNECTIONS["default"])
    before = other_worker.searcher().doc_count()
    assert before == 6
    start = search_backend.live_generation()  # "" unless an earlier test rebuilt
    edited = samples["001"]
    seen_during_build = []

    def meanwhile(count):
        # Mid-build: the other worker still searches the old index, and an
        # editor's save (from another worker) waits for the swap.
        seen_during_build.append(other_worker.searcher().doc_count())
        in_another_thread(lambda: retitle(Article.objects.get(pk=edited.pk), "زرافة في المعرض"))
        seen_during_build.append(index_queue.pending())

    assert index_queue.rebuild(progress=meanwhile) == 6
    assert seen_during_build == [6, 1]
    first = search_backend.live_generation()
    assert first.startswith("index-") and first != start
    assert found("زرافة") == {edited.pk}  # the queued edit, written to the new index
    # The other worker follows the swap on its next search.
    assert other_worker.searcher().doc_count() == 6
    assert other_worker.path == str(root / first)
    # The previous index stays: workers may be mid-search in it.
    if start:
        assert start in index_files(root)
    else:
        assert any(name.startswith("_MAIN_") for name in index_files(root))

    call_command("sync_index", "--rebuild", stdout=io.StringIO())
    second = search_backend.live_generation()
    assert second != first
    assert index_files(root) == sorted([first, second])  # the one before the previous is gone
    assert found("زرافة") == {edited.pk}
    assert other_worker.searcher().doc_count() == 6
