"""NLP: per-article linguistic analysis with one spaCy pipeline and one sentence-embedding model."""
