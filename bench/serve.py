"""`newsweave serve` under load: requests/s and p95 latency of the story list and of a story page on a store of
10,000 articles, with SQLite and (given a server) PostgreSQL; and the time to ingest 1,000 articles through
the API (`POST /api/ingest` until its job is done).

The store is made from real text without the NLP pipeline: `bench/realtext.py` recombines the sentences of
the ECB+ dev articles (read at bench time, never copied into the repository); every ten articles of one ECB+
story make a stored story, written through the store's own API (`save_run`) with a synthetic dossier: a brief
of its leads, and its sentences as statements supported by the same sentence in its other articles (the
recombination shares sentences), so story and article pages have citations and anchors to render.

The server is the real command (`python -m newsweave.cli serve`) in its own process; the load comes from
threads of this process, each with its own HTTP client. Numbers depend on the machine and its load: compare
runs side by side, never with a threshold.

    python bench/serve.py [--articles 10000] [--seconds 10] [--clients 4] [--ingest 1000]
                          [--pg postgresql://USER@HOST/NAME | --pg start] [--no-sqlite]

`--pg start` starts the project's throwaway PostgreSQL (scripts/postgres.sh); the bench makes a database of
its own on that server and drops it afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.realtext import by_story, ecb_records, recombined  # noqa: E402
from newsweave.models import Article, BriefLine, Dossier, Statement, Story, Support  # noqa: E402
from newsweave.store import open_store  # noqa: E402

PER_STORY = 10
BRIEF_LINES = 5
RUN_STORIES = 100
"""Stories written per `save_run` (one transaction each)."""
TOKEN = "bench-token"


def real_text(total: int, seed: int) -> list[dict]:
    """`total` distinct articles over the ECB+ stories, each story's share as large as its sentences allow:
    stories are filled smallest first, and what a small story cannot make (its few short members have few
    distinct recombinations) goes to the larger ones."""
    groups = by_story(ecb_records())
    pool = {key: sum(len(m["text"].splitlines()) for m in members) for key, members in groups.items()}
    order = sorted(groups, key=lambda key: (pool[key], key))
    rng = random.Random(seed)
    made: list[dict] = []
    taken: set[str] = set()
    for i, key in enumerate(order):
        share = (total - len(made)) * pool[key] // sum(pool[k] for k in order[i:])
        while True:
            try:
                batch = recombined(groups[key], share, rng, taken)
                break
            except ValueError:
                share //= 2
        taken |= {record["text"] for record in batch}
        made += batch
    return made


def article(record: dict, story: str) -> Article:
    text = record["text"]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(
        id=digest[:12], content_hash=digest, text=text, title=record.get("title"), outlet=record.get("outlet"),
        url=record.get("url"), published=record.get("published") or None, story=story,
        published_reason="given with the input (bench)",
    )


def statements(articles: list[Article]) -> list[Statement]:
    """Each line of each article, supported by the same line in the story's other articles."""
    where: dict[str, list[tuple[str, int]]] = {}
    spans: list[tuple[Article, int, int, int, str]] = []
    for a in articles:
        start = 0
        for index, line in enumerate(a.text.split("\n")):
            spans.append((a, index, start, start + len(line), line))
            where.setdefault(line, []).append((a.id, index))
            start += len(line) + 1
    made = []
    for a, index, start, end, line in spans:
        support = [Support(article=other, sentence=i, text=line, similarity=1.0)
                   for other, i in where[line] if other != a.id]
        made.append(Statement(id=f"{a.id}:{index}", article=a.id, sentence=index, start=start, end=end, text=line,
                              supported_by=support, sources=[a.id, *(s.article for s in support)]))
    return made


def story_dossiers(records: list[dict]) -> Iterator[Dossier]:
    """Every PER_STORY consecutive articles of one ECB+ story as a stored story with a synthetic dossier."""
    groups: dict[str, list[dict]] = {}
    for record in records:
        groups.setdefault(record["story"], []).append(record)
    for key, members in sorted(groups.items()):
        for part in range(0, len(members), PER_STORY):
            story_id = f"bench-{key}-{part // PER_STORY}"
            articles = [article(r, story_id) for r in members[part : part + PER_STORY]]
            said = statements(articles)
            leads = [s for s in said if s.sentence == 0][:BRIEF_LINES]
            yield Dossier(
                articles=articles,
                stories=[Story(id=story_id, title=articles[0].title or story_id, articles=[a.id for a in articles])],
                brief=[BriefLine(text=s.text, sources=s.sources) for s in leads],
                statements=said,
            )


def build_store(db: str, records: list[dict]) -> tuple[float, list[str]]:
    """Seconds to write the store, and its story ids."""
    started = time.perf_counter()
    stories: list[str] = []
    batch: list[Dossier] = []
    with open_store(db) as store:
        for dossier in story_dossiers(records):
            batch.append(dossier)
            stories.append(dossier.stories[0].id)
            if len(batch) == RUN_STORIES:
                store.save_run(merged(batch))
                batch = []
        if batch:
            store.save_run(merged(batch))
    return time.perf_counter() - started, stories


def merged(dossiers: list[Dossier]) -> Dossier:
    return Dossier(
        articles=[a for d in dossiers for a in d.articles],
        stories=[s for d in dossiers for s in d.stories],
        brief=[b for d in dossiers for b in d.brief],
        statements=[s for d in dossiers for s in d.statements],
    )


@contextmanager
def server(db: str) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NEWSWEAVE_TOKEN": TOKEN, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsweave.cli", "serve", "--db", db, "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"{base}/api/stories?limit=1", timeout=5).raise_for_status()
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"newsweave serve did not start: {process.stderr.read().decode()[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def load(base: str, paths: list[str], seconds: float, clients: int) -> tuple[float, float, float, int]:
    """(requests/s, median ms, p95 ms, errors) of `clients` threads requesting random `paths` for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                status = client.get(rng.choice(paths)).status_code
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    errors[0] += status != 200

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("nan")
    median = ordered[len(ordered) // 2] if ordered else float("nan")
    return len(ordered) / elapsed, median * 1000, p95 * 1000, errors[0]


def ingest(base: str, records: list[dict]) -> tuple[float, dict]:
    """Seconds from POST /api/ingest to its job being done, and the job."""
    body = {"articles": [{k: r.get(k) for k in ("id", "title", "text", "published", "outlet", "url")} for r in records]}
    started = time.perf_counter()
    job = httpx.post(f"{base}/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=600).json()
    while job.get("stage") not in ("done", "failed", None):
        time.sleep(0.5)
        job = httpx.get(f"{base}/api/jobs/{job['id']}", timeout=60).json()
    return time.perf_counter() - started, job


def run(name: str, db: str, stored: list[dict], fresh: list[dict], args: argparse.Namespace) -> None:
    took, stories = build_store(db, stored)
    print(f"[{name}] store: {len(stored)} articles in {len(stories)} stories written in {took:.1f} s")
    rng = random.Random(1)
    with server(db) as base:
        pages = {
            "story list  GET /": ["/"],
            "story list  GET /api/stories": ["/api/stories"],
            "story page  GET /stories/{id}": [f"/stories/{s}" for s in rng.sample(stories, min(200, len(stories)))],
            "dossier     GET /api/stories/{id}": [f"/api/stories/{s}" for s in rng.sample(stories, min(200, len(stories)))],
        }
        for label, paths in pages.items():
            rate, median, p95, errors = load(base, paths, args.seconds, args.clients)
            print(f"[{name}] {label:36} {rate:7.1f} req/s  median {median:7.1f} ms  p95 {p95:7.1f} ms"
                  f"  ({args.clients} clients, {args.seconds:.0f} s, {errors} errors)")
        if fresh:
            seconds, job = ingest(base, fresh[:1])
            print(f"[{name}] warm-up ingest of 1 article (the server loads spaCy and MiniLM): {seconds:.1f} s")
            fresh = fresh[1:]
            seconds, job = ingest(base, fresh)
            print(f"[{name}] ingest {len(fresh)} articles via POST /api/ingest: {seconds:.1f} s "
                  f"({len(fresh) / seconds:.1f} articles/s; job {job.get('stage')}, added {job.get('added')}, "
                  f"{len(job.get('stories', []))} stories touched{'; ' + job['error'] if job.get('error') else ''})")


@contextmanager
def postgres(url: str) -> Iterator[str]:
    """A database of the bench's own on the server `url` names (`start`: the project's throwaway server)."""
    import psycopg

    started = url == "start"
    script = ["bash", str(ROOT / "scripts" / "postgres.sh")]
    if started:
        url = subprocess.run(script, check=True, capture_output=True, text=True).stdout.strip()
    name = f"newsweave_bench_{os.getpid()}"
    admin = psycopg.conninfo.make_conninfo(url.replace("postgresql+psycopg://", "postgresql://"), dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if started:
            subprocess.run([*script, "stop"], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the store (default: %(default)s)")
    parser.add_argument("--ingest", type=int, default=1_000, help="articles ingested through the API (0: skip)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of load per page (default: %(default)s)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default: %(default)s)")
    parser.add_argument("--pg", metavar="URL", help="also on PostgreSQL: a server URL, or `start` (scripts/postgres.sh)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the `finally` blocks: stop the server process
    records = real_text(args.articles + args.ingest + (args.ingest > 0), seed=7)
    random.Random(7).shuffle(records)
    stored, fresh = records[: args.articles], records[args.articles :]
    print(f"bench/serve.py: {args.articles} stored articles (ECB+ dev sentences recombined), {PER_STORY} per story; "
          f"{args.clients} clients x {args.seconds:.0f} s per page; ingest {len(fresh)} articles; python {sys.version.split()[0]}")
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="newsweave-bench-") as folder:
            run("sqlite", str(Path(folder) / "store.db"), stored, fresh, args)
    if args.pg:
        with postgres(args.pg) as url:
            run("postgresql", url, stored, fresh, args)


if __name__ == "__main__":
    main()
