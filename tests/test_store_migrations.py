"""Schema migrations: a new store gets exactly `store.schema`, and a store written before migrations existed is
upgraded with its data, not broken."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from newsweave.models import StoryQuery
from newsweave.nlp.models import Models, vector_encoder
from newsweave.store import Store, open_store
from newsweave.store.database import MIGRATIONS
from newsweave.store.schema import metadata
from tests.test_store import made_up_dossier
from tests.test_store_ingest import (
    FULL,
    _ferry_articles,
    assert_made_again,
    ingest_full_model,
)

FIRST_SCHEMA = """
CREATE TABLE articles (content_hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT, outlet TEXT, url TEXT,
    path TEXT, published TEXT, story TEXT, data TEXT NOT NULL, added_at TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, article_ids TEXT NOT NULL,
    dossier TEXT NOT NULL);
CREATE TABLE stories (id TEXT PRIMARY KEY, title TEXT NOT NULL, span TEXT, articles TEXT NOT NULL,
    updated_at TEXT NOT NULL);
CREATE TABLE story_features (article TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, story TEXT NOT NULL,
    title TEXT NOT NULL, day TEXT, keys TEXT NOT NULL, vector BLOB NOT NULL, minhash BLOB NOT NULL);
CREATE INDEX story_features_story ON story_features (story);
"""
"""The tables newsweave wrote before the store had migrations (its SQLite code, verbatim)."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _differences(store: Store) -> list:
    """What differs between the migrated database and `store.schema`. SQLite's FTS5 table (and the tables it
    keeps its index in) is the one object made outside SQLAlchemy's types, so it is compared by name only."""

    def comparable(obj, name, kind, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
        fts = store.engine.dialect.name == "sqlite" and kind == "table" and (name or "").startswith("search")
        return not fts and name != "alembic_version"

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": comparable})
        return compare_metadata(context, metadata)


def test_a_new_store_has_exactly_the_schema_the_code_uses(store: Store) -> None:
    assert _differences(store) == []
    with store.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == (
            ScriptDirectory.from_config(_config()).get_current_head()
        )


def test_a_store_written_before_migrations_is_upgraded_with_its_data(tmp_path: Path) -> None:
    dossier = made_up_dossier()
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as old:
        old.executescript(FIRST_SCHEMA)
        for a in dossier.articles:
            old.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.content_hash, a.id, a.title, a.outlet, None, None, json.dumps(a.published.contract()),
                 a.story, a.model_dump_json(), "2031-04-12T08:00:00+00:00"),
            )
        for s in dossier.stories:
            old.execute("INSERT INTO stories VALUES (?, ?, ?, ?, ?)",
                        (s.id, s.title, json.dumps(s.span), json.dumps(s.articles), "2031-04-12T08:00:00+00:00"))
        old.execute("INSERT INTO runs (created_at, article_ids, dossier) VALUES (?, ?, ?)",
                    ("2031-04-12T08:00:00+00:00", json.dumps([a.id for a in dossier.articles]),
                     dossier.model_dump_json()))
    old.close()

    with open_store(db) as store:
        assert _differences(store) == []
        strike, museum = sorted(store.list_stories(StoryQuery()), key=lambda s: s.id)
        assert (strike.articles, strike.independent_sources, strike.conflicts) == (2, 1, 1)
        assert [s.id for s in store.list_stories(StoryQuery(q="glacier"))] == ["s2"]
        assert [s.id for s in store.list_stories(StoryQuery(since=museum.span[0]))] == ["s2"]  # type: ignore[index]
        strike_dossier = store.story_dossier("s1")
        assert strike_dossier is not None and [b.sources for b in strike_dossier.brief] == [["a1", "a2"]]
        assert store.entity("PERSON:mara quill") is not None
        assert len(store.articles()) == 4
        run_id, added = store.save_run(dossier)
        assert (run_id, added) == (2, 0)
    with open_store(db) as again:  # opening an up-to-date store changes nothing
        assert again.count_stories(StoryQuery()) == 2


def _migrate(store: Store, step: Callable[[Config, str], None], revision: str) -> None:
    """`step` (alembic's `command.upgrade` or `downgrade`) to `revision`, in one write transaction."""
    config = _config()
    with store.engine.connect().execution_options(newsweave_write=True) as connection, connection.begin():
        config.attributes["connection"] = connection
        step(config, revision)


def test_the_newest_revision_can_be_undone_and_redone(store: Store) -> None:
    store.save_run(made_up_dossier())
    _migrate(store, command.downgrade, "0001")
    _migrate(store, command.upgrade, "head")
    assert _differences(store) == []
    assert [s.id for s in store.list_stories(StoryQuery(q="tarnholm"))] == ["s2"]


def test_postgresql_full_text_uses_its_index(pg_database: str) -> None:
    """A search reads the GIN index, not the whole table."""
    from sqlalchemy import select, text

    from newsweave.store.core import _text_match
    from newsweave.store.schema import search

    with open_store(pg_database) as store, store.engine.connect() as connection:
        store.save_run(made_up_dossier())
        connection.execute(text("SET enable_seqscan = off"))
        match, _ = _text_match(connection, "glacier museum")
        query = select(search.c.article).where(match)
        compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
        plan = "\n".join(row[0] for row in connection.execute(text(f"EXPLAIN {compiled}")))
    assert "search_vector" in plan, plan


def test_lead_vectors_stored_before_stores_recorded_their_model_are_made_again(
    store_db: str, models: Models, tmp_path: Path
) -> None:
    """A store of revision 0004, whose lead vectors (the full MiniLM's, the default then) say nothing of their
    model: after the upgrade they are of no known model, and the next `ingest` makes them again."""
    first = _ferry_articles()[0]
    with open_store(store_db) as store:
        old = ingest_full_model(store, models, first)
        _migrate(store, command.downgrade, "0004")
    with open_store(store_db) as store:
        assert _differences(store) == []
        assert store.stale_vectors(vector_encoder(FULL.parse)) == [first.id], "not taken for the model it was"
        assert_made_again(store, models, old, tmp_path)
