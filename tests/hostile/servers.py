"""Hostile HTTP servers for the network cases of the hostile corpus and the fetch tests: a web site that drips,
loops, redirects into the machine's own loopback, streams a page of 100 MB and a robots.txt declared at 400 MB,
and serves a feed of 10,000 entries.

Each site is the standard library's `http.server` in a daemon thread on an ephemeral loopback port. Big bodies
are written in chunks as they are requested, never held in memory, and every endless response stops when the
client hangs up or the site closes. A site comes with a second, private server (`hostile.private`): the target
of the redirect into loopback, which a fetch allowed to reach the hostile site alone must never reach.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from newsweave.settings import NetworkSettings

from ..loopback import reply, running, send_head

DRIP_SECONDS = 1.0
"""Pause between the bytes of a dripping response: one byte a second, as in issue 15."""
HUGE_PAGE_BYTES = 100 * 2**20
DECLARED_ROBOTS_BYTES = 400 * 2**20
FEED_ENTRIES = 10_000
CHUNK = 64 * 1024
ROBOTS_RULES = b"User-agent: *\nDisallow: /private/\n"
ARTICLE_TITLE = "Harbour crane collapses at Tessby container port"
ARTICLE = (
    "A container crane collapsed at the port of Tessby on Thursday morning, crushing two empty trucks on the "
    "quay below, the port authority said.",
    "No one was hurt, because the crane's operator had left the cabin for a shift change ten minutes earlier, "
    "port director Halla Brenning told reporters.",
    "The crane, one of six on the eastern quay, was installed in 1998 and last inspected in February. "
    "Loading at the eastern quay was halted while engineers examine the other five cranes.",
    "Ships due at Tessby this week will be sent to the western quay, which the authority said could handle "
    "about half of the usual traffic.",
)


def article_page() -> bytes:
    """A good made-up article page: what a fetch allowed through gets."""
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE)
    return (f"<!doctype html><html><head><title>{ARTICLE_TITLE}</title>"
            '<meta property="article:published_time" content="2025-03-04T08:00:00Z"></head>'
            f"<body><article><h1>{ARTICLE_TITLE}</h1>{paragraphs}</article></body></html>").encode()


@dataclass
class Served:
    """What a site served: the paths requested and the bytes written (big bodies stop early when cut off)."""

    requests: list[str] = field(default_factory=list)
    bytes_written: dict[str, int] = field(default_factory=dict)


@dataclass
class Site:
    base: str
    served: Served

    @property
    def netloc(self) -> str:
        return self.base.removeprefix("http://")

    def url(self, path: str) -> str:
        return self.base + path


@dataclass
class HostileSite(Site):
    private: Site

    @property
    def network(self) -> NetworkSettings:
        """Exactly this site let through the address policy: its private twin stays refused."""
        return NetworkSettings(allow_private=(self.netloc,))


PATHS = {
    "drip": "/drip.html",
    "drip headers": "/drip-headers.html",
    "redirect loop": "/loop/a",
    "redirect to loopback": "/to-loopback",
    "huge page": "/huge.html",
    "robots-disallowed page": "/private/article.html",
    "huge feed": "/feed.xml",
    "article": "/article.html",
}
"""Named entry points of a hostile site, for the corpus and the tests."""


@contextmanager
def hostile_site() -> Iterator[HostileSite]:
    with _serve({PATHS["article"]: _fixed(200, article_page())}) as private, \
            _serve(_hostile_routes(private)) as site:
        yield HostileSite(site.base, site.served, private)


Count = Callable[[int], None]
Respond = Callable[[BaseHTTPRequestHandler, threading.Event, Count], None]
"""Writes one response, counting the body bytes written as it goes (a cut-off stream ends with an error)."""


def _hostile_routes(private: Site) -> dict[str, Respond]:
    return {
        "/robots.txt": _huge_robots,
        PATHS["article"]: _fixed(200, article_page()),
        PATHS["robots-disallowed page"]: _fixed(200, article_page()),
        PATHS["drip"]: _drip_body,
        PATHS["drip headers"]: _drip_headers,
        "/loop/a": _fixed(302, b"", location="/loop/b"),
        "/loop/b": _fixed(302, b"", location="/loop/a"),
        "/to-nowhere": _fixed(302, b"", location="http://[broken/"),
        PATHS["redirect to loopback"]: _fixed(302, b"", location=private.url(PATHS["article"])),
        PATHS["huge page"]: _huge_page,
        PATHS["huge feed"]: _fixed(200, huge_feed(), content_type="application/rss+xml"),
        **{f"/hops/{n}": _fixed(302, b"", location=f"/hops/{n - 1}" if n > 1 else PATHS["article"])
           for n in range(1, 10)},
    }


def huge_feed() -> bytes:
    """An RSS feed of `FEED_ENTRIES` entries with no text and no link: read, each is a skip, so a reader that
    does not bound the entries it reads spends its time and memory on them."""
    items = "".join(f"<item><title>Entry {number}</title><guid>entry-{number}</guid></item>"
                    for number in range(FEED_ENTRIES))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Endless Wire</title>'
            f"{items}</channel></rss>").encode()


def _fixed(status: int, body: bytes, location: str = "",
           content_type: str = "text/html; charset=utf-8") -> Respond:
    def respond(handler: BaseHTTPRequestHandler, _: threading.Event, count: Count) -> None:
        reply(handler, status, body, content_type, location)
        count(len(body))

    return respond


def _drip_body(handler: BaseHTTPRequestHandler, stop: threading.Event, count: Count) -> None:
    """Headers at once, then the page a byte a second: every read returns in time, the whole never ends."""
    body = article_page()
    send_head(handler, 200, len(body))
    _drip(handler, body, stop, count)


def _drip_headers(handler: BaseHTTPRequestHandler, stop: threading.Event, count: Count) -> None:
    """Even the status line a byte a second: a client's per-read timeout never fires while it waits for headers."""
    body = article_page()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    handler.close_connection = True
    _drip(handler, head + body, stop, count)


def _drip(handler: BaseHTTPRequestHandler, data: bytes, stop: threading.Event, count: Count) -> None:
    for byte in data:
        if stop.wait(DRIP_SECONDS):
            return
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        count(1)


def _huge_page(handler: BaseHTTPRequestHandler, stop: threading.Event, count: Count) -> None:
    """100 MB of page with no Content-Length: only counting what is read can stop it."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.close_connection = True
    handler.wfile.write(b"<html><body>")
    row = b"<p>" + b"filler " * 140 + b"</p>\n"
    _stream(handler, row, HUGE_PAGE_BYTES, stop, count)


def _huge_robots(handler: BaseHTTPRequestHandler, stop: threading.Event, count: Count) -> None:
    """Real rules first, then comment lines to a declared 400 MB."""
    send_head(handler, 200, DECLARED_ROBOTS_BYTES, "text/plain")
    handler.wfile.write(ROBOTS_RULES)
    count(len(ROBOTS_RULES))
    _stream(handler, b"# " + b"x" * 60 + b"\n", DECLARED_ROBOTS_BYTES - len(ROBOTS_RULES), stop, count)


def _stream(handler: BaseHTTPRequestHandler, line: bytes, total: int, stop: threading.Event, count: Count) -> None:
    chunk = line * (CHUNK // len(line))
    written = 0
    while written < total and not stop.is_set():
        piece = chunk[: total - written]
        handler.wfile.write(piece)
        written += len(piece)
        count(len(piece))


@contextmanager
def _serve(routes: dict[str, Respond]) -> Iterator[Site]:
    stop = threading.Event()
    served = Served()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            served.requests.append(self.path)
            route = self.path.partition("?")[0]
            respond = routes.get(route, _fixed(404, b"not found", content_type="text/plain"))

            def count(size: int) -> None:
                served.bytes_written[route] = served.bytes_written.get(route, 0) + size

            try:
                respond(self, stop, count)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    with running(Handler) as base:
        try:
            yield Site(base, served)
        finally:
            stop.set()
