"""Atomic factual claims, matched across articles, with independent support and conflicts."""

from __future__ import annotations

from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, Claim, Conflict, Derivation
from newsweave.nlp.embed import SentenceVectors
from newsweave.nlp.timex import TimeExpression


def extract_claims(
    analyzed: list[AnalyzedArticle],
    vectors: SentenceVectors,
    resolution: EntityResolution,
    times: dict[str, list[TimeExpression]],
    derivations: list[Derivation],
) -> tuple[list[Claim], list[Conflict]]:
    return [], []
