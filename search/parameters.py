"""The search page's parameters, read the same way by its feed and its exports."""

from __future__ import annotations

from django.http import QueryDict
from django.shortcuts import render

from search.analysis import without_bidi_controls
from search.engine import SearchRequest
from search.forms import SearchForm
from search.messages import translated
from search.query import QueryError

# What a search is, without its page: carried from the search page to its feed and exports.
SEARCH_PARAMS = ("q", "sort", "person", "place", "source", "date_from", "date_to")


def search_request_from(params: QueryDict) -> SearchRequest:
    """The validated search, or QueryError with the message the search page shows."""
    form = SearchForm(params)
    if not form.is_valid():
        raise QueryError(form.first_error())
    return form.to_request()


def carried_query(params: QueryDict, *, drop: tuple[str, ...] = ()) -> str:
    """'?q=…&person=3' with only the search's own parameters (no page), or ''."""
    carried = QueryDict(mutable=True)
    for name in SEARCH_PARAMS:
        values = [v for v in params.getlist(name) if v.strip()]
        if name not in drop and values:
            carried.setlist(name, values)
    return "?" + carried.urlencode() if carried else ""


def bad_request(request, message: str):
    """A 400 page that says what is wrong with the search, in the reader's language,
    and links back to it."""
    context = {
        "message": translated(message),
        "query": without_bidi_controls(request.GET.get("q", "")),  # back in the header box
        "search_query": carried_query(request.GET),
    }
    return render(request, "search/bad_request.html", context, status=400)
