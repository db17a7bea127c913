"""Any ingest source to documents: feed URLs and files, page URLs, WARC files, article files and folders.

Users point `newsweave ingest` at whatever they have, often mixed; the kind of each source is told from
its URL scheme, its suffix or its first bytes, never from a flag the user has to get right.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

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
    fetcher carries the run's ingest settings.

    A fetch mostly waits on a server, and a slow or hostile one makes it wait up to the whole fetch deadline.
    So the URLs are fetched in background threads, up to `network.fetch_hosts` hosts at once and one request
    at a time per host (crawler politeness), while this thread reads the local files; a slow server then costs
    no wall time while there is other work. Results keep the order of the inputs."""
    items, skipped = expand_sources(sources)
    results: list[list[RawDocument | Skipped]] = [[] for _ in items]
    by_host = _urls_by_host(items)
    with ThreadPoolExecutor(max(1, min(fetcher.net.fetch_hosts, len(by_host))), "newsweave-fetch") as pool:
        fetching = [pool.submit(_read_in_turn, items, positions, fetcher, fetch_linked) for positions in by_host]
        for position, item in enumerate(items):
            if not is_url(item):
                results[position] = list(read_source(item, fetcher, fetch_linked))
        for future in fetching:
            for position, read in future.result().items():
                results[position] = read
    documents: list[RawDocument] = []
    for result in (result for read in results for result in read):
        (skipped if isinstance(result, Skipped) else documents).append(result)
    return documents, skipped


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _urls_by_host(items: list[str]) -> list[list[int]]:
    """The positions of the URLs among `items`, grouped by host (scheme, name and port) in input order."""
    hosts: dict[str, list[int]] = {}
    for position, item in enumerate(items):
        if is_url(item):
            parts = urlsplit(item)
            hosts.setdefault(f"{parts.scheme}://{parts.netloc.casefold()}", []).append(position)
    return list(hosts.values())


def _read_in_turn(
    items: list[str], positions: list[int], fetcher: Fetcher, fetch_linked: bool
) -> dict[int, list[RawDocument | Skipped]]:
    """One host's URLs, one after the other."""
    return {position: list(read_source(items[position], fetcher, fetch_linked)) for position in positions}


def expand_sources(sources: list[str]) -> tuple[list[str], list[Skipped]]:
    """URLs and files as given, folders replaced by the input files they hold (the Spark job's tasks)."""
    items: list[str] = []
    skipped: list[Skipped] = []
    for source in sources:
        if is_url(source):
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
    if not is_url(source):
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
