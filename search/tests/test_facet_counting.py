"""Facet counting over the per-document arrays, against a plain count of the same documents."""

from collections import Counter

import numpy as np

from search.facets import TOP_VALUES, FacetColumns, _top, _values_of


def columns(people, sources=None) -> FacetColumns:
    n = len(people)
    return FacetColumns(
        people=people,
        places=[()] * n,
        sources=sources or [0] * n,
        dates=[0] * n,
        stories=list(range(1, n + 1)),
        story_docs={},
    )


def test_values_of_gathers_every_value_of_the_documents_asked():
    cols = columns([(3, 7), (), (7,), (1, 3, 9), ()])
    for docs in ([0, 1, 2, 3, 4], [3, 0], [1, 4], [], [2]):
        gathered = _values_of(cols.arrays.people, np.asarray(docs, dtype=np.int64))
        expected = [v for d in docs for v in cols.people[d]]
        assert sorted(gathered.tolist()) == sorted(expected)


def test_top_values_are_the_most_frequent_with_ties_by_id():
    values = [5, 5, 2, 2, 9, 9, 9, 4] + list(range(100, 140))
    top = _top(np.asarray(values, dtype=np.int64))
    assert top[:4] == [(9, 3), (2, 2), (5, 2), (4, 1)]
    assert len(top) == TOP_VALUES
    counts = Counter(values)
    assert all(counts[value] == n for value, n in top)
    assert _top(np.asarray([0, 0, 3], dtype=np.int64), skip_zero=True) == [(3, 1)]
    assert _top(np.zeros(0, dtype=np.int64)) == []
