"""Within-story cost: `analyze_articles` on one story of 50, 200 and 800 articles next to a bare spaCy parse.

Usage: PYTHONPATH=. nice -n 10 .venv/bin/python bench/linking.py [--sizes 50,200,800] [--pairs 3,2,1]
       [--topic 1] [--profile]

Why this input: linking compares the articles of one story with each other, so its cost per article can only
be seen growing (or not) on one big story. The articles are made at bench time from the real sentences of one
ECB+ dev topic (`../shared/eval/ecbplus-dev/articles.jsonl`, never copied into the repo): each keeps the
title, date and first sentences of a real article of the topic and goes on with sentences drawn from the
topic's other articles, so a bigger story repeats its facts in more and more outlets' wordings, as a running
story does. All articles are given as one story (clustering would split the topic's two events).

Each size runs A B A B ... (`pairs` times): A is `analyze_articles` (parse, embeddings, every linking stage,
no report writing), B a bare `nlp.pipe` of the same texts, in the same process, so the load of the shared
machine hits both alike. Printed per size: the wall and CPU ratio A/B (min/median/max over the pairs), the
CPU seconds per article of A divided by B's, and the peak extra memory of A (resident set sampled while it
runs, minus what the process held before). Read the growth column: per-article cost ratio at this size
over the one at the previous size (target: < 1.3 per 4x). `--profile` prints the top functions of one A run.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import re
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsweave.app.pipeline import analyze_articles, prepare_articles
from newsweave.models import Article, RawDocument, Story
from newsweave.nlp.models import Models, load_models

EVAL = ROOT.parent / "shared" / "eval" if (ROOT.parent / "shared" / "eval").exists() else Path("/work/shared/eval")
ECB = EVAL / "ecbplus-dev" / "articles.jsonl"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
LEAD_SENTENCES = 2
DRAWN_SENTENCES = (5, 9)
"""Sentences drawn from the topic after the lead: ECB+ articles are short (about ten sentences)."""


def topic_articles(topic: int) -> list[dict]:
    with ECB.open(encoding="utf-8") as lines:
        return [row for row in map(json.loads, lines) if row["topic"] == topic]


def one_story(rows: list[dict], size: int, seed: int) -> list[RawDocument]:
    """`size` distinct articles of one story from the sentences of one topic (see the module docstring)."""
    rng = random.Random(seed)
    split = [[s for s in SENTENCE_END.split(row["text"].replace("\n", " ")) if s.strip()] for row in rows]
    pool = [s for sentences in split for s in sentences[LEAD_SENTENCES:]]
    docs = []
    for n in range(size):
        k = n % len(rows)
        body = split[k][:LEAD_SENTENCES] + rng.sample(pool, min(len(pool), rng.randint(*DRAWN_SENTENCES)))
        docs.append(
            RawDocument(
                source=f"bench-{n}", text="\n\n".join(body), title=rows[k]["title"],
                published=rows[k]["published"], outlet=f"outlet{n}.example", source_id=f"a{n}",
            )
        )
    return docs


class PeakMemory:
    """Peak resident set of this process while the block runs, minus the resident set before it."""

    def __enter__(self) -> Self:
        self.start = self.peak = _rss()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, _rss())
            time.sleep(0.05)

    def __exit__(self, *_: object) -> None:
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, _rss())

    @property
    def extra_mb(self) -> float:
        return (self.peak - self.start) / 1024


def _rss() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def timed(run: Callable[[list[Article], Models], None], articles: list[Article], models: Models) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run(articles, models)
    return time.perf_counter() - wall, time.process_time() - cpu


def linking(articles: list[Article], models: Models) -> None:
    story = Story(id="story-bench", title=articles[0].title or "", articles=[a.id for a in articles])
    analyze_articles(articles, models, stories=[story])


def bare_parse(articles: list[Article], models: Models) -> None:
    for _ in models.nlp.pipe(a.text for a in articles):
        pass


def spread(values: list[float]) -> str:
    return f"{min(values):5.2f} / {statistics.median(values):5.2f} / {max(values):5.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,800")
    parser.add_argument("--pairs", default="3,2,1", help="A/B pairs per size (one number per size)")
    parser.add_argument("--topic", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="profile one run of the first size instead")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    pairs = [int(p) for p in args.pairs.split(",")]
    pairs += [pairs[-1]] * (len(sizes) - len(pairs))
    rows = topic_articles(args.topic)
    models = load_models()
    if args.profile:
        articles, _ = prepare_articles(one_story(rows, sizes[0], seed=sizes[0]))
        profiler = cProfile.Profile()
        profiler.runcall(linking, articles, models)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return
    bare_parse(prepare_articles(one_story(rows, 10, seed=0))[0], models)  # warm both sides up
    print(f"one story from ECB+ topic {args.topic} ({len(rows)} real articles); A = analyze_articles, B = nlp.pipe")
    print("size  pairs  wall A/B min/med/max     CPU A/B min/med/max     CPU/article A/B  growth  A peak extra MB")
    previous = None
    for size, count in zip(sizes, pairs, strict=True):
        articles, _ = prepare_articles(one_story(rows, size, seed=size))
        walls, cpus, peaks = [], [], []
        for _ in range(count):
            with PeakMemory() as memory:
                a_wall, a_cpu = timed(linking, articles, models)
            b_wall, b_cpu = timed(bare_parse, articles, models)
            walls.append(a_wall / b_wall)
            cpus.append(a_cpu / b_cpu)
            peaks.append(memory.extra_mb)
        per_article = statistics.median(cpus)
        growth = f"{per_article / previous:6.2f}" if previous else "     -"
        previous = per_article
        print(
            f"{len(articles):4d}  {count:5d}  {spread(walls)}   {spread(cpus)}   {per_article:15.2f}  {growth}"
            f"  {max(peaks):15.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
