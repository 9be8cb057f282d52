"""The browser tests' archive beyond the five samples, and what it holds.

Runs inside the live archive's own process (`manage.py shell -c`, see
conftest.py), so it writes to that archive's database and index, not to the
test database. `prepare()` prints one JSON object: the facts the tests
compare the pages with, read from the database rather than from search.
"""

from __future__ import annotations

import json

# The extractor knows Harris only by her family name («هاريس»); an editor adds
# her full name to the article that spells it out, and the admin test then
# merges the short name into it.
FULL_NAME = "كامالا هاريس"
SHORT_NAME = "هاريس"


def prepare() -> None:
    from articles import curation
    from articles.models import Article, EntityStatus, Person

    full, _ = Person.objects.get_or_create(
        name=FULL_NAME, defaults={"status": EntityStatus.CONFIRMED}
    )
    # One the short name is not linked to, so that the merge brings the kept
    # name an article it did not have.
    spelled_out = (
        Article.objects.filter(body__contains=FULL_NAME)
        .exclude(people__name=SHORT_NAME)
        .order_by("pk")
        .first()
    )
    assert spelled_out is not None, f"no sample article names «{FULL_NAME}» without «{SHORT_NAME}»"
    curation.add_link(spelled_out, full)
    print(json.dumps(facts()))


def facts() -> dict:
    from articles.models import Article, PersonMention, RelatedArticle

    people: dict[str, dict] = {}
    for link in PersonMention.objects.live().select_related("person").order_by("article_id"):
        entry = people.setdefault(link.person.name, {"id": link.person_id, "articles": []})
        entry["articles"].append(link.article_id)
    articles = {
        str(a.pk): {
            "title": a.title,
            "published_on": a.published_on.isoformat() if a.published_on else None,
        }
        for a in Article.objects.all()
    }
    related: dict[str, list[int]] = {}
    for link in RelatedArticle.objects.order_by("article_id", "-score"):
        related.setdefault(str(link.article_id), []).append(link.related_id)
    return {"people": people, "articles": articles, "related": related}
