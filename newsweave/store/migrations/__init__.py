"""Alembic migrations of the store, shipped with the package and run by `open_store` (see docs/store.md)."""
