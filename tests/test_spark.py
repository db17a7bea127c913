"""The Spark job (local[2]) and the single-machine path give the same stories on the same corpus, with the same
settings. One Spark session serves the module: starting one takes longer than a small run."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq
import pytest

from newsweave.cli import main
from newsweave.nlp.models import vector_encoder
from newsweave.settings import ParseSettings, Settings
from newsweave.store import Store

from .loopback import Route, page, serve
from .test_stories import ARTICLES, GOLD

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spark-corpus")
    names = list(ARTICLES)
    for part, chunk in enumerate([names[:5], names[5:]]):
        with open(folder / f"part-{part}.jsonl", "w", encoding="utf-8") as stream:
            for name in chunk:
                published, text = ARTICLES[name]
                record = {"text": text, "published": published, "url": f"https://news.test/{name}"}
                stream.write(json.dumps(record) + "\n")
    first_published, first_text = ARTICLES[names[0]]
    with open(folder / "part-1.jsonl", "a", encoding="utf-8") as stream:
        stream.write(json.dumps({"text": first_text, "published": first_published}) + "\n")  # exact duplicate
        stream.write("{broken json\n")
    return folder


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from newsweave.scale.spark_job import create_session

    session = create_session("local[2]")
    yield session
    session.stop()


def test_spark_and_local_paths_agree(spark: SparkSession, corpus: Path, tmp_path: Path) -> None:
    from newsweave.scale.spark_job import run

    result = run(spark, [str(corpus)], out=str(tmp_path / "parquet"), db=str(tmp_path / "spark.db"))
    assert main(["ingest", str(corpus), "--db", str(tmp_path / "local.db"), "--quiet"]) == 0
    with Store(tmp_path / "local.db") as store:
        local = sorted(store.stories(), key=lambda s: s.id)
        urls = {a.id: a.url for a in store.articles()}
    assert sorted(result.stories, key=lambda s: s.id) == local
    names = [{urls[a].rsplit("/", 1)[1] for a in s.articles} for s in local]
    assert sorted(names, key=sorted) == sorted(GOLD, key=sorted)
    assert result.articles == len(ARTICLES)
    assert any("invalid JSON" in s.reason for s in result.skipped)

    with Store(tmp_path / "spark.db") as store:
        assert sorted(store.stories(), key=lambda s: s.id) == local
        assert len(store.story_features(vector_encoder())) == len(ARTICLES)
    stories = pq.read_table(tmp_path / "parquet" / "stories").to_pylist()
    articles = pq.read_table(tmp_path / "parquet" / "articles").to_pylist()
    assert sorted(row["id"] for row in stories) == [s.id for s in local]
    assert len(articles) == len(ARTICLES) and {row["story"] for row in articles} == {s.id for s in local}
    assert all(row["text"] for row in articles)


def test_spark_job_applies_the_runs_settings(spark: SparkSession, tmp_path: Path) -> None:
    """The executors fetch with the run's network settings (a private target the user named is reached) and
    skip an article over the run's token budget with the reason the single-machine path gives."""
    from newsweave.scale.spark_job import run

    published, text = ARTICLES["fire-evia-1"]
    records = [{"text": text, "published": published}, {"text": " ".join([text] * 8), "published": published}]
    (tmp_path / "crawl.jsonl").write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    with serve({"/ceo": Route(page("Bellamy names a chief executive", ARTICLES["ceo-bellamy"][1]))}) as site:
        settings = Settings(network=site.network, parse=ParseSettings(max_doc_tokens=200))
        result = run(spark, [str(tmp_path / "crawl.jsonl"), f"{site.base}/ceo"], settings=settings)
    assert "/ceo" in [path for path, _ in site.requests]
    assert result.articles == 2
    over = [item for item in result.skipped if "parse.max_doc_tokens" in item.reason]
    assert len(over) == 1 and over[0].path.endswith("crawl.jsonl"), result.skipped
