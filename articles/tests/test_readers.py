"""iter_records: every input format, the field mapping, and each kind of bad input."""

import gzip
import io
import json
import os
import tarfile
import zipfile

import pytest

from articles.ingest.readers import (
    MSG_ARCHIVE_BROKEN,
    MSG_ARCHIVE_OPEN,
    MSG_BINARY,
    MSG_EMPTY,
    MSG_INVALID_JSON,
    MSG_INVALID_JSON_LINE,
    MSG_JSON_TOP_LEVEL,
    MSG_LINE_NOT_OBJECT,
    MSG_MEMBER_UNREADABLE,
    MSG_NO_DOC,
    MSG_NO_EXTENSION,
    MSG_NOT_FOUND,
    MSG_NOT_OBJECT,
    MSG_UNDECODABLE,
    MSG_UNKNOWN_FIELD,
    MSG_UNREADABLE,
    MSG_UNSUPPORTED,
    decode_text,
    iter_records,
)
from articles.ingest.records import RawRecord, ReadError

BODY = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة جدة بسعة ثلاثمائة سرير."
TITLE = "افتتاح مستشفى جديد في جدة"

# Shaped like a SaudiNewsNet record.
SNN_RECORD = {
    "source": "okaz",
    "url": "http://www.okaz.com.sa/new/Issues/20150723/Con20150723786611.htm",
    "date_extracted": "2015-07-23 19:28:17",
    "title": TITLE,
    "author": "",
    "content": BODY,
}

# Shaped like an ANT corpus file.
ANT_DOC = """<DOC>
<DOCNO>JA-economy-32-20170125</DOCNO>
<URL>http://www.jawharafm.net/ar/article/ارتفاع-صادرات-تونس-من-التمور-/93/76664</URL>
<SRC>Jawhara FM</SRC>
<CAT>economy</CAT>
<TITLE>ارتفاع صادرات تونس من التمور</TITLE>
<TIME>2017-01-25T14:36:00+01:00</TIME>
<AUTHOR></AUTHOR>
<ABSTRACT>
قال المدير الجهوي للمجمع المهني المشترك للغلال إنه تم تصدير 36 ألف طن من التمور.
</ABSTRACT>
<TEXT>
قال المدير الجهوي للمجمع المهني المشترك للغلال إنه تم تصدير 36 ألف طن من التمور.
وأضاف أن هذه الكميات شهدت ارتفاعا بالمقارنة مع نفس الفترة من الموسم المنقضي.
</TEXT>
</DOC>"""

ANT_DOC_2 = """<DOC>
<DOCNO>JA-sport-7-20170126</DOCNO>
<SRC>Jawhara FM</SRC>
<TITLE>الترجي يفوز على النادي الصفاقسي & يتصدر الترتيب</TITLE>
<TIME>26/01/2017</TIME>
<TEXT>
فاز الترجي الرياضي على النادي الصفاقسي بهدفين دون رد في قمة الجولة.
</TEXT>
</DOC>"""


def records(paths, **kwargs):
    return list(iter_records([str(p) for p in paths], **kwargs))


def test_txt_file_is_one_record_with_the_decoded_text(tmp_path):
    path = tmp_path / "000.txt"
    text = f"{TITLE}\n{BODY}\n"
    path.write_text(text, encoding="utf-8")

    assert records([path]) == [RawRecord(origin="000.txt", kind="txt", text=text, encoding="utf-8")]


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8"))

    [record] = records([path])
    assert record.text == BODY
    assert record.encoding == "utf-8"


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(BODY.encode("utf-16"))  # Python writes the BOM

    [record] = records([path])
    assert record.text == BODY
    assert record.encoding == "utf-16"


def test_windows_1256_file_is_decoded_and_encoding_recorded(tmp_path):
    path = tmp_path / "old-archive.txt"
    text = f"{TITLE}\n{BODY}"
    path.write_bytes(text.encode("cp1256"))

    [record] = records([path])
    assert record.text == text
    assert record.encoding == "windows-1256"


def test_non_utf8_text_that_is_not_arabic_is_reported(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le ministère a annoncé l'ouverture d'un hôpital à Djeddah.".encode("latin-1"))

    assert records([path]) == [ReadError("latin1.txt", MSG_UNDECODABLE)]


def test_json_list_maps_saudinewsnet_fields(tmp_path):
    second = {
        **SNN_RECORD,
        "title": "أمطار غزيرة على منطقة عسير",
        "content": "هطلت أمطار غزيرة على أبها.",
    }
    path = tmp_path / "2015-07-23.json"
    path.write_text(json.dumps([SNN_RECORD, second], ensure_ascii=False), encoding="utf-8")

    first, other = records([path])
    assert first == RawRecord(
        origin="2015-07-23.json#1",
        kind="json",
        text=json.dumps(SNN_RECORD, ensure_ascii=False),
        fields={
            "title": TITLE,
            "body": BODY,
            "date": "2015-07-23 19:28:17",
            "source": "okaz",
            "url": "http://www.okaz.com.sa/new/Issues/20150723/Con20150723786611.htm",
        },  # the empty author is omitted
    )
    assert other.origin == "2015-07-23.json#2"
    assert other.fields["title"] == "أمطار غزيرة على منطقة عسير"


def test_json_single_object_and_common_field_names(tmp_path):
    obj = {
        "headline": f"  {TITLE}  ",
        "text": BODY,
        "published_at": "2024-02-29",
        "link": "https://example.com/a/1",
        "publisher": "صدى البلد",
        "views": 120,
        "author": None,
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")

    [record] = records([path])
    assert record.origin == "one.json"
    assert record.fields == {
        "title": TITLE,
        "body": BODY,
        "date": "2024-02-29",
        "url": "https://example.com/a/1",
        "source": "صدى البلد",
    }


def test_values_are_coerced_to_text(tmp_path):
    obj = {"title": 2024, "content": BODY, "author": ["سارة أحمد", "محمد علي"]}
    path = tmp_path / "coerced.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")

    [record] = records([path])
    assert record.fields["title"] == "2024"
    assert record.fields["author"] == "سارة أحمد، محمد علي"


def test_field_map_overrides_the_defaults(tmp_path):
    obj = {"text_ar": BODY, "content": "نص آخر لا يستخدم", "time": "29/02/2024", "title": TITLE}
    path = tmp_path / "custom.jsonl"
    path.write_text(json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")

    [record] = records([path], field_map={"body": "text_ar", "date": "time"})
    assert record.fields == {"title": TITLE, "body": BODY, "date": "29/02/2024"}


def test_field_map_applies_to_sgml_tags(tmp_path):
    path = tmp_path / "doc.sgml"
    path.write_text(ANT_DOC, encoding="utf-8")

    [record] = records([path], field_map={"body": "abstract"})
    assert record.fields["body"] == (
        "قال المدير الجهوي للمجمع المهني المشترك للغلال إنه تم تصدير 36 ألف طن من التمور."
    )


def test_field_map_with_an_unknown_key_is_a_programming_error():
    with pytest.raises(ValueError) as error:
        iter_records([], field_map={"bdy": "text"})
    assert str(error.value) == MSG_UNKNOWN_FIELD.format(
        key="bdy", known="title, body, date, source, url, author, category, abstract"
    )


def test_jsonl_bad_line_is_reported_and_other_lines_read(tmp_path):
    good = json.dumps(SNN_RECORD, ensure_ascii=False)
    path = tmp_path / "feed.jsonl"
    path.write_text(f'{good}\n{{"title": "خبر ناقص",}}\n\n"نص"\n{good}\n', encoding="utf-8")

    items = records([path])
    assert [type(i).__name__ for i in items] == ["RawRecord", "ReadError", "ReadError", "RawRecord"]
    assert items[0].origin == "feed.jsonl:1"
    assert items[0].text == good
    assert items[1] == ReadError(
        "feed.jsonl:2",
        MSG_INVALID_JSON_LINE.format(reason="Expecting property name enclosed in double quotes"),
    )
    assert items[2] == ReadError("feed.jsonl:4", MSG_LINE_NOT_OBJECT)
    assert items[3].origin == "feed.jsonl:5"


def test_invalid_json_file_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(
        '[\n  {"title": "خبر", "content": "نص"}\n  {"title": "آخر"}\n]', encoding="utf-8"
    )

    assert records([path]) == [
        ReadError(
            "broken.json",
            MSG_INVALID_JSON.format(line=3, column=3, reason="Expecting ',' delimiter"),
        )
    ]


def test_non_object_json_record_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "mixed.json"
    path.write_text(
        json.dumps([SNN_RECORD, "نص بلا حقول", SNN_RECORD, 7], ensure_ascii=False), encoding="utf-8"
    )

    items = records([path])
    assert [i.origin for i in items] == ["mixed.json#1", "mixed.json", "mixed.json#3", "mixed.json"]
    assert items[1] == ReadError("mixed.json", MSG_NOT_OBJECT.format(index=2))
    assert items[3] == ReadError("mixed.json", MSG_NOT_OBJECT.format(index=4))


def test_json_scalar_at_top_level_is_reported(tmp_path):
    path = tmp_path / "scalar.json"
    path.write_text('"خبر"', encoding="utf-8")

    assert records([path]) == [ReadError("scalar.json", MSG_JSON_TOP_LEVEL.format(kind="str"))]


def test_sgml_file_with_two_docs_gives_two_records(tmp_path):
    path = tmp_path / "ant.sgml"
    path.write_text(f"{ANT_DOC}\n{ANT_DOC_2}\n", encoding="utf-8")

    first, second = records([path])
    assert first.origin == "ant.sgml#1"
    assert first.kind == "sgml"
    assert first.text == ANT_DOC  # the raw <DOC> block
    assert first.fields == {
        "title": "ارتفاع صادرات تونس من التمور",
        "body": "قال المدير الجهوي للمجمع المهني المشترك للغلال إنه تم تصدير 36 ألف طن من التمور.\n"
        "وأضاف أن هذه الكميات شهدت ارتفاعا بالمقارنة مع نفس الفترة من الموسم المنقضي.",
        "date": "2017-01-25T14:36:00+01:00",
        "source": "Jawhara FM",
        "url": "http://www.jawharafm.net/ar/article/ارتفاع-صادرات-تونس-من-التمور-/93/76664",
        "category": "economy",
        "abstract": "قال المدير الجهوي للمجمع المهني المشترك للغلال إنه تم تصدير 36 ألف طن من التمور.",
    }
    assert second.origin == "ant.sgml#2"
    assert second.fields["title"] == "الترجي يفوز على النادي الصفاقسي & يتصدر الترتيب"  # bare &
    assert second.fields["date"] == "26/01/2017"


def test_txt_file_holding_a_doc_is_read_as_sgml(tmp_path):
    path = tmp_path / "JA-economy-32-20170125.txt"
    path.write_text(ANT_DOC + "\n", encoding="utf-8")

    [record] = records([path])
    assert record.kind == "sgml"
    assert record.origin == "JA-economy-32-20170125.txt"
    assert record.fields["source"] == "Jawhara FM"


def test_sgml_with_unclosed_tags_and_html_paragraphs(tmp_path):
    path = tmp_path / "messy.sgm"
    path.write_text(
        "<doc><TITLE>عنوان بلا إغلاق\n<TIME>2017-01-22T171800"
        "<TEXT><p>الفقرة الأولى من الخبر.</p><p>الفقرة الثانية &amp; الأخيرة.</p></TEXT>",
        encoding="utf-8",
    )

    [record] = records([path])
    assert record.fields == {
        "title": "عنوان بلا إغلاق",
        "date": "2017-01-22T171800",
        "body": "الفقرة الأولى من الخبر.\n\nالفقرة الثانية & الأخيرة.",
    }


def test_sgml_file_without_doc_is_reported(tmp_path):
    path = tmp_path / "page.xml"
    path.write_text("<html><body>صفحة</body></html>", encoding="utf-8")

    assert records([path]) == [ReadError("page.xml", MSG_NO_DOC)]


def test_zip_with_json_and_txt_members(tmp_path):
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("2015-07-21.json", json.dumps([SNN_RECORD], ensure_ascii=False))
        archive.writestr("notes/000.txt", f"{TITLE}\n{BODY}")
        archive.writestr("README.md", "# corpus")  # documentation inside archives is skipped
        archive.writestr("__MACOSX/._000.txt", b"\x00\x05\x16\x07")

    items = records([path])
    assert [i.origin for i in items] == ["bundle.zip!2015-07-21.json#1", "bundle.zip!notes/000.txt"]
    assert items[0].fields["title"] == TITLE
    assert items[1] == RawRecord(
        origin="bundle.zip!notes/000.txt", kind="txt", text=f"{TITLE}\n{BODY}"
    )


def test_tar_gz_with_sgml_members(tmp_path):
    path = tmp_path / "antcorpus.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, doc in (
            ("antcorpus/economy/a.txt", ANT_DOC),
            ("antcorpus/sport/b.txt", ANT_DOC_2),
        ):
            data = doc.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))

    items = records([path])
    assert [(i.origin, i.kind) for i in items] == [
        ("antcorpus.tar.gz!antcorpus/economy/a.txt", "sgml"),
        ("antcorpus.tar.gz!antcorpus/sport/b.txt", "sgml"),
    ]


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(SNN_RECORD, ensure_ascii=False) + "\n").encode()))

    [record] = records([path])
    assert record.origin == "feed.jsonl.gz:1"
    assert record.fields["body"] == BODY


def test_directory_is_walked_recursively_in_sorted_order(tmp_path):
    root = tmp_path / "seeds"
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    (root / "b" / "002.txt").write_text("خبر ثان عن الطقس في الرياض.", encoding="utf-8")
    (root / "a" / "001.txt").write_text("خبر أول عن الاقتصاد السعودي.", encoding="utf-8")
    (root / "000.txt").write_text("خبر عن افتتاح معرض الكتاب.", encoding="utf-8")
    (root / ".hidden.txt").write_text("لا يقرأ", encoding="utf-8")
    (root / ".git" / "HEAD.txt").write_text("لا يقرأ", encoding="utf-8")
    (root / "LICENSE").write_text("MIT", encoding="utf-8")
    (root / "README.md").write_text("# عينة", encoding="utf-8")

    assert [i.origin for i in records([root])] == [
        "seeds/000.txt",
        "seeds/a/001.txt",
        "seeds/b/002.txt",
    ]


def test_directory_is_read_lazily(tmp_path):
    root = tmp_path / "batch"
    root.mkdir()
    (root / "1.txt").write_text("الخبر الأول عن معرض الكتاب.", encoding="utf-8")
    (root / "2.txt").write_text("الخبر الثاني عن الطقس.", encoding="utf-8")

    items = iter_records([root])
    first = next(items)
    (root / "2.txt").unlink()  # not read yet, so its loss shows up as an error
    assert first.origin == "batch/1.txt"
    assert list(items) == [
        ReadError("batch/2.txt", MSG_UNREADABLE.format(reason="No such file or directory"))
    ]


def test_unreadable_file_in_a_directory_is_reported(tmp_path):
    root = tmp_path / "batch"
    root.mkdir()
    (root / "gone.txt").symlink_to(tmp_path / "missing.txt")  # dangling: open() fails even as root
    (root / "ok.txt").write_text(BODY, encoding="utf-8")

    items = records([root])
    assert items[0] == ReadError(
        "batch/gone.txt", MSG_UNREADABLE.format(reason="No such file or directory")
    )
    assert items[1].origin == "batch/ok.txt"


def test_missing_path_is_reported(tmp_path):
    assert records([tmp_path / "nowhere.json"]) == [ReadError("nowhere.json", MSG_NOT_FOUND)]


def test_unsupported_extension_is_reported(tmp_path):
    (tmp_path / "articles.csv").write_text("title,body\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT", encoding="utf-8")

    assert records([tmp_path / "articles.csv", tmp_path / "LICENSE"]) == [
        ReadError("articles.csv", MSG_UNSUPPORTED.format(ext=".csv")),
        ReadError("LICENSE", MSG_NO_EXTENSION),  # named directly, so not skipped
    ]


@pytest.mark.parametrize("content", [b"", b"  \n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_file_is_reported(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)

    assert records([path]) == [ReadError("empty.txt", MSG_EMPTY)]


def test_binary_file_is_reported(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    assert records([path]) == [ReadError("photo.txt", MSG_BINARY)]


def test_control_characters_without_nul_are_binary():
    assert decode_text(bytes(range(1, 32)) * 20) == MSG_BINARY


def test_truncated_zip_is_reported(tmp_path):
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.json", json.dumps([SNN_RECORD] * 20, ensure_ascii=False))
    path = tmp_path / "2015-07-21.zip"
    path.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])

    assert records([path]) == [
        ReadError("2015-07-21.zip", MSG_ARCHIVE_OPEN.format(reason="File is not a zip file"))
    ]


def test_corrupt_zip_member_is_reported_and_others_read(tmp_path):
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.txt", BODY)
        archive.writestr("b.txt", TITLE)
    data = bytearray(path.read_bytes())
    offset = data.index(BODY.encode("utf-8"))
    data[offset] ^= 0xFF  # flip a byte of a.txt: its CRC no longer matches
    path.write_bytes(bytes(data))

    items = records([path])
    assert items[0] == ReadError(
        "bundle.zip!a.txt", MSG_MEMBER_UNREADABLE.format(reason="Bad CRC-32 for file 'a.txt'")
    )
    assert items[1].text == TITLE


def test_truncated_tar_gz_keeps_what_was_read_and_reports_the_rest(tmp_path):
    whole = io.BytesIO()
    with tarfile.open(fileobj=whole, mode="w:gz") as archive:
        for i in range(3):
            # Different text per member, so gzip cannot shrink the archive to a few bytes.
            data = "\n".join(
                f"السطر {i}-{n} من الخبر رقم {n * 7919 % 104729}." for n in range(2000)
            )
            info = tarfile.TarInfo(f"ant/{i}.sgml")
            info.size = len(data.encode())
            archive.addfile(info, io.BytesIO(data.encode()))
    path = tmp_path / "ant.tar.gz"
    path.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])

    items = records([path])
    assert isinstance(items[-1], ReadError)
    assert items[-1].message == MSG_ARCHIVE_BROKEN.format(
        reason="Compressed file ended before the end-of-stream marker was reached"
    )
    assert all(isinstance(i, (RawRecord, ReadError)) for i in items)


def test_tar_that_is_not_an_archive_is_reported(tmp_path):
    path = tmp_path / "ant.tgz"
    path.write_bytes(b"not a tar archive at all")

    [error] = records([path])
    assert error.origin == "ant.tgz"
    assert error.message.startswith(MSG_ARCHIVE_OPEN.format(reason=""))


def test_sample_seeds_are_read_as_five_txt_records():
    sample = os.path.join(os.path.dirname(__file__), "..", "fixtures", "sample")

    items = list(iter_records([sample]))
    assert [i.origin for i in items] == [
        "sample/000_560bf25368a9d3a7.txt",
        "sample/001_4e661f9dac139802.txt",
        "sample/002_7c490c51ed63725b.txt",
        "sample/003_f9a6b855010ef535.txt",
        "sample/004_5bc304d3efec465b.txt",
    ]
    assert {(i.kind, i.encoding) for i in items} == {("txt", "utf-8")}


def test_tar_members_with_dot_slash_prefix_are_read(tmp_path):
    # `tar czf batch.tgz .` names every member "./…"; that is not a hidden file.
    path = tmp_path / "batch.tgz"
    with tarfile.open(path, "w:gz") as archive:
        for name in ("./", "./a.txt", "./.DS_Store"):
            data = BODY.encode("utf-8")
            info = tarfile.TarInfo(name)
            if name.endswith("/"):
                info.type = tarfile.DIRTYPE
            else:
                info.size = len(data)
            archive.addfile(info, io.BytesIO(data) if info.isfile() else None)

    assert [i.origin for i in records([path])] == ["batch.tgz!./a.txt"]


def test_current_directory_is_named_by_its_real_name(tmp_path, monkeypatch):
    root = tmp_path / "seeds"
    root.mkdir()
    (root / "000.txt").write_text(BODY, encoding="utf-8")
    monkeypatch.chdir(root)

    assert [i.origin for i in iter_records(["."])] == ["seeds/000.txt"]


def test_unlistable_subdirectory_is_reported_and_the_rest_read(tmp_path, monkeypatch):
    root = tmp_path / "batch"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "x.txt").write_text(BODY, encoding="utf-8")
    (root / "ok.txt").write_text(BODY, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        # chmod cannot lock a folder for root (tests may run as root), so refuse here.
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)

    assert records([root]) == [
        RawRecord(origin="batch/ok.txt", kind="txt", text=BODY),
        ReadError("batch/locked", MSG_UNREADABLE.format(reason="Permission denied")),
    ]
