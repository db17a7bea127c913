"""Any ingest source to documents: feed URLs and files, page URLs, WARC files, article files and folders.

Users point `newsweave ingest` at whatever they have, often mixed; the kind of each source is told from
its URL scheme, its suffix or its first bytes, never from a flag the user has to get right.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsweave.ingest.feeds import feed_documents, looks_like_feed
from newsweave.ingest.files import HTML_SUFFIXES, JSON_SUFFIXES, SIDECAR_SUFFIX, TEXT_SUFFIXES, read_file
from newsweave.ingest.warc import is_warc, read_warc
from newsweave.ingest.web import Fetcher, page_document
from newsweave.models import RawDocument, Skipped

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES


def read_sources(sources: list[str], fetcher: Fetcher, fetch_linked: bool = False) -> tuple[
    list[RawDocument], list[Skipped]
]:
    """`fetch_linked`: for feed entries, fetch the linked page rather than trusting the entry's text."""
    documents: list[RawDocument] = []
    skipped: list[Skipped] = []
    for source in sources:
        for result in _read_source(source, fetcher, fetch_linked):
            (skipped if isinstance(result, Skipped) else documents).append(result)
    return documents, skipped


def _read_source(source: str, fetcher: Fetcher, fetch_linked: bool) -> Iterator[RawDocument | Skipped]:
    if source.startswith(("http://", "https://")):
        fetched = fetcher.fetch(source)
        if isinstance(fetched, Skipped):
            yield fetched
        elif looks_like_feed(fetched.body):
            yield from feed_documents(fetched.body, source, fetcher if fetch_linked else None)
        else:
            yield page_document(fetched, source)
        return
    path = Path(source)
    if not path.exists():
        yield Skipped(path=source, reason="path does not exist")
    elif path.is_dir():
        files = [p for p in sorted(path.rglob("*")) if p.is_file() and _is_input(p)]
        if not files:
            yield Skipped(path=source, reason="folder holds no articles, feeds or WARC files")
        for child in files:
            yield from _read_file(child, fetcher, fetch_linked)
    else:
        yield from _read_file(path, fetcher, fetch_linked)


def _is_input(path: Path) -> bool:
    if path.name.startswith(".") or path.name.endswith(SIDECAR_SUFFIX):
        return False
    return is_warc(path.name) or path.suffix.lower() in ARTICLE_SUFFIXES | FEED_SUFFIXES


def _read_file(path: Path, fetcher: Fetcher, fetch_linked: bool) -> Iterator[RawDocument | Skipped]:
    if is_warc(path.name):
        yield from read_warc(path)
        return
    if path.suffix.lower() in FEED_SUFFIXES:
        try:
            data = path.read_bytes()
        except OSError as error:
            yield Skipped(path=str(path), reason=f"cannot read: {error.strerror or error}")
            return
        if looks_like_feed(data):
            yield from feed_documents(data, str(path), fetcher if fetch_linked else None)
            return
    yield from read_file(path)
