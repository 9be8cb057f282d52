"""A faster skip within a posting block for Whoosh 2.7.4 (applied when search/backends.py loads).

Intersections (several query words, a facet filter) move each word's
postings forward with `skip_to`. Whoosh's W3LeafMatcher finds the target
inside a block of up to 128 document numbers one posting at a time, with
three method calls per step: at 41k articles that loop was a sixth of all
search time. The block's ids are a sorted tuple, so a binary search finds
the same posting.
"""

from __future__ import annotations

from bisect import bisect_left

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ReadTooFar

_original_skip_to = W3LeafMatcher.skip_to


def _skip_to(self, targetid):
    if not self.is_active():
        raise ReadTooFar
    if self._ids is None:
        self._read_ids()
    if targetid <= self._ids[self._i]:
        return
    if targetid > self._maxid:
        self._skip_to_block(lambda: targetid > self._maxid)
        if not self.is_active():
            return
        if self._ids is None:
            self._read_ids()
    # The target is at most this block's last id: it lands inside the block.
    self._i = bisect_left(self._ids, targetid, self._i, self._blocklength)


def install() -> None:
    W3LeafMatcher.skip_to = _skip_to


def uninstall() -> None:
    """Back to Whoosh's own (tests compare the two)."""
    W3LeafMatcher.skip_to = _original_skip_to
