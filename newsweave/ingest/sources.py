"""Any ingest source to documents: feed URLs and files, page URLs, WARC files, article files and folders.

Users point `newsweave ingest` at whatever they have, often mixed; the kind of each source is told from
its URL scheme, its suffix or its first bytes, never from a flag the user has to get right.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Self
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
from newsweave.settings import IngestSettings

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES


def read_sources(sources: list[str], fetcher: Fetcher, fetch_linked: bool = False) -> tuple[
    list[RawDocument], list[Skipped]
]:
    """`fetch_linked`: for feed entries, fetch the linked page rather than trusting the entry's text. The
    fetcher carries the run's ingest settings. Every input read (`SourceReading`), results in input order."""
    with SourceReading(sources, fetcher, fetch_linked) as reading:
        results = in_input_order(reading.reads())
    return documents(results), reading.skipped + [result for result in results if isinstance(result, Skipped)]


@dataclass(frozen=True)
class Read:
    """What one input gave, with the input's position among the run's inputs (after folders are expanded)."""

    position: int
    results: list[RawDocument | Skipped]


class SourceReading:
    """A run's inputs being read. A fetch mostly waits on a server, and a slow or hostile one makes it wait up
    to the speed floor or the whole fetch deadline. So the URLs are fetched in background threads from the
    moment this is made, up to `network.fetch_hosts` hosts at once and one request at a time per host (crawler
    politeness), while `local` reads the files in the caller's thread; a caller with work to do on what is read
    already (cleaning) does it while the fetches wait, and puts the results back in input order
    (`in_input_order`), so a slow server costs no wall time while there is other work and outputs do not
    depend on which fetch ended first. `skipped`: the folders that hold no input."""

    def __init__(self, sources: list[str], fetcher: Fetcher, fetch_linked: bool = False) -> None:
        self.items, self.skipped = expand_sources(sources)
        self._fetcher, self._fetch_linked = fetcher, fetch_linked
        by_host = _urls_by_host(self.items)
        self._pool = ThreadPoolExecutor(max(1, min(fetcher.net.fetch_hosts, len(by_host))), "newsweave-fetch")
        self._fetching = [self._pool.submit(self._read_in_turn, positions) for positions in by_host]

    @property
    def urls(self) -> int:
        return sum(is_url(item) for item in self.items)

    def reads(self) -> Iterator[Read]:
        """Every input: the files, then the URLs as their hosts' turns end."""
        yield from self.local()
        yield from self.fetched()

    def local(self) -> Iterator[Read]:
        """The files, one after the other in input order."""
        for position, item in enumerate(self.items):
            if not is_url(item):
                yield Read(position, list(read_source(item, self._fetcher, self._fetch_linked)))

    def fetched(self) -> Iterator[Read]:
        """The URLs, each host's as soon as its turn has ended."""
        for future in as_completed(self._fetching):
            yield from future.result()

    def _read_in_turn(self, positions: list[int]) -> list[Read]:
        """One host's URLs, one after the other."""
        return [Read(at, list(read_source(self.items[at], self._fetcher, self._fetch_linked))) for at in positions]

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        """A run that stops early waits for the fetches under way (each within its deadline), starts no more."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def may_be_articles(sources: list[str], cfg: IngestSettings, least: int) -> int:
    """How many articles `sources` may give, counted before anything is read or fetched, so that parse workers
    start loading spaCy at once rather than once reading and cleaning are done. Cleaning only removes text, so a
    text of fewer than `least` bytes (`cleaning.min_article_chars`) never becomes an article: 2,000 one-line files
    must not start a worker that 30 articles do not repay. A text or HTML file counts one, a JSON Lines file its
    lines long enough to hold an article, a URL one (a page is one article; a feed's entries are not known before
    it arrives), a WARC or feed file or a JSON list (often on one line) one per `least` bytes. A wrong count
    costs time only: workers the input does not repay, or none where they would have helped."""
    items, _ = expand_sources(sources)
    return sum(_may_be_in(item, cfg, least) for item in items)


def _may_be_in(item: str, cfg: IngestSettings, least: int) -> int:
    if is_url(item):
        return 1
    path = Path(item)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size < least or (suffix in ARTICLE_SUFFIXES and size > cfg.max_input_bytes):
            return 0
        if suffix in JSON_SUFFIXES:
            data = path.read_bytes()
            if not data.lstrip().startswith(b"["):
                return sum(len(line) >= least for line in data.splitlines())
    except OSError:
        return 0  # reading it will say why
    return 1 if suffix in ARTICLE_SUFFIXES - JSON_SUFFIXES else size // least


def in_input_order(reads: Iterable[Read]) -> list[RawDocument | Skipped]:
    return [result for read in sorted(reads, key=lambda read: read.position) for result in read.results]


def documents(results: Iterable[RawDocument | Skipped]) -> list[RawDocument]:
    return [result for result in results if isinstance(result, RawDocument)]


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
