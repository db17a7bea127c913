"""The store survives `kill -9` at any moment and a rerun completes the work, on SQLite and PostgreSQL.

`newsweave ingest DIR --db` is the command killed: it is the one that commits as it goes (a batch of grouped
articles, then a batch of linked stories, per transaction), so a restart has something to resume; `analyze`
stores its run in one transaction at the end, which the same checks cover with less to see. The 200 made-up
articles (`tests/crashcorpus.py`) are ingested in batches of `BATCH`, killed at ten random points (a fixed
seed, printed on failure; NEWSWEAVE_CRASH_SEED sets another) each followed by the checks and a restart that
resumes; a last run completes, and the store must then hold exactly the rows of one uninterrupted run (built
in-process with the session's models). The runs are real processes started warm (`tests/warmruns.py`), so ten
restarts cost ten model loads, not ten imports of torch.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from newsweave.app.incremental import ingest_articles
from newsweave.app.pipeline import prepare_articles
from newsweave.ingest.files import read_paths
from newsweave.nlp.models import Models
from newsweave.settings import load_settings
from newsweave.store import open_store
from newsweave.store.database import engine_url
from tests.crashcorpus import EVENTS, OUTLETS, write_corpus
from tests.warmruns import WarmRuns

BATCH = 20
"""Articles per batch: ten grouping commits and about ten linking commits for the ten kills to fall between."""
KILLS = 10
SEED = int(os.environ.get("NEWSWEAVE_CRASH_SEED", "20310301"))
RUN_SECONDS = 600
"""A run that has not finished in this long is stuck (it takes well under a minute on an idle laptop)."""


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The corpus folder and a settings file with the small batch size."""
    folder = write_corpus(tmp_path_factory.mktemp("crash") / "corpus")
    config = folder.parent / "settings.toml"
    config.write_text(f"[store]\nbatch_articles = {BATCH}\n", encoding="utf-8")
    return folder, config


@pytest.fixture(scope="session")
def uninterrupted(corpus: tuple[Path, Path], models: Models, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The rows one uninterrupted ingest of the corpus leaves (same reading, settings and code as the CLI)."""
    folder, config = corpus
    raws, skipped = read_paths([str(folder)])
    articles, not_prepared = prepare_articles(raws)
    assert not skipped and not not_prepared and len(articles) == EVENTS * OUTLETS
    db = str(tmp_path_factory.mktemp("reference") / "store.db")
    with open_store(db) as store:
        ingest_articles(articles, models, store, settings=load_settings(config))
    engine = create_engine(engine_url(db))
    try:
        return rows(engine)
    finally:
        engine.dispose()


def test_ingest_killed_at_ten_random_points_resumes_to_the_rows_of_one_run(
    store_db: str, corpus: tuple[Path, Path], uninterrupted: dict, warm_runs: WarmRuns, tmp_path: Path
) -> None:
    folder, config = corpus
    argv = ["ingest", str(folder), "--db", store_db, "--quiet", "--config", str(config)]
    log = tmp_path / "run.log"
    rng = random.Random(SEED)
    open_store(store_db).close()  # the tables exist before the first run, for `progress` to read
    engine = create_engine(engine_url(store_db))
    killed_at: list[str] = []
    try:
        for _ in range(KILLS):
            point = kill_at_random_point(warm_runs, argv, log, engine, rng)
            killed_at.append(point)
            check_consistent(engine, f"seed {SEED}, after kills at {killed_at}")
            if point == "finished":
                break
        code = warm_runs.wait(warm_runs.start(argv, log), RUN_SECONDS)
        said = log.read_text(encoding="utf-8")
        assert code == 0, f"seed {SEED}, kills at {killed_at}: the rerun failed: {said[-2000:]}"
        check_consistent(engine, f"seed {SEED}, after the rerun")
        assert not differences(rows(engine), uninterrupted), f"seed {SEED}, kills at {killed_at}: not the rows of " \
            f"one run: {differences(rows(engine), uninterrupted)}"
    finally:
        engine.dispose()


def kill_at_random_point(runs: WarmRuns, argv: list[str], log: Path, engine: Engine, rng: random.Random) -> str:
    """Start the run and SIGKILL it (and any parse workers: its whole process group) at a random moment: mostly
    a random time after its next commit (so every restart makes progress and the kills fall anywhere in the run:
    parsing, grouping, committing, linking), sometimes during start-up. Returns where, for the failure message."""
    before = progress(engine)
    run = runs.start(argv, log)
    if rng.random() < 0.2:
        delay = rng.uniform(0.5, 8.0)
        where = f"start-up +{delay:.1f}s"
    else:
        deadline = time.monotonic() + RUN_SECONDS
        while progress(engine) == before and runs.wait(run, 0.05) is None:
            assert time.monotonic() < deadline, "the run made no progress"
        delay = rng.uniform(0.0, 4.0)
        where = f"commit {progress(engine)} +{delay:.1f}s"
    code = runs.wait(run, delay)
    if code is None:
        code = runs.kill(run)
        assert code == -signal.SIGKILL, f"the run was not killed: {code}"
        return where
    assert code == 0, f"the run failed: {log.read_text(encoding='utf-8')[-2000:]}"
    return "finished"


def progress(engine: Engine) -> tuple[int, int]:
    """(articles grouped, stories linked): one of them grows with every commit of an ingest."""
    with engine.connect() as db:
        grouped = db.execute(text("SELECT count(*) FROM story_features")).scalar_one()
        linked = db.execute(text("SELECT count(*) FROM story_dossiers")).scalar_one()
    return int(grouped), int(linked)


def check_consistent(engine: Engine, context: str, batch: int = BATCH, total: int = EVENTS * OUTLETS) -> None:
    """What any moment of a crash may leave: a sound database file, whole batches of articles, each with its
    full-text row, clustering features and story; stories with exactly their articles; dossiers only of whole
    stories, and every story either linked or marked as still needing it."""
    with engine.connect() as db:
        if db.dialect.name == "sqlite":
            assert db.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"], context
        (grouped,) = db.execute(text("SELECT count(*) FROM articles")).one()
        assert grouped % batch == 0 or grouped == total, f"{context}: a half batch ({grouped} articles)"
        for table, column in (("search", "article"), ("story_features", "article")):
            missing = db.execute(text(
                f"SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{column} = a.id)"
            )).scalar_one()
            extra = db.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() - grouped
            assert missing == 0 and extra == 0, f"{context}: articles and {table} rows disagree"
        members: dict[str, set[str]] = {}
        for article, story in db.execute(text("SELECT id, story FROM articles")):
            members.setdefault(story, set()).add(article)
        stories = {sid: set(json.loads(ids)) for sid, ids in db.execute(text("SELECT id, articles FROM stories"))}
        assert stories == members, f"{context}: a story without its articles, or an article without its story"
        dossiers = dict(db.execute(text("SELECT story, dossier FROM story_dossiers")).all())
        for sid, dossier in dossiers.items():
            assert {a["id"] for a in json.loads(dossier)["articles"]} == stories[sid], f"{context}: a partial dossier"
        unlinked = {sid for (sid,) in db.execute(text("SELECT id FROM stories WHERE needs_link = 0"))} - set(dossiers)
        assert not unlinked, f"{context}: stories marked linked without a dossier: {unlinked}"
        for table in ("story_entities", "derivations"):
            orphans = {s for (s,) in db.execute(text(f"SELECT DISTINCT story FROM {table}"))} - set(dossiers)
            assert not orphans, f"{context}: {table} rows of stories without a dossier"


VOLATILE = {"generated_at", "added_at", "updated_at", "created_at", "seq", "run"}
"""Columns and dossier fields that say when a row was written, not what it holds."""


def rows(engine: Engine) -> dict[str, Any]:
    """Every table's rows as comparable values, without the times of writing. A story's dossier is compared by
    its articles and the number of items in each section: linking a story beside other stories (the batch
    of stories a run links together differs after a kill) may break a tie between two equally similar sentence
    alignments the other way, which is not what a crash test is about; the rows linking derives (entities,
    copies) are compared whole."""
    tables = ("articles", "stories", "story_features", "story_dossiers", "story_entities", "derivations", "search",
              "runs")
    with engine.connect() as db:
        return {table: sorted(_comparable(row._mapping) for row in db.execute(text(f"SELECT * FROM {table}")))
                for table in tables}


def differences(found: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Per table, how many rows are missing or extra, with one example of each."""
    said = []
    for table, expected_rows in expected.items():
        missing, extra = set(expected_rows) - set(found[table]), set(found[table]) - set(expected_rows)
        if missing or extra or len(found[table]) != len(expected_rows):
            said.append(f"{table}: {len(found[table])} rows, {len(missing)} missing, {len(extra)} extra "
                        f"(e.g. missing {min(missing, default='')[:300]}, extra {min(extra, default='')[:300]})")
    return said


def _comparable(row: Any) -> str:
    values = {key: _without_times(value) for key, value in row.items() if key not in VOLATILE and key != "vector"}
    if "dossier" in values and isinstance(values["dossier"], dict):
        dossier = values["dossier"]
        values["dossier"] = {name: sorted(a["id"] for a in items) if name == "articles" else len(items)
                             for name, items in dossier.items() if isinstance(items, list)}
    return json.dumps(values, sort_keys=True, default=str)


def _without_times(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("{"):
        try:
            data = json.loads(value)
        except ValueError:
            return value
        return {key: item for key, item in data.items() if key not in VOLATILE}
    return value.hex() if isinstance(value, bytes) else value


def test_the_comparison_sees_a_missing_or_changed_row(uninterrupted: dict) -> None:
    """The rows compared are what the store holds: dropping or altering one is a difference."""
    dropped = {**uninterrupted, "search": uninterrupted["search"][1:]}
    assert differences(dropped, uninterrupted) and len(uninterrupted["articles"]) == EVENTS * OUTLETS
    assert not differences(uninterrupted, uninterrupted)
    assert len(uninterrupted["story_dossiers"]) == len(uninterrupted["stories"]) > 1
