"""CSV and JSON exports of a search, read back as a spreadsheet or a program would."""

import csv
import html
import io
import json
from urllib.parse import unquote

import pytest
from django.test import override_settings

from articles.models import Person
from search.exports import ERROR_TOO_MANY_ROWS
from search.forms import ERROR_DATE_ORDER
from search.query import ERROR_ONLY_EXCLUSIONS
from search.tests.api_client import api, ids
from search.tests.atom import ingest_records

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_starts_with_the_bom_and_holds_every_matching_article(client, samples):
    rows = read_csv(client.get("/search/export.csv", {"q": "كورسك"}))
    # 000 and 001 are one story: the result, then the version folded into it.
    by_id = {int(r["id"]): r for r in rows}
    assert [r["version_of"] for r in rows] == ["", rows[0]["id"]]
    versions = {samples["000"].pk: samples["000"], samples["001"].pk: samples["001"]}
    assert {pk: r["title"] for pk, r in by_id.items()} == {
        pk: a.title for pk, a in versions.items()
    }
    dated, agency = by_id[samples["000"].pk], by_id[samples["001"].pk]
    assert dated["url"] == f"http://testserver/articles/{samples['000'].pk}/"
    assert dated["published_on"] == "2024-09-05"
    assert agency["source"] == "وكالات"
    assert "فلاديمير بوتين" in dated["people"].split("؛ ")
    assert "كورسك" in dated["places"].split("؛ ")
    assert list(rows[0]) == [
        "id",
        "title",
        "url",
        "source",
        "published_on",
        "people",
        "places",
        "version_of",
    ]


def test_csv_names_the_file_in_arabic_with_an_ascii_fallback(client, samples):
    disposition = client.get("/search/export.csv", {"q": "بوتين"})["Content-Disposition"]
    assert disposition.startswith("attachment; filename=\"archive-search.csv\"; filename*=UTF-8''")
    assert unquote(disposition.split("UTF-8''")[1]) == "بحث-بوتين.csv"
    latin = client.get("/search/export.csv", {"q": "Putin"})["Content-Disposition"]
    assert latin == 'attachment; filename="archive-search-putin.csv"'


def test_json_export_is_readable_utf8_with_query_total_and_items(client, samples):
    person = Person.objects.get(name="فلاديمير بوتين")
    response = client.get("/search/export.json", {"q": "الاستراتيجي", "person": person.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "الاستراتيجي".encode() in response.content  # not \u escapes
    assert unquote(response["Content-Disposition"].split("UTF-8''")[1]) == "بحث-الاستراتيجي.json"
    document = json.loads(response.content)
    assert document["query"]["q"] == "الاستراتيجي"
    assert document["query"]["person"] == [person.pk]
    # The same articles the search finds, the versions folded into its results included.
    status, found = api(client, q="الاستراتيجي", person=person.pk, page_size=100)
    assert status == 200
    assert document["total"] == found["count"] == len(found["results"])
    assert {item["id"] for item in document["items"]} == ids(found)
    assert document["articles"] == len(document["items"])
    stability = samples["002"]
    item = next(item for item in document["items"] if item["id"] == stability.pk)
    assert item["title"] == stability.title
    assert item["source"] == "صدى البلد" and item["published_on"] == "2024-02-29"
    assert {"id": person.pk, "name": "فلاديمير بوتين"} in item["people"]


def test_export_follows_the_search_order_and_filters(client, samples):
    rows = read_csv(client.get("/search/export.csv", {"q": "بوتين", "sort": "oldest"}))
    dated = [r["published_on"] for r in rows if r["published_on"]]
    assert dated == sorted(dated)
    rows = read_csv(
        client.get("/search/export.csv", {"date_from": "2024-02", "date_to": "2024-02"})
    )
    assert [r["title"] for r in rows] == [samples["002"].title]


@override_settings(NEWSARCHIVE_EXPORT_MAX_ROWS=2)
def test_over_the_bound_is_refused_with_the_count_and_the_bound(client, samples):
    message = ERROR_TOO_MANY_ROWS.format(count=5, limit=2)
    response = client.get("/search/export.csv", {"q": "بوتين"})
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    response = client.get("/search/export.json", {"q": "بوتين"})
    assert response.status_code == 400 and response.json() == {"error": message}
    # Narrowed within the bound, the same export works.
    assert len(read_csv(client.get("/search/export.csv", {"q": "ألاسكا"}))) == 1
    # The search page offers no export it would refuse, and says why.
    page = client.get("/search/", {"q": "بوتين"}).content.decode()
    assert "/search/export.csv" not in page
    assert "يتسع التصدير لـ2 نتيجة على الأكثر" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "-بوتين"}, ERROR_ONLY_EXCLUSIONS),
        ({"date_from": "2024-09-05", "date_to": "2024-01-01"}, ERROR_DATE_ORDER),
    ],
)
def test_bad_parameters_answer_400_not_500(client, samples, params, message):
    response = client.get("/search/export.csv", params)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    response = client.get("/search/export.json", params)
    assert response.status_code == 400 and response.json() == {"error": message}


def test_a_title_that_reads_as_a_formula_stays_text_in_the_csv(client, tmp_path):
    ingest_records(
        tmp_path,
        [
            {
                "title": '=HYPERLINK("http://example.com","زرافة")',
                "content": "شوهدت زرافة بنفسجية صباح اليوم في حديقة الحيوانات بالرياض، وقال "
                "الحارس إنها تأكل أوراق الشجر كعادتها كل يوم منذ وصولها.",
                "url": "http://example.com/giraffe",
            }
        ],
    )
    (row,) = read_csv(client.get("/search/export.csv", {"q": "زرافة"}))
    assert row["title"] == '\'=HYPERLINK("http://example.com","زرافة")'
    document = client.get("/search/export.json", {"q": "زرافة"}).json()
    assert document["items"][0]["title"] == '=HYPERLINK("http://example.com","زرافة")'


def test_export_links_on_the_search_page_only_with_results(client, samples):
    page = client.get("/search/", {"q": "بوتين", "page": "1"}).content.decode()
    query = "?q=%D8%A8%D9%88%D8%AA%D9%8A%D9%86"
    assert f'href="/search/export.csv{query}"' in page
    assert f'href="/search/export.json{query}"' in page
    empty = client.get("/search/", {"q": "البطريق"}).content.decode()
    assert "/search/export.csv" not in empty and "/search/export.json" not in empty


def test_export_rows_cost_the_same_queries_for_any_number_of_results(
    client, samples, django_assert_max_num_queries
):
    # Bodies for the counting search's one hit and for every hit, then people, then places.
    with django_assert_max_num_queries(4):
        rows = read_csv(client.get("/search/export.csv"))
    assert len(rows) == 6


def test_exports_search_without_snippets_and_find_the_same_hits(samples):
    from search.engine import SearchRequest, search_articles

    shown = search_articles(SearchRequest(q="بوتين", page_size=50))
    listed = search_articles(SearchRequest(q="بوتين", page_size=50, snippets=False))
    assert [h.id for h in listed.hits] == [h.id for h in shown.hits]
    assert all(h.snippet for h in shown.hits)
    assert not any(h.snippet for h in listed.hits)  # 1-2 ms each, a thousand per export


def test_a_bad_export_bound_stops_the_app_with_its_name(tmp_path):
    from newsarchive.tests.test_settings import manage

    done = manage("check", NEWSARCHIVE_EXPORT_MAX_ROWS="ألف", NEWSARCHIVE_DATA_DIR=str(tmp_path))
    assert done.returncode != 0
    assert "NEWSARCHIVE_EXPORT_MAX_ROWS must be a whole number" in done.stderr


def test_exports_are_read_only(client, samples):
    assert client.head("/search/export.csv", {"q": "بوتين"}).status_code == 200
    assert client.post("/search/export.csv", {"q": "بوتين"}).status_code == 405
    assert client.post("/search/export.json", {"q": "بوتين"}).status_code == 405
