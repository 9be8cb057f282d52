"""Editors' admin: articles, sources, people, places and ingest batches.

Admin search goes through the archive's Arabic normalization, so an editor
typing «مسئول» finds «مسؤول» and «اوكرانيا» finds «أوكرانيا».
"""

from django.contrib import admin
from django.db import models
from django.db.models import Count, Q

from articles.models import (
    Article,
    DateOrigin,
    IngestBatch,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
    Source,
    name_key,
)
from search.engine import matching_article_ids
from search.query import QueryError

ADMIN_SEARCH_LIMIT = 2_000


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "published_on", "date_precision", "date_origin", "created_at")
    list_filter = ("source", "date_precision", "date_origin", "language")
    list_select_related = ("source",)
    date_hierarchy = "published_on"
    search_fields = ("title",)  # shows the search box; matching is done below
    search_help_text = "بحث عربي في العنوان والنص (يتجاهل التشكيل والهمزات)، أو رقم المقال."
    autocomplete_fields = ("source",)
    raw_id_fields = ("appended_to",)
    readonly_fields = ("raw_text", "fingerprint", "origin", "batch", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "body", "keywords")}),
        ("المصدر والتاريخ", {"fields": ("source", "url", "author", "published_on", "date_precision", "date_origin", "language")}),
        ("الأصل", {"classes": ("collapse",), "fields": ("raw_text", "origin", "batch", "fingerprint", "appended_to", "created_at", "updated_at")}),
    )

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.isdigit():
            return queryset.filter(pk=int(term)), False
        try:
            ids = matching_article_ids(term, limit=ADMIN_SEARCH_LIMIT)
        except QueryError as exc:
            self.message_user(request, str(exc), level="warning")
            return queryset.none(), False
        return queryset.filter(pk__in=ids), False

    def save_model(self, request, obj, form, change):
        # A date an editor sets is the editor's, whatever the ingest said.
        if {"published_on", "date_precision"} & set(form.changed_data):
            obj.date_origin = DateOrigin.EDITOR
        super().save_model(request, obj, form, change)


class NameSearchMixin:
    """Match the typed name against normalized names (and aliases, if any)."""

    alias_lookup = None

    def get_search_results(self, request, queryset, search_term):
        key = name_key(search_term)
        if not key:
            return queryset, False
        condition = Q(name_key__contains=key) | Q(name__icontains=search_term.strip())
        if self.alias_lookup:
            condition |= Q(**{f"{self.alias_lookup}__name_key__contains": key})
        return queryset.filter(condition).distinct(), True


@admin.register(Source)
class SourceAdmin(NameSearchMixin, admin.ModelAdmin):
    list_display = ("name", "home_url", "article_count")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="المقالات", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(NameSearchMixin, admin.ModelAdmin):
    alias_lookup = "aliases"
    list_display = ("name", "created_at")
    search_fields = ("name",)
    inlines = [PersonAliasInline]


@admin.register(Place)
class PlaceAdmin(NameSearchMixin, admin.ModelAdmin):
    alias_lookup = "aliases"
    list_display = ("name", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = [PlaceAliasInline]


@admin.register(IngestBatch)
class IngestBatchAdmin(admin.ModelAdmin):
    list_display = ("__str__", "added", "duplicates", "failed", "finished_at")
    readonly_fields = ("started_at", "finished_at", "paths", "added", "duplicates", "failed", "report")

    def has_add_permission(self, request):
        return False
