"""Facets and facet filters through the API and the search page, on the real
index filled by ingesting the sample articles. Expected counts are computed
from the database links, so the tests check the index against the truth."""

import datetime as dt

import pytest
from django.db.models import Count

from articles.models import (
    Article,
    EntityStatus,
    MentionStatus,
    Person,
    PersonMention,
    Place,
    PlaceMention,
    Source,
)
from search.tests.api_client import api, ids

# The signal processor re-indexes after commit: links added in a test must commit.
pytestmark = pytest.mark.django_db(transaction=True)


def linked(model, field, pk):
    return set(model.objects.live().filter(**{field: pk}).values_list("article_id", flat=True))


def most_linked(model):
    entity = model.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
    assert entity is not None, f"ingest linked no {model.__name__}"
    return entity


def test_facets_have_the_api_shape_and_count_every_match(client, samples):
    status, data = api(client, page_size=1)  # browsing: one hit on the page, facets over all
    assert status == 200
    facets = data["facets"]
    # Results count stories (000 and 001 are one); facets count articles.
    assert data["count"] == Article.objects.count() - 1
    assert len(data["results"]) == 1
    for person in facets["people"]:
        assert set(person) == {"id", "name", "count"}
        assert person["count"] == len(linked(PersonMention, "person", person["id"]))
    for place in facets["places"]:
        assert place["count"] == len(linked(PlaceMention, "place", place["id"]))
    sources = {s["name"]: s["count"] for s in facets["sources"]}
    assert sources == {s.name: s.n for s in Source.objects.annotate(n=Count("articles")) if s.n}
    dated = Article.objects.exclude(published_on=None)
    assert sum(d["count"] for d in facets["dates"]) == dated.count()
    assert facets["people"], "the samples are about people: the people facet cannot be empty"
    assert facets["places"]


def test_facets_follow_the_query(client, samples):
    data = api(client, q="فلاديفوستوك")[1]  # only 000 and 001 mention the forum's city
    assert data["count"] == 1 and len(ids(data)) == 2  # one story, two versions
    expected = PersonMention.objects.live().filter(article__in=ids(data))
    counts = {p["id"]: p["count"] for p in data["facets"]["people"]}
    for person_id in expected.values_list("person_id", flat=True).distinct():
        assert counts[person_id] == expected.filter(person_id=person_id).count()
    with_source = Article.objects.filter(pk__in=ids(data), source__isnull=False).count()
    assert sum(s["count"] for s in data["facets"]["sources"]) == with_source


def test_person_filter_keeps_only_articles_linked_to_that_person(client, samples):
    person = most_linked(Person)
    status, data = api(client, person=person.pk)
    assert status == 200
    assert ids(data) == linked(PersonMention, "person", person.pk)
    assert data["filters"]["person"] == [person.pk]
    # ... and combined with a query, the intersection.
    with_query = api(client, person=person.pk, q="ترامب")[1]
    assert ids(with_query) <= ids(data)


def test_filters_combine_people_and_places_as_and_sources_as_or(client, samples):
    person, place = most_linked(Person), most_linked(Place)
    data = api(client, person=person.pk, place=place.pk)[1]
    assert ids(data) == linked(PersonMention, "person", person.pk) & linked(
        PlaceMention, "place", place.pk
    )
    sources = list(Source.objects.filter(articles__isnull=False).distinct()[:2])
    assert len(sources) == 2
    data = api(client, source=[s.pk for s in sources])[1]
    assert ids(data) == set(Article.objects.filter(source__in=sources).values_list("pk", flat=True))


def test_date_filters_and_drill_down(client, samples):
    article = samples["000"]
    assert article.published_on == dt.date(2024, 9, 5)
    data = api(client, date_from="2024-09-05", date_to="2024-09-05")[1]
    assert ids(data) == set(
        Article.objects.filter(published_on=dt.date(2024, 9, 5)).values_list("pk", flat=True)
    )
    # Within one month the date facet counts days.
    month = api(client, date_from="2024-09", date_to="2024-09")[1]
    assert all(len(d["period"]) == 10 for d in month["facets"]["dates"])
    assert {"period": "2024-09-05", "count": data["count"]} in month["facets"]["dates"]
    # Across years it counts years.
    everything = api(client)[1]
    years = {d["period"][:4] for d in everything["facets"]["dates"]}
    if len(years) > 1:
        assert all(len(d["period"]) == 4 for d in everything["facets"]["dates"])


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"person": "بوتين"}, "person"),
        ({"place": "0"}, "place"),
        ({"source": "-3"}, "source"),
        ({"date_from": "2024-13-01"}, "date_from"),
        ({"date_to": "أمس"}, "date_to"),
        ({"date_from": "2024-10-01", "date_to": "2024-09-01"}, "date_from"),
    ],
)
def test_bad_filters_get_a_clear_400(client, samples, params, names):
    status, data = api(client, **params)
    assert status == 400
    assert data["error"].startswith(names)


def test_arabic_indic_digits_in_filters(client, samples):
    person = most_linked(Person)
    arabic_id = str(person.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert ids(api(client, person=arabic_id)[1]) == ids(api(client, person=person.pk)[1])
    assert api(client, date_from="٢٠٢٤-٠٩-٠٥")[0] == 200


def test_a_link_added_or_rejected_by_an_editor_moves_the_counts(client, samples):
    person = Person.objects.create(name="كامالا هاريس التجريبية")
    link = PersonMention.objects.create(
        article=samples["002"], person=person, status=MentionStatus.CONFIRMED
    )
    data = api(client, person=person.pk)[1]
    assert ids(data) == {samples["002"].pk}
    link.status = MentionStatus.REJECTED
    link.save()
    assert api(client, person=person.pk)[1]["count"] == 0
    link.status = MentionStatus.CONFIRMED
    link.save()
    person.status = EntityStatus.REJECTED
    person.save()
    assert api(client, person=person.pk)[1]["count"] == 0
    assert person.pk not in {p["id"] for p in api(client)[1]["facets"]["people"]}


def test_article_api_lists_people_and_places(client, samples):
    article = samples["000"]
    data = client.get(f"/api/articles/{article.pk}").json()
    assert {p["id"] for p in data["people"]} == linked_entities(PersonMention, "person", article)
    assert {p["id"] for p in data["places"]} == linked_entities(PlaceMention, "place", article)
    for person in data["people"]:
        assert person["url"] == f"/people/{person['id']}/"


def linked_entities(model, field, article):
    return set(model.objects.live().filter(article=article).values_list(f"{field}_id", flat=True))


def test_search_page_shows_facets_chips_and_histogram(client, samples):
    person = most_linked(Person)
    page = client.get("/search/", {"q": "بوتين"}).content.decode()
    assert 'class="facets"' in page
    assert "<svg" in page and "histogram" in page
    assert f"person={person.pk}" in page  # a facet value links to its filter
    filtered = client.get("/search/", {"q": "بوتين", "person": person.pk}).content.decode()
    assert 'class="chips"' in filtered
    assert person.name in filtered
    # The chip's remove link keeps the query and drops the filter.
    assert 'href="?q=%D8%A8%D9%88%D8%AA%D9%8A%D9%86"' in filtered


def test_search_page_rejects_bad_filters_without_a_500(client, samples):
    response = client.get("/search/", {"person": "abc"})
    assert response.status_code == 400
    assert "person" in response.content.decode()
