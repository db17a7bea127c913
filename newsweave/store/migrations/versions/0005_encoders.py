"""Stored lead vectors record the model that made them (`encoders`, `story_features.encoder`), so an `ingest`
whose encoder differs re-encodes them before comparing (`app.incremental.reencode_stored`). Vectors stored
before say nothing of their model (the default encoder was then the full MiniLM, but a run could have set
another): they are left unrecorded (null) rather than guessed, and the next `ingest` re-encodes them.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "encoders",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("model", sa.Text, nullable=False),
        sa.UniqueConstraint("name", "model", name="encoders_name_model"),
    )
    op.add_column("story_features", sa.Column("encoder", sa.Integer))
    op.create_index("story_features_encoder", "story_features", ["encoder"])


def downgrade() -> None:
    op.drop_index("story_features_encoder", "story_features")
    with op.batch_alter_table("story_features") as batch:
        batch.drop_column("encoder")
    op.drop_table("encoders")
