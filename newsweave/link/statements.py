"""Which sentences of *other* articles state the same thing as a given sentence.

Cosine similarity of all-MiniLM-L6-v2 sentence embeddings; the threshold is calibrated on hand-labelled
sentence pairs in `eval/calibration/sentence_pairs.jsonl` (see `bench/calibrate_support.py` and
docs/calibration.md). Sentences of the same article never support each other.
"""

from __future__ import annotations

import numpy as np

from newsweave.models import Statement, Support
from newsweave.nlp.embed import SentenceVectors

SUPPORT_THRESHOLD = 0.70
"""Minimum cosine similarity for "states the same thing"; calibrated, see docs/calibration.md."""


def find_support(vectors: SentenceVectors, threshold: float = SUPPORT_THRESHOLD) -> list[Statement]:
    refs, matrix = vectors.refs, vectors.vectors
    similarity = matrix @ matrix.T if len(refs) else np.zeros((0, 0), dtype=np.float32)
    articles = np.array([ref.article for ref in refs])
    statements: list[Statement] = []
    for i, ref in enumerate(refs):
        candidates = np.nonzero((similarity[i] >= threshold) & (articles != ref.article))[0]
        best_per_article: dict[str, int] = {}
        for j in candidates:
            other = refs[j].article
            if other not in best_per_article or similarity[i, j] > similarity[i, best_per_article[other]]:
                best_per_article[other] = int(j)
        support = sorted(
            (
                Support(article=refs[j].article, sentence=refs[j].index, text=refs[j].text,
                        similarity=round(float(similarity[i, j]), 4))
                for j in best_per_article.values()
            ),
            key=lambda s: -s.similarity,
        )
        statements.append(
            Statement(
                id=f"{ref.article}:{ref.index}",
                article=ref.article,
                sentence=ref.index,
                start=ref.start,
                end=ref.end,
                text=ref.text,
                supported_by=support,
                sources=[ref.article, *(s.article for s in support)],
            )
        )
    return statements
