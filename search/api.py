"""The read-only JSON API: /api/search, /api/articles/<id> and /api/articles/<id>/related."""

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.models import Article
from articles.relations.reading import related_articles, story_versions
from search import facets
from search.engine import Hit, search_articles
from search.forms import SearchForm
from search.query import QueryError

ERROR_NO_ARTICLE = "لا يوجد مقال بهذا الرقم."
ERROR_NO_ENDPOINT = (
    "لا توجد واجهة بهذا العنوان؛ المتاح: /api/search و /api/articles/<id>"
    " و /api/articles/<id>/related."
)
JSON_OPTIONS = {"ensure_ascii": False}  # Arabic stays readable in the response


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params=JSON_OPTIONS)


def _error(message: str, status: int = 400) -> JsonResponse:
    return _json({"error": message}, status=status)


def _hit_json(hit: Hit) -> dict:
    return {
        "id": hit.id,
        "title": hit.title,
        "url": reverse("articles:detail", args=[hit.id]),
        "source_url": hit.source_url,
        "source": hit.source,
        "published_on": hit.published_on.isoformat() if hit.published_on else None,
        "snippet": str(hit.snippet),
        "score": hit.score,
        "matched_all_words": hit.matched_all_words,
        # Other outlets' versions of this story that matched too, folded into this result.
        "collapsed_copies": len(hit.versions),
        "other_versions": [
            {
                "id": v.id,
                "title": v.title,
                "url": reverse("articles:detail", args=[v.id]),
                "source": v.source,
                "published_on": _iso(v.published_on),
            }
            for v in hit.versions
        ],
    }


@require_GET
def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _error(form.first_error())
    search_request = form.to_request()
    try:
        page = search_articles(search_request)
    except QueryError as exc:
        return _error(str(exc))
    return _json(
        {
            "query": search_request.q,
            "count": page.count,
            "count_all_words": page.count_all_words,
            "page": search_request.page,
            "page_size": search_request.page_size,
            "sort": search_request.sort,
            "mode": page.mode,
            "results": [_hit_json(hit) for hit in page.hits],
            "filters": filters_json(search_request),
            "facets": facets.named(page.facet_counts),
        }
    )


def filters_json(search_request) -> dict:
    """The request's filters as the API (and the JSON export) echo them."""
    return {
        "person": list(search_request.people),
        "place": list(search_request.places),
        "source": list(search_request.sources),
        "date_from": _iso(search_request.date_from),
        "date_to": _iso(search_request.date_to),
    }


def _iso(value):
    return value.isoformat() if value else None


def _entities_json(entities) -> list[dict]:
    return [{"id": e.pk, "name": e.name, "url": e.get_absolute_url()} for e in entities]


def _related_json(article: Article) -> list[dict]:
    return [
        {
            "id": item.article.pk,
            "title": item.article.title,
            "url": item.article.get_absolute_url(),
            "published_on": _iso(item.article.published_on),
            "reasons": item.reasons,
            "score": item.score,
        }
        for item in related_articles(article)
    ]


def _same_story_json(article: Article) -> list[dict]:
    versions, _ = story_versions(article)
    return [
        {
            "id": v.article.pk,
            "title": v.article.title,
            "url": v.article.get_absolute_url(),
            "source": v.article.source.name if v.article.source_id else None,
            "published_on": _iso(v.article.published_on),
            "first_published": v.first_published,
        }
        for v in versions
    ]


@require_GET
def related(request, pk: int):
    article = Article.objects.filter(pk=pk).only("pk", "published_on", "story_id").first()
    if article is None:
        return _error(ERROR_NO_ARTICLE, status=404)
    return _json({"id": article.pk, "related": _related_json(article)})


@require_GET
def article(request, pk: int):
    article = Article.objects.select_related("source").filter(pk=pk).first()
    if article is None:
        return _error(ERROR_NO_ARTICLE, status=404)
    return _json(
        {
            "id": article.pk,
            "title": article.title,
            "url": article.get_absolute_url(),
            "source_url": article.url,
            "source": article.source.name if article.source_id else None,
            "author": article.author or None,
            "published_on": article.published_on.isoformat() if article.published_on else None,
            "date_precision": article.date_precision or None,
            "date_origin": article.date_origin or None,
            "language": article.language,
            "keywords": article.keyword_list(),
            "body": article.body,
            "paragraphs": article.paragraphs(),
            "appended_to": article.appended_to_id,
            "people": _entities_json(article.linked_people()),
            "places": _entities_json(article.linked_places()),
            "related": _related_json(article),
            "same_story": _same_story_json(article),
            "created_at": article.created_at.isoformat(),
            "updated_at": article.updated_at.isoformat(),
        }
    )


def not_found(request, rest=""):
    return _error(ERROR_NO_ENDPOINT, status=404)
