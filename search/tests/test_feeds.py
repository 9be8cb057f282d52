"""The Atom feed of a search, as a feed reader gets it, and the links to it on the search page."""

import html

import pytest

from articles.models import Article, Person
from search.forms import ERROR_DATE, ERROR_IDS, MAX_IDS_PER_FILTER
from search.query import ERROR_CONTROL_CHARS, ERROR_ONLY_EXCLUSIONS
from search.tests.atom import ATOM, XML_LANG, ingest_records, parse_feed

pytestmark = pytest.mark.django_db


def test_feed_of_an_arabic_query_lists_its_matches_only(client, samples):
    root, entries = parse_feed(client.get("/search/feed/", {"q": "ألاسكا"}))
    alaska, other = samples["003"], samples["002"]
    assert root.get(XML_LANG) == "ar"
    assert root.findtext(f"{ATOM}title") == "«ألاسكا» — أرشيف الأخبار العربية"
    assert [e["title"] for e in entries] == [alaska.title]
    assert other.title not in {e["title"] for e in entries}
    entry = entries[0]
    assert entry["link"] == f"http://testserver/articles/{alaska.pk}/"
    assert entry["summary_type"] == "html" and "ألاسكا" in entry["summary"]
    assert "<mark>" not in html.unescape(entry["summary"])  # plain text, not the page's snippet
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/search/?q=%D8%A3%D9%84%D8%A7%D8%B3%D9%83%D8%A7"
    assert links["self"].startswith("http://testserver/search/feed/?q=")


def test_feed_is_newest_first_with_dates_and_sources(client, samples):
    # sort=relevance is the search page's choice; a feed is always newest first.
    _, entries = parse_feed(client.get("/search/feed/", {"q": "بوتين", "sort": "oldest"}))
    dated = [e["published"] for e in entries if e["published"]]
    assert dated == ["2024-09-05T00:00:00+00:00", "2024-02-29T00:00:00+00:00"]
    assert entries[0]["published"] == dated[0]  # undated articles come after the dated ones
    assert all(e["updated"] for e in entries)  # Atom requires it of every entry
    stability = next(e for e in entries if e["title"] == samples["002"].title)
    assert stability["author"] == "صدى البلد"


def test_feed_takes_the_search_page_filters(client, samples):
    person = Person.objects.get(name="هاريس")
    _, entries = parse_feed(client.get("/search/feed/", {"person": person.pk}))
    expected = Article.objects.filter(personmention__person=person)
    assert {e["title"] for e in entries} == {a.title for a in expected}
    root, dated = parse_feed(
        client.get("/search/feed/", {"q": "بوتين", "date_from": "2024-02", "date_to": "2024-02"})
    )
    assert [e["title"] for e in dated] == [samples["002"].title]
    assert "من 1 فبراير 2024، حتى 29 فبراير 2024" in root.findtext(f"{ATOM}title")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "-بوتين"}, ERROR_ONLY_EXCLUSIONS),
        ({"q": "بوتين\x00"}, ERROR_CONTROL_CHARS),
        ({"person": "أحمد"}, ERROR_IDS.format(name="person", max_ids=MAX_IDS_PER_FILTER)),
        ({"date_from": "2024-13-01"}, ERROR_DATE.format(name="date_from")),
    ],
)
def test_bad_parameters_answer_400_with_the_search_page_message(client, samples, params, message):
    response = client.get("/search/feed/", params)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    page = client.get("/search/", params)
    assert page.status_code == 400 and message in html.unescape(page.content.decode())


def test_markup_in_articles_reaches_the_reader_as_text(client, tmp_path):
    ingest_records(
        tmp_path,
        [
            {
                "title": "زرافة <b>بنفسجية</b> في حديقة الرياض",
                "content": "شوهدت زرافة بنفسجية <script>alert(1)</script> صباح اليوم في حديقة "
                "الحيوانات بالرياض، وقال الحارس إنها تأكل أوراق الشجر كعادتها كل يوم.",
                "url": "http://example.com/giraffe",
            }
        ],
    )
    response = client.get("/search/feed/", {"q": "زرافة"})
    assert b"<script>" not in response.content and b"<b>" not in response.content
    _, entries = parse_feed(response)
    assert entries[0]["title"] == "زرافة <b>بنفسجية</b> في حديقة الرياض"  # text, shown as typed
    # type="html": the reader renders the escaped characters, never a script element.
    assert "<script" not in entries[0]["summary"]
    assert "<script>alert(1)</script>" in html.unescape(entries[0]["summary"])


def test_feed_reads_its_items_in_a_fixed_number_of_queries(
    client, samples, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        _, entries = parse_feed(client.get("/search/feed/"))
    assert len(entries) == 5


def test_search_page_advertises_and_links_its_feed(client, samples):
    page = client.get("/search/", {"q": "بوتين", "sort": "newest", "page": "1"}).content.decode()
    href = "/search/feed/?q=%D8%A8%D9%88%D8%AA%D9%8A%D9%86"
    assert f'<link rel="alternate" type="application/atom+xml" href="{href}"' in page
    assert f'<a class="feed-link" href="{href}"' in page
    base = client.get("/").content.decode()
    assert '<link rel="search" type="application/opensearchdescription+xml"' in base
