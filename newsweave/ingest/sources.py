"""Any ingest source to documents: feed URLs and files, page URLs, WARC files, article files and folders.

Users point `newsweave ingest` at whatever they have, often mixed; the kind of each source is told from
its URL scheme, its suffix or its first bytes, never from a flag the user has to get right.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsweave.ingest.feeds import feed_documents, looks_like_feed
from newsweave.ingest.files import (
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    SIDECAR_SUFFIX,
    TEXT_SUFFIXES,
    InputRefused,
    iter_inputs,
    read_bounded,
    read_file,
)
from newsweave.ingest.warc import is_warc, read_warc
from newsweave.ingest.web import Fetcher, page_document
from newsweave.models import RawDocument, Skipped

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES


def read_sources(sources: list[str], fetcher: Fetcher, fetch_linked: bool = False) -> tuple[
    list[RawDocument], list[Skipped]
]:
    """`fetch_linked`: for feed entries, fetch the linked page rather than trusting the entry's text. The
    fetcher carries the run's ingest settings."""
    items, skipped = expand_sources(sources)
    documents: list[RawDocument] = []
    for item in items:
        for result in read_source(item, fetcher, fetch_linked):
            (skipped if isinstance(result, Skipped) else documents).append(result)
    return documents, skipped


def expand_sources(sources: list[str]) -> tuple[list[str], list[Skipped]]:
    """URLs and files as given, folders replaced by the input files they hold (the Spark job's tasks)."""
    items: list[str] = []
    skipped: list[Skipped] = []
    for source in sources:
        if source.startswith(("http://", "https://")):
            items.append(source)
            continue
        for item in iter_inputs([source], _is_input, "folder holds no articles, feeds or WARC files"):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                items.append(str(item))
    return items, skipped


def read_source(source: str, fetcher: Fetcher, fetch_linked: bool = False) -> Iterator[RawDocument | Skipped]:
    """One URL or file (not a folder: see `expand_sources`)."""
    if not source.startswith(("http://", "https://")):
        yield from _read_file(Path(source), fetcher, fetch_linked)
        return
    fetched = fetcher.fetch(source)
    if isinstance(fetched, Skipped):
        yield fetched
    elif looks_like_feed(fetched.body):
        yield from feed_documents(fetched.body, source, fetcher.cfg, fetcher if fetch_linked else None)
    else:
        yield page_document(fetched, source, fetcher.cfg)


def _is_input(path: Path) -> bool:
    if path.name.startswith(".") or path.name.endswith(SIDECAR_SUFFIX):
        return False
    return is_warc(path.name) or path.suffix.lower() in ARTICLE_SUFFIXES | FEED_SUFFIXES


def _read_file(path: Path, fetcher: Fetcher, fetch_linked: bool) -> Iterator[RawDocument | Skipped]:
    if is_warc(path.name):
        yield from read_warc(path, fetcher.cfg)
        return
    if path.suffix.lower() in FEED_SUFFIXES:
        try:
            data = read_bounded(path, fetcher.cfg.max_input_bytes)
        except InputRefused as error:
            yield Skipped(path=str(path), reason=str(error))
            return
        if looks_like_feed(data):
            yield from feed_documents(data, str(path), fetcher.cfg, fetcher if fetch_linked else None)
            return
    yield from read_file(path, fetcher.cfg)
