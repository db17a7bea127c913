"""The store: runs, articles, stories and their dossiers in SQLite (embedded, default) or PostgreSQL (shared),
so repeated runs accumulate, not duplicate, and `newsweave serve` can browse them. See docs/store.md."""

from newsweave.store.core import Store, entity_key, open_store
from newsweave.store.database import StoreError, engine_url

__all__ = ["Store", "StoreError", "engine_url", "entity_key", "open_store"]
