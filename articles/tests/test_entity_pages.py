"""Person and place pages, and the links to them from articles."""

import pytest
from django.db.models import Count

from articles.models import Article, EntityStatus, Person, PersonAlias, Place

pytestmark = pytest.mark.django_db(transaction=True)


def top(model):
    return model.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()


def test_person_page_lists_names_articles_and_company(client, samples):
    person = top(Person)
    PersonAlias.objects.create(person=person, name=f"{person.name} الثاني")
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{person.name}" in page
    assert f"{person.name} الثاني" in page  # aliases
    for article in Article.objects.filter(personmention__person=person):
        assert article.title in page
    assert f"/search/?person={person.pk}" in page


def test_place_page(client, samples):
    place = top(Place)
    page = client.get(f"/places/{place.pk}/").content.decode()
    assert place.name in page
    assert (
        "<svg" in page
        or Article.objects.filter(placemention__place=place, published_on__isnull=False).count()
        == 0
    )


def test_rejected_and_unknown_entities_are_404(client, samples):
    person = top(Person)
    person.status = EntityStatus.REJECTED
    person.save()
    assert client.get(f"/people/{person.pk}/").status_code == 404
    assert client.get("/places/999999/").status_code == 404


def test_article_page_links_its_people_and_places(client, samples):
    article = samples["000"]
    page = client.get(article.get_absolute_url()).content.decode()
    for person in article.linked_people():
        assert f'href="/people/{person.pk}/"' in page
    for place in article.linked_places():
        assert f'href="/places/{place.pk}/"' in page
