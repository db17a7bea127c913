"""Web pages to article text and metadata with trafilatura (main text) and htmldate (publication date).

trafilatura runs without its `deduplicate` option: that option remembers text across calls, so what a page
yields would depend on the pages read before it; repeated text inside one article is the cleaner's job.
"""

from __future__ import annotations

import trafilatura
from htmldate import find_date

from newsweave.models import RawDocument
from newsweave.settings import IngestSettings


class NoArticleText(ValueError):
    """trafilatura found no main text in the page."""


def html_to_document(
    html: str, source: str, cfg: IngestSettings, path: str | None = None, url: str | None = None
) -> RawDocument:
    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=cfg.html_include_tables, deduplicate=False,
        favor_precision=cfg.html_favor_precision,
    )
    if not text or not text.strip():
        raise NoArticleText("no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html, default_url=url)
    published = _find_date(html, url)
    return RawDocument(
        source=source,
        path=path,
        url=url or (meta.url if meta else None),
        text=text,
        html=None,
        title=meta.title if meta else None,
        outlet=(meta.sitename if meta else None) or None,
        byline=(meta.author if meta else None) or None,
        published=published or (meta.date if meta else None),
    )


def _find_date(html: str, url: str | None) -> str | None:
    try:
        return find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None
