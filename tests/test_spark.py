"""The Spark job (local[2]) and the single-machine path give the same stories on the same corpus."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsweave.cli import main
from newsweave.store import Store

from .test_stories import ARTICLES, GOLD

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


def test_spark_and_local_paths_agree(corpus: Path, tmp_path: Path) -> None:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from newsweave.scale.spark_job import create_session, run

    spark = create_session("local[2]")
    try:
        result = run(spark, [str(corpus)], out=str(tmp_path / "parquet"), db=str(tmp_path / "spark.db"))
    finally:
        spark.stop()
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
        assert len(store.story_features()) == len(ARTICLES)
    stories = pq.read_table(tmp_path / "parquet" / "stories").to_pylist()
    articles = pq.read_table(tmp_path / "parquet" / "articles").to_pylist()
    assert sorted(row["id"] for row in stories) == [s.id for s in local]
    assert len(articles) == len(ARTICLES) and {row["story"] for row in articles} == {s.id for s in local}
    assert all(row["text"] for row in articles)
