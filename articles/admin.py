"""Editors' admin: articles, sources, people, places, their links, and ingest batches.

Admin search goes through the archive's Arabic normalization, so an editor
typing «مسئول» finds «مسؤول» and «اوكرانيا» finds «أوكرانيا».

Curation (confirm, reject, merge, rename, split or add a link) goes through
`articles.curation`, which keeps editors' decisions safe from re-extraction
and re-indexes the articles touched. Every action is written to the admin
history, which Django does not do for actions by itself.

The interface strings are Arabic msgids, translated for an English editor
(locale/en); the model names and choices come from the models (English msgids,
locale/ar). Messages that are module constants stay plain Arabic strings, marked
with gettext_noop and translated where they are shown, so tests can reuse them
and the history keeps the archive's language whoever acted.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from articles import curation
from articles.models import (
    Article,
    DateOrigin,
    EntityStatus,
    IngestBatch,
    MentionStatus,
    Person,
    PersonAlias,
    PersonMention,
    Place,
    PlaceAlias,
    PlaceMention,
    Source,
    name_key,
)
from articles.relations import editing as story_editing
from search.analysis import show_bidi_controls
from search.engine import matching_article_ids
from search.query import QueryError

ADMIN_SEARCH_LIMIT = 2_000
# A person like «بوتين» has thousands of links: the change form shows the
# newest and links to the review list filtered to that person for the rest.
ENTITY_LINKS_SHOWN = 50
ERROR_ALIAS_TAKEN = gettext_noop("«{name}» اسم بديل مسجَّل من قبل (لـ«{owner}»).")
ERROR_ALIAS_TWICE = gettext_noop("الاسم البديل «{name}» مكتوب مرتين.")
ERROR_MERGE_TOO_FEW = gettext_noop("اختر كيانين على الأقل للدمج.")
ERROR_SPLIT_NONE = gettext_noop("لا شيء يُفصل: لا أحد من المقالات المختارة في قصة مع غيره.")
ERROR_JOIN_TOO_FEW = gettext_noop("اختر مقالين على الأقل لضمّهما في قصة واحدة.")
ERROR_MERGE_NO_TARGET = gettext_noop("اختر الاسم الذي يبقى.")
# What an action did: the history keeps these in Arabic, the editor reads them translated.
ENTITY_CONFIRMED = gettext_noop("أكّده محرّر")
ENTITY_REJECTED = gettext_noop("رفضه محرّر")
LINK_CONFIRMED = gettext_noop("أكّد محرّر الرابط")
LINK_REJECTED = gettext_noop("رفض محرّر الرابط")
SPLIT_DONE = gettext_noop("فُصل عن قصته")
JOIN_DONE = gettext_noop("ضُمّ إلى قصة")
STORY_DECISION_LOG = "{done} بقرار المحرر"
STORY_DECISION_DONE = gettext_noop(
    "{done}: {chosen} من المقالات المختارة؛ تغيّر تجميع {changed} مقالًا."
)


class StatusActionMixin:
    """Confirm/reject actions: set a status through curation, one history row per object."""

    apply_status = None  # staticmethod(curation.set_entity_status or set_link_status)

    def _set_status(self, request, queryset, status, done: str):
        changed = [obj for obj in queryset if obj.status != status]
        self.apply_status(changed, status)
        for obj in changed:
            self.log_change(request, obj, done)
        self.message_user(request, f"{_(done)}: {len(changed)}.", messages.SUCCESS)


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


def _count_of(model, fk: str, **exclude):
    """A subquery counting `model` rows that point at the outer row (one per row, no join fan-out)."""
    rows = (
        model.objects.filter(**{fk: OuterRef("pk")})
        .exclude(**exclude)
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


# -- links: shared by the article, entity and review-queue pages ----------------


class LinkFormSet(BaseInlineFormSet):
    """A link an editor adds by hand is a confirmed one."""

    def save_new(self, form, commit=True):
        if form.instance.status == MentionStatus.MACHINE:
            form.instance.status = MentionStatus.CONFIRMED
        return super().save_new(form, commit)


class NewestLinksFormSet(LinkFormSet):
    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            self._queryset = super().get_queryset()[:ENTITY_LINKS_SHOWN]
        return self._queryset


class ArticleLinkInline(admin.TabularInline):
    """An article's people or places: add a missing one, confirm or reject (split) one."""

    formset = LinkFormSet
    extra = 0
    can_delete = False  # a deleted machine link comes back at the next extraction: reject it
    readonly_fields = ("surface",)
    ordering = ("-count",)


class ArticlePersonInline(ArticleLinkInline):
    model = PersonMention
    fields = ("person", "count", "status", "surface")
    autocomplete_fields = ("person",)
    verbose_name = gettext_lazy("شخص في المقال")
    verbose_name_plural = gettext_lazy("الأشخاص في المقال")


class ArticlePlaceInline(ArticleLinkInline):
    model = PlaceMention
    fields = ("place", "count", "status", "surface")
    autocomplete_fields = ("place",)
    verbose_name = gettext_lazy("مكان في المقال")
    verbose_name_plural = gettext_lazy("الأماكن في المقال")


class EntityLinkInline(admin.TabularInline):
    formset = NewestLinksFormSet
    fields = ("article", "count", "status", "surface")
    raw_id_fields = ("article",)
    readonly_fields = ("surface",)
    extra = 0
    can_delete = False
    ordering = (models.F("article__published_on").desc(nulls_last=True), "-article_id")
    verbose_name = gettext_lazy("رابط بمقال")
    verbose_name_plural = format_lazy(
        gettext_lazy("المقالات (أحدث {count}؛ البقية في «كل الروابط» أعلاه)"),
        count=ENTITY_LINKS_SHOWN,
    )


class PersonLinkInline(EntityLinkInline):
    model = PersonMention


class PlaceLinkInline(EntityLinkInline):
    model = PlaceMention


# -- articles and sources --------------------------------------------------------


class StoryFilter(admin.SimpleListFilter):
    title = gettext_lazy("الخبر نفسه")
    parameter_name = "in_story"

    def lookups(self, request, model_admin):
        return [("yes", _("له نسخ في مصادر أخرى")), ("no", _("بلا نسخ أخرى"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(story__isnull=False).order_by("story", "published_on")
        if self.value() == "no":
            return queryset.filter(story__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "source",
        "published_on",
        "story_link",
        "date_precision",
        "date_origin",
        "created_at",
    )
    list_filter = (StoryFilter, "source", "date_precision", "date_origin", "language")
    list_select_related = ("source",)
    actions = ["split_from_story", "join_stories"]
    date_hierarchy = "published_on"
    search_fields = ("title",)  # shows the search box; matching is done below
    search_help_text = gettext_lazy(
        "بحث عربي في العنوان والنص (يتجاهل التشكيل والهمزات)، أو رقم المقال."
    )
    autocomplete_fields = ("source",)
    raw_id_fields = ("appended_to",)
    readonly_fields = ("raw_copy", "fingerprint", "origin", "batch", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "body", "keywords")}),
        (
            gettext_lazy("المصدر والتاريخ"),
            {
                "fields": (
                    "source",
                    "url",
                    "author",
                    "published_on",
                    "date_precision",
                    "date_origin",
                    "language",
                )
            },
        ),
        (
            gettext_lazy("الأصل"),
            {
                "classes": ("collapse",),
                "fields": (
                    "raw_copy",
                    "origin",
                    "batch",
                    "fingerprint",
                    "appended_to",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
    )
    inlines = [ArticlePersonInline, ArticlePlaceInline]

    @admin.display(description=gettext_lazy("النص كما قُرئ"))
    def raw_copy(self, obj):
        # Bidi overrides shown as codes: drawn, they would reorder the text.
        return linebreaksbr(show_bidi_controls(obj.raw_text))

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

    @admin.display(description=gettext_lazy("الخبر نفسه"), ordering="story")
    def story_link(self, obj):
        if obj.story_id is None:
            return "—"
        url = reverse("admin:articles_article_changelist") + f"?story__id__exact={obj.story_id}"
        return format_html(
            '<a href="{}">{}</a>', url, _("القصة #{number}").format(number=obj.story_id)
        )

    @admin.action(description=gettext_lazy("فصل المقالات المختارة عن قصتها (ليست الخبر نفسه)"))
    def split_from_story(self, request, queryset):
        chosen = [a for a in self._story_choice(queryset) if a.story_id]
        if not chosen:
            self.message_user(request, _(ERROR_SPLIT_NONE), level=messages.WARNING)
            return
        self._apply_story_decision(request, chosen, story_editing.split_off, SPLIT_DONE)

    @admin.action(description=gettext_lazy("ضمّ المقالات المختارة في قصة واحدة (الخبر نفسه)"))
    def join_stories(self, request, queryset):
        chosen = self._story_choice(queryset)
        if len(chosen) < 2:
            self.message_user(request, _(ERROR_JOIN_TOO_FEW), level=messages.WARNING)
            return
        self._apply_story_decision(request, chosen, story_editing.join, JOIN_DONE)

    def _story_choice(self, queryset) -> list[Article]:
        return list(queryset.select_related(None).only("pk", "fingerprint", "story", "title"))

    def _apply_story_decision(self, request, chosen, apply, done: str) -> None:
        changed = apply(chosen, editor=request.user.get_username())
        for article in chosen:
            self.log_change(request, article, STORY_DECISION_LOG.format(done=done))
        self.message_user(
            request,
            _(STORY_DECISION_DONE).format(done=_(done), chosen=len(chosen), changed=changed),
        )

    def save_model(self, request, obj, form, change):
        # A date an editor sets is the editor's, whatever the ingest said.
        if {"published_on", "date_precision"} & set(form.changed_data):
            obj.date_origin = DateOrigin.EDITOR
        super().save_model(request, obj, form, change)


@admin.register(Source)
class SourceAdmin(NameSearchMixin, admin.ModelAdmin):
    list_display = ("name", "home_url", "article_count")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=gettext_lazy("المقالات"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


# -- people and places -----------------------------------------------------------


class EntityForm(forms.ModelForm):
    """A name that is already another entity's is refused here, with a hint to merge."""

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name_key(name):
            raise ValidationError(_(curation.ERROR_EMPTY_NAME))
        owner = curation.name_owner(self._meta.model, name, exclude_pk=self.instance.pk)
        if owner is not None:
            raise ValidationError(
                _(curation.ERROR_NAME_TAKEN).format(name=name, owner=owner.name, pk=owner.pk)
            )
        return name


class AliasForm(forms.ModelForm):
    entity_model: type  # Person or Place, set by the subclass

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        key = name_key(name)
        if not key:
            raise ValidationError(_(curation.ERROR_EMPTY_NAME))
        spec = curation.spec_for(self.entity_model)
        owner = curation.name_owner(
            self.entity_model, name, exclude_pk=getattr(self.instance, spec.fk_id)
        )
        if owner is not None:
            raise ValidationError(
                _(curation.ERROR_NAME_TAKEN).format(name=name, owner=owner.name, pk=owner.pk)
            )
        # Two spellings of one alias («أوباما», «اوباما») fold to one key, kept once.
        same = spec.alias_model.objects.filter(name_key=key).exclude(pk=self.instance.pk).first()
        if same is not None:
            raise ValidationError(
                _(ERROR_ALIAS_TAKEN).format(name=same.name, owner=getattr(same, spec.fk))
            )
        return name


class PersonAliasForm(AliasForm):
    entity_model = Person


class PlaceAliasForm(AliasForm):
    entity_model = Place


class AliasFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            name = getattr(form, "cleaned_data", {}).get("name")
            if not name or form.cleaned_data.get("DELETE"):
                continue
            if name_key(name) in seen:
                raise ValidationError(_(ERROR_ALIAS_TWICE).format(name=name))
            seen.add(name_key(name))


class AliasInline(admin.TabularInline):
    formset = AliasFormSet
    fields = ("name",)
    extra = 1


class PersonAliasInline(AliasInline):
    model = PersonAlias
    form = PersonAliasForm


class PlaceAliasInline(AliasInline):
    model = PlaceAlias
    form = PlaceAliasForm


class EntityAdmin(StatusActionMixin, NameSearchMixin, admin.ModelAdmin):
    """What people and places share: review status, merging, renaming through curation."""

    apply_status = staticmethod(curation.set_entity_status)
    alias_lookup = "aliases"
    form = EntityForm
    list_display = ("name", "status", "article_count", "alias_count")
    list_filter = ("status",)
    search_fields = ("name",)
    search_help_text = gettext_lazy("بحث في الأسماء والأسماء البديلة (يتجاهل التشكيل والهمزات).")
    readonly_fields = ("all_links",)
    actions = ["confirm_entities", "reject_entities", "merge_entities"]

    def get_queryset(self, request):
        spec = curation.spec_for(self.model)
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_total=_count_of(spec.mention_model, spec.fk, status=MentionStatus.REJECTED),
                alias_total=_count_of(spec.alias_model, spec.fk),
            )
        )

    @admin.display(description=gettext_lazy("المقالات"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.display(description=gettext_lazy("الأسماء البديلة"), ordering="alias_total")
    def alias_count(self, obj):
        return obj.alias_total

    @admin.display(description=gettext_lazy("كل الروابط"))
    def all_links(self, obj):
        if obj.pk is None:
            return "—"
        spec = curation.spec_for(obj)
        url = reverse(f"admin:articles_{spec.mention_model._meta.model_name}_changelist")
        total = spec.mention_model.objects.filter(**{spec.fk: obj}).count()
        return format_html(
            '<a href="{}?{}__id__exact={}&amp;status=all">{}</a>',
            url,
            spec.fk,
            obj.pk,
            _("{count} رابطاً في قائمة المراجعة").format(count=total),
        )

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            # The old name stays as an alias, so extraction still finds this entity by it.
            curation.rename(obj, obj.name)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("تأكيد المختارين"), permissions=["change"])
    def confirm_entities(self, request, queryset):
        self._set_status(request, queryset, EntityStatus.CONFIRMED, ENTITY_CONFIRMED)

    @admin.action(
        description=gettext_lazy("رفض المختارين (يخرجون من الواجهات ولا يُربطون مجدداً)"),
        permissions=["change"],
    )
    def reject_entities(self, request, queryset):
        self._set_status(request, queryset, EntityStatus.REJECTED, ENTITY_REJECTED)

    @admin.action(
        description=gettext_lazy("دمج المختارين في واحد…"), permissions=["change", "delete"]
    )
    def merge_entities(self, request, queryset):
        entities = list(queryset.order_by("-article_total", "name").prefetch_related("aliases"))
        if len(entities) < 2:
            self.message_user(request, _(ERROR_MERGE_TOO_FEW), messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            target = next((e for e in entities if str(e.pk) == request.POST.get("target")), None)
            if target is None:
                self.message_user(request, _(ERROR_MERGE_NO_TARGET), messages.ERROR)
            else:
                others = [e for e in entities if e.pk != target.pk]
                try:
                    # Writes the history: the merge on the kept entity, a deletion for each other.
                    summary = curation.merge(target, others, user=request.user)
                except curation.CurationError as exc:
                    self.message_user(request, str(exc), messages.ERROR)
                    return None
                self.message_user(request, str(summary), messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("دمج {entities}").format(entities=self.opts.verbose_name_plural),
            "subtitle": None,
            "opts": self.opts,
            "entities": entities,
            "default_target": entities[0].pk,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/merge_entities.html", context)


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    fields = ("name", "status", "all_links")
    inlines = [PersonAliasInline, PersonLinkInline]


@admin.register(Place)
class PlaceAdmin(EntityAdmin):
    list_display = ("name", "status", "kind", "article_count", "alias_count")
    list_filter = ("status", "kind")
    fields = ("name", "kind", "status", "all_links")
    inlines = [PlaceAliasInline, PlaceLinkInline]


# -- the review queue: links the extractor made, most mentioned first -------------


class LinkStatusFilter(admin.SimpleListFilter):
    """Machine links by default (what is left to review); «الكل» shows every link."""

    title = gettext_lazy("الحالة")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*MentionStatus.choices, (self.ALL, _("الكل"))]

    def current(self) -> str:
        return self.value() or MentionStatus.MACHINE

    def queryset(self, request, queryset):
        if self.current() in MentionStatus.values:
            return queryset.filter(status=self.current())
        return queryset

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.current() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class LinkAddForm(forms.ModelForm):
    """Adding a link that exists (rejected, say) confirms it instead of failing."""

    def validate_unique(self):
        pass  # curation.add_link finds the existing link

    def clean(self):
        cleaned = super().clean()
        entity = cleaned.get(self._meta.model.entity_field)
        if entity is not None and entity.status == EntityStatus.REJECTED:
            raise ValidationError(_(curation.ERROR_LINK_REJECTED_ENTITY).format(name=entity.name))
        return cleaned


class LinkReviewAdmin(StatusActionMixin, admin.ModelAdmin):
    apply_status = staticmethod(curation.set_link_status)
    title: str
    list_display_links = ("article_title",)
    list_filter = (LinkStatusFilter,)
    list_per_page = 100
    ordering = ("-count", "-id")
    raw_id_fields = ("article",)
    search_fields = ("article__title",)  # shows the search box; matching is done below
    search_help_text = gettext_lazy(
        "اسم الشخص أو المكان (يتجاهل التشكيل والهمزات)، أو عنوان المقال، أو رقمه."
    )
    actions = ["confirm_links", "reject_links"]

    @property
    def entity_field(self) -> str:
        return self.model.entity_field

    def get_list_display(self, request):
        return ("article_title", self.entity_field, "surface", "count", "status")

    def get_list_select_related(self, request):
        return ("article", self.entity_field)

    def get_queryset(self, request):
        # The review list shows titles only: leave the article texts in the database.
        return (
            super()
            .get_queryset(request)
            .select_related("article", self.entity_field)
            .defer("article__body", "article__raw_text")
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("article", self.entity_field, "count")
        return ("article", self.entity_field, "surface", "count", "status")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("article", self.entity_field, "surface")

    def get_autocomplete_fields(self, request):
        return (self.entity_field,)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = LinkAddForm
        return super().get_form(request, obj, **kwargs)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": self.title, **(extra_context or {})})

    @admin.display(description=gettext_lazy("المقال"), ordering="article__title")
    def article_title(self, obj):
        return obj.article.title

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.isdigit():
            return queryset.filter(article_id=int(term)), False
        key = name_key(term)
        field = self.entity_field
        condition = Q(article__title__icontains=term)
        if key:
            condition |= Q(**{f"{field}__name_key__contains": key})
            condition |= Q(**{f"{field}__aliases__name_key__contains": key})
        return queryset.filter(condition), True

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        link = curation.add_link(obj.article, getattr(obj, self.entity_field), count=obj.count)
        obj.pk = link.pk  # the admin logs and redirects to the link it now is
        obj._state.adding = False
        obj.refresh_from_db()

    @admin.action(description=gettext_lazy("تأكيد الروابط المختارة"), permissions=["change"])
    def confirm_links(self, request, queryset):
        self._set_status(request, queryset, MentionStatus.CONFIRMED, LINK_CONFIRMED)

    @admin.action(
        description=gettext_lazy("رفض الروابط المختارة (فصلها عن مقالاتها)"),
        permissions=["change"],
    )
    def reject_links(self, request, queryset):
        self._set_status(request, queryset, MentionStatus.REJECTED, LINK_REJECTED)


@admin.register(PersonMention)
class PersonMentionAdmin(LinkReviewAdmin):
    title = gettext_lazy("روابط الأشخاص للمراجعة")


@admin.register(PlaceMention)
class PlaceMentionAdmin(LinkReviewAdmin):
    title = gettext_lazy("روابط الأماكن للمراجعة")


@admin.register(IngestBatch)
class IngestBatchAdmin(admin.ModelAdmin):
    list_display = ("__str__", "added", "duplicates", "failed", "finished_at")
    readonly_fields = (
        "started_at",
        "finished_at",
        "paths",
        "added",
        "duplicates",
        "failed",
        "report",
    )

    def has_add_permission(self, request):
        return False
