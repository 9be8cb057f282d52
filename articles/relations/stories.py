"""Which articles tell the same story: groups built one new article at a time.

A new article joins the group of its best same-story match (scoring.py
decides what matches), under three limits:
- an editor's "not the same story" between it and any member stops it;
- a group never spans more than MAX_SPAN_DAYS between its dated members, so
  a run of day-to-day follow-ups cannot chain into one endless "story";
- it joins one group only: two groups are merged by an editor, never by a
  machine (a bridging article is more often a round-up than a copy).
An editor's "the same story" joins two articles' groups whatever the text says.

A group is named by its anchor, the member stored first (the lowest id);
search collapses a group's versions on the anchor's id (Article.collapse_key).

Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

MAX_SPAN_DAYS = 3


class StoryGroups:
    def __init__(
        self,
        dates: Mapping[int, int | None],
        *,
        different: Mapping[int, set[int]] | None = None,
    ) -> None:
        self.dates = dates  # article -> day number (date.toordinal()) or None
        self.different = different if different is not None else {}  # editors' "not the same"
        self.anchor_of: dict[int, int] = {}  # only articles in a group of two or more
        self.members: dict[int, set[int]] = {}  # anchor -> its articles, anchor included

    def load(self, anchor_of: Mapping[int, int]) -> None:
        for pk, anchor in anchor_of.items():
            self.anchor_of[pk] = anchor
            self.members.setdefault(anchor, set()).add(pk)

    def group(self, pk: int) -> set[int]:
        anchor = self.anchor_of.get(pk)
        return self.members[anchor] if anchor is not None else {pk}

    def key(self, pk: int) -> int:
        return self.anchor_of.get(pk, pk)

    def same(self, a: int, b: int) -> bool:
        return self.key(a) == self.key(b)

    def may_join(self, pk: int, other: int) -> bool:
        """Could `pk`'s group take in `other`'s without breaking an editor's word or the span?"""
        mine, theirs = self.group(pk), self.group(other)
        if mine is theirs or pk in theirs:
            return False
        for member in mine:
            if self.different.get(member, set()) & theirs:
                return False
        days = [self.dates.get(m) for m in mine | theirs]
        dated = [d for d in days if d is not None]
        return not dated or max(dated) - min(dated) <= MAX_SPAN_DAYS

    def place(self, pk: int, candidates: Iterable[int]) -> int | None:
        """Join `pk` to the group of the first candidate it may join (best first); that candidate."""
        for other in candidates:
            if self.may_join(pk, other):
                self.join(pk, other)
                return other
        return None

    def join(self, a: int, b: int) -> None:
        """One group from a's and b's; the lowest id anchors it."""
        merged = self.group(a) | self.group(b)
        for old in {self.anchor_of.get(a), self.anchor_of.get(b)} - {None}:
            del self.members[old]
        anchor = min(merged)
        self.members[anchor] = merged
        for member in merged:
            self.anchor_of[member] = anchor

    def split_off(self, pks: Iterable[int]) -> None:
        """Take these articles out of their groups; those from one group stay together."""
        by_group: dict[int, set[int]] = {}
        for pk in pks:
            if pk in self.anchor_of:
                by_group.setdefault(self.anchor_of[pk], set()).add(pk)
        for anchor, leaving in by_group.items():
            staying = self.members.pop(anchor) - leaving
            for part in (staying, leaving):
                if len(part) >= 2:
                    self.members[min(part)] = part
                    for member in part:
                        self.anchor_of[member] = min(part)
                else:
                    for member in part:
                        self.anchor_of.pop(member, None)
