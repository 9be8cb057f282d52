"""The article change form as the Django admin renders it, for tests that post it."""

from articles.models import Article, MentionStatus, Person, PersonMention, PlaceMention


def article_change_form(obj: Article, *, add_person: Person | None = None, **changes) -> dict:
    """Every field as stored, the people and place link rows as they are, then ``changes``;
    ``add_person`` appends a new person link row."""
    data = {
        "title": obj.title,
        "body": obj.body,
        "keywords": obj.keywords,
        "source": obj.source_id or "",
        "url": obj.url or "",
        "author": obj.author,
        "published_on": obj.published_on.isoformat() if obj.published_on else "",
        "date_precision": obj.date_precision,
        "date_origin": obj.date_origin,
        "language": obj.language,
        "appended_to": obj.appended_to_id or "",
        "_save": "Save",
    }
    for model, fk in ((PersonMention, "person"), (PlaceMention, "place")):
        prefix = f"{fk}mention_set"
        links = list(model.objects.filter(article=obj))
        rows = [
            {"id": m.pk, fk: getattr(m, f"{fk}_id"), "count": m.count, "status": m.status}
            for m in links
        ]
        if add_person is not None and model is PersonMention:
            rows.append({"person": add_person.pk, "count": 1, "status": MentionStatus.MACHINE})
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(links))
        for i, row in enumerate(rows):
            data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    data.update(changes)
    return data
