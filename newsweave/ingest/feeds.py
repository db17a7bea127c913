"""RSS and Atom feeds to documents (feedparser): one document per entry.

An entry's own content (or summary) is often a teaser; given a fetcher, the linked page is fetched and its
main text used instead. A page that cannot be had makes the entry a skip with the fetch's reason: the
user asked for full articles, and a teaser silently standing in for one would be analysed as the article.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from newsweave.ingest.web import Fetcher, fetch_page
from newsweave.models import RawDocument, Skipped
from newsweave.settings import IngestSettings

if TYPE_CHECKING:  # imported at the first feed (as html.py imports its parsers): most runs read none
    import feedparser

ENTRY_START = re.compile(rb"<(?:item|entry)[\s>/]")  # not language
ENTRY_END = re.compile(rb"</(?:item|entry)\s*>")  # not language
"""Where an RSS/RDF item or an Atom entry starts and ends, in the feed's bytes."""


def looks_like_feed(head: bytes) -> bool:
    """An RSS, Atom or RDF root element near the start, and no HTML one."""
    start = head[:4096].lower()
    return any(tag in start for tag in (b"<rss", b"<feed", b"<rdf:rdf")) and b"<html" not in start


def feed_documents(
    data: bytes, source: str, cfg: IngestSettings, fetcher: Fetcher | None = None
) -> list[RawDocument | Skipped]:
    """Documents of a feed's first `cfg.max_feed_items` entries; `fetcher` given means: fetch each entry's
    linked page."""
    parsed, entries = _parse_first(data, cfg.max_feed_items)
    if parsed.bozo and not parsed.entries:
        return [Skipped(path=source, reason=f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")]
    outlet = parsed.feed.get("title")
    results: list[RawDocument | Skipped] = []
    if entries > cfg.max_feed_items:
        results.append(Skipped(path=source, reason=(
            f"feed has {entries} entries; only the first {cfg.max_feed_items} were read "
            "(ingest.max_feed_items)")))
    for number, entry in enumerate(parsed.entries[: cfg.max_feed_items], start=1):
        link = entry.get("link")
        if fetcher is not None and link:
            results.append(_linked_page(entry, link, outlet, fetcher))
            continue
        entry_source = link or f"{source}#entry{number}"
        document = _entry_document(entry, entry_source, outlet)
        results.append(document or Skipped(path=entry_source, reason="feed entry has no content or summary"))
    return results


def _parse_first(data: bytes, limit: int) -> tuple[feedparser.FeedParserDict, int]:
    """The feed parsed as far as its first `limit` entries, and how many entries it has. feedparser's time
    grows with every entry of the document, read or not, so a feed of more entries (counted by their start
    tags) is parsed cut before the next one, its closing tags kept. A start tag inside an entry's text would
    throw the count off, so a cut that does not give exactly `limit` entries is dropped for the whole feed."""
    import feedparser

    starts = [match.start() for match in ENTRY_START.finditer(data)]
    if len(starts) > limit:
        tail = max((match.end() for match in ENTRY_END.finditer(data, starts[limit])), default=len(data))
        parsed = feedparser.parse(data[: starts[limit]] + data[tail:])
        if len(parsed.entries) == limit:
            return parsed, len(starts)
    parsed = feedparser.parse(data)
    return parsed, len(parsed.entries)


def _linked_page(
    entry: feedparser.FeedParserDict, link: str, outlet: str | None, fetcher: Fetcher
) -> RawDocument | Skipped:
    """The entry's page, with the entry's metadata where the page lacks it."""
    page = fetch_page(link, fetcher)
    if isinstance(page, Skipped):
        return Skipped(path=link, reason=f"linked page not read, so the entry's teaser is not used either "
                       f"({page.reason}); ingest the feed without --fetch to keep teasers")
    return page.model_copy(update={  # not language
        "title": page.title or _title(entry), "outlet": page.outlet or outlet,
        "published": page.published or _published(entry), "source_id": entry.get("id"),
    })


def _entry_document(entry: feedparser.FeedParserDict, source: str, outlet: str | None) -> RawDocument | None:
    contents = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    text = "\n\n".join(_plain(value) for value in contents if value and value.strip())
    if not text.strip():
        return None
    return RawDocument(
        source=source, url=entry.get("link"), text=text, title=_title(entry), outlet=outlet,
        byline=entry.get("author"), published=_published(entry), source_id=entry.get("id"),
    )


def _plain(value: str) -> str:
    """Entry HTML to text, one paragraph per block element."""
    import lxml.html

    if "<" not in value:
        return value.strip()
    root = lxml.html.fragment_fromstring(value, create_parent="div")
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    return "\n\n".join(part.strip() for part in root.text_content().split("\n\n") if part.strip())


def _title(entry: feedparser.FeedParserDict) -> str | None:
    return _plain(entry["title"]) if entry.get("title") else None


def _published(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None
