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
# Long records are only scanned this far for a snippet: bounded work per hit.
SNIPPET_SCAN_CHARS = 20_000
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


def snippet(text: str, matcher: TermMatcher, *, words: int = SNIPPET_WORDS) -> SafeString:
    """The passage of about `words` words with the most distinct matches, marked."""
    text = text[:SNIPPET_SCAN_CHARS]
    tokens = analyze(text, stem=False)
    if not tokens:
        return mark_safe(escape(text[:300]))
    hits = [matcher.matches(t.term) for t in tokens] if matcher else [False] * len(tokens)

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
    char_end = len(text) if last == len(tokens) - 1 else tokens[last].end
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
    if char_end < len(text):
        html = html + " " + ELLIPSIS
    return mark_safe(html)
