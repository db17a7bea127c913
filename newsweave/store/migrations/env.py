"""Alembic environment: migrate the connection `open_store` passes in (inside its transaction), or, from the
`alembic` command line (`alembic -x db=URL revision ...`), the store that `-x db` names."""

from __future__ import annotations

from alembic import context

from newsweave.store.database import engine_for
from newsweave.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    engine = engine_for(context.get_x_argument(as_dictionary=True).get("db", "newsweave.db"))
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=metadata)
        context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()
