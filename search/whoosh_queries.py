"""Whoosh queries of our own: a filter that takes part in the intersection,
AndMaybe with its skip fixed, and a collector that remembers every match.

DocSet matches a given set of documents and adds nothing to scores. Facet filters (a person, a place, a source, dates) arrive as a set of
document numbers. Passed to Whoosh as `filter=`, its FilterCollector walks
every document the words match and tests each against the set: a click on
a person's facet after «السعودية» read all 4,000 of its articles. Joined to
the query with And instead, the intersection skips from one filter
document to the next, so the work follows the smaller side.
"""

from __future__ import annotations

from bisect import bisect_left

from whoosh import collectors, matching
from whoosh import query as wq
from whoosh.query import qcore


class DocSet(qcore.Query):
    def __init__(self, docnums):
        self.docnums = sorted(docnums)  # global document numbers

    def __repr__(self) -> str:
        return f"DocSet({len(self.docnums)} documents)"

    def __eq__(self, other) -> bool:
        return isinstance(other, DocSet) and other.docnums == self.docnums

    def __hash__(self) -> int:
        return hash((DocSet, len(self.docnums), tuple(self.docnums[:8])))

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader) -> int:
        return len(self.docnums)

    def matcher(self, searcher, context=None):
        # A segment's searcher numbers its documents from 0; find where it starts.
        offset = 0
        parent = searcher.parent() if searcher.parent else None
        if parent is not None:
            offset = next(o for sub, o in parent.subsearchers if sub is searcher)
        end = offset + searcher.doc_count_all()
        ids = self.docnums[bisect_left(self.docnums, offset) : bisect_left(self.docnums, end)]
        if not ids:
            return matching.NullMatcher()
        return _DocSetMatcher([d - offset for d in ids])


class _DocSetMatcher(matching.ListMatcher):
    """A list of document numbers with a binary-search skip and a score of 0."""

    def __init__(self, ids, position=0):
        super().__init__(ids, position=position)

    def copy(self):
        return _DocSetMatcher(self._ids, self._i)

    def skip_to(self, id):
        if not self.is_active():
            raise matching.ReadTooFar
        if id > self._ids[self._i]:
            self._i = bisect_left(self._ids, id, self._i)

    def supports_block_quality(self) -> bool:
        return False

    def weight(self) -> float:
        return 0.0

    def score(self) -> float:
        return 0.0


class _SyncedAndMaybeMatcher(matching.AndMaybeMatcher):
    """Whoosh 2.7.4's AndMaybeMatcher.skip_to(id) moves the optional side to
    `id`, not to where the required side landed (which can be past `id`).
    Inside an intersection the two then sit on different documents and the
    optional side's score is lost: a word's exact-form weight, or the common
    words of a some-words query (an article ranked 10.3 instead of 22.9)."""

    def skip_to(self, id):
        if not self.a.is_active():
            raise matching.ReadTooFar
        moved = self.a.skip_to(id)
        if self.a.is_active() and self.b.is_active() and self.b.id() < self.a.id():
            moved = self.b.skip_to(self.a.id()) or moved
        return moved


class AndMaybe(wq.AndMaybe):
    """Documents matching `a`, scored with `b` added where `b` matches too."""

    matcherclass = _SyncedAndMaybeMatcher


class EveryMatchCollector(collectors.TopCollector):
    """The top hits, plus the number of every document matched.

    For searches that score every match anyway (several words, no block
    skipping), the match set then comes for free: the result count and the
    facet counts need no second pass over the postings (Whoosh's own
    TopCollector forgets them and `Results.docs()` searches again).
    """

    def __init__(self, limit: int):
        # replace=0: Whoosh otherwise swaps in leaner matchers once the top
        # scores are high enough, dropping documents that cannot rank; they
        # still count.
        super().__init__(limit, usequality=False, replace=0)

    def _collect(self, global_docnum, score):
        self.docset.add(global_docnum)
        return super()._collect(global_docnum, score)

    def results(self):
        results = super().results()
        results.docset = self.docset
        return results
