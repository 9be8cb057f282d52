"""Links from the search page to its feed and its exports, with the same search."""

from django import template
from django.urls import reverse

from search.exports import max_rows
from search.parameters import carried_query

register = template.Library()


@register.simple_tag(takes_context=True)
def search_link(context, url_name: str) -> str:
    """reverse(url_name) with this page's search (no page number; feeds are always newest first)."""
    drop = ("sort",) if url_name == "search:feed" else ()
    return reverse(url_name) + carried_query(context["request"].GET, drop=drop)


@register.inclusion_tag("search/_feed_and_exports.html", takes_context=True)
def feed_and_exports(context, page):
    """The feed link, and the export links when there are results within the export bound."""
    return {"request": context["request"], "count": page.count, "max_rows": max_rows()}
