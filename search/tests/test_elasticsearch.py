"""The Elasticsearch backend without a server: mapping, documents, query bodies, responses.

Nothing here talks to Elasticsearch (none can run on this machine) and
nothing pretends to: mappings and documents are checked against the real
Haystack index and real articles, query bodies against the app's own
parser and analysis, and responses are written as Elasticsearch 7.17
documents them.
"""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from haystack import connections, indexes
from haystack.exceptions import SearchBackendError

from articles.models import Article, Person, PersonMention, Place, PlaceMention, Source
from search import engine, facets
from search.analysis.normalize import DELETED
from search.elasticsearch import mapping, query_dsl, results
from search.elasticsearch import search as es_search
from search.elasticsearch.backend import (
    ArabicElasticsearchBackend,
    alias_swap,
    bulk_actions,
    generation_name,
)
from search.elasticsearch.lucene_stem import lucene_stem, protected_words
from search.engine import SearchRequest
from search.query import (
    ERROR_NOTHING_TO_SEARCH,
    ERROR_ONLY_EXCLUSIONS,
    ERROR_SHORT_PREFIX,
    QueryError,
    parse_query,
)

ROOT = Path(__file__).resolve().parents[2]
S = query_dsl.MARK_START
E = query_dsl.MARK_END


def article_index():
    return connections["default"].get_unified_index().get_index(Article)


def es_backend() -> ArabicElasticsearchBackend:
    # Builds a client object; nothing is sent until a request is made.
    return ArabicElasticsearchBackend(
        "default", URL="http://127.0.0.1:9200", INDEX_NAME="newsarchive-test"
    )


def compiled(q: str) -> query_dsl.CompiledQuery:
    return query_dsl.compile_query(parse_query(q))


# -- the mapping mirrors the Whoosh index ------------------------------------


def test_every_index_field_has_an_elasticsearch_mapping_and_nothing_is_left_over():
    fields = {field.index_fieldname for field in article_index().fields.values()}
    assert fields == set(mapping.FIELDS) | set(mapping.NOT_SENT)
    assert not set(mapping.FIELDS) & set(mapping.NOT_SENT)


def test_field_types_follow_the_whoosh_fields():
    for field in article_index().fields.values():
        name = field.index_fieldname
        if name in mapping.NOT_SENT:
            continue
        es = mapping.FIELDS[name]
        if name in mapping.INDEXED_ONLY_HERE:
            assert es["type"] == "date"
        elif not field.indexed:
            assert es == {"type": "keyword", "index": False, "doc_values": False}, name
        elif field.field_type == "integer":
            assert es == {"type": "integer"}, name
        elif field.field_type in ("keyword", "column"):
            assert es == {"type": "keyword"}, name
        else:
            analyzer = mapping.STEMMED_ANALYZER if field.analyzer.stem else mapping.EXACT_ANALYZER
            assert es["type"] == "text" and es["analyzer"] == analyzer, name
            with_positions = es.get("index_options", "positions") == "positions"
            assert with_positions == getattr(field, "positions", True), name


def test_backend_schema_comes_from_the_real_index():
    content_field, props = es_backend().build_schema(article_index().fields)
    assert content_field == "text"
    assert props["exact"]["index_options"] == "freqs"
    assert props["body"]["analyzer"] == mapping.DISPLAY_ANALYZER
    assert {"id", "django_ct", "django_id", "story_key"} <= set(props)
    assert "facet_ids" not in props


def test_a_field_added_without_a_mapping_is_refused_by_name():
    fields = dict(article_index().fields)
    fields["summary"] = indexes.CharField(index_fieldname="summary")
    with pytest.raises(SearchBackendError, match="'summary'"):
        es_backend().build_schema(fields)


def test_analyzers_rebuild_elasticsearchs_arabic_chain():
    analysis = mapping.analysis()
    stemmed = analysis["analyzer"][mapping.STEMMED_ANALYZER]
    assert stemmed["tokenizer"] == "whitespace"  # the app already split the words
    assert stemmed["filter"] == [
        "lowercase",
        "decimal_digit",
        "arabic_normalization",
        "arabic_keywords",
        "arabic_stemmer",
    ]
    assert "arabic_stemmer" not in analysis["analyzer"][mapping.EXACT_ANALYZER]["filter"]
    display = analysis["analyzer"][mapping.DISPLAY_ANALYZER]
    assert display["char_filter"] == ["archive_fold"] and display["tokenizer"] == "standard"
    assert display["filter"].index("arabic_stop") < display["filter"].index("arabic_stemmer")
    assert analysis["filter"]["arabic_stemmer"] == {"type": "stemmer", "language": "arabic"}
    keywords = analysis["filter"]["arabic_keywords"]
    assert keywords["type"] == "keyword_marker"
    assert {"بوتين", "لبنان", "وزير"} <= set(keywords["keywords"])
    assert "مفاوضات" not in keywords["keywords"]  # the app stems it too
    stop = analysis["filter"]["arabic_stop"]["stopwords"]
    assert "الذي" in stop and "علي" not in stop  # Ali stays; على is folded to علي first


def test_the_char_filter_folds_as_the_apps_normalizer():
    rules = set(mapping.fold_mappings())
    assert {"أ=>ا", "إ=>ا", "ؤ=>ئ", "ى=>ي", "ة=>ه", "ی=>ي", "ک=>ك", "ڤ=>ف", "٣=>3"} <= rules
    assert {"\u064e=>", "\u0651=>", "\u0640=>"} <= rules  # fatha, shadda, tatweel deleted


def test_index_body_refuses_unknown_fields_and_keeps_folded_copies_out_of_source():
    body = mapping.index_body(mapping.properties())
    assert body["mappings"]["dynamic"] == "strict"
    assert body["mappings"]["_source"] == {"excludes": ["text", "exact"]}
    assert json.dumps(body, ensure_ascii=False)  # serialisable as sent


def test_lucene_stemmer_replica_gives_lucenes_own_tokens():
    # Lucene 9.4.2's ArabicAnalyzer on MIRACL-ar dev questions 29, 31 and 34
    # (../shared/eval/lucene-arabic/): «منظمة الاوبك» -> منظم اوبك, «شركة
    # الفودافون» -> شرك فوداف, «فاتن حمامة» -> فاتن حمام.
    assert [lucene_stem(w) for w in ("منظمه", "الاوبك")] == ["منظم", "اوبك"]
    assert [lucene_stem(w) for w in ("شركه", "الفودافون")] == ["شرك", "فوداف"]
    assert [lucene_stem(w) for w in ("فاتن", "حمامه")] == ["فاتن", "حمام"]
    assert lucene_stem("بوتين") == "بوت" and "بوتين" in protected_words()


# -- documents: the app's folding before anything is sent --------------------

TITLE = "وزيرُ الخارجيّة يُؤكّد دعمَ المفاوضات"
BODY = (
    "قالَ مسؤولٌ إنّ ١٢ دبلوماسياً وصلوا إلى القاهرةِ منالعقوبات، "
    "وتحدّث عن ڤلاديمير بوتين وإیران وکابل في العـــربية."
)
FOLDED_TITLE = "وزير الخارجيه يئكد دعم المفاوضات"
FOLDED_BODY = (
    "قال مسئول 12 دبلوماسيا وصلوا القاهره العقوبات وتحدث فلاديمير بوتين وايران وكابل العربيه"
)


@pytest.mark.django_db
def test_a_prepared_document_is_folded_by_the_app_and_keeps_the_text_as_written():
    source = Source.objects.create(name="صحيفة الاختبار")
    article = Article.objects.create(
        title=TITLE,
        body=BODY,
        raw_text=BODY,
        fingerprint="es-test",
        source=source,
        published_on=dt.date(2024, 9, 5),
        date_precision="day",
    )
    person = Person.objects.create(name="فلاديمير بوتين")
    place = Place.objects.create(name="القاهرة")
    PersonMention.objects.create(article=article, person=person)
    PlaceMention.objects.create(article=article, place=place)

    doc = es_backend()._prepare_object(article_index(), article)

    assert doc["exact"] == f"{FOLDED_TITLE} {FOLDED_BODY}"
    assert doc["text"] == f"{FOLDED_TITLE} {FOLDED_TITLE} {FOLDED_BODY}"  # title counted twice
    assert not DELETED & set(doc["text"])  # no harakat, shadda, tatweel left
    assert doc["body"] == f"{TITLE}\n{BODY}"  # as written, for highlighting
    assert doc["people"] == [str(person.pk)] and doc["places"] == [str(place.pk)]
    assert doc["source"] == [str(source.pk)] and doc["story_key"] == str(article.pk)
    assert doc["published_on"] == "2024-09-05" and doc["newest_key"] == 20240905
    assert "facet_ids" not in doc
    assert set(doc) <= set(mapping.properties())  # the strict mapping takes it as it is
    assert json.loads(json.dumps(doc)) == doc  # plain JSON: no bytes, no dates left


# -- query bodies: the app's query language in Elasticsearch's DSL ------------


def test_words_are_folded_like_the_index_and_every_one_is_required():
    required = compiled("أَكَّدَ الرئيسُ منالعقوبات في").required
    assert [c["multi_match"]["query"] for c in required] == ["اكد", "الرئيس", "العقوبات"]
    for clause in required:
        assert clause["multi_match"]["fields"] == ["text", "exact^1.0"]
        assert clause["multi_match"]["operator"] == "and"


def test_phrase_prefix_and_exclusion():
    query = compiled("«وزير الخارجية» مفاوض* -ترامب")
    phrase, prefix = query.required
    assert phrase["bool"]["must"] == [{"match_phrase": {"text": "وزير الخارجيه"}}]
    assert prefix == {
        "prefix": {"exact": {"value": "مفاوض", "rewrite": "top_terms_64"}}  # bounded expansion
    }
    assert [c["multi_match"]["query"] for c in query.excluded] == ["ترامب"]
    body = query_dsl.search_body(SearchRequest(q="x"), query, start=0, size=10)
    assert body["query"]["bool"]["must_not"] == list(query.excluded)


def test_filters_are_filter_clauses_and_sorts_follow_the_request():
    request = SearchRequest(
        q="بوتين",
        people=(3, 17),
        places=(5,),
        sources=(2, 4),
        date_from=dt.date(2024, 9, 1),
        date_to=dt.date(2024, 9, 30),
        sort="newest",
    )
    body = query_dsl.search_body(request, compiled(request.q), start=0, size=10)
    assert body["query"]["bool"]["filter"] == [
        {"term": {"people": "3"}},
        {"term": {"people": "17"}},
        {"term": {"places": "5"}},
        {"terms": {"source": ["2", "4"]}},
        {"range": {"newest_key": {"gte": 20240901, "lte": 20240930}}},
    ]
    assert body["sort"] == [{"newest_key": {"order": "desc"}}]
    assert query_dsl.sort_clause("oldest", browse=False) == [{"oldest_key": {"order": "asc"}}]
    assert query_dsl.sort_clause("relevance", browse=False) == ["_score"]
    browse = query_dsl.search_body(SearchRequest(), compiled(""), start=0, size=10)
    assert browse["query"] == {"match_all": {}} and browse["sort"][0] == {
        "newest_key": {"order": "desc"}
    }


def test_facets_versions_and_highlighting_are_asked_for():
    body = query_dsl.search_body(SearchRequest(q="بوتين"), compiled("بوتين"), start=0, size=10)
    aggs = body["aggs"]
    assert aggs["people"]["terms"]["field"] == "people"
    assert aggs["sources"]["terms"]["field"] == "source"
    assert aggs["months"]["date_histogram"]["calendar_interval"] == "month"
    assert aggs["undated"] == {"missing": {"field": "published_on"}}
    assert aggs["stories"]["cardinality"]["field"] == "story_key"
    assert body["collapse"]["field"] == "story_key"
    assert body["collapse"]["inner_hits"]["name"] == "versions"
    highlight = body["highlight"]
    assert highlight["pre_tags"] == [S] and highlight["post_tags"] == [E]
    assert highlight["fields"]["body"]["highlight_query"] == {
        "bool": {"should": [{"match": {"body": "بوتين"}}]}
    }


def test_several_words_rank_from_the_top_so_the_fill_sees_every_full_match():
    request = SearchRequest(q="بوتين ترامب", page=3, page_size=10)
    assert query_dsl.window(request, compiled(request.q)) == (0, 30)
    one_word = SearchRequest(q="بوتين", page=3, page_size=10)
    assert query_dsl.window(one_word, compiled(one_word.q)) == (20, 10)


def test_admin_search_asks_for_ids_only():
    body = query_dsl.ids_body(compiled("بوتين -ترامب"), limit=2_000)
    assert body["size"] == 2_000 and body["_source"] == ["django_id"]
    assert body["query"]["bool"]["must"][0]["multi_match"]["query"] == "بوتين"
    assert body["query"]["bool"]["must_not"][0]["multi_match"]["query"] == "ترامب"
    assert es_search.matching_article_ids("", limit=10) == []  # nothing asked, nothing sent


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("ا*", ERROR_SHORT_PREFIX.format(prefix="ا")),
        ("في من على", ERROR_NOTHING_TO_SEARCH),
        ("-بوتين", ERROR_ONLY_EXCLUSIONS),
    ],
    ids=["one-letter prefix", "only stop words", "only exclusions"],
)
def test_a_malformed_query_gives_the_same_error_as_the_whoosh_path(q, message):
    with pytest.raises(QueryError) as whoosh:
        engine.search_articles(SearchRequest(q=q))
    with pytest.raises(QueryError) as elastic:
        es_search.search_articles(SearchRequest(q=q))
    assert str(elastic.value) == str(whoosh.value) == message


def test_an_unknown_sort_gives_the_same_error_as_the_whoosh_path():
    with pytest.raises(QueryError) as whoosh:
        engine.search_articles(SearchRequest(sort="random"))
    with pytest.raises(QueryError) as elastic:
        es_search.search_articles(SearchRequest(sort="random"))
    assert str(elastic.value) == str(whoosh.value)


# -- responses: an Elasticsearch 7.17 answer as the app's SearchPage ---------


def listing(pk: int, title: str, source: str, day: str | None) -> dict:
    return {
        "django_id": str(pk),
        "title": title,
        "source_name": source,
        "source_url": f"https://example.com/{pk}",
        "published_on": day,
        "date_precision": "day" if day else "",
        "story_key": "12",
    }


def raw_hit(pk: int, source: dict, **extra) -> dict:
    return {
        "_index": "newsarchive-test-20261125t000500000000",
        "_type": "_doc",
        "_id": f"articles.article.{pk}",
        "_score": extra.pop("score", None),
        "_source": source,
        **extra,
    }


def buckets(*pairs) -> dict:
    return {
        "doc_count_error_upper_bound": 0,
        "sum_other_doc_count": 0,
        "buckets": [{"key": key, "doc_count": n} for key, n in pairs],
    }


def dated(*pairs) -> dict:
    return {"buckets": [{"key_as_string": key, "key": 0, "doc_count": n} for key, n in pairs]}


# A search response as Elasticsearch 7.17 documents it: the body of
# https://www.elastic.co/guide/en/elasticsearch/reference/7.17/search-search.html#search-api-response-body,
# with collapsed hits carrying `fields` and `inner_hits` (sorted inner hits carry `sort`)
# (https://www.elastic.co/guide/en/elasticsearch/reference/7.17/collapse-search-results.html)
# and the terms, date_histogram, missing and cardinality aggregation results of
# https://www.elastic.co/guide/en/elasticsearch/reference/7.17/search-aggregations.html.
RESPONSE = {
    "took": 4,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {
        "total": {"value": 4, "relation": "eq"},
        "max_score": 7.1234567,
        "hits": [
            raw_hit(
                12,
                listing(12, "بوتين يلتقي شي في موسكو", "الرياض", "2024-09-05"),
                score=7.1234567,
                fields={"story_key": ["12"]},
                highlight={"body": [f"قال «R&D» <b>{S}بوتين{E}</b>\n\nفي كلمته"]},
                inner_hits={
                    "versions": {
                        "hits": {
                            "total": {"value": 3, "relation": "eq"},
                            "max_score": None,
                            "hits": [
                                raw_hit(
                                    12,
                                    listing(12, "بوتين يلتقي شي", "الرياض", "2024-09-05"),
                                    sort=[20240905],
                                ),
                                raw_hit(
                                    15,
                                    listing(15, "لقاء في موسكو", "عكاظ", None),
                                    sort=[99999999],
                                ),
                                raw_hit(
                                    14,
                                    listing(14, "بوتين وشي", "المدينة", "2024-09-04"),
                                    sort=[20240904],
                                ),
                            ],
                        }
                    }
                },
            ),
            raw_hit(
                20,
                {**listing(20, "قمة في بكين", "عكاظ", "2024-08-30"), "story_key": "20"},
                score=3.5,
                fields={"story_key": ["20"]},
                highlight={"body": ["افتتحت القمة أعمالها"]},
                inner_hits={
                    "versions": {
                        "hits": {
                            "total": {"value": 1, "relation": "eq"},
                            "max_score": None,
                            "hits": [
                                raw_hit(
                                    20,
                                    listing(20, "قمة في بكين", "عكاظ", None),
                                    sort=[99999999],
                                )
                            ],
                        }
                    }
                },
            ),
        ],
    },
    "aggregations": {
        "people": buckets(("3", 3), ("10", 2), ("9", 2)),
        "places": buckets(("5", 4)),
        "sources": buckets(("2", 2), ("4", 1)),
        "years": dated(("2024", 4)),
        "months": dated(("2024-08", 1), ("2024-09", 3)),
        "days": dated(("2024-08-30", 1), ("2024-09-04", 1), ("2024-09-05", 2)),
        "undated": {"doc_count": 0},
        "stories": {"value": 2},
    },
}


def test_a_response_becomes_the_apps_search_page():
    request = SearchRequest(q="بوتين")
    page = results.page(request, compiled(request.q), RESPONSE, start=0)
    assert (page.mode, page.count, page.count_all_words) == ("all", 2, 2)
    first, second = page.hits
    assert (first.id, first.source, first.published_on) == (12, "الرياض", dt.date(2024, 9, 5))
    assert first.score == 7.1235 and first.matched_all_words
    assert str(first.title_html) == "<mark>بوتين</mark> يلتقي شي في موسكو"
    # Escaped as search/highlight.py escapes, paragraphs joined into one line.
    assert str(first.snippet) == "قال «R&amp;D» &lt;b&gt;<mark>بوتين</mark>&lt;/b&gt; في كلمته"
    # The hit itself is not its own version; the others oldest first, undated last.
    assert [v.id for v in first.versions] == [14, 15]
    assert second.versions == [] and str(second.snippet) == "افتتحت القمة أعمالها"


def test_facet_counts_have_the_shape_the_whoosh_path_gives():
    whoosh_shape = facets.count(engine._backend().searcher(), None)
    counts = results.facet_counts(RESPONSE["aggregations"])
    assert set(counts) == set(whoosh_shape)
    assert counts["people"] == [(3, 3), (9, 2), (10, 2)]  # ties by number, as facets.py
    assert counts["sources"] == [(2, 2), (4, 1)]
    assert counts["date_level"] == "month"  # one year: its months, as facets.py drills down
    assert counts["dates"] == [("2024-08", 1), ("2024-09", 3)]
    assert (counts["undated"], counts["stories"]) == (0, 2)


def test_few_full_matches_are_followed_by_partial_ones():
    request = SearchRequest(q="بوتين بكين")
    query = compiled(request.q)
    every_word = {**RESPONSE, "hits": {**RESPONSE["hits"], "total": {"value": 1, "relation": "eq"}}}
    every_word["hits"]["hits"] = RESPONSE["hits"]["hits"][:1]
    assert results.needs_fill(query, every_word)
    some_words = {
        "hits": {"total": {"value": 2, "relation": "eq"}, "hits": RESPONSE["hits"]["hits"]}
    }
    added = results.added_hits(every_word, some_words)
    assert [raw["_id"] for raw in added] == ["articles.article.20"]  # story 12 is shown already
    counts_body = query_dsl.counts_body(request, query, added_ids=["articles.article.20"])
    counted = counts_body["query"]["bool"]["filter"][-1]["bool"]["should"][1]
    assert counted == {"ids": {"values": ["articles.article.20"]}}
    page = results.filled_page(request, query, every_word, added, RESPONSE)
    assert (page.mode, page.count_all_words) == ("all+some", 1)
    assert [h.matched_all_words for h in page.hits] == [True, False]
    nothing = {"hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []}}
    assert results.filled_page(request, query, nothing, added, RESPONSE).mode == "some"


# -- writes: bulk actions and the alias swap -----------------------------------


def test_bulk_actions_replace_documents_and_delete_removed_ones():
    docs = [{"id": "articles.article.7", "text": "بوتين"}]
    actions = bulk_actions("newsarchive", docs, ["articles.article.3"])
    assert actions == [
        {"_op_type": "delete", "_index": "newsarchive", "_id": "articles.article.3"},
        {
            "_op_type": "index",
            "_index": "newsarchive",
            "_id": "articles.article.7",
            "_source": docs[0],
        },
    ]


def test_a_rebuild_moves_the_alias_in_one_request():
    when = dt.datetime(2026, 11, 25, 0, 5, 0, 123456, tzinfo=dt.UTC)
    new = generation_name("newsarchive", when)
    assert new == "newsarchive-20261125t000500123456" and new == new.lower()
    assert alias_swap("newsarchive", new, ["newsarchive-20261101t000000000000"]) == {
        "actions": [
            {"remove": {"index": "newsarchive-20261101t000000000000", "alias": "newsarchive"}},
            {"add": {"index": new, "alias": "newsarchive"}},
        ]
    }


# -- settings: Whoosh unless an Elasticsearch URL is given ---------------------

PRINT_CONNECTION = """
import json, django
django.setup()
from django.conf import settings
from haystack import connections
options = settings.HAYSTACK_CONNECTIONS["default"]
print(json.dumps({**options, "backend": type(connections["default"].get_backend()).__name__}))
"""


def connection_with(tmp_path, **env) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEWSARCHIVE_ELASTIC")}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "newsarchive.settings",
        "NEWSARCHIVE_DATA_DIR": str(tmp_path),
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", PRINT_CONNECTION],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_whoosh_unless_an_elasticsearch_url_is_set(tmp_path):
    whoosh = connection_with(tmp_path)
    assert whoosh["ENGINE"] == "search.backends.ArabicWhooshEngine"
    assert whoosh["backend"] == "ArabicWhooshBackend"
    elastic = connection_with(tmp_path, NEWSARCHIVE_ELASTICSEARCH_URL="http://10.0.0.5:9200")
    assert elastic["ENGINE"] == "search.elasticsearch.backend.ArabicElasticsearchEngine"
    assert elastic["backend"] == "ArabicElasticsearchBackend"
    assert (elastic["URL"], elastic["INDEX_NAME"]) == ("http://10.0.0.5:9200", "newsarchive")
    assert elastic["PATH"] == whoosh["PATH"]  # where search/writer_lock.py keeps its lock
    named = connection_with(
        tmp_path,
        NEWSARCHIVE_ELASTICSEARCH_URL="http://10.0.0.5:9200",
        NEWSARCHIVE_ELASTICSEARCH_INDEX="archive-ar",
    )
    assert named["INDEX_NAME"] == "archive-ar"
