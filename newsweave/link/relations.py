"""Relations between entities ((subject, relation, object) triples) with evidence and sources."""

from __future__ import annotations

from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, Relation


def extract_relations(analyzed: list[AnalyzedArticle], resolution: EntityResolution) -> list[Relation]:
    return []
