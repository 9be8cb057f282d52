"""`manage.py ingest` killed with SIGKILL mid-run, then run again, as real processes.

The archive is a file-backed SQLite database and a Whoosh index in a temporary
NEWSARCHIVE_DATA_DIR (never the test database). The corpus is made from the
five sample articles: 90 distinct articles in folders of .txt files, a .jsonl
feed and a .json day file, ingested 5 to a transaction so that the kill lands
between stored chunks and before the index commit. Afterwards the archive must
hold exactly what one uninterrupted run stores: nothing twice, nothing half
stored, and `check_index` must find the index matching the database.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE_DIR

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 5
PER_FORMAT = 30  # articles in each of .txt, .jsonl and .json
KILL_AFTER = 3 * CHUNK  # stored articles seen before the kill


def _variant(text: str, n: int) -> tuple[str, str]:
    """(title, body) of the n-th distinct article made from a sample's text."""
    lines = [line for line in text.splitlines() if line.strip()]
    title, paragraphs = lines[0], lines[1:]
    # «اقرأ أيضاً» and what follows stays last; the paragraphs before it rotate.
    cut = next((i for i, p in enumerate(paragraphs) if "أيضا" in p[:12]), len(paragraphs))
    head, tail = paragraphs[:cut], paragraphs[cut:]
    shift = n % max(1, len(head))
    head = head[shift:] + head[:shift]
    numbered = f"وهذا هو التقرير رقم {n} في سلسلة تقارير الأرشيف عن هذا الموضوع."
    return f"{title} ({n})", "\n".join([numbered, *head, *tail])


def _corpus(folder: Path) -> int:
    samples = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_DIR.glob("*.txt"))]
    made = (_variant(samples[n % len(samples)], n) for n in range(3 * PER_FORMAT))
    for n in range(PER_FORMAT):
        title, body = next(made)
        path = folder / "seeds" / f"{n // 40:02d}" / f"{n:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{title}\n{body}\n", encoding="utf-8")
    feed = [dict(zip(("title", "content"), next(made))) for _ in range(PER_FORMAT)]
    (folder / "feed.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in feed), encoding="utf-8"
    )
    day = [
        {"title": title, "content": body, "url": f"https://example.sa/news/{n}", "source": "sabq"}
        for n, (title, body) in enumerate(made)
    ]
    (folder / "day.json").write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    return 3 * PER_FORMAT


def _env(data_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "NEWSARCHIVE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsarchive.settings",
        NEWSARCHIVE_DATA_DIR=str(data_dir),
        NEWSARCHIVE_INGEST_CHUNK_SIZE=str(CHUNK),
    )
    return env


def _manage(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=600,
        check=check,
    )


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles_article").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or locked for a moment
        return 0


def _archive(db: Path) -> dict[str, tuple]:
    """fingerprint -> (title, has body, has raw text, parent's fingerprint, has people, has places)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            """
            SELECT a.fingerprint, a.title, a.body <> '', a.raw_text <> '', p.fingerprint,
                   EXISTS (SELECT 1 FROM articles_personmention m WHERE m.article_id = a.id),
                   EXISTS (SELECT 1 FROM articles_placemention m WHERE m.article_id = a.id)
            FROM articles_article a LEFT JOIN articles_article p ON p.id = a.appended_to_id
            """
        ).fetchall()
        orphans = conn.execute(
            "SELECT COUNT(*) FROM articles_article WHERE appended_to_id IS NOT NULL"
            " AND appended_to_id NOT IN (SELECT id FROM articles_article)"
        ).fetchone()[0]
    assert orphans == 0
    archive = {row[0]: tuple(row[1:]) for row in rows}
    assert len(archive) == len(rows), "an article is stored twice"
    return archive


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """An empty, migrated archive database, copied for each run (one migrate, not three)."""
    data = tmp_path_factory.mktemp("migrated")
    _manage(data, "migrate", "--noinput")
    return data / "archive.sqlite3"


def _fresh_archive(folder: Path, migrated: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated, folder / migrated.name)
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, _corpus(folder)


def _uninterrupted(folder: Path, monkeypatch) -> dict[str, tuple]:
    """What one run that is never killed stores, by the same pipeline in this process."""
    from django.core.management import call_command

    from articles.ingest import pipeline
    from articles.models import Article

    monkeypatch.setattr(pipeline, "CHUNK_SIZE", CHUNK)
    call_command("ingest", str(folder), "--no-progress", stdout=io.StringIO())
    return {
        a.fingerprint: (
            a.title,
            bool(a.body),
            bool(a.raw_text),
            a.appended_to.fingerprint if a.appended_to_id else None,
            a.personmention_set.exists(),
            a.placemention_set.exists(),
        )
        for a in Article.objects.select_related("appended_to")
    }


@pytest.mark.django_db
def test_an_ingest_killed_mid_run_and_run_again_stores_everything_once(
    tmp_path, corpus, migrated, monkeypatch
):
    folder, made = corpus
    uninterrupted = _uninterrupted(folder, monkeypatch)
    data = _fresh_archive(tmp_path / "data", migrated)
    db = data / "archive.sqlite3"

    ingest = subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(folder), "--no-progress"],
        cwd=ROOT,
        env=_env(data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its tagging workers die with it, as on a power cut
    )
    try:
        deadline = time.monotonic() + 300
        while (stored := _count(db)) < KILL_AFTER and ingest.poll() is None:
            assert time.monotonic() < deadline, "the ingest stored nothing in 5 minutes"
            time.sleep(0.02)
    finally:
        os.killpg(ingest.pid, signal.SIGKILL)
        ingest.wait()
    assert ingest.returncode == -signal.SIGKILL, "the ingest finished before it was killed"
    killed_at = _count(db)
    assert KILL_AFTER <= stored <= killed_at < len(uninterrupted)

    again = _manage(data, "ingest", str(folder), "--no-progress")
    assert "failed:     0" in again.stdout, again.stderr
    assert f"added:      {len(uninterrupted) - killed_at}" in again.stdout, again.stdout

    assert _archive(db) == uninterrupted
    assert len(uninterrupted) > made  # the stories split off after «اقرأ أيضاً» count too
    check = _manage(data, "check_index", check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "The index matches the database." in check.stdout
