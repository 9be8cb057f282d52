"""`check_index` finds what the index got wrong, and `--repair` puts it right while searching goes on."""

import io

import pytest
from django.core.management import call_command
from haystack import connections

from articles.models import Article, MentionStatus, PersonMention
from search.engine import SearchRequest, search_articles

pytestmark = pytest.mark.django_db


def check(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_index", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_a_fresh_archive_matches(samples):
    status, out = check()
    assert status == 0
    assert "Search index: 6 articles in the database, 6 in the index." in out
    assert "The index matches the database." in out


def test_missing_deleted_and_stale_are_named_and_repaired(samples, search_backend):
    lost, renamed, unlinked = samples["003"], samples["002"], samples["000"]
    search_backend.remove(f"articles.article.{lost.pk}")
    # Changes that bypass the save signals, as a bulk script might make them.
    Article.objects.filter(pk=renamed.pk).update(title="عنوان جديد للمقال عن الاستقرار")
    PersonMention.objects.filter(article=unlinked).update(status=MentionStatus.REJECTED)
    ghost = Article(pk=999_999, title="زرافة بنفسجية", body="زرافة بنفسجية في حديقة", fingerprint="x")
    ghost.entity_ids = ([], [])
    index = connections["default"].get_unified_index().get_index(Article)
    search_backend.update(index, [ghost])

    status, out = check()
    assert status == 1
    assert f"missing from the index: 1\n  {lost.pk}\n" in out
    assert "deleted but still in the index: 1\n  999999\n" in out
    assert f"  {renamed.pk} (title)" in out
    assert f"  {unlinked.pk} (people)" in out
    assert search_articles(SearchRequest(q="زرافة")).count == 1

    status, out = check("--repair")
    assert status == 0 and "The index matches the database." in out.splitlines()[-1]
    assert check()[0] == 0
    assert search_articles(SearchRequest(q="عنوان جديد")).hits[0].id == renamed.pk
    assert search_articles(SearchRequest(q="زرافة")).count == 0


def test_an_edited_text_is_stale_until_indexed(samples):
    article = samples["004"]
    Article.objects.filter(pk=article.pk).update(
        body=article.body + "\n\nفقرة أضيفت من خارج الموقع.",
        updated_at=article.updated_at.replace(year=2030),
    )
    status, out = check()
    assert status == 1 and f"  {article.pk} (text)" in out
