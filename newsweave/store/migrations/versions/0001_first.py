"""The schema of the first stores (runs, articles, stories, clustering features), before browsing.

Stores written before migrations existed have exactly these tables and no `alembic_version`; `open_store`
stamps them with this revision and upgrades them from here.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("content_hash", sa.Text, primary_key=True),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("story", sa.Text),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("added_at", sa.Text, nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("article_ids", sa.Text, nullable=False),
        sa.Column("dossier", sa.Text, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("span", sa.Text),
        sa.Column("articles", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_table(
        "story_features",
        sa.Column("article", sa.Text, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        sa.Column("story", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("day", sa.Text),
        sa.Column("keys", sa.Text, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
    )
    op.create_index("story_features_story", "story_features", ["story"])


def downgrade() -> None:
    for table in ("story_features", "stories", "runs", "articles"):
        op.drop_table(table)
