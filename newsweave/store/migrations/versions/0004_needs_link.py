"""Stories remember that they gained articles since their dossier was linked (`stories.needs_link`), so an
`ingest` killed between grouping and linking, or run with `--no-link`, is completed by the next linking ingest
instead of leaving those stories unlinked for good. Stories of earlier stores that were grouped by `ingest` and
never linked are marked here.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stories", sa.Column("needs_link", sa.Integer, nullable=False, server_default="0"))
    op.execute(
        "UPDATE stories SET needs_link = 1 WHERE id IN (SELECT story FROM story_features) "
        "AND id NOT IN (SELECT story FROM story_dossiers)"
    )


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("needs_link")
