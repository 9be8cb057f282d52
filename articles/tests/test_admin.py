"""Editors in the admin: Arabic-aware search, and edits that reach the search index."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Article
from articles.tests.admin_forms import article_change_form
from search.engine import SearchRequest, search_articles

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit indexing must run


@pytest.fixture
def editor_client(client, sample_dir):
    call_command("ingest", str(sample_dir), "--no-progress", stdout=open("/dev/null", "w"))
    User.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    client.login(username="editor", password="a-long-test-password")
    return client


def hits(q):
    return {h.id for h in search_articles(SearchRequest(q=q)).hits}


def test_admin_search_ignores_hamza_and_diacritics(editor_client):
    response = editor_client.get("/admin/articles/article/", {"q": "ألاسكا"})
    assert "قمة ألاسكا" in response.content.decode()
    response = editor_client.get("/admin/articles/article/", {"q": "الاسكا"})
    assert "قمة ألاسكا" in response.content.decode()


def test_editing_an_article_updates_the_index(editor_client):
    article = Article.objects.get(title__startswith="قمة ألاسكا")
    assert hits("أنكوريج") == set()
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_change_form(article, title="قمة أنكوريج: أنصار بوتين يحتفون بالقمة", published_on="2025-08-16", date_precision="day"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert hits("أنكوريج") == {article.pk}
    article.refresh_from_db()
    assert article.date_origin == "editor"
    page = search_articles(SearchRequest(q="أنكوريج"))
    assert str(page.hits[0].published_on) == "2025-08-16"


def test_deleting_an_article_removes_it_from_the_index(editor_client):
    article = Article.objects.get(title__startswith="قمة ألاسكا")
    assert article.pk in hits("ألاسكا")
    response = editor_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert article.pk not in hits("ألاسكا")


def test_renaming_a_source_updates_its_articles_in_the_index(editor_client):
    article = Article.objects.get(source__name="صدى البلد")
    source = article.source
    response = editor_client.post(
        f"/admin/articles/source/{source.pk}/change/",
        {"name": "صحيفة صدى البلد", "home_url": "", "_save": "Save"},
    )
    assert response.status_code == 302
    hit = next(h for h in search_articles(SearchRequest(q="الاستقرار الاستراتيجي")).hits if h.id == article.pk)
    assert hit.source == "صحيفة صدى البلد"


def test_a_renamed_source_keeps_its_articles_when_the_outlet_is_ingested_again(editor_client, tmp_path):
    import json

    record = {"source": "alriyadh", "url": "http://www.alriyadh.com/1", "title": "خبر من الرياض",
              "content": "أعلنت أمانة منطقة الرياض اليوم عن افتتاح حديقة عامة جديدة في شمال المدينة."}
    (tmp_path / "a.json").write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    call_command("ingest", str(tmp_path / "a.json"), "--no-progress", stdout=open("/dev/null", "w"))
    source = Article.objects.get(url=record["url"]).source
    editor_client.post(
        f"/admin/articles/source/{source.pk}/change/",
        {"name": "جريدة الرياض", "home_url": "https://www.alriyadh.com/", "_save": "Save"},
    )
    record.update(url="http://www.alriyadh.com/2", title="خبر ثان من الرياض")
    (tmp_path / "b.json").write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    call_command("ingest", str(tmp_path / "b.json"), "--no-progress", stdout=open("/dev/null", "w"))
    assert Article.objects.get(url=record["url"]).source_id == source.pk
    response = editor_client.get("/admin/articles/source/", {"q": "جريدة"})
    assert "جريدة الرياض" in response.content.decode()
