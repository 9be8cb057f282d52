"""Ingest, search and load benchmark on the real corpora, served as in production.

    make bench            (or: .venv/bin/python tools/bench.py [--corpus PATH ...] [--skip-ingest])

1. Ingests SaudiNewsNet (../shared/corpora/saudinewsnet/, 31k articles) and
   the ANT corpus (antcorpus.tar.gz, 10k) into a scratch data dir
   (bench-data/saudinewsnet) with one `manage.py ingest`, timed.
2. Serves that archive with gunicorn (DEBUG off, WORKERS workers) on 127.0.0.1.
3. From this process, sends GET /api/search (with highlighting) for the 50
   TREC-2002 Arabic topic titles plus a fixed sample of one- and two-word
   queries drawn from the corpus titles, one client at a time, and prints
   the latency percentiles. Loopback only; bounded in count and time.
4. Then article pages and /api/articles/<id> (related articles and other
   versions included) for a fixed sample of stored articles.
5. Then a reader's mix (tools/load_mix.py: searches, facet clicks, article,
   person and place pages, API) from 1, 8 and 32 concurrent clients for
   MIX_SECONDS each: throughput, latency by kind, errors, and each worker's
   peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_mix  # noqa: E402  (tools/ is not a package)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_CORPORA = [SHARED / "corpora" / "saudinewsnet", SHARED / "corpora" / "antcorpus.tar.gz"]
TOPICS = SHARED / "eval" / "queries" / "topics.trec02ar-ar.txt"
SCRATCH = ROOT / "bench-data" / "saudinewsnet"
HOST, PORT = "127.0.0.1", 8765
SAMPLE_SEED = 2026
SHORT_QUERIES = 150  # 75 one-word + 75 two-word
ARTICLE_SAMPLE = 200
ROUNDS = 3  # each query is sent this many times; percentiles over all
TIME_BUDGET_S = 300
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
MIX_SIZE = 3_000
MIX_SECONDS = 20
CONCURRENCY = (1, 8, 32)
ARABIC_WORD = re.compile(r"[\u0621-\u064A]{3,}")


def trec_titles() -> list[str]:
    text = TOPICS.read_text(encoding="utf-8")
    return [" ".join(t.split()) for t in re.findall(r"<title>(.*?)\n", text)]


def searchable(text: str) -> bool:
    sys.path.insert(0, str(ROOT))
    from search.analysis import query_terms

    return bool(query_terms(text, stem=True))


def short_queries(corpus: Path) -> list[str]:
    """A fixed, seeded sample of 1- and 2-word queries from the corpus's own titles."""
    words, pairs = Counter(), Counter()
    for archive in sorted(corpus.glob("*.zip"))[:4]:
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                for record in json.loads(zf.read(name)):
                    tokens = ARABIC_WORD.findall(record.get("title") or "")
                    words.update(tokens)
                    pairs.update(" ".join(p) for p in zip(tokens, tokens[1:]))
    rng = random.Random(SAMPLE_SEED)
    # A reader searching only «التي» gets a message, not results: skip
    # samples made only of stop words.
    common_words = sorted(w for w, c in words.items() if c >= 5 and searchable(w))
    common_pairs = sorted(p for p, c in pairs.items() if c >= 3 and searchable(p))
    half = SHORT_QUERIES // 2
    return rng.sample(common_words, half) + rng.sample(common_pairs, half)


def bench_env() -> dict:
    env = dict(os.environ)
    env.update(
        NEWSARCHIVE_DATA_DIR=str(SCRATCH),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-secret",
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_HTTPS="0",  # plain http on loopback
    )
    return env


def ingest(corpora: list[Path], env: dict) -> dict:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    done = subprocess.run(
        [python, "manage.py", "ingest", *map(str, corpora), "--no-progress"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - started
    print(done.stdout)
    added = int(re.search(r"added:\s+(\d+)", done.stdout).group(1))
    return {"added": added, "seconds": seconds}


def index_size_mb() -> float:
    index = SCRATCH / "whoosh_index"
    pointer = index / "CURRENT"  # after a `sync_index --rebuild`: the generation served
    live = index / pointer.read_text().strip() if pointer.exists() else index
    return sum(f.stat().st_size for f in live.iterdir() if f.is_file()) / 1e6


def start_server(env: dict) -> subprocess.Popen:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsarchive.wsgi", "--preload", "--bind", f"{HOST}:{PORT}",
         "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        status, _ = get("/api/search?q=")  # 0 while gunicorn is not listening yet
        if status == 200:
            return server
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def get(path: str) -> tuple[int, float]:
    return load_mix.get(HOST, PORT, path)


def article_ids() -> list[int]:
    with sqlite3.connect(SCRATCH / "archive.sqlite3") as db:
        ids = [row[0] for row in db.execute("SELECT id FROM articles_article ORDER BY id")]
    return sorted(random.Random(SAMPLE_SEED).sample(ids, min(ARTICLE_SAMPLE, len(ids))))


def measure(queries: list[str], deadline: float) -> dict:
    return measure_paths(["/api/search?" + urllib.parse.urlencode({"q": q}) for q in queries], deadline)


def measure_paths(paths: list[str], deadline: float) -> dict:
    latencies, errors = [], 0
    for _ in range(ROUNDS):
        for path in paths:
            if time.time() > deadline:
                break
            status, ms = get(path)
            latencies.append(ms)
            errors += status != 200  # every sampled request is valid: 4xx counts too
    return load_mix.summary(latencies) | {"errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", default=DEFAULT_CORPORA)
    parser.add_argument("--skip-ingest", action="store_true", help="reuse the last scratch archive")
    args = parser.parse_args()
    env = bench_env()

    ingest_stats = None if args.skip_ingest else ingest(args.corpus, env)
    size = index_size_mb()
    trec, short = trec_titles(), short_queries(args.corpus[0])

    server = start_server(env)
    try:
        for q in trec[:10] + short[:10]:  # warm both workers: searcher, lexicon, caches
            get("/api/search?" + urllib.parse.urlencode({"q": q}))
        deadline = time.time() + TIME_BUDGET_S
        results = {
            "TREC-2002 titles (50)": measure(trec, deadline),
            f"1-2 word queries ({len(short)})": measure(short, deadline),
        }
        results["all"] = measure(trec + short, deadline)
        articles = article_ids()
        pages = {
            "article page /articles/<id>/": [f"/articles/{pk}/" for pk in articles],
            "/api/articles/<id> (related, same_story)": [f"/api/articles/{pk}" for pk in articles],
        }
        for name, paths in pages.items():
            for path in paths[:10]:
                get(path)
            results[f"{name} ({len(paths)})"] = measure_paths(paths, deadline)
        mix = load_mix.build_mix(
            SCRATCH / "archive.sqlite3", trec + short, HOST, PORT, MIX_SIZE, SAMPLE_SEED
        )
        load = [load_mix.run(mix, HOST, PORT, c, MIX_SECONDS) for c in CONCURRENCY]
        memory = load_mix.worker_memory_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print()
    print(f"## Benchmark — {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores")
    print()
    if ingest_stats:
        rate = ingest_stats["added"] / ingest_stats["seconds"]
        print("| articles ingested | ingest + index time | articles/s | index size |")
        print("|---|---|---|---|")
        print(f"| {ingest_stats['added']:,} | {ingest_stats['seconds']:.1f} s | {rate:.0f} | {size:.0f} MB |")
    else:
        print(f"index size: {size:.0f} MB (ingest skipped)")
    print()
    print(f"| request, 1 client, gunicorn {WORKERS} workers | requests | p50 ms | p95 ms | p99 ms | mean ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['mean']:.1f} | {r['errors']} |")
    print_load(load, memory)


def print_load(load: list[dict], memory: list[dict]) -> None:
    print()
    print(f"Reader's mix (tools/load_mix.py, {MIX_SIZE} requests, {MIX_SECONDS} s per level):")
    print()
    print("| concurrent clients | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for level in load:
        every = [ms for values in level["latencies"].values() for ms in values]
        r = load_mix.summary(every)
        print(f"| {level['clients']} | {level['requests']} | {level['rate']:.1f} | {r['p50']:.1f} | "
              f"{r['p95']:.1f} | {r['p99']:.1f} | {level['errors']} |")
    print()
    print("| request kind, 1 client | requests | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for kind, values in sorted(load[0]["latencies"].items()):
        r = load_mix.summary(values)
        print(f"| {kind} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} |")
    print()
    print("| gunicorn worker | peak resident (VmHWM) MB | private now MB | proportional (PSS) MB |")
    print("|---|---|---|---|")
    for n, m in enumerate(memory, 1):
        print(f"| {n} | {m['peak']:.0f} | {m['private']:.0f} | {m['pss']:.0f} |")


if __name__ == "__main__":
    main()
