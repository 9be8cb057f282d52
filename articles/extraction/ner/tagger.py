"""People and places in raw Arabic text, with the shipped CRF model::

    >>> [(e.kind, e.text) for e in find_entities("قال الرئيس الروسي فلاديمير بوتين في موسكو")]
    [('PERS', 'فلاديمير بوتين'), ('LOC', 'موسكو')]

Text is tokenized the way ANERcorp is (punctuation split off, clitics left
on the word: «وبوتين» is one token), split into sentences, and tagged as one
document, so a name recognised in one sentence helps its other mentions.
The model loads once per process, on first use (~0.1-0.2 s); so does the
word-frequency table the features share with search (~1.6 s, once).

Speed (2-core dev machine, SaudiNewsNet bodies, one process): ~4.5 ms per
article of ~370 tokens once the token cache is warm; a token's spelling
features are computed once (~35 µs) and cached, so the per-article cost is
list assembly, the document pass and crfsuite's Viterbi.

Pure Python, no Django.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from search.analysis.tokens import WORD_PATTERN

from .conll import spans
from .features import FeatureExtractor, candidates
from .gazetteers import ORGANISATIONS
from .keys import key

MODEL_PATH = Path(__file__).with_name("model.crfsuite")
KINDS = ("PERS", "LOC")

# A word (letters/digits with their marks, «3.5» kept whole) or a run of one
# punctuation character («.», «...», «،»), as separate tokens.
TOKEN_RE = re.compile(rf"(?:{WORD_PATTERN})|([^\w\s])\1*|_+")
SENTENCE_END = ".!?؟…"


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """One person or place: ``text[start:end]`` is what was written, tokens and all."""

    kind: str  # "PERS" or "LOC"
    text: str  # the surface tokens joined by a space
    start: int
    end: int
    tokens: tuple[str, ...]


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """ANERcorp-style tokens with offsets: 'بوتين، في' -> [('بوتين', 0, 5), ('،', 5, 6), ('في', 7, 9)]."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def sentences(text: str) -> list[list[tuple[str, int, int]]]:
    """Tokens grouped into sentences: a break after . ! ? ؟ … and at every line break."""
    out: list[list[tuple[str, int, int]]] = []
    offset = 0
    for line in text.split("\n"):  # no token spans a line break
        current: list[tuple[str, int, int]] = []
        for match in TOKEN_RE.finditer(line):
            start, end = match.span()
            current.append((match.group(), offset + start, offset + end))
            # Group 1 is a punctuation run («...», «؟»): one character repeated.
            if match.lastindex and match.group(1) in SENTENCE_END:
                out.append(current)
                current = []
        if current:
            out.append(current)
        offset += len(line) + 1
    return out


class Tagger:
    """A loaded model with its own feature cache; ``tag_document`` is safe to call from threads."""

    def __init__(self, model_path: str | Path = MODEL_PATH) -> None:
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(model_path))
        # Features the model has weights for; the rest are never built.
        known = frozenset(attr for attr, _ in self._crf.info().state_features)
        self._features = FeatureExtractor(known)
        self._lock = threading.Lock()  # a crfsuite tagger holds the sequence it tags

    def tag_document(self, document: list[list[str]], window: int | None = None) -> list[list[str]]:
        """BIO tags for each sentence of one document (``window``: see FeatureExtractor.document)."""
        rows = self._features.document(document, window)
        with self._lock:
            return [self._crf.tag(row) if row else [] for row in rows]


_tagger: Tagger | None = None
_load_lock = threading.Lock()


def get_tagger() -> Tagger:
    """The process-wide tagger for the shipped model (loaded on first call)."""
    global _tagger
    if _tagger is None:
        with _load_lock:
            if _tagger is None:
                _tagger = Tagger()
    return _tagger


def tag(tokens: list[str]) -> list[str]:
    """BIO tags (PERS, LOC, ORG, MISC) for ANERcorp-style tokens, read as one document."""
    document: list[list[str]] = []
    current: list[str] = []
    for token in tokens:
        current.append(token)
        if token and not token.strip(SENTENCE_END):
            document.append(current)
            current = []
    if current:
        document.append(current)
    return [t for tags in get_tagger().tag_document(document) for t in tags]


def find_entities(text: str) -> list[EntitySpan]:
    """The people (PERS) and places (LOC) in raw text, in order, with character offsets."""
    # Egyptian web copy quotes names («الرئيس "فلاديمير بوتين"»); ANERcorp never
    # does, and quoted names were missed. A space in place of each quote keeps offsets.
    grouped = sentences(text.replace('"', " "))
    if not grouped:
        return []
    tagged = get_tagger().tag_document([[t for t, _, _ in s] for s in grouped])
    found: list[EntitySpan] = []
    for sentence, tags in zip(grouped, tagged, strict=True):
        for kind, first, last in spans(tags):
            if kind not in KINDS:
                continue
            words = tuple(t for t, _, _ in sentence[first:last])
            if is_organisation(words):
                continue
            start, end = sentence[first][1], sentence[last - 1][2]
            found.append(EntitySpan(kind, " ".join(words), start, end, words))
    return found


def is_organisation(words: tuple[str, ...]) -> bool:
    """True for a listed organisation (الكرملين, وللكرملين): never a person or a place."""
    phrase = key(" ".join(words))
    if phrase in ORGANISATIONS:
        return True
    first, _, rest = phrase.partition(" ")
    return any(" ".join(filter(None, (form, rest))) in ORGANISATIONS for form in candidates(first))
