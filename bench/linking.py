"""Within-story cost: `analyze_articles` on one story of 50, 200 and 800 articles next to a bare spaCy parse.

Usage: PYTHONPATH=. nice -n 10 .venv/bin/python bench/linking.py [--sizes 50,200,800] [--pairs 3,2,1]
       [--profile]

Why this input: linking compares the articles of one story with each other, so its cost per article can only
be seen growing (or not) on one big story. The articles are the ECB+ dev set's largest story recombined at
bench time (`bench/realtext.one_story`: real sentences, never copied into the repo), so a bigger story repeats
its facts in more and more outlets' wordings and copies, as a running story does. All articles are given as
one story, so linking sees them together whatever clustering would say.

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
import pstats
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.realtext import one_story
from newsweave.app.pipeline import analyze_articles, prepare_articles
from newsweave.models import Article, RawDocument, Story
from newsweave.nlp.models import Models, load_models


def story_articles(size: int) -> list[Article]:
    """One story of `size` cleaned articles (see the module docstring)."""
    records = one_story(size, seed=size)
    raws = [
        RawDocument(
            source=r["id"], text=r["text"], title=r["title"], published=r["published"], outlet=r["outlet"],
            url=r["url"], source_id=r["id"],
        )
        for r in records
    ]
    return prepare_articles(raws)[0]


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


def ab_pairs(
    run_a: Callable[[list[Article], Models], None],
    run_b: Callable[[list[Article], Models], None],
    articles: list[Article],
    models: Models,
    pairs: int,
) -> tuple[list[float], list[float], list[float]]:
    """A B A B ...: wall and CPU ratios A/B of each pair, and A's peak extra memory (MB) in each."""
    walls, cpus, peaks = [], [], []
    for _ in range(pairs):
        with PeakMemory() as memory:
            a_wall, a_cpu = timed(run_a, articles, models)
        b_wall, b_cpu = timed(run_b, articles, models)
        walls.append(a_wall / b_wall)
        cpus.append(a_cpu / b_cpu)
        peaks.append(memory.extra_mb)
    return walls, cpus, peaks


def spread(values: list[float]) -> str:
    return f"{min(values):5.2f} / {statistics.median(values):5.2f} / {max(values):5.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,800")
    parser.add_argument("--pairs", default="3,2,1", help="A/B pairs per size (one number per size)")
    parser.add_argument("--profile", action="store_true", help="profile one run of the first size instead")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    pairs = [int(p) for p in args.pairs.split(",")]
    pairs += [pairs[-1]] * (len(sizes) - len(pairs))
    models = load_models()
    if args.profile:
        articles = story_articles(sizes[0])
        profiler = cProfile.Profile()
        profiler.runcall(linking, articles, models)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return
    bare_parse(story_articles(10), models)  # warm both sides up
    print("one story (ECB+ dev's largest, recombined); A = analyze_articles, B = nlp.pipe of the same texts")
    print("size  pairs  wall A/B min/med/max     CPU A/B min/med/max     CPU/article A/B  growth  A peak extra MB")
    previous = None
    for size, count in zip(sizes, pairs, strict=True):
        articles = story_articles(size)
        walls, cpus, peaks = ab_pairs(linking, bare_parse, articles, models, count)
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
