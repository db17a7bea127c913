"""Link: cross-document analysis over all articles of a run (support, entities, quotes, claims, copies)."""
