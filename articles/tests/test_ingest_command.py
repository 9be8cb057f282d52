"""`manage.py ingest` as an archivist runs it: real files, real database, real index."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from haystack.constants import DJANGO_ID

from articles.models import Article, IngestBatch, Source
from search.engine import SearchRequest, search_articles

pytestmark = pytest.mark.django_db

BODY = (
    "أعلنت وزارة الصحة السعودية اليوم عن افتتاح مستشفى جديد في مدينة الرياض بطاقة استيعابية "
    "تبلغ خمسمائة سرير، وأوضح المتحدث باسم الوزارة أن المستشفى سيخدم سكان الأحياء الشمالية."
)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *map(str, args), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def indexed_ids(backend):
    return {int(f[DJANGO_ID]) for f in backend.searcher().all_stored_fields()}


def test_ingest_samples_then_again_adds_nothing(sample_dir, search_backend):
    out, err = run(sample_dir)
    assert "added:      6 (1 of them stories split off after «اقرأ أيضاً»)" in out
    assert err == ""
    assert Article.objects.count() == 6
    assert indexed_ids(search_backend) == set(Article.objects.values_list("pk", flat=True))
    appended = Article.objects.get(appended_to__isnull=False)
    assert appended.title == "ممثل بوتين: حققنا تقدما ملحوظا مع واشنطن بشأن أوكرانيا"

    out, _ = run(sample_dir)
    assert "added:      0" in out
    assert "duplicates: 5 skipped" in out
    assert "Nothing new: every article read is already in the archive." in out
    assert Article.objects.count() == 6
    assert IngestBatch.objects.count() == 2


def test_raw_text_is_kept_exactly(sample_dir):
    run(sample_dir)
    path = sample_dir / "003_f9a6b855010ef535.txt"
    article = Article.objects.get(origin__endswith=path.name)
    assert article.raw_text == path.read_text(encoding="utf-8")
    assert "تم نسخ الرابط" in article.raw_text and "تم نسخ الرابط" not in article.body


def test_bad_items_are_named_and_the_rest_goes_on(tmp_path, search_backend):
    (tmp_path / "good.txt").write_text("افتتاح مستشفى جديد في الرياض\n" + BODY, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 50)
    (tmp_path / "broken.json").write_text('[{"title": "x", "content": ', encoding="utf-8")
    lines = [
        json.dumps({"title": "خبر أول عن الرياض", "content": BODY + " الأول"}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "خبر بلا نص", "content": ""}, ensure_ascii=False),
        json.dumps({"title": "خبر ثالث عن جدة", "content": BODY + " الثالث"}, ensure_ascii=False),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "legacy.txt").write_bytes(("خبر قديم بترميز ويندوز\n" + BODY + " قديم").encode("cp1256"))

    out, err = run(tmp_path)

    assert "added:      4" in out
    assert "failed:     5" in out
    assert "     1  no article text (body is empty)" in out
    assert "     1  empty file" in out
    failures = err.splitlines()
    assert len(failures) == 5
    assert any("empty.txt" in line and "empty file" in line for line in failures)
    assert any("binary.txt" in line and "binary file" in line for line in failures)
    assert any("broken.json" in line and "invalid JSON" in line for line in failures)
    assert any("feed.jsonl:2" in line and "invalid JSON" in line for line in failures)
    assert any("feed.jsonl:3" in line and "no article text" in line for line in failures)
    legacy = Article.objects.get(title="خبر قديم بترميز ويندوز")
    assert legacy.body.endswith("قديم")
    assert indexed_ids(search_backend) == set(Article.objects.values_list("pk", flat=True))


def test_saudinewsnet_shaped_zip_and_field_map(tmp_path):
    records = [
        {
            "source": "alriyadh",
            "url": f"http://www.alriyadh.com/{n}",
            "date_extracted": "2015-07-23 19:28:17",
            "title": f"افتتاح مستشفى رقم {n} في الرياض",
            "author": "",
            "content": f"{BODY} الخبر {n}",
        }
        for n in range(3)
    ]
    with zipfile.ZipFile(tmp_path / "2015-07-23.zip", "w") as archive:
        archive.writestr("2015-07-23.json", json.dumps(records, ensure_ascii=False))
    out, _ = run(tmp_path / "2015-07-23.zip")
    assert "added:      3" in out
    article = Article.objects.get(url="http://www.alriyadh.com/1")
    assert article.source.name == "alriyadh"
    assert str(article.published_on) == "2015-07-23" and article.date_origin == "metadata"

    # The same URL again is a duplicate, whatever the text says now.
    records[1]["content"] += " تحديث"
    with zipfile.ZipFile(tmp_path / "again.zip", "w") as archive:
        archive.writestr("again.json", json.dumps(records, ensure_ascii=False))
    out, _ = run(tmp_path / "again.zip")
    assert "added:      0" in out and "duplicates: 3 skipped" in out

    custom = tmp_path / "custom.json"
    custom.write_text(
        json.dumps([{"headline_ar": "خبر بحقول مخصصة", "text_ar": BODY, "outlet": "صحيفة المدينة"}],
                   ensure_ascii=False),
        encoding="utf-8",
    )
    call_command(
        "ingest", str(custom), "--field", "title=headline_ar", "--field", "body=text_ar",
        "--field", "source=outlet", "--no-progress", stdout=io.StringIO(),
    )
    article = Article.objects.get(title="خبر بحقول مخصصة")
    assert article.source == Source.objects.get(name="صحيفة المدينة")


def test_sgml_documents(tmp_path):
    docs = "".join(
        f"""<DOC>
<DOCNO>JA-politic-{n}-20170121</DOCNO>
<URL>http://www.jawharafm.net/ar/article/{n}</URL>
<SRC>Jawhara FM</SRC>
<CAT>politic</CAT>
<TITLE>اجتماع وزاري في تونس رقم {n}</TITLE>
<TIME>{time}</TIME>
<AUTHOR></AUTHOR>
<ABSTRACT>ملخص</ABSTRACT>
<TEXT>
{BODY} تونس {n}
</TEXT>
</DOC>
"""
        for n, time in ((1, "2017-01-21T16:19:00+01:00"), (2, "21/01/2017"))
    )
    (tmp_path / "ant.sgml").write_text(docs, encoding="utf-8")
    out, _ = run(tmp_path)
    assert "added:      2" in out
    assert set(Article.objects.values_list("published_on", flat=True).distinct()) == {
        __import__("datetime").date(2017, 1, 21)
    }
    # Both are found; the same text a day apart is one story, shown once.
    page = search_articles(SearchRequest(q="تونس"))
    assert page.count == 1
    assert len(page.hits[0].versions) == 1


def test_unknown_field_in_field_map_is_refused(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="expected NAME=INPUT_FIELD"):
        call_command("ingest", str(tmp_path), "--field", "colour=red")


def test_an_interrupted_ingest_keeps_database_and_index_in_step(sample_dir, search_backend, monkeypatch):
    from articles.ingest import pipeline

    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 2)
    read = []

    def stop_after_four(n):
        read.append(n)
        if len(read) == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pipeline.ingest([str(sample_dir)], on_progress=stop_after_four)
    stored = set(Article.objects.values_list("pk", flat=True))
    # Two chunks of two were written (000+001, then 002 and the story appended
    # to it); the interruption came before 003 was read.
    assert len(stored) == 4
    assert indexed_ids(search_backend) == stored

    out, _ = run(sample_dir)  # running again finishes the job
    assert "added:      2" in out and "duplicates: 3 skipped" in out
    assert indexed_ids(search_backend) == set(Article.objects.values_list("pk", flat=True))
