"""The story's timeline: dated events, merged across the outlets that report them."""

from __future__ import annotations

from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, TimelineEntry
from newsweave.nlp.timex import TimeExpression


def build_timeline(
    analyzed: list[AnalyzedArticle], times: dict[str, list[TimeExpression]], resolution: EntityResolution
) -> list[TimelineEntry]:
    return []
