"""Throughput: articles per second end to end next to a bare spaCy parse of the same texts, peak memory,
and story-clustering time at 1k, 10k and 100k articles.

Usage: .venv/bin/python bench/throughput.py [--sizes 1000,10000,100000] [--repeat 1]

1. End to end: the real articles of examples/kim-beijing-parade and eval/stories/corpus.jsonl (gold
   format: see bench/stories.py) are cleaned and run through the full pipeline (`prepare_articles` +
   `analyze_articles`: parse, embeddings, story clustering, every linking stage, no report writing). In
   the same run the same cleaned texts go through a bare `nlp.pipe`; the ratio of the two rates is the
   figure to watch, since absolute rates depend on the machine (2 shared cores here).
2. Clustering at scale: synthetic articles whose text recombines real sentences of those articles (for the
   MinHash signatures: an event's members share lead sentences, the rest are real sentences with shuffled words), grouped into synthetic events of 1-9 articles; twice: every size spread over one
   year (so the daily volume grows tenfold with each size), and at a constant daily volume (the period
   grows with the size, as a crawl or a daily ingest does). Embedding 100k texts
   on 2 cores would take hours, so each article's vector is its event's vector plus noise, around one of a
   few topic centres (so different events of one kind are close, as in real news), and its entity keys
   are its event's own names plus common names drawn from the real articles. Only `StoryIndex` is timed;
   features are made beforehand. B-cubed F1 against the synthetic events is printed as a sanity check.
Peak memory is the process's maximum resident set size (getrusage).

Reading the growth curve: an article scores at most `max_candidates` stories, so the work per article is
bounded. At a constant daily volume (the situation of a crawl or a daily ingest) the time per article stays
flat from 1k to 100k. With all sizes squeezed into one year, ten times more stories share each day at each
step, and the work per article rises until the candidate cap is reached.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.stories import OWN_CORPUS, b_cubed, read_gold  # noqa: E402
from newsweave.app.pipeline import analyze_articles, prepare_articles  # noqa: E402
from newsweave.ingest.files import read_paths  # noqa: E402
from newsweave.lang import for_language  # noqa: E402
from newsweave.models import (
    Article,  # noqa: E402
    ArticleFeatures,  # noqa: E402
)
from newsweave.nlp.models import Models, load_models  # noqa: E402
from newsweave.settings import StorySettings  # noqa: E402
from newsweave.story.clustering import StoryIndex  # noqa: E402
from newsweave.story.dedup import signature  # noqa: E402
from newsweave.story.features import entity_key  # noqa: E402

EXAMPLE = ROOT / "examples" / "kim-beijing-parade"
DIMENSIONS = 384
TOPICS = 12
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def real_articles() -> list[Article]:
    raws, _ = read_paths([str(EXAMPLE)])
    raws += [document for document, _ in read_gold(OWN_CORPUS)]
    articles, _ = prepare_articles(raws)
    return articles


def end_to_end(articles: list[Article], models: Models, repeat: int) -> None:
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _ in range(repeat):
        for _ in models.nlp.pipe(texts, batch_size=16):
            pass
    bare = (time.perf_counter() - start) / repeat
    start = time.perf_counter()
    for _ in range(repeat):
        analyze_articles([a.model_copy(deep=True) for a in articles], models)
    full = (time.perf_counter() - start) / repeat
    n = len(articles)
    print(f"end to end on {n} real articles ({words} words), mean of {repeat} run(s):")
    print(f"  bare spaCy nlp.pipe        {n / bare:8.2f} articles/s  ({bare:.2f} s)")
    print(f"  newsweave analyze (full)   {n / full:8.2f} articles/s  ({full:.2f} s)")
    print(f"  ratio full / bare spaCy    {full / bare:8.2f}x the time of a bare parse")


def synthetic_features(size: int, articles: list[Article], models: Models, days: int, seed: int = 11) -> tuple[
    list[ArticleFeatures], dict[str, str]
]:
    rng = np.random.default_rng(seed)
    sentences = [s for a in articles for s in _SENTENCE_END.split(" ".join(a.text.split())) if len(s) > 40]
    common = sorted({entity_key(e, for_language("en")) for a in articles[:20] for e in models.nlp(a.text).ents
                     if e.label_ in {"GPE", "ORG", "NORP"}})
    topics = _unit(rng.normal(size=(TOPICS, DIMENSIONS)))
    features: list[ArticleFeatures] = []
    gold: dict[str, str] = {}
    event = 0
    while len(features) < size:
        event += 1
        members = int(rng.integers(1, 10))
        centre = _unit(topics[rng.integers(TOPICS)] + 0.8 * _unit(rng.normal(size=DIMENSIONS)))
        own = [f"person {event}", f"town {event}", f"company {event}"]
        lead = [sentences[i] for i in rng.integers(len(sentences), size=3)]
        first_day = int(rng.integers(days))
        for m in range(min(members, size - len(features))):
            key = f"x{len(features)}"
            body = lead[: 1 + m % 3] + [_reworded(sentences[i], rng) for i in rng.integers(len(sentences), size=6)]
            vector = _unit(centre + 0.35 * _unit(rng.normal(size=DIMENSIONS)))
            keys = own[: 2 + m % 2] + [common[i] for i in rng.integers(len(common), size=3)]
            day = np.datetime64("2025-01-01") + first_day + int(rng.integers(3))
            features.append(ArticleFeatures(
                id=key, title=lead[0][:80], day=str(day), vector=vector.astype(np.float32),
                keys=tuple(sorted(set(keys))), minhash=signature(" ".join(body)),
            ))
            gold[key] = f"e{event}"
    return features, gold


def _reworded(sentence: str, rng: np.random.Generator) -> str:
    """A real sentence with its words shuffled: real vocabulary, but word 5-grams of its own, as the body of a
    different report has. Bodies drawn verbatim from one pool of a few hundred sentences would make unrelated
    events near copies of each other, which real crawls are not; the shared lead keeps copies within an event."""
    return " ".join(rng.permutation(sentence.split()))


def clustering_at_scale(sizes: list[int], articles: list[Article], models: Models) -> None:
    print("story clustering (StoryIndex, features precomputed; synthetic vectors, real-sentence MinHash):")
    for label, days_for in (
        ("all sizes over one year (articles per day grow with size)", lambda size: 365),
        ("constant volume of ~27 articles per day (the period grows with size, as in a crawl)",
         lambda size: max(1, size * 365 // 10_000)),
    ):
        print(f" {label}:")
        previous = None
        for size in sizes:
            features, gold = synthetic_features(size, articles, models, days_for(size))
            features.sort(key=lambda f: (f.day or "", f.id))
            index = StoryIndex(StorySettings())
            start = time.perf_counter()
            for item in features:
                index.add(item)
            elapsed = time.perf_counter() - start
            _, _, f1 = b_cubed(dict(index.story_of), gold)
            growth = f"  x{elapsed / previous[1]:.1f} time for x{size / previous[0]:.0f} articles" if previous else ""
            print(f"  {size:7d} articles  {elapsed:8.2f} s  {1e6 * elapsed / size:7.0f} us/article  "
                  f"{len(index.states):6d} stories (gold {len(set(gold.values()))})  B3-F1 {f1:.3f}{growth}")
            previous = (size, elapsed)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    models = load_models()
    articles = real_articles()
    end_to_end(articles, models, args.repeat)
    print(f"  peak memory after end to end: {peak_rss_mb():.0f} MB")
    clustering_at_scale([int(s) for s in args.sizes.split(",")], articles, models)
    print(f"peak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
