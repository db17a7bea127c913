"""Store: runs and articles persisted in SQLite (embedded, default) so repeated runs accumulate, not duplicate."""
