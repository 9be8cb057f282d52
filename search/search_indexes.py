"""What of an article goes into the search index, and how it is analysed.

Two text fields hold the same words: `text` is lightly stemmed for recall
(للمفاوضات and مفاوضات meet) and `exact` keeps the normalized, unstemmed form
so a query's exact spelling ranks higher and names are never stemmed away.
Listing fields are stored so result pages read the index, not the database.
People, places and the source are indexed as ids: they filter the results
and feed the facet counts (search/facets.py).
"""

from django.db.models import Prefetch
from haystack import indexes

from articles.models import Article, PersonMention, PlaceMention
from search.analysis import ArabicAnalyzer

STORY_KEY = "story_key"
UNKNOWN_DATE_NEWEST = 0  # undated articles sort after dated ones ...
UNKNOWN_DATE_OLDEST = 99_999_999  # ... whichever way the list is sorted


def stored_updated_at(value) -> str:
    """How the index keeps an article's last change (check_index compares it)."""
    return value.isoformat(timespec="microseconds") if value else ""


def date_key(value) -> int | None:
    return value.year * 10_000 + value.month * 100 + value.day if value else None


class TermsOnlyField(indexes.CharField):
    """A text field indexed without word positions: matched and ranked, never phrase-searched."""

    positions = False


class KeywordField(indexes.CharField):
    """Space-separated ids, indexed as whole terms (no analysis, no scoring)."""

    field_type = "keyword"


class ColumnField(indexes.CharField):
    """Bytes kept in a per-document column: read for every document at once, never searched."""

    field_type = "column"


def _ids(values) -> str:
    return " ".join(str(v) for v in sorted(set(values)))


def with_entity_links(queryset):
    """Articles with their live people and place links loaded in two queries, not one per article."""
    return queryset.prefetch_related(
        Prefetch(
            "personmention_set",
            PersonMention.objects.live().only("article_id", "person_id"),
            to_attr="live_person_links",
        ),
        Prefetch(
            "placemention_set",
            PlaceMention.objects.live().only("article_id", "place_id"),
            to_attr="live_place_links",
        ),
    )


def entity_ids(article: Article) -> tuple[list[int], list[int]]:
    """The ids of the people and places an article is linked to (live links only)."""
    known = getattr(article, "entity_ids", None)  # set by ingest, which just stored them
    if known is not None:
        return known
    if not hasattr(article, "live_person_links"):
        people = (
            PersonMention.objects.live().filter(article=article).values_list("person_id", flat=True)
        )
        places = (
            PlaceMention.objects.live().filter(article=article).values_list("place_id", flat=True)
        )
        return list(people), list(places)
    return (
        [link.person_id for link in article.live_person_links],
        [link.place_id for link in article.live_place_links],
    )


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, analyzer=ArabicAnalyzer(stem=True), stored=False)
    # Phrases are matched on `text` (so «وزير الخارجية» also meets «ووزير
    # الخارجية»); `exact` only adds weight to the reader's own spelling.
    exact = TermsOnlyField(analyzer=ArabicAnalyzer(stem=False), stored=False)
    title = indexes.CharField(model_attr="title", indexed=False, stored=True)
    source_name = indexes.CharField(indexed=False, stored=True, null=True)
    source_url = indexes.CharField(model_attr="url", indexed=False, stored=True, null=True)
    published_on = indexes.CharField(indexed=False, stored=True, null=True)
    date_precision = indexes.CharField(model_attr="date_precision", indexed=False, stored=True)
    newest_key = indexes.IntegerField(stored=False)
    oldest_key = indexes.IntegerField(stored=False)
    people = KeywordField(stored=False)
    places = KeywordField(stored=False)
    source = KeywordField(stored=False)
    # The same ids again, as one column: facet counting reads them for all
    # documents in ~50 ms, where walking 35k posting lists took 1.3 s at 31k articles.
    facet_ids = ColumnField(stored=False, null=True)
    # When the article last changed, as the database said at indexing time.
    updated_at = indexes.CharField(indexed=False, stored=True, null=True)
    # Versions of one story share this key, so a search shows one of them
    # (search/engine.py collapses on it); see Article.collapse_key.
    story_key = ColumnField(stored=False, null=True)

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return with_entity_links(
            self.get_model().objects.select_related("source", "story").order_by("pk")
        )

    def prepare_text(self, article: Article) -> str:
        # The title twice: its words weigh more than body words in BM25, at
        # no extra field to search (a separate title field cost a third more
        # posting lists per query word).
        return f"{article.title}\n{article.title}\n{article.body}"

    def prepare_exact(self, article: Article) -> str:
        return f"{article.title}\n{article.body}"

    def prepare_source_name(self, article: Article) -> str | None:
        return article.source.name if article.source_id else None

    def prepare_published_on(self, article: Article) -> str | None:
        return article.published_on.isoformat() if article.published_on else None

    def prepare_newest_key(self, article: Article) -> int:
        return date_key(article.published_on) or UNKNOWN_DATE_NEWEST

    def prepare_oldest_key(self, article: Article) -> int:
        return date_key(article.published_on) or UNKNOWN_DATE_OLDEST

    def prepare_people(self, article: Article) -> str:
        return _ids(entity_ids(article)[0])

    def prepare_places(self, article: Article) -> str:
        return _ids(entity_ids(article)[1])

    def prepare_source(self, article: Article) -> str:
        return str(article.source_id) if article.source_id else ""

    def prepare_facet_ids(self, article: Article) -> bytes:
        """b'people|places|source', ids space-separated: b'3 17|5|2'."""
        people, places = entity_ids(article)
        return f"{_ids(people)}|{_ids(places)}|{article.source_id or ''}".encode()

    def prepare_story_key(self, article: Article) -> bytes:
        return str(article.collapse_key).encode()

    def prepare_updated_at(self, article: Article) -> str:
        return stored_updated_at(article.updated_at)
