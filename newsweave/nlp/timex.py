"""Time expressions found in an article and normalized to calendar values against its publication date."""

from __future__ import annotations

from pydantic import BaseModel

from newsweave.models import AnalyzedArticle


class TimeExpression(BaseModel):
    article: str
    start: int
    end: int
    text: str
    value: str | list[str] | None


def find_time_expressions(item: AnalyzedArticle) -> list[TimeExpression]:
    return []
