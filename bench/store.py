"""Store reads at scale: how long each browse read takes on a store of N made-up articles, SQLite and PostgreSQL.

Finds reads that grow with the store instead of with the page (a query that recomputes per row what an index
should hold: PostgreSQL's full text once took seconds on a common word at 10,000 articles). Articles are
random draws from a small vocabulary, three per story, with a copy and five entities per story, so common
words match most articles; the numbers are milliseconds of one read each, for comparing runs on one machine.
Every article also gets the clustering features `ingest` stores (a random 384-dimension lead vector), written
in `ingest`'s batches, so the reads an `ingest` starts with are timed too: finding the vectors another model
made (none here), and restoring the story index from them.

    python bench/store.py [--articles 10000] [--pg postgresql://USER@HOST/DB]

`--pg` takes a database it may fill (use a throwaway one: `bash scripts/postgres.sh` prints a server's URL).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from newsweave.models import (  # noqa: E402
    Article,
    ArticleFeatures,
    Derivation,
    Dossier,
    Entity,
    Story,
    StoryQuery,
    VectorEncoder,
)
from newsweave.store import Store, open_store  # noqa: E402

WORDS = ("harbour strike museum glacier ferry council budget river flood election minister court ruling vaccine "
         "school bridge train airport").split()
PER_STORY = 3
BATCH_STORIES = 200
DIMENSIONS = 384
"""Of MiniLM's lead vectors, as `ingest` stores them."""
ENCODER = VectorEncoder("minilm-int8", "minilm-int8-0123456789ab")
"""The model the store is told made the vectors (they are random: no model runs)."""


def made_up_run(first: int, stories: int, rng: random.Random) -> Dossier:
    articles, grouped, entities, copies = [], [], [], []
    for s in range(first, first + stories):
        day = f"2031-{1 + s % 12:02d}-{1 + s % 28:02d}"
        ids = [f"a{s}_{k}" for k in range(PER_STORY)]
        for article_id in ids:
            text = " ".join(rng.choice(WORDS) for _ in range(300)) + f" token{s}"
            articles.append(Article(id=article_id, title=f"Story {s} {article_id}", outlet=f"Outlet {rng.randint(0, 40)}",
                                    text=text, published=day, story=f"s{s}",
                                    content_hash=hashlib.sha256(text.encode()).hexdigest()))
        grouped.append(Story(id=f"s{s}", title=f"Story {s}", articles=ids, span=day))
        entities += [Entity(id=f"E{s}_{j}", name=f"Person {rng.randint(0, 500)}", type="PERSON", sources=ids[:1])
                     for j in range(5)]
        copies.append(Derivation(source=ids[0], derived=ids[1], share=0.7))
    return Dossier(articles=articles, stories=grouped, entities=entities, derivations=copies)


def fill(store: Store, articles: int) -> float:
    rng = random.Random(1)
    stories = articles // PER_STORY
    start = time.perf_counter()
    for first in range(0, stories, BATCH_STORIES):
        store.save_run(made_up_run(first, min(BATCH_STORIES, stories - first), rng))
    return time.perf_counter() - start


def features(run: Dossier, rng: np.random.Generator) -> list[ArticleFeatures]:
    """Made-up clustering features of the run's articles, in their order."""
    vectors = rng.standard_normal((len(run.articles), DIMENSIONS)).astype(np.float32)
    return [
        ArticleFeatures(id=article.id, title=article.title or "", day=str(article.published.first), keys=("person 1",),
                        vector=vector / np.linalg.norm(vector), minhash=rng.integers(0, 2**63, 128, dtype=np.uint64))
        for article, vector in zip(run.articles, vectors, strict=True)
    ]


def fill_features(store: Store, articles: int) -> float:
    """The same articles grouped as `ingest` stores them, a batch of stories per transaction."""
    rng, vectors = random.Random(1), np.random.default_rng(1)
    stories = articles // PER_STORY
    start = time.perf_counter()
    for first in range(0, stories, BATCH_STORIES):
        run = made_up_run(first, min(BATCH_STORIES, stories - first), rng)
        store.save_clustered(run.articles, features(run, vectors), run.stories, ENCODER)
    return time.perf_counter() - start


def reads(store: Store, stories: int) -> dict[str, Callable[[], object]]:
    """Each read once; the deep page and the story are from the middle of the store."""
    middle = stories // 2
    return {
        "list stories": lambda: store.list_stories(StoryQuery()),
        "list, deep page": lambda: store.list_stories(StoryQuery(offset=middle)),
        "count stories": lambda: store.count_stories(StoryQuery()),
        "q rare word": lambda: store.list_stories(StoryQuery(q="token77 glacier")),
        "q common word": lambda: store.list_stories(StoryQuery(q="glacier")),
        "count, common": lambda: store.count_stories(StoryQuery(q="glacier")),
        "outlet filter": lambda: store.list_stories(StoryQuery(outlet="Outlet 3")),
        "entity filter": lambda: store.list_stories(StoryQuery(entity="PERSON:person 7")),
        "story dossier": lambda: store.story_dossier(f"s{middle}"),
        "search articles": lambda: store.search_articles("glacier"),
        "entity": lambda: store.entity("PERSON:person 7"),
        "entity keys": lambda: store.entity_keys("person 1"),
        "outlet": lambda: store.outlet("Outlet 3"),
        "outlets": lambda: store.outlets(),
        "story features": lambda: store.story_features(ENCODER),
        "stale vectors": lambda: store.stale_vectors(ENCODER),
    }


def measure(name: str, db: str, articles: int) -> None:
    with open_store(db) as store:
        print(f"{name}: wrote {articles} articles in {fill(store, articles):.1f} s")
        print(f"{name}: grouped them as ingest does in {fill_features(store, articles):.1f} s")
        for label, read in reads(store, articles // PER_STORY).items():
            best = min(_timed(read) for _ in range(3))
            print(f"  {label:16} {best * 1000:8.1f} ms")


def _timed(read: Callable[[], object]) -> float:
    start = time.perf_counter()
    read()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--pg", help="a throwaway PostgreSQL database URL to measure too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", str(Path(folder) / "bench.db"), args.articles)
    if args.pg:
        measure("PostgreSQL", args.pg, args.articles)


if __name__ == "__main__":
    main()
