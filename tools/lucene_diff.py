"""Compare our analysis chain with Lucene 9.4.2's ArabicAnalyzer on real queries.

Reads the *.lucene-arabic.tsv files (id<TAB>text<TAB>Lucene tokens), runs
analyze(text, stem=True) and prints how often the two agree, plus the most
frequent disagreements for a human to judge.

    .venv/bin/python tools/lucene_diff.py [--top 30] [FILE ...]
"""

from __future__ import annotations

import argparse
import collections
import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search.analysis import analyze, is_stopword, normalize, tokenize  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "lucene-arabic"


def read_rows(paths: list[Path]) -> list[tuple[str, str, list[str]]]:
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            qid, text, lucene = (line.split("\t") + ["", ""])[:3]
            rows.append((qid, text, lucene.split()))
    return rows


def compare(rows: list[tuple[str, str, list[str]]], top: int) -> None:
    same_lists = same_content = 0
    agree = total = 0
    diffs: collections.Counter[tuple[str, str]] = collections.Counter()
    examples: dict[tuple[str, str], str] = {}
    for qid, text, lucene in rows:
        ours = [t.term for t in analyze(text, stem=True)]
        same_lists += ours == lucene
        # Lucene keeps question words (متى -> مت, هل, كم) that we stop;
        # without them, how often do the content words agree? A Lucene token
        # counts as "from a stop word" when it is a prefix of one in the query.
        stops = {w for a, b in tokenize(text) if is_stopword(w := normalize(text[a:b]))}
        lucene_content = [t for t in lucene if not any(s.startswith(t) for s in stops)]
        same_content += ours == lucene_content
        matcher = difflib.SequenceMatcher(a=ours, b=lucene, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                agree += a2 - a1
                continue
            key = (" ".join(ours[a1:a2]) or "∅", " ".join(lucene[b1:b2]) or "∅")
            diffs[key] += 1
            examples.setdefault(key, f"{qid}: {text}")
        total += max(len(ours), len(lucene))
    n = len(rows)
    print(f"queries: {n}")
    print(f"identical token lists: {same_lists}/{n} = {same_lists / n:.1%}")
    print(
        f"identical after dropping Lucene's tokens for our stop words: {same_content}/{n} = {same_content / n:.1%}"
    )
    print(
        f"token agreement (aligned equal tokens / longer list): {agree}/{total} = {agree / max(total, 1):.1%}"
    )
    print(f"\n{top} most frequent disagreements (ours -> Lucene), count, first example:")
    for (ours, lucene), count in diffs.most_common(top):
        print(f"{count:5d}  {ours}  ->  {lucene}    [{examples[(ours, lucene)]}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    files = args.files or sorted(DEFAULT_DIR.glob("*.lucene-arabic.tsv"))
    if not files:
        sys.exit(f"no *.lucene-arabic.tsv files in {DEFAULT_DIR}")
    compare(read_rows(files), args.top)


if __name__ == "__main__":
    main()
