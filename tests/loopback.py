"""A loopback HTTP server for ingest tests: fixed routes, the request headers recorded."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newsweave.settings import NetworkSettings


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    location: str = ""
    """Where a redirect (status 3xx) points."""


@dataclass
class Site:
    base: str
    requests: list[tuple[str, str]] = field(default_factory=list)
    """(path, User-Agent) of every request served."""

    @property
    def network(self) -> NetworkSettings:
        """Network settings that let a fetch reach this loopback server, and no other private address."""
        return NetworkSettings(allow_private=(self.base.removeprefix("http://"),))


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Site]:
    site = Site(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            site.requests.append((self.path, self.headers.get("User-Agent", "")))
            route = routes.get(self.path, Route(b"not found", "text/plain", 404))
            time.sleep(route.delay)
            try:
                reply(self, route.status, route.body, route.content_type, route.location)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    with running(Handler) as site.base:
        yield site


def send_head(
    handler: BaseHTTPRequestHandler, status: int, length: int, content_type: str = "text/html; charset=utf-8",
    location: str = "",
) -> None:
    """The status line and headers of a response of `length` bytes (`location`: where a redirect points)."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    if location:
        handler.send_header("Location", location)
    handler.send_header("Content-Length", str(length))
    handler.end_headers()


def reply(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
    location: str = "",
) -> None:
    """A whole response: `send_head`, then the body."""
    send_head(handler, status, len(body), content_type, location)
    handler.wfile.write(body)


@contextmanager
def running(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """`handler` serving on an ephemeral loopback port in a daemon thread, until the block ends; yields the base
    URL. Handler threads are daemons too: one still writing to a client that left does not hold the tests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page(title: str, *paragraphs: str, published: str = "2026-05-04") -> bytes:
    """A news page with furniture around the article, as sites serve them."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{published}T08:00:00Z"></head><body>'
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>Copyright 2026 Example Daily. All rights reserved.</footer></body></html>"
    ).encode()
