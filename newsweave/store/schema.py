"""The store's tables, once, for SQLite and PostgreSQL alike (SQLAlchemy Core).

This is the schema the code reads and writes today; `migrations/versions/` holds how a store of any earlier
version becomes it (a test checks that migrating a new store yields exactly these tables on both backends).
Dates and times are ISO strings, so ordering and range filters compare the same way on both backends; lists
and whole models are JSON text; vectors are raw bytes.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Computed,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("content_hash", Text, primary_key=True),
    Column("id", Text, nullable=False, unique=True),
    Column("title", Text),
    Column("outlet", Text),
    Column("url", Text),
    Column("path", Text),
    Column("published", Text),  # The contract date as JSON.
    Column("published_day", Text),  # First day `published` covers (ISO), for ordering.
    Column("story", Text),
    Column("derived_from", Text),  # The article this one copies, once linking has found it.
    Column("data", Text, nullable=False),  # The whole Article as JSON.
    Column("added_at", Text, nullable=False),
    Index("articles_story", "story"),
    Index("articles_outlet", "outlet"),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("article_ids", Text, nullable=False),
    Column("dossier", Text, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("span", Text),  # The contract date as JSON.
    Column("articles", Text, nullable=False),  # Article ids as a JSON list.
    Column("updated_at", Text, nullable=False),
    Column("first_day", Text),  # First day of `span` (ISO), for date filters.
    Column("last_day", Text),  # Last day of `span` (ISO), for date filters and newest-first order.
    Column("conflicts", Integer, nullable=False, server_default="0"),  # In the latest linked dossier.
    Column("needs_link", Integer, nullable=False, server_default="0"),  # 1: gained articles since it was linked.
    Index("stories_last_day", "last_day"),
)

story_features = Table(
    "story_features",
    metadata,
    Column("article", Text, primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),
    Column("story", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("day", Text),
    Column("keys", Text, nullable=False),
    Column("vector", LargeBinary, nullable=False),
    Column("minhash", LargeBinary, nullable=False),
    Column("encoder", Integer),  # `encoders.id` of the model that made `vector`; null: not recorded (before 0005).
    Index("story_features_story", "story"),
    Index("story_features_encoder", "encoder"),
)
"""What incremental story clustering needs of each stored article, in arrival order (`seq`): the next run
rebuilds story centroids, entity sets and the LSH index from it without parsing or embedding again."""

encoders = Table(
    "encoders",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),  # The encoder setting's value (`parse.encoder`).
    Column("model", Text, nullable=False),  # The model it named (`nlp.derived.model_key`).
    UniqueConstraint("name", "model", name="encoders_name_model"),
)
"""The models that made stored vectors (`VectorEncoder`), one row each, so a vector's row names its model by a
small number."""

story_dossiers = Table(
    "story_dossiers",
    metadata,
    Column("story", Text, primary_key=True),
    Column("run", Integer),  # The run that linked it; null when `ingest` did.
    Column("dossier", Text, nullable=False),  # The latest linked Dossier of this one story, as JSON.
    Column("created_at", Text, nullable=False),
)

story_entities = Table(
    "story_entities",
    metadata,
    Column("story", Text, primary_key=True),
    Column("entity_id", Text, primary_key=True),  # The entity's id inside the story's dossier.
    Column("key", Text, nullable=False),  # `entity_key(name, type)`: the same across stories.
    Column("name", Text, nullable=False),
    Column("folded", Text, nullable=False),  # The casefolded name, for prefix and substring lookups.
    Column("type", Text, nullable=False),
    Column("mentions", Integer, nullable=False),
    Index("story_entities_key", "key"),
)

derivations = Table(
    "derivations",
    metadata,
    Column("source", Text, primary_key=True),
    Column("derived", Text, primary_key=True),
    Column("story", Text, nullable=False),
    Column("share", Float, nullable=False),
    Index("derivations_story", "story"),
)
"""Who copied whom, by article id, so outlet pages count copies without reading dossiers."""

TEXT_SEARCH_CONFIG = "simple"
"""PostgreSQL text-search configuration: like SQLite FTS5's default tokenizer (words, case-folded, no stemming),
so a query finds the same articles on both backends, in any language."""

search = Table(
    "search",
    metadata,
    Column("article", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column(
        "vector",
        TSVECTOR,
        Computed(f"to_tsvector('{TEXT_SEARCH_CONFIG}', title || ' ' || body)", persisted=True),
        nullable=False,
    ),
    Index("search_vector", "vector", postgresql_using="gin"),
)
"""Full text of every article. On PostgreSQL a table whose `vector` is computed from title and text when a row is
written, with a GIN index; on SQLite an FTS5 virtual table of the other columns (created by the migrations, so
`metadata.create_all` is never used; nothing on SQLite reads `vector`)."""
