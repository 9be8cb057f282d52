"""The archive's records: sources, articles, the people and places they mention."""

import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The search normalization with whitespace collapsed, as the word lists key
# names; also what dedup fingerprints hash.
from articles.extraction.ner.keys import key as folded
from search.analysis import without_bidi_controls

# «عبد العزيز» and «عبدالعزيز» are one name written two ways (both are
# common in the same newspaper); the key writes it joined.
_ABD_COMPOUND = re.compile(r"(?<!\S)عبد\s+(?=ال)")


def name_key(name: str) -> str:
    """The lookup key for a name: the search normalization, spaces collapsed,
    «عبد ال…» compounds joined.

    'الرئيسُ  أوباما' -> 'الرئيس اوباما'; 'علي عبد الله صالح' -> 'علي عبدالله صالح'.
    """
    return _ABD_COMPOUND.sub("عبد", folded(name))


class Source(models.Model):
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The outlet as readers know it, e.g. «صدى البلد».")
    )
    # The name the outlet had when first ingested, normalized: ingest finds
    # the source by it, so an editor's renaming («alriyadh» -> «الرياض») holds
    # when the same outlet is ingested again.
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    home_url = models.URLField(
        _("home page"), blank=True, help_text=_("e.g. https://www.alriyadh.com/")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.name_key:
            self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class IngestBatch(models.Model):
    """One run of `manage.py ingest`: what was read and what came of it."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    paths = models.TextField(_("paths"), help_text=_("The files and folders given, one a line."))
    added = models.PositiveIntegerField(_("added"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates skipped"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    report = models.TextField(_("report"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("ingest batch")
        verbose_name_plural = _("ingest batches")

    def __str__(self) -> str:
        return f"#{self.pk} {self.started_at:%Y-%m-%d %H:%M}"


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class DateOrigin(models.TextChoices):
    METADATA = "metadata", _("metadata")
    TEXT = "text", _("article text")
    EDITOR = "editor", _("editor")


class ArticleQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-id")

    def for_listing(self):
        """Just what a list of articles shows, without the heavy text columns."""
        return self.select_related("source").only(
            "id", "title", "published_on", "date_precision", "source__name", "url"
        )


def collapse_key(article_id: int, story_anchor_id: int | None) -> int:
    """What search folds versions on: the story's first article, or the article itself.

    The first article of a story keeps its own id as key, so a new version
    joining it never forces the older article to be indexed again.
    """
    return story_anchor_id or article_id


class Article(models.Model):
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(
        _("body"), help_text=_("Cleaned text, paragraphs separated by a blank line.")
    )
    raw_text = models.TextField(
        _("raw text"), help_text=_("Exactly what was ingested, before cleaning. Never edited.")
    )
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("From «كلمات دلالية», one a line.")
    )
    url = models.CharField(
        _("original URL"),
        max_length=2000,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Where the article was first published, e.g. https://www.alriyadh.com/1070000"),
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        related_name="articles",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    author = models.CharField(_("author"), max_length=300, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True, db_index=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text=_("How much of the date is known: a day, a month (day 1) or a year (1 January)."),
    )
    date_origin = models.CharField(
        _("date from"),
        max_length=8,
        choices=DateOrigin.choices,
        blank=True,
        help_text=_("Metadata, the article text, or an editor."),
    )
    language = models.CharField(_("language"), max_length=8, default="ar")
    fingerprint = models.CharField(
        _("content fingerprint"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("Hash of the normalized title and body, used to spot duplicates."),
    )
    origin = models.CharField(
        _("ingested from"),
        max_length=1000,
        blank=True,
        help_text=_("File and record it came from, e.g. 2015-07-21.zip!2015-07-21.json#17"),
    )
    batch = models.ForeignKey(
        IngestBatch,
        verbose_name=_("ingest batch"),
        related_name="articles",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    appended_to = models.ForeignKey(
        "self",
        verbose_name=_("appended to"),
        related_name="appended_stories",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The article this story was appended to after «اقرأ أيضاً»."),
    )
    story = models.ForeignKey(
        "Story",
        verbose_name=_("same story as"),
        related_name="articles",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Other outlets' versions of this story; see «split» and «join» in the list."),
    )
    # Stemmed terms and weights (articles/relations/vectors.py), written at
    # ingest so a new article is compared with the archive without re-reading it.
    term_vector = models.TextField(blank=True, editable=False)
    people = models.ManyToManyField(
        "Person", through="PersonMention", related_name="articles", blank=True
    )
    places = models.ManyToManyField(
        "Place", through="PlaceMention", related_name="articles", blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        # Ingest drops bidi overrides from what readers see; so does an editor's
        # save (text pasted from the web carries them too). raw_text keeps them.
        for name in ("title", "body", "author", "keywords"):
            setattr(self, name, without_bidi_controls(getattr(self, name) or ""))

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.pk])

    def linked_people(self) -> list["Person"]:
        """People this article is about: machine and editor links, not rejected ones."""
        mentions = PersonMention.objects.live().filter(article=self).select_related("person")
        return [m.person for m in mentions.order_by("-count", "person__name")]

    def linked_places(self) -> list["Place"]:
        mentions = PlaceMention.objects.live().filter(article=self).select_related("place")
        return [m.place for m in mentions.order_by("-count", "place__name")]

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.splitlines() if k.strip()]

    @property
    def collapse_key(self) -> int:
        return collapse_key(self.pk, self.story.anchor_id if self.story_id else None)


# People and places: one canonical name, many aliases, and a link per article
# that remembers whether a machine or an editor made it. Editor decisions
# (confirmed, rejected) are never overwritten by a later extraction.


class EntityStatus(models.TextChoices):
    MACHINE = "machine", _("found by the extractor, not reviewed")
    CONFIRMED = "confirmed", _("confirmed by an editor")
    REJECTED = "rejected", _("rejected by an editor (never linked again)")


class NamedEntity(models.Model):
    name = models.CharField(_("canonical name"), max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    status = models.CharField(
        _("review status"),
        max_length=10,
        choices=EntityStatus.choices,
        default=EntityStatus.MACHINE,
        db_index=True,
        help_text=_("A rejected name is not a person or place: it leaves the facets for good."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        self.name = without_bidi_controls(self.name)  # see Article.clean

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        entity = super().from_db(db, field_names, values)
        # Remembered so the index is only rewritten when the status changes.
        entity.loaded_status = entity.__dict__.get("status")
        return entity


class Person(NamedEntity):
    class Meta(NamedEntity.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def get_absolute_url(self) -> str:
        return reverse("articles:person", args=[self.pk])

    def get_feed_url(self) -> str:
        return reverse("articles:person_feed", args=[self.pk])


class Place(NamedEntity):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        REGION = "region", _("region")
        CITY = "city", _("city")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)

    class Meta(NamedEntity.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def get_absolute_url(self) -> str:
        return reverse("articles:place", args=[self.pk])

    def get_feed_url(self) -> str:
        return reverse("articles:place_feed", args=[self.pk])


class Alias(models.Model):
    name = models.CharField(
        _("alias"),
        max_length=200,
        help_text=_("Another spelling, e.g. «أمريكا» for «الولايات المتحدة»."),
    )
    name_key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        self.name = without_bidi_controls(self.name)  # see Article.clean

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class PersonAlias(Alias):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="aliases", on_delete=models.CASCADE
    )

    class Meta(Alias.Meta):
        verbose_name = _("person alias")
        verbose_name_plural = _("person aliases")


class PlaceAlias(Alias):
    place = models.ForeignKey(
        Place, verbose_name=_("place"), related_name="aliases", on_delete=models.CASCADE
    )

    class Meta(Alias.Meta):
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")


class MentionStatus(models.TextChoices):
    MACHINE = "machine", _("found by the extractor")
    CONFIRMED = "confirmed", _("confirmed by an editor")
    REJECTED = "rejected", _("rejected by an editor")


class MentionQuerySet(models.QuerySet):
    def live(self):
        """Links shown in facets and pages: not rejected, to an entity not rejected."""
        entity = self.model.entity_field
        return self.exclude(status=MentionStatus.REJECTED).exclude(
            **{f"{entity}__status": EntityStatus.REJECTED}
        )

    def ids_by_article(self) -> dict[int, list[int]]:
        """{article id: ids of the people (or places) these links point to}, read in one pass."""
        found: dict[int, list[int]] = {}
        rows = self.values_list("article_id", f"{self.model.entity_field}_id")
        for article_id, entity_id in rows.iterator(chunk_size=10_000):
            found.setdefault(article_id, []).append(entity_id)
        return found


class Mention(models.Model):
    # Named, or the admin's column headers would read «article», «person» in Arabic too.
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE)
    count = models.PositiveIntegerField(_("mentions"), default=1)
    surface = models.CharField(
        _("as written"),
        max_length=200,
        blank=True,
        help_text=_("How the article first wrote the name."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MentionStatus.choices, default=MentionStatus.MACHINE
    )

    objects = MentionQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        entity = getattr(self, self.entity_field)
        return f"{entity} ← #{self.article_id}"


class PersonMention(Mention):
    entity_field = "person"
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE)

    class Meta:
        unique_together = [("article", "person")]
        verbose_name = _("person mention")
        verbose_name_plural = _("person mentions")


class PlaceMention(Mention):
    entity_field = "place"
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.CASCADE)

    class Meta:
        unique_together = [("article", "place")]
        verbose_name = _("place mention")
        verbose_name_plural = _("place mentions")


# Entities that appear in facets and on pages: everything an editor has not rejected.
LIVE_ENTITY = (EntityStatus.MACHINE, EntityStatus.CONFIRMED)


# Same story, other outlets; related articles. Computed at ingest
# (articles/relations/); editors' split and join decisions are kept apart,
# keyed by content fingerprint, so re-ingesting or recomputing never undoes them.


class Story(models.Model):
    """Articles that report the same event: wire copies and rewrites by other outlets."""

    anchor = models.ForeignKey(
        Article,
        verbose_name=_("first article"),
        related_name="+",
        # Deleting the anchor hands the story to the next version first
        # (articles/relations/editing.py), so the story outlives it.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        help_text=_("The first version stored; search results collapse on it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return f"#{self.pk}"


class RelatedArticle(models.Model):
    """One entry of an article's related list (the best few, kept up to date at ingest)."""

    article = models.ForeignKey(Article, related_name="related_links", on_delete=models.CASCADE)
    related = models.ForeignKey(Article, related_name="+", on_delete=models.CASCADE)
    score = models.FloatField(_("relatedness"))
    text_score = models.FloatField(_("text similarity"))

    class Meta:
        unique_together = [("article", "related")]
        ordering = ["-score"]
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")

    def __str__(self) -> str:
        return f"#{self.article_id} → #{self.related_id} ({self.score:.2f})"


class StoryDecision(models.Model):
    """An editor's word on two articles: the same story or not. It always wins."""

    first_fingerprint = models.CharField(max_length=64, db_index=True)
    second_fingerprint = models.CharField(max_length=64, db_index=True)
    same = models.BooleanField(_("same story"))
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        unique_together = [("first_fingerprint", "second_fingerprint")]
        verbose_name = _("story decision")
        verbose_name_plural = _("story decisions")

    def __str__(self) -> str:
        verdict = "same" if self.same else "different"
        return f"{self.first_fingerprint[:8]} {verdict} {self.second_fingerprint[:8]}"
