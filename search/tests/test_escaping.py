"""Hostile text in articles and queries renders inert: escaped markup, no bidi overrides.

The article is ingested for real from a JSON file, as scraped copy would
arrive; then every page and API answer that shows it is read back.
"""

import io
import json
import re

import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: would show «gpj.exe» as «exe.jpg»
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
BODY = (
    f"أعلنت وزارة الثقافة في القاهرة {SCRIPT} عن افتتاح معرض الكتاب الدولي {IMG} بمشاركة "
    f"ناشرين من عشرين دولة عربية، وقال الوزير إن المعرض {RLO}يستمر أسبوعين في مركز المعارض."
)


@pytest.fixture
def hostile(tmp_path):
    record = {
        "title": f"معرض القاهرة للكتاب {SCRIPT} {RLO}يفتتح",
        "content": BODY,
        "source": f"جريدة {IMG}",
        "author": f"{RLO}محرر الثقافة",
        "date_extracted": "2024-09-05",
        "url": "https://example.com/culture/1",
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    call_command("ingest", str(path), "--no-progress", stdout=io.StringIO())
    return Article.objects.get()


def assert_inert(html: str):
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "onerror=alert(1)>" not in html.replace("onerror=alert(1)&gt;", "")
    assert not BIDI_CONTROLS.search(html), "a bidi override reached the page"


def test_stored_text_has_no_bidi_overrides_but_raw_text_keeps_them(hostile):
    for value in (hostile.title, hostile.body, hostile.author, hostile.source.name):
        assert not BIDI_CONTROLS.search(value)
    assert RLO in hostile.raw_text  # what was read, exactly


def test_search_page_escapes_title_snippet_and_source(client, hostile):
    response = client.get("/search/", {"q": "معرض القاهرة"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>" in html  # highlighting still works around the escaped text
    assert_inert(html)


def test_article_page_escapes_everything(client, hostile):
    html = client.get(f"/articles/{hostile.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert_inert(html)


def test_api_snippet_is_escaped_html(client, hostile):
    data = client.get("/api/search", {"q": "معرض"}).json()
    snippet = data["results"][0]["snippet"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet and "<img" not in snippet
    assert "<mark>" in snippet
    assert not BIDI_CONTROLS.search(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("query", [SCRIPT, IMG, f"{RLO}معرض", f'"{IMG}', f"معرض {SCRIPT}*"])
def test_hostile_queries_are_echoed_inert(client, hostile, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code in (200, 400)
    assert_inert(response.content.decode())
    api = client.get("/api/search", {"q": query})
    assert api.status_code in (200, 400)
    assert not BIDI_CONTROLS.search(api.content.decode())


def test_admin_shows_raw_text_with_the_override_visible(admin_client, hostile):
    html = admin_client.get(f"/admin/articles/article/{hostile.pk}/change/").content.decode()
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert not BIDI_CONTROLS.search(html)
    assert "[U+202E]" in html  # an archivist can see the raw copy held one
