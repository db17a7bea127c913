"""newsweave on Apache Spark: the per-article stages and near-duplicate search spread over a cluster.

    spark-submit --master yarn newsweave/scale/spark_job.py INPUT... --out s3a://bucket/run/ [--db run.db]

(see docs/scale.md). Executors read the inputs (JSONL, WARC, HTML, text, feed files on a shared file
system), clean, parse and embed each article with the models loaded once per Python worker, and compute
its clustering features. Exact duplicates are dropped with a reduce by content hash, keeping the first in
input order as the local path does. Near-duplicate candidates come from a distributed group-by on the
MinHash LSH band keys, with the same bands as the local index (`story.dedup`). The driver then receives only
the small per-article features (no text) and assigns stories with the very `StoryIndex` the local path
uses, in the same arrival order: the stories are the same as those of `newsweave ingest` on one machine.
Articles (with their story) and stories are written as Parquet; `--db` also fills a store (a SQLite path or a PostgreSQL URL).
The run's settings (`--config`) reach the executors: the fetcher's network limits and address policy, cleaning,
the parse budgets (an article over `parse.max_doc_tokens` is skipped with the reason by the same `nlp.budget.admit`
as on one machine; the workers' pipeline cuts sentences at `parse.max_sentence_tokens`) and the story settings.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsweave.dates import contract_value
from newsweave.ingest.sources import expand_sources, read_source
from newsweave.ingest.web import Fetcher
from newsweave.models import Article, ArticleFeatures, RawDocument, Skipped, Story
from newsweave.settings import ParseSettings, Settings, SettingsError, load_settings
from newsweave.story.clustering import StoryIndex, arrival_order
from newsweave.story.dedup import NEAR_DUPLICATE_JACCARD, band_keys, estimated_jaccard

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

    from newsweave.nlp.models import Models

FEATURE_BATCH = 64
"""Articles parsed and embedded together inside a partition."""
WORKER_THREADS = 1
"""torch threads per Python worker (see `_worker_models`)."""


@dataclass
class SparkResult:
    stories: list[Story]
    articles: int
    skipped: list[Skipped]


def create_session(master: str | None = None, app_name: str = "newsweave") -> SparkSession:
    """A session for tests and single machines when `master` is given (e.g. local[2]); under
    spark-submit leave it None and the cluster's settings apply."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master).config("spark.ui.enabled", "false").config(
            "spark.sql.shuffle.partitions", "4"
        ).config("spark.ui.showConsoleProgress", "false")
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    return session


def run(
    spark: SparkSession, inputs: list[str], out: str | None = None, db: str | None = None,
    settings: Settings | None = None,
) -> SparkResult:
    """`settings` default to the built-in ones, as for `newsweave ingest`."""
    settings = settings or Settings()
    context = spark.sparkContext
    items, skipped = expand_sources(inputs)
    slices = max(1, min(len(items), context.defaultParallelism))
    raws = context.parallelize(list(enumerate(items)), slices).flatMap(partial(_read_indexed, settings=settings))
    prepared = (
        raws.repartition(context.defaultParallelism).mapPartitions(partial(_prepare_partition, settings=settings)).cache()
    )
    skipped += prepared.filter(lambda row: isinstance(row[1], Skipped)).values().collect()
    firsts = (
        prepared.filter(lambda row: isinstance(row[1], Article))
        .map(lambda row: (row[1].content_hash, row))
        .reduceByKey(lambda a, b: a if a[0] <= b[0] else b)
        .values()
    )
    results = firsts.mapPartitions(partial(_feature_partition, settings=settings)).cache()
    skipped += results.filter(lambda row: isinstance(row, Skipped)).collect()
    featured = results.filter(lambda row: not isinstance(row, Skipped))
    features = arrival_order(featured.map(lambda pair: pair[1]).collect())
    copies = _near_duplicates(featured.map(lambda pair: pair[1]), features)
    index = StoryIndex(settings.stories)
    for item in features:
        index.add(item, near_duplicates=copies.get(item.id, []))
    stories = index.stories()
    story_of = context.broadcast(dict(index.story_of))
    articles = featured.map(lambda pair: pair[0].model_copy(update={"story": story_of.value[pair[0].id]}))
    if out and stories:
        _write_parquet(spark, articles, stories, out)
    if db:
        from newsweave.nlp.models import vector_encoder
        from newsweave.store import Store

        with Store(db) as store:
            store.save_clustered(articles.collect(), features, stories, vector_encoder(settings.parse))
    prepared.unpersist()
    results.unpersist()
    return SparkResult(stories=stories, articles=len(features), skipped=skipped)


def _read_indexed(item: tuple[int, str], settings: Settings) -> Iterator[tuple[tuple[int, int], RawDocument | Skipped]]:
    """Documents keyed by (input number, position in input): the input order the local path keeps."""
    number, source = item
    with Fetcher(settings.ingest, settings.network) as fetcher:
        for position, result in enumerate(read_source(source, fetcher)):
            yield (number, position), result


def _prepare_partition(
    rows: Iterable[tuple[tuple[int, int], RawDocument | Skipped]], settings: Settings
) -> Iterator[tuple[tuple[int, int], Article | Skipped]]:
    """Cleaning; inputs that could not be read pass through, so the files are read only once."""
    from newsweave.clean.article import prepare_article
    from newsweave.lang import for_language

    for key, raw in rows:
        yield key, raw if isinstance(raw, Skipped) else prepare_article(raw, for_language("en"), settings.cleaning)


FeatureRow = tuple[Article, ArticleFeatures] | Skipped


def _feature_partition(rows: Iterable[tuple[tuple[int, int], Article]], settings: Settings) -> Iterator[FeatureRow]:
    batch: list[Article] = []
    for _, article in rows:
        batch.append(article)
        if len(batch) == FEATURE_BATCH:
            yield from _featurize(batch, settings)
            batch = []
    yield from _featurize(batch, settings)


def _featurize(batch: list[Article], settings: Settings) -> Iterator[FeatureRow]:
    """The articles' features, or a `Skipped` for each article over the token budget (checked before parsing,
    by the same function as on one machine)."""
    from newsweave.lang import for_language
    from newsweave.nlp.annotate import annotate_articles
    from newsweave.nlp.budget import admit
    from newsweave.story.features import compute_features

    if not batch:
        return
    models = _worker_models(settings.parse)
    res = for_language("en")
    admitted, over_budget = admit(batch, models.nlp, settings.parse)
    yield from over_budget
    analyzed = list(annotate_articles(admitted, models.nlp, res))
    yield from zip(admitted, compute_features(analyzed, models.embedder, res, settings.stories), strict=True)


@lru_cache(maxsize=1)
def _worker_models(cfg: ParseSettings) -> Models:
    """Loaded once per Python worker process, which Spark reuses across tasks, with the run's parse settings
    (the sentence budget, the encoder). The job does not link, so the linking encoder is not loaded: it is the
    leads' one here. Spark runs one task per core slot, each in its own worker, so a worker's torch keeps to one
    thread (waiting passively: `newsweave/__init__.py`): more would fight the other workers for the same cores."""
    import torch

    from newsweave.nlp.models import load_models

    torch.set_num_threads(WORKER_THREADS)
    return load_models(cfg=cfg.model_copy(update={"link_encoder": cfg.encoder}))


def _near_duplicates(features: RDD, ordered: list[ArticleFeatures]) -> dict[str, list[str]]:
    """Earlier near copies of each article, best first: LSH buckets formed by a group-by on band keys."""
    rank = {item.id: i for i, item in enumerate(ordered)}
    ranks = features.context.broadcast(rank)

    def bucket_pairs(members: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, tuple[str, float]]]:
        listed = sorted(members, key=lambda m: ranks.value[m[0]])
        for i, (later, later_hash) in enumerate(listed):
            for earlier, earlier_hash in listed[:i]:
                score = estimated_jaccard(np.frombuffer(later_hash, np.uint64), np.frombuffer(earlier_hash, np.uint64))
                if score >= NEAR_DUPLICATE_JACCARD:
                    yield later, (earlier, score)

    pairs = (
        features.flatMap(lambda f: [(key, (f.id, f.minhash.tobytes())) for key in band_keys(f.minhash)])
        .groupByKey()
        .flatMap(lambda bucket: bucket_pairs(bucket[1]))
        .distinct()
        .groupByKey()
        .collect()
    )
    return {later: [e for e, _ in sorted(found, key=lambda p: (-p[1], p[0]))] for later, found in pairs}


def _write_parquet(spark: SparkSession, articles: RDD, stories: list[Story], out: str) -> None:
    """stories/ and articles/ Parquet datasets; text columns are strings, `articles` a list of ids."""
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    def schema(*names: str, lists: tuple[str, ...] = ()) -> StructType:
        return StructType([StructField(n, ArrayType(StringType()) if n in lists else StringType()) for n in names])

    base = out.rstrip("/")
    spark.createDataFrame(
        [(s.id, s.title, _span_end(s, 0), _span_end(s, -1), s.articles) for s in stories],
        schema("id", "title", "span_start", "span_end", "articles", lists=("articles",)),
    ).write.mode("overwrite").parquet(f"{base}/stories")
    spark.createDataFrame(
        articles.map(lambda a: (a.id, a.story, a.title, a.outlet, a.url, _day_text(contract_value(a.published)), a.text,
                                a.content_hash)),
        schema("id", "story", "title", "outlet", "url", "published", "text", "content_hash"),
    ).write.mode("overwrite").parquet(f"{base}/articles")


def _day_text(published: object) -> str | None:
    return "/".join(published) if isinstance(published, list) else published  # type: ignore[return-value]


def _span_end(story: Story, which: int) -> str | None:
    return story.span[which] if isinstance(story.span, list) else story.span


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="newsweave story clustering on Apache Spark")
    parser.add_argument("inputs", nargs="+", help="JSONL, WARC, HTML or text files and folders (shared FS)")
    parser.add_argument("--out", required=True, help="output folder for stories/ and articles/ Parquet")
    parser.add_argument("--db", help="also write the stories into this store: a SQLite path or a postgresql:// URL")
    parser.add_argument("--master", help="Spark master for a run without spark-submit, e.g. local[2]")
    parser.add_argument("--config", metavar="FILE", type=Path, help="TOML settings file, as for `newsweave ingest --config`")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config)
    except SettingsError as error:
        parser.error(str(error))
    spark = create_session(args.master)
    try:
        result = run(spark, args.inputs, out=args.out, db=args.db, settings=settings)
    finally:
        spark.stop()
    for item in result.skipped:
        print(f"skipped {item.path}: {item.reason}", file=sys.stderr)
    print(f"{result.articles} articles, {len(result.stories)} stories, {len(result.skipped)} skipped; "
          f"Parquet in {Path(args.out)}")
    return 0 if result.articles else 1


if __name__ == "__main__":
    # Run as a script (spark-submit .../spark_job.py, python -m), this file is `__main__`, and the workers could
    # not find the functions it ships them by that name: run the package module's own `main` instead.
    from newsweave.scale.spark_job import main as job_main

    sys.exit(job_main())
