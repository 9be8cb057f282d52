"""`manage.py ingest` on hostile input: huge records, duplicates, empty records, mixed
encodings and damaged archives. Each refusal names the file (and record or line) and
the problem; the rest of the batch is stored; nothing stored before is lost; the
index still matches the database.
"""

from __future__ import annotations

import io
import json
import tarfile
import time
import zipfile

import pytest
from django.core.management import call_command
from haystack.constants import DJANGO_ID

from articles.ingest.cleaning import MSG_NO_BODY, MSG_ONLY_BOILERPLATE
from articles.ingest.pipeline import DUPLICATE_CONTENT, DUPLICATE_IN_RUN
from articles.ingest.readers import (
    MSG_ARCHIVE_CORRUPT,
    MSG_ARCHIVE_OPEN,
    MSG_EMPTY,
    MSG_LINE_NOT_OBJECT,
    MSG_MIXED_ENCODING,
    MSG_MIXED_LINE,
    MSG_NO_RECORDS,
    MSG_TOO_LARGE,
)
from articles.models import Article
from search.models import PendingIndexUpdate

pytestmark = pytest.mark.django_db

BODY = (
    "أعلنت وزارة الصحة السعودية اليوم عن افتتاح مستشفى جديد في مدينة الرياض بطاقة استيعابية "
    "تبلغ خمسمائة سرير، وأوضح المتحدث باسم الوزارة أن المستشفى سيخدم سكان الأحياء الشمالية."
)
MOJIBAKE = "ط§ظ„"  # «ال» in UTF-8 read as Windows-1256


def run(*args, show_duplicates=False):
    out, err = io.StringIO(), io.StringIO()
    extra = ["--show-duplicates"] if show_duplicates else []
    call_command("ingest", *map(str, args), "--no-progress", *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue().splitlines()


def record(n: int, **extra) -> dict:
    return {"title": f"خبر رقم {n} عن الرياض", "content": f"{BODY} وهذا هو الخبر رقم {n}.", **extra}


def write_json(path, value):
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def assert_index_matches_database():
    out = io.StringIO()
    call_command("check_index", stdout=out)  # exits with status 1 when they differ
    assert "The index matches the database." in out.getvalue()


def test_a_50_mb_record_is_refused_by_name_and_the_batch_goes_on(tmp_path, samples):
    batch = tmp_path / "batch"
    batch.mkdir()
    body = "كلمة " * (50 * 2**20 // len("كلمة ".encode()))  # 50 MB of UTF-8
    write_json(batch / "big.json", {"title": "خبر ضخم", "content": body})
    write_json(batch / "day.json", [record(1), record(2)])
    size = len(json.dumps({"title": "خبر ضخم", "content": body}, ensure_ascii=False))

    started = time.perf_counter()
    out, failures = run(batch)

    assert failures == [f"FAILED batch/big.json: {MSG_TOO_LARGE.format(size=size)}"]
    assert "record too large: 29,127,145 characters, over the limit of 1,000,000" in failures[0]
    assert "added:      2" in out
    assert Article.objects.count() == len(samples) + 1 + 2  # the samples are all still there
    assert time.perf_counter() - started < 60  # refused before tagging or indexing it
    assert_index_matches_database()


def test_duplicates_within_one_file_are_stored_once_and_named(tmp_path):
    first = record(1, url="https://example.sa/1")
    same_text = {**first, "url": "https://example.sa/other"}
    same_url = {**record(2), "url": "https://example.sa/1"}
    write_json(tmp_path / "day.json", [first, first, same_url, same_text, record(3)])
    lines = [record(4), record(4), {**record(1), "url": "https://example.sa/1"}]
    (tmp_path / "feed.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in lines), encoding="utf-8"
    )

    out, failures = run(tmp_path, show_duplicates=True)

    assert failures == []
    assert "added:      3" in out and "duplicates: 5 skipped" in out
    url, text = (DUPLICATE_IN_RUN.format(what=w, origin="{}") for w in ("URL", "text"))
    assert (
        f"duplicate {tmp_path.name}/day.json#2: " + url.format(f"{tmp_path.name}/day.json#1") in out
    )
    assert (
        f"duplicate {tmp_path.name}/day.json#3: " + url.format(f"{tmp_path.name}/day.json#1") in out
    )
    assert (
        f"duplicate {tmp_path.name}/day.json#4: " + text.format(f"{tmp_path.name}/day.json#1")
        in out
    )
    assert (
        f"duplicate {tmp_path.name}/feed.jsonl:2: " + text.format(f"{tmp_path.name}/feed.jsonl:1")
        in out
    )
    assert Article.objects.filter(url="https://example.sa/1").count() == 1

    out, _ = run(tmp_path / "day.json", show_duplicates=True)  # and again, later
    pk = Article.objects.get(url="https://example.sa/1").pk
    assert "duplicate day.json#4: " + DUPLICATE_CONTENT.format(pk=pk) in out
    assert Article.objects.count() == 3


def test_empty_and_whitespace_records_are_named_and_the_rest_stored(tmp_path):
    write_json(
        tmp_path / "day.json",
        [
            {},
            {"title": "   ", "content": "  \n\t  "},
            {"title": "خبر", "content": "\u200f\u200b\u00a0\u2066"},  # invisible only
            record(1),
            {"title": "خبر", "content": "عاجل"},  # a label, no text
        ],
    )
    (tmp_path / "feed.jsonl").write_text('\n   \n{}\n""\n' + json.dumps(record(2)) + "\n\n")
    (tmp_path / "none.json").write_text("[ ]")
    (tmp_path / "blank.txt").write_text(" \n\t\n ")
    (tmp_path / "invisible.txt").write_text("\u200f\u00a0 \u200b\n\u00a0", encoding="utf-8")

    out, failures = run(tmp_path)

    name = tmp_path.name
    assert sorted(failures) == sorted(
        [
            f"FAILED {name}/blank.txt: {MSG_EMPTY}",
            f"FAILED {name}/day.json#1: {MSG_NO_BODY}",
            f"FAILED {name}/day.json#2: {MSG_NO_BODY}",
            f"FAILED {name}/day.json#3: {MSG_NO_BODY}",
            f"FAILED {name}/day.json#5: {MSG_ONLY_BOILERPLATE}",
            f"FAILED {name}/feed.jsonl:3: {MSG_NO_BODY}",
            f"FAILED {name}/feed.jsonl:4: {MSG_LINE_NOT_OBJECT}",
            f"FAILED {name}/invisible.txt: {MSG_NO_BODY}",
            f"FAILED {name}/none.json: {MSG_NO_RECORDS}",
        ]
    )
    assert "added:      2" in out


def test_mixed_encodings_are_refused_by_line_and_never_stored_as_mojibake(tmp_path):
    title = "افتتاح مستشفى جديد في الرياض"
    (tmp_path / "mixed.txt").write_bytes(
        f"{title}\n{BODY}\n".encode() + "وأضاف المتحدث أن العمل يبدأ غدا.\n".encode("cp1256")
    )
    (tmp_path / "legacy.txt").write_bytes(f"خبر قديم\n{BODY} قديم".encode("cp1256"))
    (tmp_path / "utf16.txt").write_bytes(f"خبر بترميز آخر\n{BODY} آخر".encode("utf-16-le"))
    lines = [
        json.dumps(record(1), ensure_ascii=False).encode(),
        json.dumps(record(2), ensure_ascii=False).encode("cp1256"),
        json.dumps(record(3), ensure_ascii=False).encode()[:-20] + b"\xff\xfe" + b'."}',
        json.dumps(record(4), ensure_ascii=False).encode(),
    ]
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(lines))

    out, failures = run(tmp_path)

    name = tmp_path.name
    assert sorted(failures) == [
        f"FAILED {name}/feed.jsonl:3: {MSG_MIXED_LINE}",
        f"FAILED {name}/mixed.txt: {MSG_MIXED_ENCODING.format(line=3)}",
    ]
    assert "added:      5" in out
    assert not Article.objects.filter(body__contains=MOJIBAKE).exists()
    assert Article.objects.get(title="خبر قديم").body.startswith("أعلنت وزارة الصحة")
    assert Article.objects.filter(title__startswith="خبر رقم").count() == 3


def _tar_gz(records: list[dict]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for n, value in enumerate(records):
            data = json.dumps(value, ensure_ascii=False).encode()
            info = tarfile.TarInfo(f"days/{n}.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_damaged_archives_are_named_and_nothing_stored_before_is_lost(tmp_path, samples):
    batch = tmp_path / "batch"
    batch.mkdir()
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("day.json", json.dumps([record(n) for n in range(5)], ensure_ascii=False))
    (batch / "truncated.zip").write_bytes(whole.getvalue()[:-30])
    corrupt = bytearray(_tar_gz([record(n) for n in range(10, 15)]))
    corrupt[len(corrupt) // 2] ^= 0x40
    (batch / "corrupt.tar.gz").write_bytes(bytes(corrupt))
    (batch / "good.jsonl").write_text(json.dumps(record(20), ensure_ascii=False))

    out, failures = run(batch)

    assert len(failures) == 2
    assert failures[0].startswith(
        "FAILED batch/corrupt.tar.gz: " + MSG_ARCHIVE_CORRUPT.split("{reason}")[0]
    )
    assert failures[1].startswith(
        "FAILED batch/truncated.zip: " + MSG_ARCHIVE_OPEN.format(reason="")
    )
    assert "added:      1" in out
    assert Article.objects.count() == len(samples) + 1 + 1
    assert_index_matches_database()


def test_an_ingest_whose_index_commit_never_happens_is_indexed_by_the_next_run(
    tmp_path, search_backend, monkeypatch
):
    # What a SIGKILL before the index commit leaves (test_ingest_killed.py does it for
    # real): articles committed in the database, none in the index.
    from contextlib import contextmanager

    write_json(tmp_path / "day.json", [record(n) for n in range(3)])

    class Killed(BaseException):
        pass

    @contextmanager
    def dies_before_commit(self, index, into=None):
        yield lambda objs: len(list(objs))
        raise Killed

    monkeypatch.setattr(type(search_backend), "bulk_writer", dies_before_commit)
    monkeypatch.setattr("search.index_queue._drain_quietly", lambda: None)  # dead: no drain
    with pytest.raises(Killed):
        run(tmp_path)
    assert Article.objects.count() == 3 and PendingIndexUpdate.objects.count() == 3
    assert not list(search_backend.searcher().all_stored_fields())

    monkeypatch.undo()
    out, _ = run(tmp_path)
    assert "duplicates: 3 skipped" in out
    indexed = {int(f[DJANGO_ID]) for f in search_backend.searcher().all_stored_fields()}
    assert indexed == set(Article.objects.values_list("pk", flat=True))
    assert PendingIndexUpdate.objects.count() == 0
    assert_index_matches_database()


def test_a_completed_ingest_leaves_nothing_queued(tmp_path):
    write_json(tmp_path / "day.json", [record(n) for n in range(3)])
    run(tmp_path)
    assert Article.objects.count() == 3 and PendingIndexUpdate.objects.count() == 0
