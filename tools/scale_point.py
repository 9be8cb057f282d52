"""A scale point: the 41k bench archive replicated to 250,000 articles, indexed, served, timed.

    make bench-scale    (or: .venv/bin/python tools/scale_point.py [--target N] [--scratch DIR]
                         [--port N] [--skip-build] [--no-mix] [--profile | --profile-only])

1. Copies the database `make bench` built (bench-data/saudinewsnet, only read,
   through SQLite's backup API) into a scratch data dir (bench-data/scale250k)
   and migrates it. The bench archive's index is not copied.
2. Adds replicas of its articles until there are --target. Replica r:
   - is dated r years earlier, plus a seeded offset of up to ±DATE_JITTER_DAYS
     shared by the versions of one story, so the date facet spreads over years
     and months while a story's versions stay within a day of each other;
   - comes from sources «<name> r<r>», so the source facet grows;
   - has varied text: of each body's paragraphs (its sentences, when it has
     fewer than MIN_PARAGRAPHS), about one in five (DROP) is left out, the rest
     are shuffled, and one paragraph of another article of the same source is
     put in at a random place. Word counts, lengths and which words meet in one
     article change, so postings grow without identical documents; no words
     are made up, so the vocabulary stays that of 41k (a real 250k archive has
     more rare words, and a bigger lexicon);
   - keeps its people and place links, related articles and stories within
     the replica (the replicas of a story's versions make one story, never a
     bigger one); titles, keywords and authors are kept; fingerprints follow
     ingest's rule (their source differs, so they stay unique).
   Articles go in with executemany in batches, links with INSERT … SELECT,
   all in one transaction.
3. Rebuilds the index with the app's bulk path (`manage.py sync_index --rebuild`), timed.
4. Serves it like tools/bench.py (gunicorn, 4 workers, --preload, DEBUG off;
   port 8790) and sends bench.py's 200 queries one at a time, 3 rounds, then
   article pages, then the reader's mix at 1 and 8 clients; worker memory.
5. --profile: the slowest queries again in one process (the Django test
   client), the facet cache cleared before each request, under py-spy; the
   samples are summed by step of our code and by library.

Prints markdown tables in the shape of docs/benchmarks.md. Loopback only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import resource
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the project, for django.setup()
import bench  # noqa: E402  (tools/ is not a package)
import load_mix  # noqa: E402

ROOT = bench.ROOT
BENCH_ARCHIVE = ROOT / "bench-data" / "saudinewsnet"
SCRATCH = ROOT / "bench-data" / "scale250k"
DATABASE = "archive.sqlite3"
TARGET = 250_000
SEED = 2026
HOST, PORT = "127.0.0.1", 8790
DROP = 0.2
MIN_PARAGRAPHS = 3
DATE_JITTER_DAYS = 150
BATCH = 5_000
MIX_CLIENTS = (1, 8)
SLOWEST = 20  # queries replayed under the profiler
PROFILE_ROUNDS = 3
SPY_RATE = 100  # samples per second
TOP_FUNCTIONS = 15
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")

COPY_LINKS = (
    # People and places: the replica mentions whom its original mentions.
    """INSERT INTO articles_personmention ("count", status, article_id, person_id, surface)
       SELECT m."count", m.status, c.new_id, m.person_id, m.surface
       FROM articles_personmention m JOIN scale_copy c ON c.old_id = m.article_id""",
    """INSERT INTO articles_placemention ("count", status, article_id, place_id, surface)
       SELECT m."count", m.status, c.new_id, m.place_id, m.surface
       FROM articles_placemention m JOIN scale_copy c ON c.old_id = m.article_id""",
    # Related articles: within the same replica only.
    """INSERT INTO articles_relatedarticle (score, text_score, article_id, related_id)
       SELECT l.score, l.text_score, a.new_id, b.new_id
       FROM articles_relatedarticle l
       JOIN scale_copy a ON a.old_id = l.article_id
       JOIN scale_copy b ON b.old_id = l.related_id AND b.replica = a.replica""",
)


# -- the scratch archive --------------------------------------------------


def scratch_env(scratch: Path) -> dict:
    return bench.bench_env() | {
        "DJANGO_SETTINGS_MODULE": "newsarchive.settings",
        "NEWSARCHIVE_DATA_DIR": str(scratch),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},testserver",  # testserver: the in-process profile
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def copy_archive(source: Path, scratch: Path) -> None:
    if not (source / DATABASE).exists():
        raise SystemExit(f"{source / DATABASE} not found: run `make bench` first.")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    # The backup API copies a consistent state even while another process writes.
    original = sqlite3.connect(f"file:{source / DATABASE}?mode=ro", uri=True)
    copy = sqlite3.connect(scratch / DATABASE)
    try:
        original.backup(copy)
    finally:
        original.close()
        copy.close()


def _units(body: str) -> tuple[list[str], str]:
    """The pieces a body is varied by, and what joins them: paragraphs, or sentences."""
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    if len(paragraphs) >= MIN_PARAGRAPHS:
        return paragraphs, "\n\n"
    sentences = [s for s in SENTENCE_END.split(body.strip()) if s]
    return (sentences or [body]), " "


def vary(units: list[str], joiner: str, borrowed: str | None, rng: random.Random) -> str:
    """About one piece in five left out, the rest shuffled, one borrowed piece put in."""
    kept = [u for u in units if rng.random() >= DROP] or [rng.choice(units)]
    rng.shuffle(kept)
    if borrowed:
        kept.insert(rng.randrange(len(kept) + 1), borrowed)
    return joiner.join(kept)


def years_earlier(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _groups(rows) -> list[list[int]]:
    """Article ids by story (an article without a story is a group of its own)."""
    by_story: dict[int, list[int]] = defaultdict(list)
    groups = []
    for row in rows:
        if row["story_id"] is None:
            groups.append([row["id"]])
        else:
            if row["story_id"] not in by_story:
                groups.append(by_story[row["story_id"]])
            by_story[row["story_id"]].append(row["id"])
    return groups


def _chosen(groups: list[list[int]], needed: int, rng: random.Random) -> list[list[int]]:
    """Every group, or (for the last, partial replica) whole groups in seeded order up to `needed`."""
    if sum(map(len, groups)) <= needed:
        return groups
    order = groups[:]
    rng.shuffle(order)
    chosen, left = [], needed
    for group in order:
        if left <= 0:
            break
        chosen.append(group[:left])
        left -= len(chosen[-1])
    return chosen


class Archive:
    """The original articles, read once, and what every replica is made from."""

    def __init__(self, db: sqlite3.Connection) -> None:
        rows = db.execute("SELECT * FROM articles_article ORDER BY id").fetchall()
        self.columns = tuple(rows[0].keys())  # every column, whatever migrations added
        self.articles = {row["id"]: row for row in rows}
        self.units = {pk: _units(row["body"]) for pk, row in self.articles.items()}
        self.by_source: dict[int | None, list[int]] = defaultdict(list)
        for row in rows:
            self.by_source[row["source_id"]].append(row["id"])
        self.groups = _groups(rows)
        self.sources = db.execute("SELECT id, name, home_url FROM articles_source").fetchall()
        self.stories = {
            row["id"]: row
            for row in db.execute("SELECT id, created_at, anchor_id FROM articles_story")
        }
        # Replica r's ids are the original's plus r strides: unique, and easy to map back.
        self.id_stride = max(self.articles)
        self.story_stride = max(self.stories, default=0)
        self.fingerprints = {row["fingerprint"] for row in rows}


def replicate(database: Path, *, target: int, seed: int) -> dict:
    """Add replicas of the archive's articles (with their links) until it holds `target`."""
    db = sqlite3.connect(database)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA cache_size = -500000")
    archive = Archive(db)
    size = len(archive.articles)
    replica = 0
    with db:
        db.execute(
            "CREATE TEMP TABLE scale_copy (new_id INTEGER PRIMARY KEY, old_id INTEGER, replica INTEGER)"
        )
        while size < target:
            replica += 1
            added = _add_replica(
                db, archive, replica, target - size, random.Random(f"{seed}:{replica}")
            )
            size += added
            print(f"  replica {replica}: {added:,} articles", flush=True)
        db.execute("CREATE INDEX scale_copy_old ON scale_copy (old_id)")
        for statement in COPY_LINKS:
            db.execute(statement)
    tables = ("article", "source", "story", "personmention", "placemention", "relatedarticle")
    counts = {t: db.execute(f"SELECT count(*) FROM articles_{t}").fetchone()[0] for t in tables}
    db.close()
    return counts | {"replicas": replica}


def _add_replica(db, archive: Archive, r: int, needed: int, rng: random.Random) -> int:
    """Replica r of the archive (or of `needed` of its articles, whole stories first)."""
    from articles.models import name_key

    sources = {}
    for source in archive.sources:
        name = f"{source['name']} r{r}"
        cursor = db.execute(
            "INSERT INTO articles_source (name, name_key, home_url) VALUES (?, ?, ?)",
            (name, name_key(name), source["home_url"]),
        )
        sources[source["id"]] = (cursor.lastrowid, name)
    copies, stories = [], []  # (original id, new story id, days shifted); story rows
    for group in _chosen(archive.groups, needed, rng):
        story = archive.stories.get(archive.articles[group[0]]["story_id"])
        new_story = None
        if story is not None:
            new_story = story["id"] + r * archive.story_stride
            anchor = story["anchor_id"] if story["anchor_id"] in group else min(group)
            stories.append((new_story, story["created_at"], anchor + r * archive.id_stride))
        shift = rng.randint(-DATE_JITTER_DAYS, DATE_JITTER_DAYS)
        copies += [(pk, new_story, shift) for pk in group]
    db.executemany(
        "INSERT INTO articles_story (id, created_at, anchor_id) VALUES (?, ?, ?)", stories
    )
    in_replica = {pk for pk, _, _ in copies}
    columns = archive.columns
    insert = (
        f"INSERT INTO articles_article ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    for start in range(0, len(copies), BATCH):
        rows = [
            _replica_article(archive, r, pk, story, shift, sources, in_replica, rng)
            for pk, story, shift in copies[start : start + BATCH]
        ]
        db.executemany(insert, [tuple(row[c] for c in columns) for row in rows])
        db.executemany(
            "INSERT INTO scale_copy (new_id, old_id, replica) VALUES (?, ?, ?)",
            [(row["id"], row["id"] - r * archive.id_stride, r) for row in rows],
        )
    return len(copies)


def _replica_article(
    archive: Archive, r: int, pk: int, story, shift, sources, in_replica, rng
) -> dict:
    from articles.ingest.pipeline import fingerprint

    row = archive.articles[pk]
    source_id, source_name = sources.get(row["source_id"], (None, None))
    partner = rng.choice(archive.by_source[row["source_id"]])
    borrowed = rng.choice(archive.units[partner][0]) if partner != pk else None
    body = vary(*archive.units[pk], borrowed, rng)
    mark = fingerprint(SimpleNamespace(source_name=source_name, title=row["title"], body=body))
    salt = 0
    while mark in archive.fingerprints:  # the same text came out twice (or without a source)
        salt += 1
        unique = f"{source_name} r{r} #{pk} {salt}"
        mark = fingerprint(SimpleNamespace(source_name=unique, title=row["title"], body=body))
    archive.fingerprints.add(mark)
    published = row["published_on"]
    if published:
        day = years_earlier(dt.date.fromisoformat(published), r)
        if row["date_precision"] == "day":  # a month or a year keeps its day 1
            day += dt.timedelta(days=shift)
        published = day.isoformat()
    appended = row["appended_to_id"]
    return dict(row) | {
        "id": pk + r * archive.id_stride,
        "body": body,
        "raw_text": body,
        "url": f"{row['url']}#r{r}" if row["url"] else None,
        "published_on": published,
        "fingerprint": mark,
        "origin": f"{row['origin']} (scale replica {r})",
        "source_id": source_id,
        # The vector of the article it was varied from: close enough for
        # relating new articles to it; search never reads it.
        "term_vector": row["term_vector"],
        "appended_to_id": appended + r * archive.id_stride if appended in in_replica else None,
        "story_id": story,
    }


def code_version() -> str:
    """The commit being measured, and whether the app's code differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    changed = git("status", "--porcelain", "--", "search", "articles", "newsarchive").splitlines()
    return git("rev-parse", "--short", "HEAD").strip() + (
        f" (+ uncommitted changes to {len(changed)} files)" if changed else ""
    )


def build_index(env: dict) -> dict:
    """`sync_index --rebuild`, timed; peak resident size of its largest process."""
    code = code_version()
    load = os.getloadavg()[0]
    started = time.perf_counter()
    output = manage(env, "sync_index", "--rebuild")
    seconds = time.perf_counter() - started
    # The largest process this one has waited for, the index workers included.
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(output.strip())
    return {
        "seconds": seconds,
        "peak_mb": peak_mb,
        "load": (load, os.getloadavg()[0]),
        "code": code,
    }


def index_size_mb(scratch: Path) -> float:
    """The live generation (the folder CURRENT names, else the index folder itself)."""
    root = scratch / "whoosh_index"
    pointer = root / "CURRENT"
    live = root / pointer.read_text(encoding="utf-8").strip() if pointer.exists() else root
    return sum(f.stat().st_size for f in live.iterdir() if f.is_file()) / 1e6


def article_count(scratch: Path) -> int:
    with sqlite3.connect(scratch / DATABASE) as db:
        return db.execute("SELECT count(*) FROM articles_article").fetchone()[0]


# -- serving and timing ------------------------------------------------------


@contextmanager
def serving(env: dict, port: int):
    with socket.socket() as probe:
        if probe.connect_ex((HOST, port)) == 0:
            raise SystemExit(f"port {port} is in use: pass --port")
    manage(env, "collectstatic", "--noinput", "-v0")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsarchive.wsgi",
            "--preload",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(bench.WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.time() + 120
        while load_mix.get(HOST, port, "/api/search?q=")[0] != 200:
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("gunicorn did not answer within 120 s")
            time.sleep(0.5)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=60)


def timed(port: int, paths: list[str], rounds: int) -> tuple[dict[str, list[float]], int]:
    """Each path `rounds` times, one request at a time: {path: [ms per round]}, errors."""
    latencies: dict[str, list[float]] = {path: [] for path in paths}
    errors = 0
    for _ in range(rounds):
        for path in paths:
            status, ms = load_mix.get(HOST, port, path)
            latencies[path].append(ms)
            errors += status != 200
    return latencies, errors


def fetch_json(port: int, path: str) -> dict:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request("GET", path)
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def search_path(q: str) -> str:
    return "/api/search?" + urllib.parse.urlencode({"q": q})


def measure_served(env: dict, scratch: Path, port: int, *, mix: bool) -> dict:
    trec, short = bench.trec_titles(), bench.short_queries(bench.DEFAULT_CORPORA[0])
    with sqlite3.connect(scratch / DATABASE) as db:
        ids = [r[0] for r in db.execute("SELECT id FROM articles_article ORDER BY id")]
        sources = [r[0] for r in db.execute("SELECT id FROM articles_source ORDER BY id")]
    articles = sorted(random.Random(SEED).sample(ids, bench.ARTICLE_SAMPLE))
    out: dict = {"load": [os.getloadavg()[0]], "code": code_version()}
    with serving(env, port) as server:
        # Warm every worker (searcher, facet arrays, lexicon) with requests outside
        # the measured set, so the first round counts each query's facets afresh.
        for source in sources[:60]:
            load_mix.get(HOST, port, f"/api/search?q=&source={source}")
        queries = {"trec": [search_path(q) for q in trec], "short": [search_path(q) for q in short]}
        for name, paths in queries.items():
            out[name] = timed(port, paths, bench.ROUNDS)
        for name, template in (("page", "/articles/{}/"), ("api", "/api/articles/{}")):
            paths = [template.format(pk) for pk in articles]
            for path in paths[:10]:
                load_mix.get(HOST, port, path)
            out[name] = timed(port, paths, bench.ROUNDS)
        out["load"].append(os.getloadavg()[0])
        by_query = {**out["trec"][0], **out["short"][0]}
        slowest = sorted(by_query, key=lambda p: statistics.median(by_query[p]), reverse=True)
        out["slowest"] = [
            (
                urllib.parse.parse_qs(urllib.parse.urlsplit(p).query)["q"][0],
                fetch_json(port, p).get("count"),
                statistics.median(by_query[p]),
            )
            for p in slowest[:SLOWEST]
        ]
        if mix:
            requests = load_mix.build_mix(
                scratch / DATABASE, trec + short, HOST, port, bench.MIX_SIZE, bench.SAMPLE_SEED
            )
            out["mix"] = [
                load_mix.run(requests, HOST, port, c, bench.MIX_SECONDS) for c in MIX_CLIENTS
            ]
        out["memory"] = load_mix.worker_memory_mb(server.pid)
        out["load"].append(os.getloadavg()[0])
    return out


# -- profile -----------------------------------------------------------------

# Steps of a search request, as functions of our code (search/engine.py as of
# 4fb358e) or of Whoosh called from a given function of ours. A sample counts
# for the innermost step on its stack, so nested steps are not counted twice.
STEPS = (
    # (label, file, functions, called from)
    ("parse and compile the query", "search/", ("parse_query", "_compile"), None),
    ("filters", "search/engine.py", ("_filter_query",), None),
    (
        "ranked search, one word (top hits, skipping blocks)",
        "whoosh/searching.py",
        ("Searcher.search",),
        "_search",
    ),
    ("ranked search, several words (scoring every match)", "search/engine.py", ("_search",), None),
    ("folding versions of the top hits", "search/engine.py", ("_folded",), None),
    (
        "match set of a one-word query (a second pass)",
        "whoosh/searching.py",
        ("Results.docs",),
        "_all_then_some",
    ),
    ("some-words fill", "search/engine.py", ("_all_then_some", "_some_words_query"), None),
    ("browsing a filter by date", "search/engine.py", ("_browse",), None),
    ("facet counting over the arrays", "search/facets.py", ("count",), None),
    ("facet arrays (a new searcher)", "search/facets.py", ("FacetColumns.read",), None),
    ("facet names (database)", "search/facets.py", ("named",), None),
    ("snippets and title highlighting", "search/highlight.py", ("snippet", "highlight_all"), None),
    ("hits: stored fields, bodies from the database", "search/engine.py", ("_hits",), None),
    ("other versions of the page's stories", "search/engine.py", ("_add_versions",), None),
    ("search_articles, the rest", "search/engine.py", ("search_articles",), None),
    ("API view: form, JSON", "search/api.py", ("search", "_hit_json"), None),
)
OTHER_STEP = "Django request and response"
# Where the CPU is: the innermost frame of a library we tell apart (the
# standard library is charged to its caller, e.g. Counter to facet counting).
LIBRARIES = (
    # Whoosh's posting lists: the leaf matchers walk and decode blocks (codec, filedb, util).
    ("Whoosh: posting lists", ("whoosh/codec", "whoosh/filedb", "whoosh/util")),
    ("Whoosh: combining, scoring, collecting", ("whoosh/matching", "whoosh/scoring",
                                                "whoosh/searching", "whoosh/collectors",
                                                "whoosh/query", "whoosh/idsets")),
    ("Whoosh: other (columns, stored fields)", ("whoosh/",)),
    ("our code (search/, articles/)", ("search/", "articles/")),
    ("Django ORM and SQLite", ("django/db/", "sqlite3/")),
    ("JSON", ("json/",)),
    ("Django, other", ("django/", "haystack/")),
)  # fmt: skip
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>.*?)(?::\d+)?\)$")


def replay(paths: list[str], rounds: int) -> None:
    """In this process: each path `rounds` times with a fresh facet cache (run under py-spy)."""
    import django

    django.setup()
    from django.test import Client

    from search import facets
    from search.engine import _backend

    before = _resident()
    started = time.perf_counter()
    searcher = _backend().searcher()
    opened = (time.perf_counter() - started) * 1000
    with_searcher = _resident()
    started = time.perf_counter()
    facets.columns_for(searcher)
    arrays = (time.perf_counter() - started) * 1000
    client = Client()
    # Outside the profiled function: URL resolver, connections, and the word
    # tables the query analysis loads on first use.
    client.get(paths[0])
    times: dict[str, list[float]] = defaultdict(list)
    counts = {}
    for _ in range(rounds):
        for path in paths:
            facets._results.clear()  # count every request's facets, as for a new query
            ms, data = _timed_request(client, path)
            times[path].append(ms)
            counts[path] = data.get("count")
    print(f"searcher opened in {opened:.0f} ms, facet arrays read in {arrays:.0f} ms")
    print(
        f"resident MB (anonymous, file): app {before}, searcher open {with_searcher}, "
        f"facet arrays and {len(paths) * rounds} requests {_resident()}"
    )
    print()
    print("| query (slowest served) | matches | in process, profiled, p50 ms |")
    print("|---|---|---|")
    for path in paths:
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["q"][0]
        print(f"| {q} | {counts[path]:,} | {statistics.median(times[path]):.0f} |")
    print(f"\nrequests: {len(paths) * rounds}", flush=True)


def _resident() -> str:
    fields = load_mix._fields(Path("/proc/self/status"))
    return f"{load_mix._kb(fields, 'RssAnon') / 1024:.0f}, {load_mix._kb(fields, 'RssFile') / 1024:.0f}"


def _timed_request(client, path: str) -> tuple[float, dict]:
    """One profiled request; the profile keeps only samples under this function."""
    started = time.perf_counter()
    response = client.get(path)
    ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return ms, response.json()


def _frames(stack: str) -> list[tuple[str, str]]:
    frames = []
    for text in stack.split(";"):
        match = FRAME.match(text)
        if match:
            frames.append((match["function"], "/" + match["file"].lstrip("/")))
    return frames


def _step(frames: list[tuple[str, str]]) -> str:
    for i in range(len(frames) - 1, -1, -1):
        function, file = frames[i]
        for label, where, functions, caller in STEPS:
            if function in functions and f"/{where}" in file:
                if caller is None or (i and frames[i - 1][0] == caller):
                    return label
    return OTHER_STEP


def _library(frames: list[tuple[str, str]]) -> tuple[str, str]:
    """(library, function) of the innermost frame of a library told apart."""
    for function, file in reversed(frames):
        for label, prefixes in LIBRARIES:
            if any(f"/{prefix}" in file for prefix in prefixes):
                return label, f"{function} ({file.rsplit('site-packages/', 1)[-1].lstrip('/')})"
    return "Python, other", ""


def profile_tables(raw: Path, requests: int) -> str:
    """py-spy's raw stacks as CPU ms per request: steps (rows) by library (columns),
    then the functions the time is in."""
    cells: dict[tuple[str, str], int] = defaultdict(int)
    functions: Counter[str] = Counter()
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = _frames(stack)
        if not any(function == "_timed_request" for function, _ in frames):
            continue
        library, function = _library(frames)
        cells[_step(frames), library] += int(count)
        functions[function] += int(count)
    ms = 1000 / SPY_RATE / requests
    libraries = [label for label, _ in LIBRARIES] + ["Python, other"]
    steps = [label for label, *_ in STEPS] + [OTHER_STEP]
    total = sum(cells.values())
    lines = [
        "| step (CPU ms per request) | " + " | ".join(libraries) + " | all | share |",
        "|---" * (len(libraries) + 3) + "|",
    ]
    for step in [*steps, "**all**"]:
        row = [
            sum(cells[s, library] for s in steps) if step == "**all**" else cells[step, library]
            for library in libraries
        ]
        if sum(row):
            cols = " | ".join(f"{n * ms:.1f}" for n in row)
            lines.append(f"| {step} | {cols} | {sum(row) * ms:.1f} | {sum(row) / total:.0%} |")
    lines += ["", "| function (innermost of Whoosh, ours, Django) | CPU ms per request | share |"]
    lines.append("|---|---|---|")
    for function, n in functions.most_common(TOP_FUNCTIONS):
        lines.append(f"| {function or 'Python, other'} | {n * ms:.1f} | {n / total:.0%} |")
    return "\n".join(lines)


def profile(env: dict, scratch: Path, queries: list[str]) -> None:
    paths = [search_path(q) for q in queries]
    listing = scratch / "profile-queries.json"
    listing.write_text(json.dumps(paths, ensure_ascii=False), encoding="utf-8")
    raw = scratch / "profile-pyspy.txt"
    spy = Path(sys.executable).with_name("py-spy")
    subprocess.run(
        [
            str(spy),
            "record",
            "--format",
            "raw",
            "--rate",
            str(SPY_RATE),
            "--output",
            str(raw),
            "--",
            sys.executable,
            __file__,
            "--scratch",
            str(scratch),
            "--replay",
            str(listing),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print()
    print(f"py-spy, {SPY_RATE} samples/s, CPU ms per request by step and library:")
    print()
    print(profile_tables(raw, len(paths) * PROFILE_ROUNDS))


# -- report ------------------------------------------------------------------


def _row(name: str, values: list[float], errors: int | str = "") -> str:
    r = load_mix.summary(values)
    return (
        f"| {name} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
        f"| {r['mean']:.1f} | {errors} |"
    )


def report(scratch: Path, built: dict | None, served: dict) -> None:
    articles = article_count(scratch)
    print()
    print(
        f"## Scale point — {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {articles:,} articles"
    )
    print()
    if built:
        print(
            "| articles | index build (`sync_index --rebuild`) | articles/s | index size | peak RSS |"
        )
        print("|---|---|---|---|---|")
        print(
            f"| {articles:,} | {built['seconds']:.1f} s | {articles / built['seconds']:.0f} "
            f"| {index_size_mb(scratch):.0f} MB | {built['peak_mb']:.0f} MB |"
        )
        before, after = built["load"]
        print(
            f"\ncode built with: {built['code']}; load average (1 min) before / after: "
            f"{before:.2f} / {after:.2f}"
        )
    else:
        print(f"index size: {index_size_mb(scratch):.0f} MB (build skipped)")
    print()
    print(
        f"| request, 1 client, gunicorn {bench.WORKERS} workers | requests | p50 ms | p95 ms "
        "| p99 ms | mean ms | errors |"
    )
    print("|---|---|---|---|---|---|---|")
    (trec, trec_errors), (short, short_errors) = served["trec"], served["short"]
    every = {**trec, **short}
    rows = [
        (f"`/api/search`, TREC titles ({len(trec)})", sum(trec.values(), []), trec_errors),
        (f"`/api/search`, 1–2 word queries ({len(short)})", sum(short.values(), []), short_errors),
        (f"`/api/search`, all {len(every)}", sum(every.values(), []), trec_errors + short_errors),
        (f"`/api/search`, all {len(every)}, first round", [v[0] for v in every.values()], ""),
    ]
    for name, label in (("page", "article page"), ("api", "`/api/articles/<id>`")):
        latencies, errors = served[name]
        rows.append((f"{label} ({len(latencies)} articles)", sum(latencies.values(), []), errors))
    for row in rows:
        print(_row(*row))
    print(f"\ncode served: {served['code']}")
    load = served["load"]
    print(
        "\nload average (1 min) before / after the single-client runs / after the mix: "
        + " / ".join(f"{x:.2f}" for x in load)
    )
    print()
    print("| slowest queries (by their p50) | matches | p50 ms |")
    print("|---|---|---|")
    for q, count, ms in served["slowest"][:10]:
        print(f"| {q} | {count if count is None else f'{count:,}'} | {ms:.1f} |")
    if "mix" in served:
        bench.print_load(served["mix"], served["memory"])
    else:
        print()
        for n, m in enumerate(served["memory"], 1):
            print(
                f"worker {n}: peak {m['peak']:.0f} MB, private {m['private']:.0f} MB, PSS {m['pss']:.0f} MB"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=int, default=TARGET, help="articles in the scale archive")
    parser.add_argument("--scratch", type=Path, default=SCRATCH, help="its data dir")
    parser.add_argument(
        "--source", type=Path, default=BENCH_ARCHIVE, help="data dir of `make bench`"
    )
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument(
        "--skip-build", action="store_true", help="serve the scratch archive as it is"
    )
    parser.add_argument("--no-mix", action="store_true", help="skip the reader's mix")
    parser.add_argument("--profile", action="store_true", help="profile the slowest queries")
    parser.add_argument(
        "--profile-only", action="store_true", help="profile the slowest queries of the last run"
    )
    parser.add_argument("--replay", type=Path, help=argparse.SUPPRESS)  # the profiled child
    args = parser.parse_args()
    scratch = args.scratch.resolve()
    env = scratch_env(scratch)
    os.environ.update(env)
    if args.replay:
        replay(json.loads(args.replay.read_text(encoding="utf-8")), PROFILE_ROUNDS)
        return

    results = scratch / "scale-results.json"
    if args.profile_only:
        slowest = json.loads(results.read_text(encoding="utf-8"))["served"]["slowest"]
        profile(env, scratch, [q for q, _, _ in slowest])
        return

    built = None
    if not args.skip_build:
        print(f"copying {args.source / DATABASE} to {scratch}", flush=True)
        copy_archive(args.source.resolve(), scratch)
        manage(env, "migrate", "--noinput", "-v0")
        import django

        django.setup()
        started = time.perf_counter()
        counts = replicate(scratch / DATABASE, target=args.target, seed=SEED)
        print(f"replicated in {time.perf_counter() - started:.1f} s: {counts}", flush=True)
        built = build_index(env)
    served = measure_served(env, scratch, args.port, mix=not args.no_mix)
    results.write_text(
        json.dumps({"built": built, "served": served}, ensure_ascii=False), encoding="utf-8"
    )
    report(scratch, built, served)
    if args.profile:
        profile(env, scratch, [q for q, _, _ in served["slowest"]])


if __name__ == "__main__":
    main()
