"""Run a search: the one interface the page, the API and the benchmarks use.

The query is parsed (search/query.py), analysed with the same Arabic chain as
the index, turned into a Whoosh query over the stemmed and exact fields, and
answered from the per-process searcher that the Haystack backend keeps open.
Listing fields come from the index; only the bodies of the page's hits are
read from the database (one query) to build highlighted snippets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import gettext_noop
from haystack import connections
from haystack.constants import DJANGO_ID
from whoosh import collectors
from whoosh import query as wq
from whoosh.query.compound import PreloadedOr
from whoosh.sorting import FieldFacet

from articles.models import Article
from search import facets
from search.analysis import normalize, query_terms
from search.highlight import TermMatcher, highlight_all, snippet
from search.messages import Message
from search.query import ERROR_NOTHING_TO_SEARCH, ParsedQuery, QueryError, parse_query
from search.search_indexes import UNKNOWN_DATE_OLDEST, date_key
from search.whoosh_queries import AndMaybe, DocSet, EveryMatchCollector

SORTS = ("relevance", "newest", "oldest")
# A query word matches its stem in the title and body, and its exact
# (normalized, unstemmed) form in `exact`: an article with the reader's own
# spelling matches twice and ranks above one with only a variant. Extra
# boost on top of that lowered ARCD MRR@10 (1.0: 0.805, 1.6: 0.794, 2.5:
# 0.786), since questions and answers rarely share word forms.
EXACT_BOOST = 1.0
# Words in a prefix query: the most frequent expansions only, so "ال*" cannot
# turn one request into a query over every word in the archive.
MAX_PREFIX_EXPANSIONS = 64
# A prefix that starts more distinct words than this is refused: "ال*" starts
# 35k words at 41k articles and only reading their frequencies took 1.3 s.
# Lucene once refused such rewrites the same way (TooManyClauses).
MAX_PREFIX_WORDS = 2_000
# Words searched at once. Whoosh's cost grows with every common word: 40 of
# them took 3.8 s at 41k articles, 20 about 2 s; ARCD's longest question has 13.
MAX_QUERY_WORDS = 20
ERROR_TOO_MANY_WORDS = gettext_noop(
    "الاستعلام فيه {count} كلمة يُبحث عنها، والحد {limit} كلمة؛ احذف الكلمات الأقل أهمية،"
    " أو ضع العبارة بين علامتي تنصيص لتُبحث عبارةً واحدة."
)
ERROR_PREFIX_TOO_BROAD = gettext_noop(
    "«{prefix}*» تبدأ بها أكثر من {limit:,} كلمة في الأرشيف؛ أضف حرفًا أو أكثر قبل النجمة"
    " (مثل «{prefix}ا*») أو اكتب الكلمة كاملة."
)
# Only a caller that skips search/forms.py can ask for one.
ERROR_UNKNOWN_SORT = gettext_noop("ترتيب غير معروف: {sort}")
# Deep pages cost a full scoring pass each; archives rarely need past this.
MAX_RESULT_WINDOW = 5_000
# Fewer articles than this with every word: add articles with some of them,
# at most MAX_SOME_WORDS_RESULTS.
FILL_WITH_SOME_BELOW = 10
MAX_SOME_WORDS_RESULTS = 100
# Hits ranked beyond a page so that folding other versions away still fills it.
FOLD_MARGIN = 20
# In the some-words fill, a word found in more articles than this fraction
# of the archive (and than COMMON_MIN_ARTICLES) only adds to the score of
# articles that hold a rarer query word, like Elasticsearch's common-terms
# query: walking its long posting list cost most of a slow query's time.
COMMON_FRACTION = 0.05
COMMON_MIN_ARTICLES = 1_000


@dataclass
class SearchRequest:
    q: str = ""
    page: int = 1
    page_size: int = 10
    sort: str = "relevance"
    # Facet filters. An article must mention every person and place given,
    # come from any one of the sources, and fall within the dates.
    people: tuple[int, ...] = ()
    places: tuple[int, ...] = ()
    sources: tuple[int, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    # Off for exports, which list many hits and show no snippet (1-2 ms each).
    snippets: bool = True

    @property
    def is_filtered(self) -> bool:
        return bool(self.people or self.places or self.sources or self.date_from or self.date_to)

    def filter_key(self) -> tuple:
        return (self.people, self.places, self.sources, self.date_from, self.date_to)


@dataclass
class Hit:
    id: int
    title: str
    title_html: SafeString
    source: str | None
    source_url: str | None
    published_on: dt.date | None
    date_precision: str
    snippet: SafeString
    score: float | None
    matched_all_words: bool = True
    # Other outlets' versions of the same story that matched too: collapsed
    # into this hit, shown as «و N نسخ أخرى من مصادر أخرى».
    versions: list[Version] = field(default_factory=list)


@dataclass
class Version:
    id: int
    title: str
    source: str | None
    published_on: dt.date | None
    date_precision: str


@dataclass
class SearchPage:
    request: SearchRequest
    count: int
    count_all_words: int
    hits: list[Hit]
    # "browse" (no query), "all" (every hit has every word), "all+some" (the
    # few with every word, then some with part of them) or "some" (no article
    # has every word: these have some of them, best first).
    mode: str
    # facets.count() output: value ids with counts over every match, not just this page
    facet_counts: dict = field(default_factory=dict)

    @property
    def count_some_words(self) -> int:
        return self.count - self.count_all_words

    @property
    def num_pages(self) -> int:
        reachable = min(self.count, MAX_RESULT_WINDOW)
        return max(1, -(-reachable // self.request.page_size))


def _backend():
    return connections["default"].get_backend()


def _word_clauses(word: str) -> list[wq.Query]:
    """One required clause per analysed token of a word (a glued word gives two)."""
    stems = query_terms(word, stem=True)
    exact = query_terms(word, stem=False)
    # Every article with the exact form also has its stem, so the stem decides
    # the match and the exact form only adds weight: AndMaybe walks one
    # posting list where Or would merge two.
    return [
        AndMaybe(wq.Term("text", s), wq.Term("exact", e, boost=EXACT_BOOST))
        for s, e in zip(stems, exact)
    ]


def _phrase_clause(phrase: str) -> wq.Query | None:
    stems = query_terms(phrase, stem=True)
    exact = query_terms(phrase, stem=False)
    if not stems:
        return None
    if len(stems) == 1:
        return _word_clauses(phrase)[0]
    # Only `text` keeps positions; the exact forms add their weight to the match.
    exact_weight = wq.Or([wq.Term("exact", e, boost=EXACT_BOOST) for e in exact])
    return AndMaybe(wq.Phrase("text", stems), exact_weight)


def _prefix_clause(reader, prefix: str) -> wq.Query:
    key = normalize(prefix)
    expansions = []
    for term, info in reader.iter_prefix("exact", key):
        if len(expansions) == MAX_PREFIX_WORDS:
            raise QueryError(Message(ERROR_PREFIX_TOO_BROAD, prefix=prefix, limit=MAX_PREFIX_WORDS))
        expansions.append((info.doc_frequency(), term))
    expansions.sort(reverse=True)
    terms = [term for _, term in expansions[:MAX_PREFIX_EXPANSIONS]]
    if not terms:
        return wq.NullQuery
    # Whoosh's default Or is a tree of pairwise unions that re-balances at every
    # document: 64 frequent words took 7.3 s («الس*», 41k articles). Reading the
    # postings into one array gives the same hits and scores in 0.45 s.
    return PreloadedOr([wq.Term("exact", t) for t in terms])


def _clauses(words: list[str], phrases: list[str]) -> list[wq.Query]:
    clauses: list[wq.Query] = []
    for word in words:
        clauses.extend(_word_clauses(word))
    for phrase in phrases:
        clause = _phrase_clause(phrase)
        if clause is not None:
            clauses.append(clause)
    return clauses


def _compile(parsed: ParsedQuery, reader) -> tuple[list[wq.Query], wq.Query | None, TermMatcher]:
    """Required clauses, the mask of excluded ones, and what to highlight.

    Raises QueryError when nothing searchable is left (only stop words).
    """
    required = _clauses(parsed.words, parsed.phrases)
    excluded = _clauses(parsed.excluded_words, parsed.excluded_phrases)
    count = len(required) + len(parsed.prefixes) + len(excluded)
    if count > MAX_QUERY_WORDS:
        raise QueryError(Message(ERROR_TOO_MANY_WORDS, count=count, limit=MAX_QUERY_WORDS))
    required.extend(_prefix_clause(reader, prefix) for prefix in parsed.prefixes)
    if not required:
        raise QueryError(ERROR_NOTHING_TO_SEARCH)

    positive_text = " ".join(parsed.words + parsed.phrases)
    matcher = TermMatcher(
        stems=frozenset(query_terms(positive_text, stem=True)),
        exact=frozenset(query_terms(positive_text, stem=False)),
        prefixes=tuple(normalize(p) for p in parsed.prefixes),
    )
    return required, (wq.Or(excluded) if excluded else None), matcher


def _filter_query(request: SearchRequest) -> wq.Query | None:
    clauses: list[wq.Query] = [wq.Term("people", str(pk)) for pk in request.people]
    clauses += [wq.Term("places", str(pk)) for pk in request.places]
    if request.sources:
        clauses.append(wq.Or([wq.Term("source", str(pk)) for pk in request.sources]))
    if request.date_from or request.date_to:
        # Undated articles have key 0 and never fall within a date filter.
        start = date_key(request.date_from) if request.date_from else 1
        end = date_key(request.date_to) if request.date_to else None
        clauses.append(wq.NumericRange("newest_key", start, end))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)


def _sort_options(sort: str) -> dict:
    if sort == "newest":
        return {"sortedby": FieldFacet("newest_key", reverse=True)}
    if sort == "oldest":
        return {"sortedby": FieldFacet("oldest_key")}
    return {}


ELASTICSEARCH_ENGINE = "search.elasticsearch.backend.ArabicElasticsearchEngine"


def _on_elasticsearch() -> bool:
    """Configured for Elasticsearch (NEWSARCHIVE_ELASTICSEARCH_URL, docs/scaling.md)?"""
    return settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"] == ELASTICSEARCH_ENGINE


def search_articles(request: SearchRequest) -> SearchPage:
    """Answer one search or browse request. Raises QueryError for a query it cannot run."""
    if _on_elasticsearch():
        # Imported here: that module builds on this one's request and page types.
        from search.elasticsearch.search import search_articles as on_elasticsearch

        return on_elasticsearch(request)
    if request.sort not in SORTS:
        raise QueryError(Message(ERROR_UNKNOWN_SORT, sort=request.sort))
    parsed = parse_query(request.q)
    searcher = _backend().searcher()
    offset = (request.page - 1) * request.page_size
    limit = min(offset + request.page_size, MAX_RESULT_WINDOW)
    filter_query = _filter_query(request)
    # The filter as a plain set of document numbers: Whoosh turns a filter
    # query into a BitSet whose truth test scans every bit, once per matching
    # document (460 ms for «السعودية» within one day at 31k articles).
    filter_docs = set(searcher.docs_for_query(filter_query)) if filter_query else None
    if filter_docs == set():
        filter_docs = {-1}  # Whoosh reads an empty filter as "no filter"; -1 is no document
    facet_key = (request.q, request.filter_key())

    if parsed.is_empty:
        matcher = TermMatcher()
        sort = "newest" if request.sort == "relevance" else request.sort
        if filter_docs is None:
            _, ranked = _folded(searcher, wq.Every(), limit=limit, **_sort_options(sort))
        else:
            ranked = _browse(searcher, filter_docs, limit=limit, sort=sort)
        matching, mode = None, "browse"
        facet_counts = facets.count(
            searcher,
            (lambda: [d for d in filter_docs if d >= 0]) if filter_docs is not None else None,
            cache_key=facet_key,
        )
        count = all_count = facet_counts["stories"]
        all_shown = len(ranked)
    else:
        required, mask, matcher = _compile(parsed, searcher.reader())
        ranked, all_shown, every_word, all_stories, partial = _all_then_some(
            searcher,
            required,
            mask=mask,
            limit=limit,
            filter_docs=filter_docs,
            options=_sort_options(request.sort),
        )
        mode = "all" if not partial else ("some" if not every_word else "all+some")
        matching = wq.And(required) if mode == "all" else _some_words_query(searcher, required)
        if mask is not None:
            matching = wq.AndNot(matching, mask)
        facet_counts = facets.count(
            searcher, lambda: every_word.union(partial), cache_key=facet_key
        )
        # Counted in stories, as the results are listed (one version each).
        count = facet_counts["stories"]
        if mode == "all":
            all_count = count
        elif mode == "some":
            all_count = 0
        else:
            all_count = all_stories

    page_hits = ranked[offset:limit]
    all_docnums = {hit.docnum for hit in ranked[:all_shown]}
    hits = _hits(
        page_hits,
        matcher,
        scored=mode != "browse" and request.sort == "relevance",
        all_docnums=all_docnums if mode != "browse" else None,
        snippets=request.snippets,
    )
    _add_versions(searcher, hits, page_hits, matching, filter_docs)
    return SearchPage(
        request=request,
        count=count,
        count_all_words=all_count,
        hits=hits,
        mode=mode,
        facet_counts=facet_counts,
    )


def _all_then_some(searcher, required, *, mask, limit, filter_docs, options):
    """Articles holding every query word first; then, when those are few,
    articles holding some of them, best first (a question's words rarely all
    meet in one article). BM25 sums over the words an article holds, so
    holding more of them, and rarer ones, ranks higher.

    Versions of one story are folded into the best ranked (`_folded`).

    Returns (whoosh hits up to `limit`, how many of them hold every word,
    the numbers of every document holding every word, how many stories
    those make (when some-word matches were added), document numbers of
    every partial match added).
    """
    # Several words: few articles hold them all, so scoring every one while
    # counting (one pass) beats skipping blocks and then counting in a second
    # pass. One word: skip blocks; its postings are counted without scoring.
    one_pass = len(required) > 1
    results, ranked = _folded(
        searcher,
        _restricted(wq.And(required), filter_docs),
        limit=limit,
        mask=mask,
        optimize=not one_pass,
        **options,
    )
    every_word = results.docs()  # kept by the one-pass collector, else one pass of ids
    all_count = len(every_word)
    if len(required) == 1 or all_count >= FILL_WITH_SOME_BELOW:
        return ranked, len(ranked), every_word, None, []
    stories = facets.columns_for(searcher).stories
    # Fewer than FILL_WITH_SOME_BELOW hold every word: all of them were ranked.
    all_stories = len({stories[hit.docnum] for hit in results})
    # Whoosh's coordination factor, Or(scale=...), divides by zero on
    # single-term queries and barely moves scores otherwise: plain OR.
    some = searcher.search(
        _restricted(_some_words_query(searcher, required), filter_docs),
        limit=all_count + MAX_SOME_WORDS_RESULTS,
        mask=mask,
        **options,
    )
    seen = {stories[hit.docnum] for hit in ranked}
    extra = []
    for hit in some:
        if stories[hit.docnum] not in seen and len(extra) < MAX_SOME_WORDS_RESULTS:
            seen.add(stories[hit.docnum])
            extra.append(hit)
    return (ranked + extra)[:limit], len(ranked), every_word, all_stories, [h.docnum for h in extra]


def _some_words_query(searcher, required: list[wq.Query]) -> wq.Query:
    threshold = max(COMMON_FRACTION * searcher.doc_count(), COMMON_MIN_ARTICLES)
    rare, common = [], []
    for clause in required:
        stem = clause.a if isinstance(clause, AndMaybe) else None
        is_common = isinstance(stem, wq.Term) and (
            searcher.doc_frequency(stem.fieldname, stem.text) > threshold
        )
        (common if is_common else rare).append(clause)
    if not rare or not common:
        return wq.Or(required)
    return AndMaybe(wq.Or(rare), wq.Or(common))


def _restricted(query: wq.Query, filter_docs: set[int] | None) -> wq.Query:
    """The query limited to the filter's documents (see search/whoosh_queries.py for why not `filter=`)."""
    return query if filter_docs is None else wq.And([query, DocSet(filter_docs)])


class _Listed:
    """A browsed document, shaped like the Whoosh hits the rest of this module reads."""

    score = None

    def __init__(self, searcher, docnum: int):
        self.docnum = docnum
        self._searcher = searcher

    def fields(self) -> dict:
        return self._searcher.stored_fields(self.docnum)


def _browse(searcher, filter_docs: set[int], *, limit: int, sort: str) -> list[_Listed]:
    """The filter's documents by date, one version per story, at most `limit`.

    Sorted here from the date column: Whoosh would walk every document in
    the archive to find the filter's (7.5 ms of a 16 ms person page at 41k).
    Same order as Whoosh's sort on newest_key/oldest_key: undated last, ties
    by document number.
    """
    columns = facets.columns_for(searcher)
    dates, stories = columns.dates, columns.stories
    docs = [d for d in filter_docs if d >= 0]
    if sort == "oldest":
        docs.sort(key=lambda d: (dates[d] or UNKNOWN_DATE_OLDEST, d))
    else:
        docs.sort(key=lambda d: (-dates[d], d))
    listed, seen = [], set()
    for docnum in docs:
        if stories[docnum] not in seen:
            seen.add(stories[docnum])
            listed.append(_Listed(searcher, docnum))
            if len(listed) == limit:
                break
    return listed


def _search(searcher, query, *, limit: int, optimize=True, mask=None, sortedby=None):
    if optimize or sortedby is not None:  # (sorting keeps every match already)
        return searcher.search(query, limit=limit, optimize=optimize, mask=mask, sortedby=sortedby)
    collector = EveryMatchCollector(limit)
    if mask is not None:
        collector = collectors.FilterCollector(collector, restrict=mask)
    searcher.search_with_collector(query, collector)
    return collector.results()


def _folded(searcher, query, *, limit: int, **options):
    """(Whoosh results, hits best first with one version per story, at most `limit`).

    Whoosh ranks a few more than asked and the other versions are dropped
    here. Whoosh's own `collapse` reads a key for every matching document and
    gives up skipping blocks: TREC titles went from p50 34 to 190 ms at 31k.
    """
    stories = facets.columns_for(searcher).stories
    fetch = max(2 * limit, limit + FOLD_MARGIN)
    while True:
        results = _search(searcher, query, limit=fetch, **options)
        hits, seen = [], set()
        for hit in results:
            if stories[hit.docnum] not in seen:
                seen.add(stories[hit.docnum])
                hits.append(hit)
                if len(hits) == limit:
                    break
        if len(hits) == limit or results.scored_length() < fetch:
            return results, hits
        fetch *= 4  # a page of many versions of few stories: rank deeper


def _add_versions(searcher, hits: list[Hit], whoosh_hits, matching, filter_docs) -> None:
    """Give each hit the other versions of its story that the search matched (and folded).

    Read from the index alone (which documents share the hit's story key, and
    their stored listing fields), so a page without stories costs nothing.
    """
    columns = facets.columns_for(searcher)
    shown = {whoosh_hit.docnum for whoosh_hit in whoosh_hits}
    others = {
        whoosh_hit.docnum: [
            d
            for d in columns.story_docs.get(columns.stories[whoosh_hit.docnum], ())
            if d not in shown
        ]
        for whoosh_hit in whoosh_hits
    }
    matched = _matching(searcher, matching, filter_docs, [d for ds in others.values() for d in ds])
    if not matched:
        return
    for hit, whoosh_hit in zip(hits, whoosh_hits):
        versions = [
            _version(searcher.stored_fields(d)) for d in others[whoosh_hit.docnum] if d in matched
        ]
        hit.versions = sorted(
            versions, key=lambda v: (v.published_on is None, v.published_on, v.id)
        )


def _version(doc: dict) -> Version:
    return Version(
        id=int(doc[DJANGO_ID]),
        title=doc["title"],
        source=doc.get("source_name"),
        published_on=_stored_date(doc),
        date_precision=doc.get("date_precision") or "",
    )


def _stored_date(doc: dict) -> dt.date | None:
    published = doc.get("published_on")
    return dt.date.fromisoformat(published) if published else None


def _matching(searcher, query, filter_docs, docnums) -> set[int]:
    """Which of these documents the query (and the filter) matches; one pass of skips."""
    wanted = sorted(d for d in docnums if d is not None)
    if filter_docs is not None:
        wanted = [d for d in wanted if d in filter_docs]
    if query is None or not wanted:
        return set(wanted)
    found = set()
    matcher = query.matcher(searcher)
    for docnum in wanted:
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            found.add(docnum)
    return found


def _hits(
    whoosh_hits, matcher: TermMatcher, *, scored: bool, all_docnums, snippets: bool = True
) -> list[Hit]:
    stored = [
        hit.fields()
        | {"_score": hit.score, "_all": all_docnums is None or hit.docnum in all_docnums}
        for hit in whoosh_hits
    ]
    ids = [int(doc[DJANGO_ID]) for doc in stored]
    articles = Article.objects.filter(pk__in=ids)
    if snippets:
        bodies = dict(articles.values_list("pk", "body"))
    else:  # still read: an article deleted since the searcher opened is left out
        bodies = dict.fromkeys(articles.values_list("pk", flat=True), "")
    hits = []
    for pk, doc in zip(ids, stored):
        body = bodies.get(pk)
        if body is None:
            continue  # deleted since the searcher was opened
        hits.append(
            Hit(
                id=pk,
                title=doc["title"],
                title_html=highlight_all(doc["title"], matcher),
                source=doc.get("source_name"),
                source_url=doc.get("source_url"),
                published_on=_stored_date(doc),
                date_precision=doc.get("date_precision") or "",
                snippet=snippet(body, matcher) if snippets else SafeString(""),
                score=round(float(doc["_score"]), 4) if scored else None,
                matched_all_words=doc["_all"],
            )
        )
    return hits


def matching_article_ids(q: str, *, limit: int) -> list[int]:
    """Ids of the best `limit` articles for a query, without building snippets (admin search)."""
    if _on_elasticsearch():
        from search.elasticsearch.search import matching_article_ids as on_elasticsearch

        return on_elasticsearch(q, limit=limit)
    parsed = parse_query(q)
    if parsed.is_empty:
        return []
    searcher = _backend().searcher()
    required, mask, _ = _compile(parsed, searcher.reader())
    results = searcher.search(wq.And(required), limit=limit, mask=mask)
    return [int(hit[DJANGO_ID]) for hit in results]
