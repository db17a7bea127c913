"""What browsing the store needs: one dossier per story, the entities of each story under a key shared across
stories, who copied whom, full text, and per-story days for filters.

SQLite stores written before migrations declared their text primary keys without NOT NULL (SQLite allows
null there); those tables are rebuilt with it, so every store has one schema. Full text is the one place the backends differ: an FTS5 virtual table on SQLite, a table with a GIN index over
its `tsvector` on PostgreSQL; both have the columns of `schema.search`. Rows of stores written before this
revision are filled in here (days, copies, full text); their runs' dossiers are split into story dossiers by
`open_store` after the upgrade, since that needs the models.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from newsweave.dates import value_days

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


PRIMARY_KEYS = {"articles": ("content_hash", sa.Text), "runs": ("id", sa.Integer), "stories": ("id", sa.Text),
                "story_features": ("article", sa.Text)}
"""Primary keys of 0001, which SQLite stores written before migrations left nullable."""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, (column, kind) in PRIMARY_KEYS.items():
            with op.batch_alter_table(table) as batch:
                batch.alter_column(column, existing_type=kind(), nullable=False)
    op.add_column("articles", sa.Column("published_day", sa.Text))
    op.add_column("articles", sa.Column("derived_from", sa.Text))
    op.create_index("articles_story", "articles", ["story"])
    op.create_index("articles_outlet", "articles", ["outlet"])
    op.add_column("stories", sa.Column("first_day", sa.Text))
    op.add_column("stories", sa.Column("last_day", sa.Text))
    op.add_column("stories", sa.Column("conflicts", sa.Integer, nullable=False, server_default="0"))
    op.create_index("stories_last_day", "stories", ["last_day"])
    op.create_table(
        "story_dossiers",
        sa.Column("story", sa.Text, primary_key=True),
        sa.Column("run", sa.Integer),
        sa.Column("dossier", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_table(
        "story_entities",
        sa.Column("story", sa.Text, primary_key=True),
        sa.Column("entity_id", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("folded", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_index("story_entities_key", "story_entities", ["key"])
    op.create_table(
        "derivations",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("derived", sa.Text, primary_key=True),
        sa.Column("story", sa.Text, nullable=False),
        sa.Column("share", sa.Float, nullable=False),
    )
    op.create_index("derivations_story", "derivations", ["story"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search USING fts5(article UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
        )
    else:
        op.create_table(
            "search",
            sa.Column("article", sa.Text, primary_key=True),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("body", sa.Text, nullable=False),
        )
        op.execute("CREATE INDEX search_text ON search USING GIN (to_tsvector('simple', title || ' ' || body))")
    _fill_rows_written_before()


def _fill_rows_written_before() -> None:
    db = op.get_bind()
    for content_hash, article_id, title, published, data in db.execute(
        sa.text("SELECT content_hash, id, title, published, data FROM articles")
    ):
        db.execute(
            sa.text("UPDATE articles SET published_day = :day, derived_from = :derived WHERE content_hash = :hash"),
            {"day": _first_day(published), "derived": json.loads(data).get("derived_from"), "hash": content_hash},
        )
        db.execute(
            sa.text("INSERT INTO search (article, title, body) VALUES (:article, :title, :body)"),
            {"article": article_id, "title": title or "", "body": json.loads(data)["text"]},
        )
    for story_id, span in db.execute(sa.text("SELECT id, span FROM stories")):
        days = value_days(json.loads(span)) if span else None
        db.execute(
            sa.text("UPDATE stories SET first_day = :first, last_day = :last WHERE id = :id"),
            {"first": days[0].isoformat() if days else None, "last": days[1].isoformat() if days else None,
             "id": story_id},
        )


def _first_day(published: str | None) -> str | None:
    days = value_days(json.loads(published)) if published else None
    return days[0].isoformat() if days else None


def downgrade() -> None:
    op.drop_table("search")
    for table in ("derivations", "story_entities", "story_dossiers"):
        op.drop_table(table)
    op.drop_index("stories_last_day", "stories")
    for column in ("conflicts", "last_day", "first_day"):
        op.drop_column("stories", column)
    op.drop_index("articles_outlet", "articles")
    op.drop_index("articles_story", "articles")
    op.drop_column("articles", "derived_from")
    op.drop_column("articles", "published_day")
