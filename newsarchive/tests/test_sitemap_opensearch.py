"""The sitemap and the OpenSearch description, parsed as crawlers and browsers parse them."""

import xml.etree.ElementTree as ET

import pytest

from articles.models import Article, EntityStatus, Person, Place
from search.opensearch import DESCRIPTION, SHORT_NAME

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def locations(client, url: str, tag: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}{tag}"
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_index_names_each_section(client, samples):
    assert locations(client, "/sitemap.xml", "sitemapindex") == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-people.xml",
        "http://testserver/sitemap-places.xml",
        "http://testserver/sitemap-archive.xml",
    ]


def test_sitemap_lists_every_article_person_place_and_date_page(client, samples):
    articles = locations(client, "/sitemap-articles.xml", "urlset")
    assert articles == [
        f"http://testserver/articles/{a.pk}/" for a in Article.objects.order_by("id")
    ]
    assert f"http://testserver{samples['002'].get_absolute_url()}" in articles

    putin = Person.objects.get(name="فلاديمير بوتين")
    people = locations(client, "/sitemap-people.xml", "urlset")
    assert f"http://testserver/people/{putin.pk}/" in people
    assert len(people) == Person.objects.count()
    alaska = Place.objects.get(name="ألاسكا")
    assert f"http://testserver/places/{alaska.pk}/" in locations(
        client, "/sitemap-places.xml", "urlset"
    )

    archive = locations(client, "/sitemap-archive.xml", "urlset")
    assert archive[0] == "http://testserver/archive/"
    assert "http://testserver/archive/2024/" in archive
    assert "http://testserver/archive/2024/2/29/" in archive
    for url in archive:  # every listed page exists
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_rejected_names_leave_the_sitemap(client, samples):
    putin = Person.objects.get(name="فلاديمير بوتين")
    putin.status = EntityStatus.REJECTED
    putin.save()
    assert f"http://testserver/people/{putin.pk}/" not in locations(
        client, "/sitemap-people.xml", "urlset"
    )


def test_unknown_sitemap_section_is_404(client, samples):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-articles.xml", {"p": "9"}).status_code == 404


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert root.findtext(f"{OPENSEARCH}ShortName") == SHORT_NAME and len(SHORT_NAME) <= 16
    assert root.findtext(f"{OPENSEARCH}Description") == DESCRIPTION
    assert root.findtext(f"{OPENSEARCH}InputEncoding") == "UTF-8"
    assert root.findtext(f"{OPENSEARCH}Language") == "ar"
    templates = {u.get("type"): u.get("template") for u in root.findall(f"{OPENSEARCH}Url")}
    assert templates["text/html"] == "http://testserver/search/?q={searchTerms}"
    assert templates["application/atom+xml"] == "http://testserver/search/feed/?q={searchTerms}"


def test_the_opensearch_templates_answer_an_arabic_query(client, samples):
    root = ET.fromstring(client.get("/opensearch.xml").content)
    for url in root.findall(f"{OPENSEARCH}Url"):
        if url.get("rel") == "self":
            continue
        path = (
            url.get("template").removeprefix("http://testserver").replace("{searchTerms}", "ألاسكا")
        )
        response = client.get(path)
        assert response.status_code == 200
        assert f'/articles/{samples["003"].pk}/"' in response.content.decode()


def test_sitemap_index_counts_articles_without_reading_them(
    client, samples, django_assert_max_num_queries
):
    # Counts, the newest change and the archive's dates: at 250k articles the
    # index must not walk every article (Django's default lastmod does).
    with django_assert_max_num_queries(7) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    for query in queries.captured_queries:
        sql = query["sql"].upper()
        if 'FROM "ARTICLES_ARTICLE"' in sql:
            assert "COUNT(" in sql or "MAX(" in sql or "DISTINCT" in sql, sql
