"""Reading pages: home, article, person and place, and the date archive (year -> month -> day)."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from articles.models import LIVE_ENTITY, Article, Person, Place
from articles.relations.reading import related_articles, story_versions
from search import facet_panel, facets
from search.engine import SearchRequest, search_articles

HOME_LATEST = 20
ARCHIVE_PAGE_SIZE = 50


@require_safe
def home(request):
    latest = Article.objects.for_listing().newest_first()[:HOME_LATEST]
    return render(
        request,
        "articles/home.html",
        {"latest": latest, "total": Article.objects.count()},
    )


class ArticleDetailView(DetailView):
    queryset = Article.objects.select_related("source", "appended_to")
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["appended_stories"] = self.object.appended_stories.for_listing()
        context["people"] = self.object.linked_people()
        context["places"] = self.object.linked_places()
        context["related"] = related_articles(self.object)
        context["versions"], context["first_published"] = story_versions(self.object)
        return context


ENTITY_PAGE_SIZE = 20
CO_OCCURRING = 10


def _entity_page(request, model, pk: int, param: str):
    """A person's or place's page: names, articles newest first, timeline, who and where else.

    The timeline and the co-occurring people and places are the search
    facets of "every article linked to this entity", so they agree with
    what a click on them finds.
    """
    entity = get_object_or_404(model, pk=pk)
    if entity.status not in LIVE_ENTITY:
        raise Http404("rejected by an editor")
    mentions = (
        entity_mentions(entity)
        .select_related("article__source")
        .order_by("-article__published_on", "-article_id")
    )
    page_obj = Paginator(mentions, ENTITY_PAGE_SIZE).get_page(request.GET.get("page"))
    key = "people" if param == "person" else "places"
    found = search_articles(SearchRequest(**{key: (entity.pk,)}, page_size=1))
    named = facets.named(found.facet_counts)
    search_url = reverse("search:page")
    params = QueryDict(mutable=True)
    params[param] = str(entity.pk)
    return render(
        request,
        "articles/entity_detail.html",
        {
            "entity": entity,
            "kind_label": "شخص" if param == "person" else "مكان",
            "aliases": entity.aliases.all(),
            "articles": [m.article for m in page_obj],
            "page_obj": page_obj,
            "is_paginated": page_obj.has_other_pages(),
            "total": page_obj.paginator.count,
            "histogram": facet_panel.histogram(found.facet_counts, params, base=search_url),
            "co_people": [p for p in named["people"] if not (param == "person" and p["id"] == pk)][
                :CO_OCCURRING
            ],
            "co_places": [p for p in named["places"] if not (param == "place" and p["id"] == pk)][
                :CO_OCCURRING
            ],
            "search_url": f"{search_url}?{params.urlencode()}",
        },
    )


def entity_mentions(entity):
    """The live links of a person or place to articles."""
    if isinstance(entity, Person):
        return entity.personmention_set.live()
    return entity.placemention_set.live()


@require_safe
def person_detail(request, pk: int):
    return _entity_page(request, Person, pk, "person")


@require_safe
def place_detail(request, pk: int):
    return _entity_page(request, Place, pk, "place")


class ArchiveIndexView(ListView):
    """Every year and month that has articles, with counts."""

    template_name = "articles/archive_index.html"
    context_object_name = "months"

    def get_queryset(self):
        return (
            Article.objects.filter(published_on__isnull=False)
            .annotate(month=TruncMonth("published_on"))
            .values("month")
            .annotate(count=Count("id"))
            .order_by("-month")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["undated"] = Article.objects.filter(published_on__isnull=True).count()
        return context


class DateArchiveMixin:
    queryset = Article.objects.for_listing()
    date_field = "published_on"
    allow_future = True
    allow_empty = False
    month_format = "%m"
    paginate_by = ARCHIVE_PAGE_SIZE
    ordering = ["-published_on", "-id"]


class YearView(DateArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"
    make_object_list = True


class MonthView(DateArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"


class DayView(DateArchiveMixin, DayArchiveView):
    template_name = "articles/archive_day.html"
