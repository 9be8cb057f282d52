"""Nearest articles by text: every article's term vector in sparse matrices.

Rows are articles, columns are terms; rows have unit length, so one sparse
matrix product gives the cosine of a batch of articles with every article.
Articles arrive in blocks (an ingest chunk, or the archive at start-up);
each block is transposed once when added, so adding a chunk to a 31k-article
space costs the chunk, not the archive. Products are taken a few hundred
query rows at a time, so memory stays bounded, and only the best few per
row are kept.

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


class _Block:
    def __init__(self, offset: int, matrix: sparse.csr_matrix) -> None:
        self.offset = offset
        self.matrix = matrix
        self.transposed = matrix.T.tocsr()  # terms x articles: one row walk per query term

    @property
    def columns(self) -> int:
        return self.matrix.shape[1]


class VectorSpace:
    def __init__(self, ids: Sequence[int] = (), vectors: Sequence[dict[str, float]] = ()) -> None:
        self.ids: list[int] = []
        self.row_of: dict[int, int] = {}
        self.vocabulary: dict[str, int] = {}
        self.df = np.zeros(0, dtype=np.int64)  # articles per term
        self.blocks: list[_Block] = []
        if ids:
            self.add(ids, vectors)

    def add(self, ids: Sequence[int], vectors: Sequence[dict[str, float]]) -> None:
        """Add articles (an id already here is left as it was)."""
        pairs = [(pk, v) for pk, v in zip(ids, vectors) if pk not in self.row_of]
        if not pairs:
            return
        indptr, indices, data = [0], [], []
        for _, vector in pairs:
            for term, weight in vector.items():
                indices.append(self.vocabulary.setdefault(term, len(self.vocabulary)))
                data.append(weight)
            indptr.append(len(indices))
        columns = max(1, len(self.vocabulary))
        matrix = sparse.csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(pairs), columns),
        )
        self.blocks.append(_Block(len(self.ids), matrix))
        for pk, _ in pairs:
            self.row_of[pk] = len(self.ids)
            self.ids.append(pk)
        df = np.zeros(columns, dtype=np.int64)
        df[: len(self.df)] = self.df
        self.df = df + np.bincount(matrix.indices, minlength=columns)

    def neighbours(self, pks: Sequence[int], k: int, min_score: float = 0.0):
        """{pk: [(other pk, cosine), ...]} best first, at most k each, the article itself left out."""
        found: dict[int, list[tuple[int, float]]] = {}
        rows = [self.row_of[pk] for pk in pks if pk in self.row_of]
        keep = self._rare_terms()
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            queries = self._rows(chunk)
            # Zeroing the common terms on the query side leaves them out of the
            # product: their long term rows are never walked.
            queries.data *= keep[queries.indices]
            queries.eliminate_zeros()
            scores = np.hstack(
                [(queries[:, : b.columns] @ b.transposed).toarray() for b in self.blocks]
            )
            for i, row in enumerate(chunk):
                line = scores[i]
                line[row] = 0.0  # not its own neighbour
                top = _top(line, k, min_score)
                found[self.ids[row]] = [(self.ids[j], float(line[j])) for j in top]
        return found

    def _rare_terms(self) -> np.ndarray:
        """1.0 for each term kept in products, 0.0 for the common ones."""
        keep = np.ones(len(self.df), dtype=np.float32)
        if len(self.ids) >= COMMON_MIN_ARCHIVE:
            keep[self.df > COMMON_FRACTION * len(self.ids)] = 0.0
        return keep

    def _rows(self, rows: list[int]) -> sparse.csr_matrix:
        """These rows (global numbers, in this order) as one matrix with every term column."""
        columns = len(self.df)
        parts, run, run_block = [], [], None
        for row in rows + [-1]:
            block = self._block_of(row) if row >= 0 else None
            if run and block is not run_block:  # one slice per run of rows from one block
                part = run_block.matrix[[r - run_block.offset for r in run]]
                part.resize((len(run), columns))
                parts.append(part)
                run = []
            run.append(row)
            run_block = block
        return sparse.vstack(parts, format="csr", dtype=np.float32)

    def _block_of(self, row: int) -> _Block:
        for block in reversed(self.blocks):
            if row >= block.offset:
                return block
        raise IndexError(row)


def _top(line: np.ndarray, k: int, min_score: float) -> np.ndarray:
    """Indices of the k highest scores above min_score, highest first (ties: lower index)."""
    candidates = np.flatnonzero(line > min_score)
    if len(candidates) > k:
        best = np.argpartition(-line[candidates], k - 1)[:k]
        candidates = candidates[best]
    order = np.lexsort((candidates, -line[candidates]))
    return candidates[order]
