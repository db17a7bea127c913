"""Who copied whom: copies, rewrites and syndicated versions of another article of the run."""

from __future__ import annotations

from newsweave.models import AnalyzedArticle, Derivation
from newsweave.nlp.embed import SentenceVectors


def detect_derivations(analyzed: list[AnalyzedArticle], vectors: SentenceVectors) -> list[Derivation]:
    return []
