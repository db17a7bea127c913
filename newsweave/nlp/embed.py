"""Sentence embeddings (all-MiniLM-L6-v2), computed once per run and shared by every cross-document stage."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sentence_transformers import SentenceTransformer

from newsweave.models import AnalyzedArticle, SentenceRef

EMBED_BATCH_SIZE = 64


@dataclass
class SentenceVectors:
    """Unit-length vectors of all sentences of a run, row i belonging to `refs[i]`."""

    refs: list[SentenceRef]
    vectors: np.ndarray

    def rows_of(self, article_id: str) -> list[int]:
        return [i for i, ref in enumerate(self.refs) if ref.article == article_id]


def embed_texts(embedder: SentenceTransformer, texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, embedder.get_sentence_embedding_dimension() or 384), dtype=np.float32)
    return embedder.encode(
        texts, batch_size=EMBED_BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
    ).astype(np.float32)


def embed_sentences(analyzed: list[AnalyzedArticle], embedder: SentenceTransformer) -> SentenceVectors:
    refs = [ref for item in analyzed for ref in item.sentences]
    return SentenceVectors(refs=refs, vectors=embed_texts(embedder, [ref.text for ref in refs]))
