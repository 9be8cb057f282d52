"""The Atom feed of a person's or a place's page."""

from django import template
from django.urls import reverse

from articles.models import Person

register = template.Library()


@register.filter
def feed_url(entity) -> str:
    name = "articles:person_feed" if isinstance(entity, Person) else "articles:place_feed"
    return reverse(name, args=[entity.pk])
