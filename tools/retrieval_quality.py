"""Retrieval quality on ARCD: every question against every paragraph, through the search API.

    make eval-arcd        (or: .venv/bin/python tools/retrieval_quality.py [--arcd PATH])

Loads the ARCD paragraphs (../shared/eval/arcd/arcd-train.json) as articles
into a scratch data dir with the real `ingest` command, runs each question
through /api/search (the same view the site serves) and prints MRR@10 and
Recall@10. The relevant document for a question is the paragraph it was
written on.

Search folds versions of one story into one result (issue 5), and ARCD
repeats some paragraphs almost word for word (a Wikipedia lead, then the same
lead with a sentence more), so both are printed: "shown" counts only the
results listed, "with versions" also counts a paragraph folded into a result,
at that result's rank (the reader sees it listed under it). Titles are one neutral Latin word so only paragraph text is matched, as in
the Lucene baseline (ArabicAnalyzer + BM25: MRR@10 0.7715, Recall@10 0.9625).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARCD = ROOT.parent / "shared" / "eval" / "arcd" / "arcd-train.json"
SCRATCH = ROOT / "bench-data" / "retrieval"


def load_arcd(path: Path) -> tuple[list[str], list[tuple[str, int]]]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    paragraphs, questions = [], []
    for article in data:
        for paragraph in article["paragraphs"]:
            index = len(paragraphs)
            paragraphs.append(paragraph["context"])
            questions.extend((qa["question"], index) for qa in paragraph["qas"])
    return paragraphs, questions


def build_archive(paragraphs: list[str], env: dict) -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    feed = SCRATCH / "paragraphs.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for i, text in enumerate(paragraphs):
            record = {"title": "ARCD", "content": text, "url": f"arcd://{i}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "ingest", str(feed), "--no-progress"], cwd=ROOT, env=env, check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arcd", type=Path, default=DEFAULT_ARCD)
    parser.add_argument("--show-misses", type=int, default=0, help="print N questions ranked badly")
    args = parser.parse_args()

    env = dict(os.environ)
    env.update(
        NEWSARCHIVE_DATA_DIR=str(SCRATCH),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "arcd-evaluation-only"),
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1",
        DJANGO_HTTPS="0",  # in-process client over plain http: no redirect to https
    )
    paragraphs, questions = load_arcd(args.arcd)
    build_archive(paragraphs, env)

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from articles.models import Article

    paragraph_of = {
        pk: int(url.removeprefix("arcd://")) for pk, url in Article.objects.values_list("pk", "url")
    }
    client = Client()
    reciprocal_ranks, found, misses = [], 0, []
    folded_ranks, folded_found = [], 0
    started = time.perf_counter()
    for question, relevant in questions:
        response = client.get("/api/search", {"q": question, "page_size": 10})
        results = response.json().get("results", []) if response.status_code == 200 else []
        ranked = [int(r["source_url"].removeprefix("arcd://")) for r in results]
        rank = ranked.index(relevant) + 1 if relevant in ranked else None
        reciprocal_ranks.append(1.0 / rank if rank else 0.0)
        found += rank is not None
        with_versions = [
            {shown} | {paragraph_of[v["id"]] for v in r["other_versions"]}
            for shown, r in zip(ranked, results)
        ]
        folded = next((n for n, group in enumerate(with_versions, 1) if relevant in group), None)
        folded_ranks.append(1.0 / folded if folded else 0.0)
        folded_found += folded is not None
        if not rank or rank > 3:
            misses.append((question, rank))
    seconds = time.perf_counter() - started

    n = len(questions)
    print(f"ARCD: {len(paragraphs)} paragraphs, {n} questions, {seconds:.1f} s of searching")
    print(f"MRR@10    {sum(reciprocal_ranks) / n:.4f} shown, {sum(folded_ranks) / n:.4f} with versions"
          "   (Lucene ArabicAnalyzer+BM25: 0.7715)")
    print(f"Recall@10 {found / n:.4f} shown, {folded_found / n:.4f} with versions"
          "   (Lucene ArabicAnalyzer+BM25: 0.9625)")
    for question, rank in misses[: args.show_misses]:
        print(f"  rank {rank or '>10'}: {question}")


if __name__ == "__main__":
    main()
