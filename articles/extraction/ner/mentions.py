"""Evidence from other mentions of a word in the same document.

«بوتين» without a title beside it is still a name if another mention of it
follows «الرئيس»: for every token whose form (or clitic-stripped form) is
mentioned more than once, collect what the neighbours of its *other*
mentions say ("-1:g=TITLE", "-2:g=GIVEN", "-1:w=في" ...). Tokens are the
cached ``_Token`` objects of :mod:`.features`; they provide ``doc_keys`` and
the ``evidence_*`` lists.

Pure Python, no Django.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # features imports this module
    from .features import _Token as Token

Position = tuple[int, int]  # (sentence index, token index)


class Evidence(dict):
    """What the neighbours of a position say about its word, computed on first use."""

    def __init__(self, cached: list[list[Token]]) -> None:
        super().__init__()
        self.cached = cached

    def __missing__(self, position: Position) -> list[str]:
        sentence, i = self.cached[position[0]], position[1]
        found: list[str] = []
        if i > 0:
            found += sentence[i - 1].evidence_before
            if i > 1:
                found += sentence[i - 2].evidence_before2
        if i + 1 < len(sentence):
            found += sentence[i + 1].evidence_after
        self[position] = found
        return found


def from_other_mentions(
    cached: list[list[Token]], repeated: dict[str, list[Position]], evidence: Evidence
) -> dict[Position, set[str]]:
    """Evidence from all other mentions in the document: O(mentions), counts per form.

    A feature comes from another mention when the form's count of it exceeds
    what this mention itself contributes.
    """
    counts: dict[str, dict[str, int]] = {}
    for k, positions in repeated.items():
        k_counts = counts[k] = {}
        for position in positions:
            for f in evidence[position]:
                k_counts[f] = k_counts.get(f, 0) + 1
    found: dict[Position, set[str]] = {}
    for positions in repeated.values():
        for position in positions:
            if position in found:
                continue
            own = set(evidence[position])
            seen = found[position] = set()
            for k in cached[position[0]][position[1]].doc_keys:
                for f, n in counts.get(k, {}).items():
                    if n > (f in own):
                        seen.add(f)
    return found


def from_other_mentions_within(
    cached: list[list[Token]],
    repeated: dict[str, list[Position]],
    evidence: Evidence,
    window: int,
) -> dict[Position, set[str]]:
    """Evidence from other mentions at most ``window`` sentences away (corpora without documents)."""
    found: dict[Position, set[str]] = {}
    for positions in repeated.values():
        for here in positions:
            if here in found:
                continue
            seen = found[here] = set()
            for k in cached[here[0]][here[1]].doc_keys:
                for there in repeated.get(k, ()):
                    if there != here and abs(there[0] - here[0]) <= window:
                        seen.update(evidence[there])
    return found
