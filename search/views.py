"""The search page: the same engine as the API, rendered for people."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from search import facet_panel
from search.analysis import without_bidi_controls
from search.engine import search_articles
from search.forms import SearchForm
from search.messages import translated
from search.query import QueryError

SORT_LABELS = {"relevance": _("الأكثر صلة"), "newest": _("الأحدث"), "oldest": _("الأقدم")}


@require_safe
def search_page(request):
    form = SearchForm(request.GET)
    context = {"form": form, "sort_labels": SORT_LABELS, "query": without_bidi_controls(request.GET.get("q", ""))}
    if not form.is_valid():
        context["error"] = translated(form.first_error())
        return render(request, "search/search.html", context, status=400)
    search_request = form.to_request()
    context["search_request"] = search_request
    try:
        page = search_articles(search_request)
    except QueryError as exc:
        context["error"] = exc.translated()
        return render(request, "search/search.html", context, status=400)
    context["page"] = page
    context["facets"] = facet_panel.build(page, search_request, request.GET)
    return render(request, "search/search.html", context)
