"""Atom feeds of a person's and a place's articles, and the links to them on their pages."""

import pytest
from django.db.models import Count

from articles.models import Article, EntityStatus, MentionStatus, Person, PersonMention, Place
from search.tests.atom import ATOM, XML_LANG, parse_feed

pytestmark = pytest.mark.django_db


def test_person_feed_lists_their_articles_newest_first(client, samples):
    person = Person.objects.get(name="فلاديمير بوتين")
    root, entries = parse_feed(client.get(f"/people/{person.pk}/feed/"))
    assert root.get(XML_LANG) == "ar"
    assert root.findtext(f"{ATOM}title") == "فلاديمير بوتين — أرشيف الأخبار العربية"
    expected = Article.objects.filter(personmention__person=person).newest_first()
    assert [e["link"] for e in entries] == [f"http://testserver/articles/{a.pk}/" for a in expected]
    assert [e["title"] for e in entries] == [a.title for a in expected]
    assert entries[0]["published"] == "2024-09-05T00:00:00+00:00"
    stability = next(e for e in entries if e["title"] == samples["002"].title)
    assert stability["author"] == "صدى البلد"
    assert stability["summary"].startswith("قال الرئيس الروسي فلاديمير بوتين، اليوم الخميس")
    assert stability["summary"].endswith("…")  # the opening words, not the whole body


def test_place_feed_and_a_rejected_link_leaves_it(client, samples):
    place = Place.objects.get(name="ألاسكا")
    _, entries = parse_feed(client.get(f"/places/{place.pk}/feed/"))
    assert [e["title"] for e in entries] == [samples["003"].title]

    person = Person.objects.get(name="هاريس")
    assert len(parse_feed(client.get(f"/people/{person.pk}/feed/"))[1]) == 1
    PersonMention.objects.filter(person=person).update(status=MentionStatus.REJECTED)
    assert parse_feed(client.get(f"/people/{person.pk}/feed/"))[1] == []


def test_unknown_and_rejected_entities_are_404(client, samples):
    assert client.get("/people/999999/feed/").status_code == 404
    assert client.get("/places/999999/feed/").status_code == 404
    person = Person.objects.get(name="هاريس")
    person.status = EntityStatus.REJECTED
    person.save()
    assert client.get(f"/people/{person.pk}/feed/").status_code == 404


def test_entity_feed_costs_the_same_queries_for_any_number_of_articles(
    client, samples, django_assert_num_queries
):
    busiest = Place.objects.annotate(n=Count("articles")).order_by("-n").first()
    with django_assert_num_queries(2):  # the place, then its articles with their sources
        _, entries = parse_feed(client.get(f"/places/{busiest.pk}/feed/"))
    assert len(entries) >= 5


def test_person_and_place_pages_advertise_and_link_their_feed(client, samples):
    person = Person.objects.get(name="فلاديمير بوتين")
    page = client.get(f"/people/{person.pk}/").content.decode()
    href = f"/people/{person.pk}/feed/"
    assert f'<link rel="alternate" type="application/atom+xml" href="{href}"' in page
    assert f'<a href="{href}" type="application/atom+xml">' in page
    place = Place.objects.get(name="ألاسكا")
    page = client.get(f"/places/{place.pk}/").content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="/places/{place.pk}/feed/"' in page
    )


def test_feeds_are_read_only(client, samples):
    person = Person.objects.get(name="هاريس")
    assert client.head(f"/people/{person.pk}/feed/").status_code == 200
    assert client.post(f"/people/{person.pk}/feed/").status_code == 405
    assert client.post("/search/feed/", {"q": "بوتين"}).status_code == 405
