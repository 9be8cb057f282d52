"""The request mix of `make bench` and the clients that send it (used by tools/bench.py).

A reader's session, roughly: searches (TREC titles and short queries), a
facet click on a result list, article pages and their API, person and place
pages. Every URL is built once from the scratch archive, with a fixed seed,
so two runs send the same requests. Clients are threads in this process,
each with its own keep-alive-free HTTP connection per request, on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import random
import sqlite3
import statistics
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

# Share of each kind of request in the mix (out of 100).
WEIGHTS = {"search": 40, "facet click": 15, "article page": 20, "article API": 10, "person/place page": 15}


def get(host: str, port: int, path: str) -> tuple[int, float]:
    conn = http.client.HTTPConnection(host, port, timeout=60)
    started = time.perf_counter()
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0  # refused, reset or timed out: an error like any other
    finally:
        conn.close()
    return status, (time.perf_counter() - started) * 1000


def build_mix(database: Path, queries: list[str], host: str, port: int, size: int, seed: int):
    """[(kind, path)] of `size` requests in the WEIGHTS proportions, shuffled."""
    rng = random.Random(seed)
    with sqlite3.connect(database) as db:
        articles = [r[0] for r in db.execute("SELECT id FROM articles_article")]
        people = [r[0] for r in db.execute(
            "SELECT person_id FROM articles_personmention GROUP BY person_id HAVING count(*) >= 3"
        )]
        places = [r[0] for r in db.execute(
            "SELECT place_id FROM articles_placemention GROUP BY place_id HAVING count(*) >= 3"
        )]
    clicks = _facet_clicks(queries[:40], host, port)
    pick = {
        "search": lambda: "/api/search?" + urllib.parse.urlencode({"q": rng.choice(queries)}),
        "facet click": lambda: rng.choice(clicks),
        "article page": lambda: f"/articles/{rng.choice(articles)}/",
        "article API": lambda: f"/api/articles/{rng.choice(articles)}",
        "person/place page": lambda: (
            f"/people/{rng.choice(people)}/" if rng.random() < 0.5 else f"/places/{rng.choice(places)}/"
        ),
    }
    mix = []
    for kind, weight in WEIGHTS.items():
        mix += [(kind, pick[kind]()) for _ in range(size * weight // 100)]
    rng.shuffle(mix)
    return mix


def _facet_clicks(queries: list[str], host: str, port: int) -> list[str]:
    """What a reader clicks after a search: the top person, place or source of its facets."""
    clicks = []
    for q in queries:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        conn.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q}))
        data = json.loads(conn.getresponse().read())
        conn.close()
        for facet, param in (("people", "person"), ("places", "place"), ("sources", "source")):
            values = data.get("facets", {}).get(facet) or []
            if values:
                clicks.append("/search/?" + urllib.parse.urlencode({"q": q, param: values[0]["id"]}))
    return clicks or ["/search/?q="]


def run(mix, host: str, port: int, clients: int, seconds: float) -> dict:
    """`clients` threads send the mix round-robin for `seconds`; latencies by kind, errors, rate."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(offset: int) -> None:
        nonlocal errors
        i = offset
        while time.perf_counter() < stop:
            kind, path = mix[i % len(mix)]
            status, ms = get(host, port, path)
            with lock:
                latencies[kind].append(ms)
                errors += status != 200
            i += clients

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done = sum(len(v) for v in latencies.values())
    return {"clients": clients, "requests": done, "rate": done / elapsed, "errors": errors,
            "latencies": dict(latencies)}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "mean": statistics.fmean(values),
    }


def worker_memory_mb(master_pid: int) -> list[dict]:
    """Memory of each gunicorn worker (the master's children), in MB.

    peak: VmHWM, the most resident at once, counting pages shared with the
    master (the app is preloaded, so the word tables are shared); private:
    pages this worker alone holds now; pss: its fair share of the shared ones.
    """
    workers = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = _fields(status)
            if fields.get("PPid") != str(master_pid) or "VmHWM" not in fields:
                continue
            rollup = _fields(status.with_name("smaps_rollup"))
        except OSError:
            continue
        workers.append({
            "peak": _kb(fields, "VmHWM") / 1024,
            "private": (_kb(rollup, "Private_Clean") + _kb(rollup, "Private_Dirty")) / 1024,
            "pss": _kb(rollup, "Pss") / 1024,
        })
    return sorted(workers, key=lambda w: w["peak"])


def _kb(fields: dict[str, str], name: str) -> int:
    return int(fields.get(name, "0 kB").split()[0])


def _fields(path: Path) -> dict[str, str]:
    return {
        key.strip(): value.strip()
        for key, value in (line.split(":", 1) for line in path.read_text().splitlines() if ":" in line)
    }
