"""Editors saving in the admin while readers search, on gunicorn with several workers.

Every worker process writes the index through the one writer
(search/index_queue.py): no lock errors, no lost edits, no 500s, and the
index matches the database afterwards.
"""

import os
import threading
import time
import urllib.parse

import pytest
from django.db import connection

from search.tests.live_archive import Editor, LiveArchive

# Rare words, one per save, so the index can be asked which title it holds.
MARKERS = [
    ["زمرد", "ياقوت", "مرجان", "عقيق", "فيروز", "كهرمان"],
    ["بنفسج", "نرجس", "اقحوان", "ياسمين", "خزامى", "قرنفل"],
    ["سنجاب", "غزال", "وشق", "ظبي", "نمس", "قندس"],
]
READER_QUERIES = ["الرئيس", "السعودية", "الاقتصاد", "وزير الخارجية", "مصر"]


@pytest.fixture
def live_archive(tmp_path, django_db_blocker):
    database_url = None
    if connection.vendor == "postgresql":
        # Its own database beside the test database, dropped afterwards.
        settings = connection.settings_dict
        name = f"archive_live_{os.getpid()}"
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        database_url = (
            f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or 'localhost'}"
            f":{settings['PORT'] or 5432}/{name}"
        )
    archive = LiveArchive(tmp_path, database_url, workers=3)
    try:
        archive.start()
        yield archive
    finally:
        archive.stop()
        if database_url:
            with django_db_blocker.unblock(), connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.django_db(transaction=True)
def test_editors_and_readers_at_once_leave_the_index_matching_the_database(live_archive):
    edited = _article_ids(live_archive)[: len(MARKERS)]
    assert len(edited) == len(MARKERS)
    titles = {}
    problems: list[str] = []
    reader_statuses: list[int] = []
    done = threading.Event()

    def edit(n: int, article_id: int) -> None:
        editor = Editor(live_archive)
        editor.log_in()
        for marker in MARKERS[n]:
            title = f"خبر محرر {marker}"
            status, landed = editor.set_title(article_id, title)
            if status != 200 or not landed.endswith("/admin/articles/article/"):
                problems.append(f"save of {article_id} as «{title}»: {status} at {landed}")
            titles[article_id] = title

    def read(n: int) -> None:
        i = n
        while not done.is_set():
            q = READER_QUERIES[i % len(READER_QUERIES)]
            for path in (
                "/api/search?" + urllib.parse.urlencode({"q": q}),
                "/search/?" + urllib.parse.urlencode({"q": q}),
                f"/articles/{edited[i % len(edited)]}/",
            ):
                reader_statuses.append(live_archive.get(path)[0])
            i += 1

    readers = [threading.Thread(target=read, args=(n,)) for n in range(4)]
    editors = [threading.Thread(target=edit, args=(n, pk)) for n, pk in enumerate(edited)]
    for thread in readers + editors:
        thread.start()
    for thread in editors:
        thread.join(timeout=240)
    done.set()
    for thread in readers:
        thread.join(timeout=60)

    print(f"{len(reader_statuses)} reader requests during {sum(map(len, MARKERS))} saves")
    assert not problems
    assert reader_statuses and set(reader_statuses) == {200}, sorted(set(reader_statuses))
    # Each article is found by its last title's word, and no longer by the ones before it.
    time.sleep(0.2)
    for n, pk in enumerate(edited):
        assert pk in live_archive.search_ids(MARKERS[n][-1]), titles[pk]
        for earlier in MARKERS[n][:-1]:
            assert pk not in live_archive.search_ids(earlier)
    check = live_archive.manage("check_index")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "The index matches the database." in check.stdout
    assert "waiting" not in check.stdout  # nothing left in the queue
    log = live_archive.log.read_text()
    assert "Traceback" not in log and "Could not update the search index" not in log, log[-2000:]


def _article_ids(archive) -> list[int]:
    return sorted(archive.search_ids("السعودية") | archive.search_ids("الرئيس"))
