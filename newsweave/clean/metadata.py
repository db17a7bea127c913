"""Article metadata found in the text itself or given with it: title, outlet, dateline, byline, date."""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.models import DateValue, RawDocument


@dataclass
class ArticleMetadata:
    title: str | None
    outlet: str | None
    byline: str | None
    dateline: str | None
    published: DateValue
    published_reason: str


def extract_metadata(text: str, raw: RawDocument) -> ArticleMetadata:
    published = raw.published[:10] if raw.published else None
    return ArticleMetadata(
        title=raw.title,
        outlet=raw.outlet,
        byline=raw.byline,
        dateline=None,
        published=published,
        published_reason="given in metadata" if published else "no publication date stated or given",
    )
