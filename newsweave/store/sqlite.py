"""The embedded SQLite store.

Articles are keyed by the SHA-256 of their cleaned text, so analysing the same articles again adds a run
but no duplicate article. Every write happens in one transaction: a crash leaves the store as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from newsweave.dates import contract_value
from newsweave.models import Article, ArticleFeatures, Dossier, Story

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    content_hash TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    outlet TEXT,
    url TEXT,
    path TEXT,
    published TEXT,
    story TEXT,
    data TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    article_ids TEXT NOT NULL,
    dossier TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    span TEXT,
    articles TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_features (
    article TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    story TEXT NOT NULL,
    title TEXT NOT NULL,
    day TEXT,
    keys TEXT NOT NULL,
    vector BLOB NOT NULL,
    minhash BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS story_features_story ON story_features (story);
"""
"""`story_features` holds what incremental story clustering needs of each stored article, in arrival
order (`seq`): the next run rebuilds story centroids, entity sets and the LSH index from it without
parsing or embedding any stored article again."""


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(self.path)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.executescript(SCHEMA)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.connection:
            yield self.connection

    def save_run(self, dossier: Dossier) -> tuple[int, int]:
        """Store the run and its articles atomically; returns (run id, number of articles new to the store)."""
        with self.transaction() as db:
            added = sum(self._upsert_article(db, article) for article in dossier.articles)
            for story in dossier.stories:
                if not db.execute("SELECT 1 FROM story_features WHERE story = ? LIMIT 1", (story.id,)).fetchone():
                    self._upsert_story(db, story)  # stories kept up by `ingest` are not regrouped by one run
            cursor = db.execute(
                "INSERT INTO runs (created_at, article_ids, dossier) VALUES (?, ?, ?)",
                (_now(), json.dumps([a.id for a in dossier.articles]), dossier.model_dump_json()),
            )
        return int(cursor.lastrowid or 0), added

    def articles(self, ids: list[str] | None = None) -> list[Article]:
        """All stored articles, or those with these ids, in the order they were added."""
        select = "SELECT added_at, id, data FROM articles"
        rows = self.connection.execute(select) if ids is None else self._rows_where_in(select, "id", ids)
        return [Article.model_validate_json(data) for _, _, data in sorted(rows)]

    def stories(self) -> list[Story]:
        rows = self.connection.execute("SELECT id, title, span, articles FROM stories ORDER BY updated_at DESC")
        return [
            Story(id=sid, title=title, span=json.loads(span) if span else None, articles=json.loads(arts))
            for sid, title, span, arts in rows
        ]

    def known_hashes(self, hashes: list[str]) -> set[str]:
        """Which of these content hashes the store already holds (ingest skips them)."""
        return {row[0] for row in self._rows_where_in("SELECT content_hash FROM articles", "content_hash", hashes)}

    def _rows_where_in(self, select: str, column: str, values: list[str]) -> Iterator[tuple]:
        """Rows of `select` whose `column` is one of `values`, queried in batches under SQLite's limit on
        bound parameters, so a story's articles are filtered in SQL instead of loading the whole store."""
        for start in range(0, len(values), SQL_BATCH):
            batch = values[start : start + SQL_BATCH]
            yield from self.connection.execute(f"{select} WHERE {column} IN ({','.join('?' * len(batch))})", batch)

    def story_features(self) -> list[tuple[ArticleFeatures, str]]:
        """(features, story id) of every clustered article, in arrival order."""
        rows = self.connection.execute(
            "SELECT article, story, title, day, keys, vector, minhash FROM story_features ORDER BY seq"
        )
        return [
            (ArticleFeatures(id=article, title=title, day=day, keys=tuple(json.loads(keys)),
                             vector=np.frombuffer(vector, dtype=np.float32).copy(),
                             minhash=np.frombuffer(minhash, dtype=np.uint64).copy()), story)
            for article, story, title, day, keys, vector, minhash in rows
        ]

    def save_clustered(self, articles: list[Article], features: list[ArticleFeatures], stories: list[Story]) -> None:
        """New articles with their story, their clustering features (in the given arrival order) and the
        stories they changed, in one transaction."""
        story_of = {article.id: article.story for article in articles}
        with self.transaction() as db:
            for article in articles:
                self._upsert_article(db, article)
            seq = int(db.execute("SELECT COALESCE(MAX(seq), 0) FROM story_features").fetchone()[0])
            db.executemany(
                "INSERT OR REPLACE INTO story_features (article, seq, story, title, day, keys, vector, minhash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(f.id, seq + i, story_of[f.id], f.title, f.day, json.dumps(list(f.keys)),
                  f.vector.astype(np.float32).tobytes(), f.minhash.astype(np.uint64).tobytes())
                 for i, f in enumerate(features, start=1)],
            )
            for story in stories:
                self._upsert_story(db, story)

    @staticmethod
    def _upsert_article(db: sqlite3.Connection, article: Article) -> int:
        exists = db.execute("SELECT 1 FROM articles WHERE content_hash = ?", (article.content_hash,)).fetchone()
        published = json.dumps(contract_value(article.published)) if article.published is not None else None
        values = (article.id, article.title, article.outlet, article.url, article.path, published, article.story,
                  article.model_dump_json())
        if exists:
            db.execute(
                "UPDATE articles SET id=?, title=?, outlet=?, url=?, path=?, published=?, story=?, data=? "
                "WHERE content_hash=?",
                (*values, article.content_hash),
            )
            return 0
        db.execute(
            "INSERT INTO articles (id, title, outlet, url, path, published, story, data, content_hash, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, article.content_hash, _now()),
        )
        return 1

    @staticmethod
    def _upsert_story(db: sqlite3.Connection, story: Story) -> None:
        db.execute(
            "INSERT INTO stories (id, title, span, articles, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET title=excluded.title, span=excluded.span, articles=excluded.articles, "
            "updated_at=excluded.updated_at",
            (story.id, story.title, json.dumps(story.span) if story.span else None, json.dumps(story.articles), _now()),
        )


SQL_BATCH = 500
"""Host parameters per `IN (...)` query, below SQLite's limit on every build."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
