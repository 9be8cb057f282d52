"""Nearest articles by text: every article's term vector in one sparse matrix.

Rows are articles, columns are terms; rows have unit length, so one sparse
matrix product gives the cosine of a batch of articles with every article.
Products are taken a chunk of rows at a time, so memory stays bounded
(a chunk x archive block of scores), and only the best few per row are kept.

Measured at 31k SaudiNewsNet articles: see docs/benchmarks.md (issue 5).

Pure Python + numpy/scipy, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

CHUNK_ROWS = 512
# Terms in more than this fraction of a big archive are left out of the
# products: they add little to any cosine (their idf is low already) and
# most of the work, since every pair sharing them gets a score.
COMMON_FRACTION = 0.05
COMMON_MIN_ARCHIVE = 2_000


class VectorSpace:
    def __init__(self, ids: Sequence[int], vectors: Sequence[dict[str, float]]) -> None:
        self.ids = list(ids)
        self.row_of = {pk: row for row, pk in enumerate(self.ids)}
        vocabulary: dict[str, int] = {}
        indptr, indices, data = [0], [], []
        for vector in vectors:
            for term, weight in vector.items():
                indices.append(vocabulary.setdefault(term, len(vocabulary)))
                data.append(weight)
            indptr.append(len(indices))
        shape = (len(self.ids), max(1, len(vocabulary)))
        matrix = sparse.csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
            shape=shape,
        )
        if len(self.ids) >= COMMON_MIN_ARCHIVE:
            df = np.bincount(matrix.indices, minlength=shape[1])
            keep = np.flatnonzero(df <= COMMON_FRACTION * len(self.ids))
            matrix = matrix[:, keep].tocsr()
        self.matrix = matrix
        self._transposed = matrix.T.tocsr()

    def __len__(self) -> int:
        return len(self.ids)

    def neighbours(self, pks: Sequence[int], k: int, min_score: float = 0.0):
        """{pk: [(other pk, cosine), ...]} best first, at most k each, the article itself left out."""
        found: dict[int, list[tuple[int, float]]] = {}
        rows = [self.row_of[pk] for pk in pks if pk in self.row_of]
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            scores = (self.matrix[chunk] @ self._transposed).toarray()
            for i, row in enumerate(chunk):
                line = scores[i]
                line[row] = 0.0  # not its own neighbour
                top = _top(line, k, min_score)
                found[self.ids[row]] = [(self.ids[j], float(line[j])) for j in top]
        return found


def _top(line: np.ndarray, k: int, min_score: float) -> np.ndarray:
    """Indices of the k highest scores above min_score, highest first (ties: lower index)."""
    candidates = np.flatnonzero(line > min_score)
    if len(candidates) > k:
        best = np.argpartition(-line[candidates], k - 1)[:k]
        candidates = candidates[best]
    order = np.lexsort((candidates, -line[candidates]))
    return candidates[order]
