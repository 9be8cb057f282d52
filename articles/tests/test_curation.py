"""Editors curate people and places, on the sample articles: through
`articles.curation`, through the admin, and across a re-extraction. The
search facets and filters must follow every decision without a rebuild."""

import io
import re

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from articles import admin as articles_admin
from articles import curation
from articles.models import (
    Article,
    EntityStatus,
    MentionStatus,
    Person,
    PersonMention,
    Place,
    PlaceMention,
    name_key,
)
from articles.tests.admin_forms import article_change_form
from search.engine import SearchRequest, search_articles

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit indexing must run

PUTIN, TRUMP, BIDEN, HARRIS = "فلاديمير بوتين", "دونالد ترامب", "جو بايدن", "هاريس"
MOSCOW = "موسكو"
# The extractor finds no هاريس in this article, though its title names her.
ABOUT_HARRIS = "بوتين يدعم هاريس"
ALASKA = "قمة ألاسكا"


@pytest.fixture
def archive(sample_dir):
    call_command("ingest", str(sample_dir), "--no-progress", stdout=io.StringIO())
    # The tagger misses هاريس in the samples (names in ASCII quotes): an
    # editor's entity, as in real curation, stands in for the tests below.
    Person.objects.get_or_create(name_key=name_key(HARRIS), defaults={"name": HARRIS})


@pytest.fixture
def editor(archive):
    return User.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def person(name: str) -> Person:
    return Person.objects.get(name_key=name_key(name))


def article(title_start: str) -> Article:
    return Article.objects.get(title__startswith=title_start)


def people_facet() -> dict[int, int]:
    return dict(search_articles(SearchRequest()).facet_counts["people"])


def api_people_facet(client) -> dict[int, int]:
    facets = client.get("/api/search").json()["facets"]["people"]
    return {value["id"]: value["count"] for value in facets}


def found_with(*, people=(), places=()) -> set[int]:
    """Every article found: the results and the other versions folded into them."""
    page = search_articles(SearchRequest(people=people, places=places, page_size=100))
    return {hit.id for hit in page.hits} | {v.id for hit in page.hits for v in hit.versions}


def links_of(entity) -> dict[int, PersonMention]:
    spec = curation.spec_for(entity)
    return {m.article_id: m for m in spec.mention_model.objects.filter(**{spec.fk: entity})}


def alias_names(entity) -> set[str]:
    return set(entity.aliases.values_list("name", flat=True))


def history(entity, flag=CHANGE) -> list[str]:
    return list(
        LogEntry.objects.filter(
            object_id=str(entity.pk),
            action_flag=flag,
            content_type__model=type(entity)._meta.model_name,
        ).values_list("change_message", flat=True)
    )


def short_name_duplicate(of: Person, name: str, *, articles: list[Article]) -> Person:
    """What an extraction that folds names article by article leaves behind:
    the same person under a short name, linked to some of their articles, and
    on one of them next to the full name (count 2, confirmed by an editor)."""
    duplicate = Person.objects.create(name=name)
    *taken, shared = articles
    for link in PersonMention.objects.filter(person=of, article__in=taken):
        link.person = duplicate
        link.save()  # the signal processor re-indexes the article
    PersonMention.objects.create(
        article=shared,
        person=duplicate,
        count=2,
        surface=name,
        status=MentionStatus.CONFIRMED,
    )
    return duplicate


def putin_split_in_two() -> tuple[Person, Person, list[Article]]:
    putin = person(PUTIN)
    articles = list(Article.objects.filter(personmention__person=putin).order_by("pk"))
    assert len(articles) == 6  # every sample article is about him
    short = short_name_duplicate(putin, "بوتين", articles=articles[:4])
    return putin, short, articles


# -- curation functions --------------------------------------------------------


def test_merge_moves_every_link_and_keeps_the_merged_name_as_an_alias(archive, editor):
    putin, short, articles = putin_split_in_two()
    shared = articles[3]
    full_count = links_of(putin)[shared.pk].count
    before = set(links_of(putin)) | set(links_of(short))
    assert people_facet()[putin.pk] == 3 and people_facet()[short.pk] == 4

    summary = curation.merge(putin, [short], user=editor)

    links = links_of(putin)
    assert set(links) == before == {a.pk for a in articles}
    assert links[shared.pk].count == full_count + 2
    assert links[shared.pk].status == MentionStatus.CONFIRMED
    assert (summary.links_moved, summary.links_combined) == (4, 1)
    assert "بوتين" in alias_names(putin)
    assert not Person.objects.filter(pk=short.pk).exists()
    assert people_facet()[putin.pk] == 6
    assert short.pk not in people_facet()
    assert history(putin) == [curation.MERGE_LOG.format(names="«بوتين»", links=4)]
    assert history(short, DELETION) == [
        curation.MERGED_AWAY_LOG.format(kept=putin.name, pk=putin.pk)
    ]


@pytest.mark.parametrize(
    "kept, merged, expected",
    [
        (MentionStatus.MACHINE, MentionStatus.REJECTED, MentionStatus.REJECTED),
        (MentionStatus.REJECTED, MentionStatus.CONFIRMED, MentionStatus.CONFIRMED),
        (MentionStatus.MACHINE, MentionStatus.MACHINE, MentionStatus.MACHINE),
    ],
)
def test_merge_of_two_links_to_one_article_keeps_the_editors_decision(
    archive, kept, merged, expected
):
    putin, short, articles = putin_split_in_two()
    shared = articles[3]
    PersonMention.objects.filter(article=shared, person=putin).update(status=kept)
    PersonMention.objects.filter(article=shared, person=short).update(status=merged)
    surface = links_of(putin)[shared.pk].surface

    curation.merge(putin, [short])

    link = links_of(putin)[shared.pk]
    assert (link.status, link.surface) == (expected, surface)


def test_merge_refuses_an_entity_with_itself_and_a_person_with_a_place(archive):
    putin = person(PUTIN)
    with pytest.raises(ValueError) as error:
        curation.merge(putin, [Person.objects.get(pk=putin.pk)])
    assert str(error.value) == curation.ERROR_MERGE_SELF.format(name=PUTIN)
    moscow = Place.objects.get(name_key=name_key(MOSCOW))
    with pytest.raises(ValueError) as error:
        curation.merge(putin, [moscow])
    assert str(error.value) == curation.ERROR_MERGE_KINDS.format(a=PUTIN, b=MOSCOW)
    assert Place.objects.filter(pk=moscow.pk).exists()


def test_rename_keeps_the_old_name_as_an_alias(archive):
    harris = person(HARRIS)
    curation.rename(harris, "كامالا هاريس")
    harris.refresh_from_db()
    assert harris.name == "كامالا هاريس"
    assert alias_names(harris) == {HARRIS}


def test_rename_to_another_persons_name_suggests_merging(archive):
    harris, biden = person(HARRIS), person(BIDEN)
    with pytest.raises(curation.CurationError) as error:
        curation.rename(harris, "جو  بايدن")
    assert str(error.value) == curation.ERROR_NAME_TAKEN.format(
        name=BIDEN, owner=BIDEN, pk=biden.pk
    )
    assert person(HARRIS).pk == harris.pk and alias_names(harris) == set()


def test_rejecting_a_link_splits_the_article_off_the_person(archive):
    trump, about_harris = person(TRUMP), article(ABOUT_HARRIS)
    assert about_harris.pk in found_with(people=(trump.pk,))
    link = PersonMention.objects.filter(person=trump, article=about_harris)

    assert curation.set_link_status(link, MentionStatus.REJECTED) == 1
    assert about_harris.pk not in found_with(people=(trump.pk,))
    assert found_with(people=(trump.pk,))  # Trump keeps his other articles

    curation.set_link_status(link, MentionStatus.CONFIRMED)
    assert about_harris.pk in found_with(people=(trump.pk,))


def test_adding_a_missing_link_puts_the_article_in_the_filter(archive):
    harris, about_harris = person(HARRIS), article(ABOUT_HARRIS)
    assert about_harris.pk not in found_with(people=(harris.pk,))

    link = curation.add_link(about_harris, harris)

    assert (link.status, link.count) == (MentionStatus.CONFIRMED, 1)
    assert about_harris.pk in found_with(people=(harris.pk,))


def test_adding_a_rejected_link_again_confirms_it(archive):
    trump, about_harris = person(TRUMP), article(ABOUT_HARRIS)
    links = PersonMention.objects.filter(person=trump, article=about_harris)
    curation.set_link_status(links, MentionStatus.REJECTED)

    link = curation.add_link(about_harris, trump)

    assert links.get().status == MentionStatus.CONFIRMED == link.status
    assert about_harris.pk in found_with(people=(trump.pk,))


def test_a_rejected_person_cannot_be_linked(archive):
    biden = person(BIDEN)
    curation.set_entity_status([biden], EntityStatus.REJECTED)
    with pytest.raises(curation.CurationError) as error:
        curation.add_link(article(ALASKA), biden)
    assert str(error.value) == curation.ERROR_LINK_REJECTED_ENTITY.format(name=BIDEN)


def test_rejecting_a_person_takes_them_out_of_the_facets(archive, client):
    biden = person(BIDEN)
    assert biden.pk in people_facet() and biden.pk in api_people_facet(client)

    assert curation.set_entity_status(Person.objects.filter(pk=biden.pk), "rejected") == 1

    assert biden.pk not in people_facet()
    assert biden.pk not in api_people_facet(client)
    assert client.get(f"/people/{biden.pk}/").status_code == 404
    curation.set_entity_status([biden], EntityStatus.CONFIRMED)
    assert biden.pk in people_facet()


# -- the admin ---------------------------------------------------------------------


def action(client, url, name, objects, follow=False, **extra):
    data = {"action": name, "_selected_action": [o.pk for o in objects], **extra}
    return client.post(url, data, follow=follow)


def test_confirm_action_confirms_and_writes_history(editor_client):
    putin = person(PUTIN)
    response = action(editor_client, "/admin/articles/person/", "confirm_entities", [putin])
    assert response.status_code == 302
    putin.refresh_from_db()
    assert putin.status == EntityStatus.CONFIRMED
    assert history(putin) == ["أكّده محرّر"]


def test_reject_action_takes_the_person_out_of_search_and_api_facets(editor_client):
    biden = person(BIDEN)
    assert biden.pk in api_people_facet(editor_client)

    action(editor_client, "/admin/articles/person/", "reject_entities", [biden])

    assert person(BIDEN).status == EntityStatus.REJECTED
    assert biden.pk not in people_facet()
    assert biden.pk not in api_people_facet(editor_client)
    assert history(biden) == ["رفضه محرّر"]


def test_people_list_sorts_by_article_count_and_searches_aliases(editor_client):
    putin = person(PUTIN)
    putin.aliases.create(name="بوتن")
    by_articles = editor_client.get("/admin/articles/person/", {"o": "-3"})  # column 3: articles
    top = by_articles.context["cl"].result_list[0]
    assert (top.pk, top.article_total, top.alias_total) == (putin.pk, 6, 1)
    found = editor_client.get("/admin/articles/person/", {"q": "بوتِن"})
    assert [p.pk for p in found.context["cl"].result_list] == [putin.pk]


def test_reject_action_on_places(editor_client):
    moscow = Place.objects.get(name_key=name_key(MOSCOW))
    assert moscow.pk in dict(search_articles(SearchRequest()).facet_counts["places"])
    response = action(editor_client, "/admin/articles/place/", "reject_entities", [moscow])
    assert response.status_code == 302
    assert moscow.pk not in dict(search_articles(SearchRequest()).facet_counts["places"])
    listed = editor_client.get("/admin/articles/place/", {"status__exact": "rejected"})
    assert [p.pk for p in listed.context["cl"].result_list] == [moscow.pk]


def test_merge_through_the_confirmation_page(editor_client):
    putin, short, articles = putin_split_in_two()
    link_count = PersonMention.objects.filter(person__in=[putin, short]).count()

    page = action(editor_client, "/admin/articles/person/", "merge_entities", [putin, short])

    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="radio" name="target"' in html
    assert "csrfmiddlewaretoken" in html
    assert [(e.name, e.article_total) for e in page.context["entities"]] == [
        ("بوتين", 4),
        (PUTIN, 3),
    ]
    done = action(
        editor_client,
        "/admin/articles/person/",
        "merge_entities",
        [putin, short],
        post="yes",
        target=putin.pk,
    )

    assert done.status_code == 302
    assert list(Person.objects.filter(pk__in=[putin.pk, short.pk])) == [putin]
    assert PersonMention.objects.filter(person=putin).count() == link_count - 1  # one folded
    assert set(links_of(putin)) == {a.pk for a in articles}
    assert "بوتين" in alias_names(putin)
    assert people_facet()[putin.pk] == 6
    assert api_people_facet(editor_client)[putin.pk] == 6
    assert history(putin) == [curation.MERGE_LOG.format(names="«بوتين»", links=4)]


def test_merge_needs_two_entities_and_a_choice(editor_client):
    putin, short, _ = putin_split_in_two()
    url = "/admin/articles/person/"
    response = action(editor_client, url, "merge_entities", [putin], follow=True)
    assert articles_admin.ERROR_MERGE_TOO_FEW in response.content.decode()
    response = action(editor_client, url, "merge_entities", [putin, short], post="yes")
    assert response.status_code == 200  # the choice again
    assert articles_admin.ERROR_MERGE_NO_TARGET in response.content.decode()
    assert Person.objects.filter(pk__in=[putin.pk, short.pk]).count() == 2


def test_merge_is_csrf_protected(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    putin, biden = person(PUTIN), person(BIDEN)
    response = action(
        client,
        "/admin/articles/person/",
        "merge_entities",
        [putin, biden],
        post="yes",
        target=putin.pk,
    )
    assert response.status_code == 403
    assert Person.objects.filter(pk=biden.pk).exists()


def entity_form(entity, **changes) -> dict:
    spec = curation.spec_for(entity)
    data = {
        "name": entity.name,
        "status": entity.status,
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        f"{spec.fk}mention_set-TOTAL_FORMS": "0",
        f"{spec.fk}mention_set-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    if isinstance(entity, Place):
        data["kind"] = entity.kind
    return data | changes


def test_renaming_in_the_change_form_keeps_the_old_name_as_an_alias(editor_client):
    harris = person(HARRIS)
    response = editor_client.post(
        f"/admin/articles/person/{harris.pk}/change/", entity_form(harris, name="كامالا هاريس")
    )
    assert response.status_code == 302
    harris.refresh_from_db()
    assert harris.name == "كامالا هاريس"
    assert alias_names(harris) == {HARRIS}


def test_renaming_to_another_persons_name_is_refused_with_a_hint_to_merge(editor_client):
    harris, biden = person(HARRIS), person(BIDEN)
    response = editor_client.post(
        f"/admin/articles/person/{harris.pk}/change/", entity_form(harris, name=BIDEN)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        curation.ERROR_NAME_TAKEN.format(name=BIDEN, owner=BIDEN, pk=biden.pk)
    ]
    assert person(HARRIS).pk == harris.pk


def test_an_alias_that_is_another_persons_name_is_refused(editor_client):
    harris, biden = person(HARRIS), person(BIDEN)
    data = entity_form(harris) | {"aliases-TOTAL_FORMS": "1", "aliases-0-name": "جو بايدن"}
    response = editor_client.post(f"/admin/articles/person/{harris.pk}/change/", data)
    assert response.status_code == 200
    assert curation.ERROR_NAME_TAKEN.format(name=BIDEN, owner=BIDEN, pk=biden.pk) in (
        response.content.decode()
    )
    assert alias_names(harris) == set()


def test_change_form_shows_the_newest_links_and_links_to_all(editor_client, monkeypatch):
    monkeypatch.setattr(articles_admin, "ENTITY_LINKS_SHOWN", 2)
    putin = person(PUTIN)
    response = editor_client.get(f"/admin/articles/person/{putin.pk}/change/")
    formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is PersonMention
    )
    assert len(formset.forms) == 2
    assert f"?person__id__exact={putin.pk}&amp;status=all" in response.content.decode()
    listed = editor_client.get(
        "/admin/articles/personmention/", {"person__id__exact": putin.pk, "status": "all"}
    )
    assert listed.context["cl"].result_count == 6


def test_review_queue_lists_machine_links_first_and_all_on_request(editor_client):
    trump = person(TRUMP)
    curation.set_link_status(PersonMention.objects.filter(person=trump), MentionStatus.CONFIRMED)
    machine = editor_client.get("/admin/articles/personmention/")
    assert "روابط الأشخاص للمراجعة" in machine.content.decode()
    rows = machine.context["cl"].result_list
    assert {link.status for link in rows} == {MentionStatus.MACHINE}
    assert [link.count for link in rows] == sorted((link.count for link in rows), reverse=True)
    everything = editor_client.get("/admin/articles/personmention/", {"status": "all"})
    assert everything.context["cl"].result_count == PersonMention.objects.count()
    query = {"q": "دونالد ترامْب", "status": "all"}  # a sukun: matched on the folded name
    found = editor_client.get("/admin/articles/personmention/", query)
    assert {link.person_id for link in found.context["cl"].result_list} == {trump.pk}


def test_splitting_a_link_in_the_review_queue(editor_client):
    trump, about_harris = person(TRUMP), article(ABOUT_HARRIS)
    link = PersonMention.objects.get(person=trump, article=about_harris)

    action(editor_client, "/admin/articles/personmention/", "reject_links", [link])

    link.refresh_from_db()
    assert link.status == MentionStatus.REJECTED
    assert about_harris.pk not in found_with(people=(trump.pk,))
    assert history(link) == ["رفض محرّر الرابط"]


def test_adding_a_missing_link_by_hand(editor_client):
    harris, about_harris = person(HARRIS), article(ABOUT_HARRIS)
    response = editor_client.post(
        "/admin/articles/personmention/add/",
        {"article": about_harris.pk, "person": harris.pk, "count": "1", "_save": "Save"},
    )
    assert response.status_code == 302
    link = PersonMention.objects.get(person=harris, article=about_harris)
    assert link.status == MentionStatus.CONFIRMED
    assert about_harris.pk in found_with(people=(harris.pk,))


def test_adding_a_rejected_link_by_hand_confirms_it(editor_client):
    trump, about_harris = person(TRUMP), article(ABOUT_HARRIS)
    link = PersonMention.objects.get(person=trump, article=about_harris)
    curation.set_link_status([link], MentionStatus.REJECTED)
    response = editor_client.post(
        "/admin/articles/personmention/add/",
        {"article": about_harris.pk, "person": trump.pk, "count": "1", "_save": "Save"},
    )
    assert response.status_code == 302
    assert PersonMention.objects.get(pk=link.pk).status == MentionStatus.CONFIRMED
    assert about_harris.pk in found_with(people=(trump.pk,))


def test_a_person_added_on_the_article_page_is_a_confirmed_link(editor_client):
    harris, about_harris = person(HARRIS), article(ABOUT_HARRIS)
    response = editor_client.post(
        f"/admin/articles/article/{about_harris.pk}/change/",
        article_change_form(about_harris, add_person=harris),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PersonMention.objects.get(person=harris, article=about_harris).status == "confirmed"
    assert about_harris.pk in found_with(people=(harris.pk,))


# -- re-extraction -------------------------------------------------------------------


def extract_all() -> str:
    out = io.StringIO()
    call_command("extract_entities", "--all", "--no-progress", stdout=out)
    return out.getvalue()


def test_confirmed_links_survive_extract_entities(archive):
    harris, about_harris = person(HARRIS), article(ABOUT_HARRIS)
    curation.add_link(about_harris, harris)  # a link the extractor does not find
    putin, alaska = person(PUTIN), article(ALASKA)
    curation.set_link_status(
        PersonMention.objects.filter(person=putin, article=alaska), "confirmed"
    )

    assert "Extracted entities of 6 articles: added" in extract_all()

    assert PersonMention.objects.get(person=harris, article=about_harris).status == "confirmed"
    assert PersonMention.objects.get(person=putin, article=alaska).status == "confirmed"
    assert about_harris.pk in found_with(people=(harris.pk,))


def test_a_rejected_link_is_not_added_again(archive):
    washington = Place.objects.get(name_key=name_key("واشنطن"))
    envoy = article("ممثل بوتين")  # «واشنطن» there is the US government, not the city
    split = PlaceMention.objects.filter(place=washington, article=envoy)
    curation.set_link_status(split, MentionStatus.REJECTED)

    extract_all()

    assert split.get().status == MentionStatus.REJECTED
    assert envoy.pk not in found_with(places=(washington.pk,))
    assert found_with(places=(washington.pk,))


def test_a_rejected_person_is_not_linked_again(archive):
    trump = person(TRUMP)
    curation.set_entity_status([trump], EntityStatus.REJECTED)

    extract_all()

    assert not PersonMention.objects.filter(person=trump).exclude(status="rejected").exists()
    assert list(Person.objects.filter(name_key=name_key(TRUMP))) == [trump]
    assert trump.pk not in people_facet()


def test_merged_away_and_renamed_names_map_to_the_kept_person(archive):
    # The editor files Biden under his full first name and merges the
    # extractor's «جو بايدن» into it; «هاريس» is renamed in full.
    biden = Person.objects.create(name="جوزيف بايدن", status=EntityStatus.CONFIRMED)
    joe = person(BIDEN)
    joe_articles = set(links_of(joe))
    curation.merge(biden, [joe])
    harris = person(HARRIS)
    harris_articles = set(links_of(harris))
    curation.rename(harris, "كامالا هاريس")

    extract_all()

    assert not Person.objects.filter(name_key__in=[name_key(BIDEN), name_key(HARRIS)]).exists()
    assert set(links_of(biden)) == joe_articles
    assert set(links_of(harris)) == harris_articles
    assert people_facet()[biden.pk] == len(joe_articles)


def test_extract_entities_for_some_articles_adds_back_a_deleted_machine_link(archive):
    trump, alaska = person(TRUMP), article(ALASKA)
    PersonMention.objects.filter(person=trump, article=alaska).delete()
    assert alaska.pk not in found_with(people=(trump.pk,))

    out = io.StringIO()
    call_command("extract_entities", str(alaska.pk), "--no-progress", stdout=out)

    assert re.search(
        r"Extracted entities of 1 articles: added [1-9]\d*, updated \d+", out.getvalue()
    )
    assert alaska.pk in found_with(people=(trump.pk,))


def test_extract_entities_needs_ids_or_all(archive):
    with pytest.raises(CommandError, match="--all"):
        call_command("extract_entities")
