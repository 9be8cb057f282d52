"""Fuzzing the readers: any bytes, broken archives and mixed encodings never raise.

Every item comes back as a record or as an error naming the file (and the
member, record or line) and the problem; a broken archive never yields a
record that was not in it.
"""

from __future__ import annotations

import io
import json
import tarfile
import zipfile

from hypothesis import example, given
from hypothesis import strategies as st

from articles.ingest.readers import (
    MAX_RECORD_CHARS,
    MSG_ARCHIVE_BROKEN,
    MSG_ARCHIVE_CORRUPT,
    MSG_INVALID_JSON_LINE,
    MSG_MIXED_ENCODING,
    MSG_MIXED_LINE,
    MSG_NO_RECORDS,
    MSG_TOO_DEEP,
    MSG_TOO_LARGE,
    decode_text,
    iter_records,
)
from articles.ingest.records import RawRecord, ReadError
from search.tests.strategies import SAMPLE_DIR, arabic_text

SAMPLES = sorted(SAMPLE_DIR.glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in SAMPLES]
NAMES = ["a.txt", "a.json", "a.jsonl", "a.sgml", "a.zip", "a.tar.gz", "a.tgz", "a.jsonl.gz"]


def read(tmp_path, name: str, data: bytes) -> list[RawRecord | ReadError]:
    path = tmp_path / name
    path.write_bytes(data)
    items = list(iter_records([path]))
    for item in items:
        assert isinstance(item, (RawRecord, ReadError))
        assert item.origin.startswith(name)
        if isinstance(item, ReadError):
            assert item.message
    return items


@given(st.sampled_from(NAMES), st.binary(max_size=2000))
@example("a.json", b"[" * 100_000 + b"]" * 100_000)  # found by fuzzing: RecursionError
@example("a.jsonl", b'{"content": ' + b"1" * 5000 + b"}")  # found by fuzzing: int digit limit
def test_any_bytes_under_any_name_never_raise(tmp_path_factory, name, data):
    read(tmp_path_factory.mktemp("any"), name, data)


@given(st.sampled_from(["a.json", "a.jsonl", "a.txt", "a.sgml"]), arabic_text(40))
def test_any_text_in_any_format_never_raises(tmp_path_factory, name, text):
    read(tmp_path_factory.mktemp("text"), name, text.encode("utf-8"))


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in zip(SAMPLES, TEXTS):
            archive.writestr(path.name, text)
    return out.getvalue()


def _tar_gz() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for path, text in zip(SAMPLES, TEXTS):
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"seeds/{path.name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


ARCHIVES = {"seeds.zip": _zip(), "seeds.tar.gz": _tar_gz()}


@st.composite
def damaged_archives(draw):
    name = draw(st.sampled_from(sorted(ARCHIVES)))
    data = bytearray(ARCHIVES[name])
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data) - 1))]  # truncated
    else:
        for _ in range(draw(st.integers(1, 3))):  # corrupt: bytes flipped
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= draw(st.integers(1, 255))
    return name, bytes(data)


@given(damaged_archives())
def test_a_damaged_archive_yields_only_its_own_intact_articles(tmp_path_factory, damaged):
    name, data = damaged
    items = read(tmp_path_factory.mktemp("archive"), name, data)
    for item in items:
        if isinstance(item, RawRecord):
            assert item.text in TEXTS, f"{item.origin}: a garbled article was read"


def test_a_tar_gz_with_a_flipped_byte_is_refused_whole(tmp_path):
    # Found by fuzzing: a byte flipped inside the gzip stream came out as a
    # garbled article, since gzip checks its CRC only at the end of the stream.
    data = bytearray(ARCHIVES["seeds.tar.gz"])
    data[len(data) // 2] ^= 0x40
    [error] = read(tmp_path, "seeds.tar.gz", bytes(data))
    before, after = MSG_ARCHIVE_CORRUPT.split("{reason}")
    assert error.message.startswith(before) and error.message.endswith(after)


def test_a_truncated_tar_gz_still_gives_the_articles_before_the_cut(tmp_path):
    data = ARCHIVES["seeds.tar.gz"]
    items = read(tmp_path, "seeds.tar.gz", data[: len(data) * 3 // 4])
    assert [i.text for i in items[:-1]] == TEXTS[: len(items) - 1] and len(items) > 1
    assert items[-1].message.startswith(MSG_ARCHIVE_BROKEN.split("{reason}")[0])


def test_whole_archives_read_every_sample(tmp_path):
    for name, data in ARCHIVES.items():
        assert sorted(i.text for i in read(tmp_path, name, data)) == sorted(TEXTS)


# --- mixed encodings -------------------------------------------------------------------

LINE = TEXTS[0].splitlines()[0]


def test_utf8_with_a_windows_1256_line_is_refused_naming_the_line(tmp_path):
    data = (LINE + "\n" + LINE + "\n").encode() + (LINE + "\n").encode("cp1256")
    [error] = read(tmp_path, "mixed.txt", data)
    assert error == ReadError("mixed.txt", MSG_MIXED_ENCODING.format(line=3))


def test_windows_1256_then_utf8_is_refused_not_read_as_mojibake(tmp_path):
    data = (LINE + "\n").encode("cp1256") + (LINE + "\n").encode()
    [error] = read(tmp_path, "mixed.txt", data)
    assert error == ReadError("mixed.txt", MSG_MIXED_ENCODING.format(line=1))


def test_utf8_with_invalid_bytes_is_refused(tmp_path):
    data = (LINE + "\n\n").encode() + b"\xff\xfe\xc0 " + LINE.encode()
    assert decode_text(data) == MSG_MIXED_ENCODING.format(line=3)


def test_utf8_followed_by_utf16_is_refused_as_mixed(tmp_path):
    data = (LINE + "\n").encode() + (LINE + "\n").encode("utf-16-le")
    assert decode_text(data) == MSG_MIXED_ENCODING.format(line=2)


def test_utf16_without_bom_is_read(tmp_path):
    [record] = read(tmp_path, "legacy.txt", TEXTS[0].encode("utf-16-le"))
    assert record.text == TEXTS[0] and record.encoding == "utf-16"


def test_plain_windows_1256_is_still_read():
    text, encoding = decode_text(LINE.encode("cp1256"))
    assert (text, encoding) == (LINE, "windows-1256")


def _jsonl(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_jsonl_lines_in_different_encodings_are_read_one_by_one(tmp_path):
    first = json.dumps({"title": "أ", "content": TEXTS[1]}, ensure_ascii=False)
    second = json.dumps({"title": "ب", "content": LINE}, ensure_ascii=False)
    third = json.dumps({"title": "ج", "content": TEXTS[2]}, ensure_ascii=False)
    data = (
        (first + "\n").encode()
        + (second + "\n").encode("cp1256")
        + (third[:40] + "\n").encode()[:-3]
        + b"\xff\n"
        + (third + "\n").encode()
    )
    items = read(tmp_path, "feed.jsonl", data)
    assert [type(i).__name__ for i in items] == ["RawRecord", "RawRecord", "ReadError", "RawRecord"]
    assert items[0].fields["body"] == TEXTS[1].strip() and items[0].encoding == "utf-8"
    assert items[1].fields["body"] == LINE and items[1].encoding == "windows-1256"
    assert items[1].origin == "feed.jsonl:2"
    assert items[2] == ReadError("feed.jsonl:3", MSG_MIXED_LINE)
    assert items[3].origin == "feed.jsonl:4"


# --- sizes and shapes ------------------------------------------------------------------


def test_a_record_over_the_size_limit_is_refused_by_record(tmp_path):
    big = {"title": "خبر طويل", "content": "كلمة " * (MAX_RECORD_CHARS // 5 + 1)}
    small = {"title": "خبر قصير", "content": TEXTS[0]}
    data = json.dumps([small, big, small], ensure_ascii=False).encode()
    items = read(tmp_path, "day.json", data)
    assert [i.origin for i in items] == ["day.json#1", "day.json#2", "day.json#3"]
    size = len(json.dumps(big, ensure_ascii=False))
    assert items[1] == ReadError("day.json#2", MSG_TOO_LARGE.format(size=size))


def test_an_empty_json_list_is_reported(tmp_path):
    assert read(tmp_path, "day.json", b"[ ]") == [ReadError("day.json", MSG_NO_RECORDS)]


def test_json_nested_too_deeply_is_an_error_not_a_crash(tmp_path):
    [error] = read(tmp_path, "deep.json", b"[" * 100_000 + b"]" * 100_000)
    assert error == ReadError("deep.json", MSG_TOO_DEEP)


def test_jsonl_number_with_too_many_digits_is_an_error_not_a_crash(tmp_path):
    good = json.dumps({"content": TEXTS[0]}, ensure_ascii=False)
    data = (good + "\n" + '{"content": ' + "1" * 5000 + "}\n" + good).encode()
    items = read(tmp_path, "feed.jsonl", data)
    assert isinstance(items[0], RawRecord) and isinstance(items[2], RawRecord)
    assert items[1].origin == "feed.jsonl:2"
    assert items[1].message.startswith(MSG_INVALID_JSON_LINE.format(reason=""))
    assert "4300" in items[1].message
