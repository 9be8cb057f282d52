"""ANERcorp-style BIO files and conlleval-style entity scoring.

A file holds one ``token TAG`` per line and a blank line between sentences::

    فرانكفورت B-LOC
    أعلن O

Scoring counts an entity as found only when its span AND its type match
exactly, with the chunk rules of CoNLL's ``conlleval`` script: a chunk
starts at B-X, or at I-X after O or after a chunk of another type (an I-
"without B-" is a chunk of its own). See
https://www.clips.uantwerpen.be/conll2000/chunking/conlleval.txt

Pure Python, no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

Sentence = list[tuple[str, str]]
Span = tuple[str, int, int]  # (type, start, end): tokens [start, end)

TYPES = ("PERS", "LOC", "ORG", "MISC")
HELDOUT_PARTS = 6  # the last sixth (by sentence) is held out

MSG_NOT_FOUND = "{path}: no such file"
MSG_UNREADABLE = "{path}: cannot be read ({reason})"
MSG_NOT_UTF8 = "{path}: not UTF-8 text"
MSG_BAD_LINE = "{path}, line {line}: expected 'token TAG', got {text!r}"
MSG_BAD_TAG = "{path}, line {line}: bad tag {tag!r} (expected O, B-TYPE or I-TYPE)"
MSG_EMPTY = "{path}: no tagged tokens"


class BIOFormatError(ValueError):
    """A BIO file is missing, unreadable or malformed; the message names the path."""


def parse_bio(lines: Iterable[str], path: str = "<text>") -> list[Sentence]:
    """Sentences of ``(token, tag)`` from BIO lines: ['قال O', 'بوتين B-PERS'] -> one sentence.

    The tag is the last field on the line, the token the first (ANERcorp has
    one token per line, so a line with more than two fields is an error).
    """
    sentences: list[Sentence] = []
    current: Sentence = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            if current:
                sentences.append(current)
                current = []
            continue
        fields = line.split()
        if len(fields) != 2:
            raise BIOFormatError(MSG_BAD_LINE.format(path=path, line=number, text=line))
        token, tag = fields
        if tag != "O" and (tag[:2] not in ("B-", "I-") or len(tag) < 3):
            raise BIOFormatError(MSG_BAD_TAG.format(path=path, line=number, tag=tag))
        current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def read_bio(path: str | Path) -> list[Sentence]:
    """Read a BIO file; :class:`BIOFormatError` with a one-line reason if it cannot be used."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            sentences = parse_bio(handle, str(path))
    except FileNotFoundError:
        raise BIOFormatError(MSG_NOT_FOUND.format(path=path)) from None
    except UnicodeDecodeError:
        raise BIOFormatError(MSG_NOT_UTF8.format(path=path)) from None
    except OSError as error:  # a folder, no permission, ...
        reason = error.strerror or type(error).__name__
        raise BIOFormatError(MSG_UNREADABLE.format(path=path, reason=reason)) from None
    if not sentences:
        raise BIOFormatError(MSG_EMPTY.format(path=path))
    return sentences


def split_heldout(sentences: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(first 5/6, last 1/6) by sentence, in file order: the held-out part is never trained on."""
    cut = len(sentences) - len(sentences) // HELDOUT_PARTS
    return list(sentences[:cut]), list(sentences[cut:])


def spans(tags: Sequence[str]) -> list[Span]:
    """Entity spans with conlleval's chunk rules: ['B-LOC', 'I-LOC', 'I-PERS'] -> LOC 0-2, PERS 2-3."""
    found: list[Span] = []
    kind: str | None = None
    start = 0
    for i, tag in enumerate(tags):
        prefix, tag_kind = (tag[0], tag[2:]) if tag != "O" else ("O", None)
        if kind is not None and (prefix != "I" or tag_kind != kind):
            found.append((kind, start, i))
            kind = None
        if prefix in ("B", "I") and kind is None:
            kind, start = tag_kind, i
    if kind is not None:
        found.append((kind, start, len(tags)))
    return found


@dataclass(frozen=True)
class TypeScore:
    """Entity-level counts and scores for one type."""

    kind: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        """'PERS P=0.87 R=0.84 F1=0.85'"""
        return f"{self.kind} P={self.precision:.2f} R={self.recall:.2f} F1={self.f1:.2f}"


@dataclass
class Confusion:
    """What became of each gold entity and where spurious predictions came from.

    ``outcomes[kind]`` counts, for gold entities of ``kind``: "correct",
    "as OTHER" (same span, other type), "boundary" (overlapping prediction of
    the same type, wrong span), "boundary as OTHER" (overlap, other type) and
    "missed" (no overlapping prediction). ``spurious[kind]`` counts
    predictions of ``kind`` that overlap no gold entity.
    """

    outcomes: dict[str, Counter] = field(default_factory=dict)
    spurious: Counter = field(default_factory=Counter)

    def lines(self, kinds: Iterable[str] = TYPES) -> list[str]:
        """Report lines: 'gold PERS (412): correct 350, boundary 20, as LOC 12, missed 30'."""
        out = []
        for kind in kinds:
            counts = self.outcomes.get(kind, Counter())
            parts = ", ".join(f"{name} {n}" for name, n in counts.most_common())
            out.append(f"gold {kind} ({sum(counts.values())}): {parts or 'none'}")
        spurious = ", ".join(f"{kind} {self.spurious[kind]}" for kind in kinds)
        out.append(f"spurious (overlap no gold entity): {spurious}")
        return out


@dataclass
class Evaluation:
    """Per-type scores plus the confusion summary."""

    scores: dict[str, TypeScore]
    confusion: Confusion
    tokens: int


def evaluate(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> Evaluation:
    """Score predicted tag sequences against gold ones, sentence by sentence."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted need the same number of sentences")
    gold_n: Counter = Counter()
    pred_n: Counter = Counter()
    correct_n: Counter = Counter()
    confusion = Confusion()
    tokens = 0
    for gold_tags, pred_tags in zip(gold, predicted, strict=True):
        if len(gold_tags) != len(pred_tags):
            raise ValueError("a predicted sentence differs in length from its gold one")
        tokens += len(gold_tags)
        gold_spans, pred_spans = spans(gold_tags), spans(pred_tags)
        pred_set = set(pred_spans)
        gold_n.update(kind for kind, _, _ in gold_spans)
        pred_n.update(kind for kind, _, _ in pred_spans)
        correct_n.update(kind for kind, s, e in gold_spans if (kind, s, e) in pred_set)
        _confuse(gold_spans, pred_spans, confusion)
    kinds = sorted(set(TYPES) | set(gold_n) | set(pred_n), key=_type_order)
    scores = {k: TypeScore(k, gold_n[k], pred_n[k], correct_n[k]) for k in kinds}
    return Evaluation(scores, confusion, tokens)


def _type_order(kind: str) -> tuple[int, str]:
    return (TYPES.index(kind) if kind in TYPES else len(TYPES), kind)


def _confuse(gold_spans: list[Span], pred_spans: list[Span], confusion: Confusion) -> None:
    for kind, start, end in gold_spans:
        overlapping = [p for p in pred_spans if p[1] < end and start < p[2]]
        if (kind, start, end) in overlapping:
            outcome = "correct"
        elif same_span := [p for p in overlapping if (p[1], p[2]) == (start, end)]:
            outcome = f"as {same_span[0][0]}"
        elif any(p[0] == kind for p in overlapping):
            outcome = "boundary"
        elif overlapping:
            outcome = f"boundary as {overlapping[0][0]}"
        else:
            outcome = "missed"
        confusion.outcomes.setdefault(kind, Counter())[outcome] += 1
    for kind, start, end in pred_spans:
        if not any(g[1] < end and start < g[2] for g in gold_spans):
            confusion.spurious[kind] += 1
