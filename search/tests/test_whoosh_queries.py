"""Our Whoosh pieces on real Whoosh indexes: the DocSet filter across segments,
the AndMaybe skip fix, and the collector that keeps every match."""

from whoosh import collectors
from whoosh import query as wq
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from search.analysis import ArabicAnalyzer, query_terms
from search.whoosh_queries import AndMaybe, DocSet, EveryMatchCollector


def index_of(segments: list[list[str]]):
    """A Whoosh index with the Arabic analyzer, one segment per list of texts."""
    ix = RamStorage().create_index(Schema(text=TEXT(analyzer=ArabicAnalyzer(stem=True))))
    for texts in segments:
        writer = ix.writer()
        for text in texts:
            writer.add_document(text=text)
        writer.commit(merge=False)
    return ix


def term(word: str) -> wq.Term:
    (analysed,) = query_terms(word, stem=True)
    return wq.Term("text", analysed)


def test_docset_matches_exactly_its_documents_in_every_segment():
    ix = index_of([["مصر والسودان"] * 4, ["السودان"] * 3, ["مصر"] * 5])
    with ix.searcher() as searcher:
        assert len(searcher.subsearchers) == 3
        wanted = {1, 3, 4, 6, 7, 11}
        assert set(searcher.docs_for_query(wq.And([wq.Every(), DocSet(wanted)]))) == wanted
        # Joined to words: documents 0-3 and 7-11 hold «مصر».
        found = {hit.docnum for hit in searcher.search(wq.And([term("مصر"), DocSet(wanted)]))}
        assert found == {1, 3, 7, 11}
        # The filter adds nothing to the score.
        plain = {h.docnum: h.score for h in searcher.search(term("مصر"), limit=None)}
        for hit in searcher.search(wq.And([term("مصر"), DocSet(wanted)])):
            assert hit.score == plain[hit.docnum]
        assert list(searcher.docs_for_query(wq.And([wq.Every(), DocSet({-1})]))) == []


def test_and_maybe_keeps_the_optional_score_inside_an_intersection():
    # «قمة» (required) in documents 1, 7 and 9; «عربية» (optional) in 6, 7 and 9.
    texts = ["غزة", "قمة", "غزة", "غزة", "غزة", "غزة", "عربية", "قمة عربية", "غزة", "قمة عربية"]
    ix = index_of([texts])
    with ix.searcher() as searcher:
        both = {
            h.docnum: h.score
            for h in searcher.search(AndMaybe(term("قمة"), term("عربية")))
        }

        def scored(and_maybe):
            query = wq.And([and_maybe(term("قمة"), term("عربية")), DocSet({5, 7})])
            return {h.docnum: h.score for h in searcher.search(query)}

        assert scored(AndMaybe) == {7: both[7]}
        # Whoosh 2.7.4's own AndMaybe leaves «عربية» behind on document 6 and
        # scores document 7 as if it lacked the word (why ours exists).
        assert scored(wq.AndMaybe)[7] < both[7]


def test_every_match_collector_counts_documents_a_top_collector_prunes():
    # An article with the common word, one full of the rare word, many with
    # only the common one, the rare word again: once the rare one takes the
    # top, Whoosh turns «rare OR common» into «rare AND MAYBE common».
    common = "سعر " + " ".join(["السوق"] * 40)
    rare = "نفط نفط نفط نفط"
    ix = index_of([[common, rare] + [common] * 58 + [rare]])
    query = wq.Or([term("نفط"), term("سعر")])
    with ix.searcher() as searcher:
        every = set(searcher.docs_for_query(query))
        assert len(every) == 61
        ours = EveryMatchCollector(1)
        searcher.search_with_collector(query, ours)
        results = ours.results()
        assert results.docs() == every and results[0].docnum == 1
        stock = collectors.TopCollector(1, usequality=False)
        searcher.search_with_collector(query, stock)
        assert stock.count() < len(every)


def test_fast_skip_lands_where_whooshs_own_skip_does():
    from whoosh.codec.whoosh3 import W3LeafMatcher

    from search import whoosh_speedups

    # «نفط» in every third article, over several 128-posting blocks and two segments.
    texts = ["نفط" if n % 3 == 0 else "سعر" for n in range(900)]
    ix = index_of([texts[:500], texts[500:]])
    targets = [0, 1, 2, 3, 200, 201, 202, 383, 384, 385, 386, 399, 480, 499]

    def walk():
        landed = []
        with ix.searcher() as searcher:
            for sub, _ in searcher.subsearchers:
                matcher = term("نفط").matcher(sub)
                assert isinstance(matcher, W3LeafMatcher)
                for target in targets:
                    if not matcher.is_active():
                        break
                    matcher.skip_to(target)
                    landed.append(matcher.id() if matcher.is_active() else None)
        return landed

    assert W3LeafMatcher.skip_to is whoosh_speedups._skip_to  # installed by search.backends
    fast = walk()
    whoosh_speedups.uninstall()
    try:
        assert walk() == fast
    finally:
        whoosh_speedups.install()
    assert fast[:6] == [0, 3, 3, 3, 201, 201]
