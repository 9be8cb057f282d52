"""Snippets with the matched words marked, in the article's own spelling.

Haystack's Whoosh highlighter re-analyses text with an English analyzer and
so misses Arabic matches. Here the text goes through the same Arabic chain as
the index; a word is marked when its analysed form matches a query term, and
the marked span is the original text between the token's offsets (harakat,
hamza and all).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.analysis import analyze, light_stem

SNIPPET_WORDS = 36
# How far into an article to look for matches: a little first, more only if
# needed; never past the last step (bounded work per hit on a results page).
SCAN_STEPS = (1_500, 6_000, 20_000)
ELLIPSIS = "…"


@dataclass(frozen=True)
class TermMatcher:
    """Which analysed words count as hits: by stem, exact form, or prefix."""

    stems: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.stems or self.exact or self.prefixes)

    def matches(self, term: str) -> bool:
        if term in self.exact or light_stem(term) in self.stems:
            return True
        return any(term.startswith(p) for p in self.prefixes)


def _marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    parts, cursor = [], 0
    for start, end in spans:
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return "".join(parts)


def highlight_all(text: str, matcher: TermMatcher) -> SafeString:
    """Escape `text` and mark every matching word (used for titles)."""
    if not matcher:
        return mark_safe(escape(text))
    spans = [(t.start, t.end) for t in analyze(text, stem=False) if matcher.matches(t.term)]
    return mark_safe(_marked_html(text, spans))


def _scan(text: str, matcher: TermMatcher):
    """Analyse the opening of `text`, going further only while nothing matched.

    Most articles match in their first paragraphs; analysing a whole long
    article for every hit on a results page was the slowest part of a search.
    """
    end = 0
    for end in SCAN_STEPS:
        part = text[:end]
        tokens = analyze(part, stem=False)
        hits = [matcher.matches(t.term) for t in tokens] if matcher else [False] * len(tokens)
        if any(hits) or end >= len(text) or not matcher:
            break
    if end < len(text) and tokens:
        # Don't end on a word cut in half by the scan limit.
        tokens, hits = tokens[:-1], hits[:-1]
    return part, tokens, hits


def snippet(text: str, matcher: TermMatcher, *, words: int = SNIPPET_WORDS) -> SafeString:
    """The passage of about `words` words with the most distinct matches, marked."""
    full_length = len(text)
    text, tokens, hits = _scan(text, matcher)
    if not tokens:
        return mark_safe(escape(text[:300]))

    best_start, best_score = 0, (-1, -1)
    if any(hits):
        for start in range(len(tokens)):
            if not hits[start]:
                continue  # a best window can always start on a hit
            window = range(start, min(start + words, len(tokens)))
            distinct = {tokens[i].term for i in window if hits[i]}
            score = (len(distinct), sum(hits[i] for i in window))
            if score > best_score:
                best_start, best_score = start, score
        # Show a little context before the first hit.
        best_start = max(0, best_start - 4)

    last = min(best_start + words, len(tokens)) - 1
    char_start = 0 if best_start == 0 else tokens[best_start].start
    whole = len(text) == full_length
    char_end = len(text) if whole and last == len(tokens) - 1 else tokens[last].end
    spans = [
        (tokens[i].start - char_start, tokens[i].end - char_start)
        for i in range(best_start, last + 1)
        if hits[i]
    ]
    fragment = text[char_start:char_end]
    html = _marked_html(fragment, spans)
    html = " ".join(html.split())  # paragraphs become one line in a snippet
    if char_start > 0:
        html = ELLIPSIS + " " + html
    if char_end < full_length:
        html = html + " " + ELLIPSIS
    return mark_safe(html)
