"""Who said what: quotes with their speakers, deduplicated across outlets."""

from __future__ import annotations

from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, Quote


def collect_quotes(analyzed: list[AnalyzedArticle], resolution: EntityResolution) -> list[Quote]:
    return []
