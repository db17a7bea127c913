"""`ingest` into a browsable store: the stories it touches are linked and filed, on both backends; and a
reader sees a writer's commits whole while another process writes."""

from __future__ import annotations

import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import numpy as np

from newsweave.app.incremental import ingest_articles
from newsweave.app.pipeline import prepare_articles
from newsweave.models import Article, Dossier, RawDocument, Story, StoryQuery
from newsweave.nlp.embed import Embedder
from newsweave.nlp.models import Models, load_embedder, vector_encoder
from newsweave.settings import ParseSettings, Settings
from newsweave.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent

FERRY = [
    ("Lakeside Post", "2031-05-06", "Ferry Halvard ran aground near Osterby",
     "The passenger ferry Halvard ran aground near Osterby on Tuesday morning. Harbour master Lene Sorvik said "
     "all 212 passengers were taken ashore by lifeboats. The ferry operator Nordmarsk Lines said it would "
     "investigate."),
    ("Fjord Daily", "2031-05-06", "Passengers rescued after Halvard grounding",
     "All 212 passengers of the ferry Halvard were brought ashore after it ran aground near Osterby on Tuesday, "
     "harbour master Lene Sorvik said. Nordmarsk Lines has opened an investigation into the grounding."),
]


def _ferry_articles() -> list[Article]:
    raws = [RawDocument(source=f"ferry-{i}.txt", outlet=outlet, published=day, title=title, text=text)
            for i, (outlet, day, title, text) in enumerate(FERRY)]
    articles, skipped = prepare_articles(raws)
    assert not skipped
    return articles


def test_ingest_links_the_stories_it_touched(store: Store, models: Models) -> None:
    result = ingest_articles(_ferry_articles(), models, store)
    (story,) = result.stories
    (summary,) = store.list_stories(StoryQuery(q="Halvard"))
    assert summary.id == story.id and summary.linked and summary.articles == 2
    dossier = store.story_dossier(story.id)
    assert dossier is not None and dossier.statements and dossier.entities
    assert any(key.endswith("lene sorvik") for key, _, _ in store.entity_keys("sorvik"))


def test_ingest_without_linking_only_groups(tmp_path: Path, models: Models) -> None:
    with open_store(tmp_path / "store.db") as store:
        result = ingest_articles(_ferry_articles(), models, store, link=False)
        (summary,) = store.list_stories(StoryQuery())
        dossier = store.story_dossier(summary.id)
    assert result.linked == [] and not summary.linked
    assert dossier is not None and len(dossier.articles) == 2 and not dossier.entities


# ---------------------------------------------------------------------- stores of another encoder

FULL = Settings(parse=ParseSettings(encoder="minilm"))
"""The settings of stores made before leads came from the int8 MiniLM: leads of the full model."""


@cache
def full_minilm() -> Embedder:
    return load_embedder(FULL.parse)


def ingest_full_model(store: Store, models: Models, article: Article) -> np.ndarray:
    """`ingest` of one article as stores of the full model's lead vectors were made (grouping only: linking
    reads no lead vector); returns its stored vector."""
    old = Models(nlp=models.nlp, embedder=full_minilm(), link_embedder=models.link_embedder)
    ingest_articles([article], old, store, settings=FULL, link=False)
    ((features, _),) = store.story_features(vector_encoder(FULL.parse))
    return features.vector


def assert_made_again(store: Store, models: Models, old: np.ndarray, tmp_path: Path) -> None:
    """An int8 `ingest` of the second ferry report into `store`, whose first report's lead vector (`old`)
    another model made: that vector is made again first, bit for bit the one a fresh int8 `ingest` of the first
    report stores, and the second report joins the first one's story."""
    first, second = _ferry_articles()
    assert store.stale_vectors(vector_encoder()) == [first.id]
    result = ingest_articles([second], models, store, link=False)
    remade = {f.id: f.vector for f, _ in store.story_features(vector_encoder())}
    with open_store(tmp_path / "fresh.db") as fresh_store:
        ingest_articles([first], models, fresh_store, link=False)
        ((fresh, _),) = fresh_store.story_features(vector_encoder())
    assert result.reencoded == 1 and store.stale_vectors(vector_encoder()) == []
    assert np.array_equal(remade[first.id], fresh.vector)
    assert 0.9 < float(old @ fresh.vector) < 0.9999, "the full model's vector was another, close one"
    (story,) = result.stories
    assert sorted(story.articles) == sorted([first.id, second.id])


def test_ingest_into_a_store_of_the_full_model_makes_its_lead_vectors_again(
    store_db: str, models: Models, tmp_path: Path
) -> None:
    with open_store(store_db) as store:
        old = ingest_full_model(store, models, _ferry_articles()[0])
        assert_made_again(store, models, old, tmp_path)


def test_a_store_of_this_encoder_is_not_encoded_again(tmp_path: Path, models: Models) -> None:
    first, second = _ferry_articles()
    with open_store(tmp_path / "store.db") as store:
        ingest_articles([first], models, store, link=False)
        ((before, _),) = store.story_features(vector_encoder())
        result = ingest_articles([second], models, store, link=False)
        after = {f.id: f.vector for f, _ in store.story_features(vector_encoder())}
    assert result.reencoded == 0 and np.array_equal(after[first.id], before.vector)


# ---------------------------------------------------------------------- concurrency

WRITES = 20


def write_stories(db: str, writer: str, count: int) -> None:
    """`count` one-article stories, each saved in its own transaction (run in a second process)."""
    with open_store(db) as store:
        for n in range(count):
            text = f"Writer {writer} filed report number {n} about the harbour."
            article = Article(id=f"{writer}{n}", title=f"Report {writer} {n}", outlet=f"Outlet {writer}", text=text,
                              content_hash=f"{writer}-{n}", story=f"s{writer}{n}", published="2031-06-01")
            story = Story(id=f"s{writer}{n}", title=article.title or "", articles=[article.id], span="2031-06-01")
            store.save_run(Dossier(articles=[article], stories=[story]))
            time.sleep(0.01)  # leave the reader room to look between writes


def test_a_reader_sees_whole_writes_while_two_processes_write(store_db: str) -> None:
    """`serve` reads while `ingest` and `analyze` write: no read fails or sees a story without its dossier,
    counts only grow, and no write is lost."""
    with open_store(store_db) as reader:  # migrated before the writers start
        writers = [
            subprocess.Popen(
                [sys.executable, "-c",
                 f"from tests.test_store_ingest import write_stories; write_stories({store_db!r}, {w!r}, {WRITES})"],
                cwd=ROOT, stderr=subprocess.PIPE, text=True,
            )
            for w in ("a", "b")
        ]
        seen: list[int] = []
        while any(w.poll() is None for w in writers):
            listed = reader.list_stories(StoryQuery(limit=500))
            seen.append(len(listed))
            for summary in listed[:3]:
                dossier = reader.story_dossier(summary.id)
                assert dossier is not None and [a.id for a in dossier.articles] == dossier.stories[0].articles
            time.sleep(0.01)
        for w in writers:
            assert w.wait() == 0, w.stderr.read() if w.stderr else ""
        assert seen == sorted(seen), "a read went back in time"
        assert any(0 < n < 2 * WRITES for n in seen), f"no read happened while the writers wrote: {seen}"
        assert reader.count_stories(StoryQuery()) == 2 * WRITES
        assert len(reader.search_articles("harbour", limit=100)) == 2 * WRITES


def test_opening_a_store_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    """`newsweave stories` or `serve` started while `ingest` holds its write transaction opens at once."""
    db = str(tmp_path / "store.db")
    with open_store(db) as writer, writer.engine.connect().execution_options(newsweave_write=True) as held:
        with held.begin():
            held.exec_driver_sql("UPDATE stories SET conflicts = 0")
            start = time.perf_counter()
            with open_store(db) as reader:
                assert reader.count_stories(StoryQuery()) == 0
            assert time.perf_counter() - start < 5
