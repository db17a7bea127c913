"""Web pages to article text and metadata with trafilatura (main text) and htmldate (publication date).

trafilatura runs without its `deduplicate` option: that option remembers text across calls, so what a page
yields would depend on the pages read before it; repeated text inside one article is the cleaner's job.
Every page, from a file, a record, a fetch or a crawl, passes the same budgets here: its size, its nesting (the
parser drops what lies below 255 levels without saying so) and its number of elements (extraction and metadata
take time for each: 100,000 links held one page for over a minute).

trafilatura, htmldate and lxml are imported at the first page: a run of text or JSON files never needs them,
and they took a tenth of a second before such a run could read its first file.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.models import RawDocument
from newsweave.settings import IngestSettings


class NoArticleText(ValueError):
    """trafilatura found no main text in the page."""


def html_to_document(
    html: str, source: str, cfg: IngestSettings, path: str | None = None, url: str | None = None
) -> RawDocument:
    if len(html) > cfg.max_page_bytes:
        raise NoArticleText(f"page too large ({len(html) / 1e6:.1f} MB of HTML > {cfg.max_page_bytes / 1e6:.1f} MB "
                            "limit); a news page is well under it")
    shape = page_shape(html)
    if shape.depth > cfg.max_html_depth:
        raise NoArticleText(f"HTML nested deeper than {cfg.max_html_depth} levels; text that deep would be dropped "
                            "by the parser")
    if shape.elements > cfg.max_html_elements:
        raise NoArticleText(f"page has {shape.elements:,} HTML elements (limit {cfg.max_html_elements:,}); a news "
                            "page has a few thousand, and extraction time grows with every one")
    import trafilatura

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
    from htmldate import find_date

    try:
        return find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True)
class PageShape:
    depth: int
    elements: int


def page_shape(html: str) -> PageShape:
    """Levels and elements of the parsed tree, counted level by level (no recursion). The parser stops at 256
    levels, so a deeper page measures 256."""
    import lxml.etree
    import lxml.html

    try:
        level = [lxml.html.document_fromstring(html)]
    except (lxml.etree.ParserError, ValueError):
        return PageShape(0, 0)
    depth = elements = 0
    while level:
        depth += 1
        elements += len(level)
        level = [child for element in level for child in element]
    return PageShape(depth, elements)
