"""The search page as a reader sees it: RTL Arabic HTML with highlighted results."""

import pytest

from newsarchive.tests.catalogue import compiled_catalogues

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogues():
    # Counts take the ar catalogue's forms («نتيجة واحدة»): compiled even when run alone.
    compiled_catalogues()


def test_results_page_is_rtl_arabic_with_marked_words(client, samples):
    response = client.get("/search/", {"q": "كورسك"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "<mark>كورسك</mark>" in html
    # 000 and 001 tell one story: one result, the other version folded under it.
    assert "نتيجة واحدة" in html  # the ar catalogue's form for one (e72a469)
    assert '<details class="versions">' in html
    assert "ونسخة أخرى من مصدر آخر" in html


def test_no_results_and_malformed_query_messages(client, samples):
    empty = client.get("/search/", {"q": "البطريق"}).content.decode()
    assert "لا توجد نتائج لـ«البطريق»" in empty
    bad = client.get("/search/", {"q": "-بوتين"})
    assert bad.status_code == 400
    assert "يستبعد كلمات فقط" in bad.content.decode()


def test_query_text_is_escaped(client, samples):
    html = client.get(
        "/search/", {"q": '<script>alert(1)</script> "><img onerror=x>'}
    ).content.decode()
    assert "<script>alert" not in html and "<img onerror" not in html


def test_home_article_and_date_archive_pages(client, samples):
    from articles.models import Article

    home = client.get("/").content.decode()
    assert "أحدث المقالات" in home
    article = Article.objects.get(published_on="2024-02-29")
    page = client.get(article.get_absolute_url()).content.decode()
    assert article.title in page and "29 فبراير 2024" in page
    assert client.get("/archive/").status_code == 200
    day = client.get("/archive/2024/02/29/")
    assert day.status_code == 200 and article.title in day.content.decode()
    assert client.get("/archive/2024/").status_code == 200
    assert client.get("/archive/1999/").status_code == 404
