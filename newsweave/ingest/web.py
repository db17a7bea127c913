"""Fetching pages politely and safely: a User-Agent naming newsweave, robots.txt obeyed, bounded in every way.

News sites are fetched by many crawlers; one that ignores robots.txt or streams a 2 GB file into memory
gets blocked or brings the run down. URLs come from feeds and API clients, so a fetch is also bounded
against a hostile server: only http(s), only public addresses (`net.AddressPolicy`), at most
`max_redirects` hops (each one checked like the first, its host's robots.txt included), a byte limit and one
wall-clock deadline for the whole fetch (`net.Deadline`). Every refusal is a `Skipped` with the reason,
never an exception.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsweave.ingest.decode import UndecodableInput, decode_bytes
from newsweave.ingest.html import NoArticleText, html_to_document
from newsweave.ingest.net import (
    AddressPolicy,
    Deadline,
    FloorTransport,
    Refused,
    SpeedFloor,
    TooSlow,
)
from newsweave.models import RawDocument, Skipped
from newsweave.settings import IngestSettings, NetworkSettings

PROJECT_URL = "https://github.com/newsweave/newsweave"
REDIRECTS = frozenset({301, 302, 303, 307, 308})


def user_agent() -> str:
    try:
        release = version("newsweave")
    except PackageNotFoundError:
        release = "dev"
    return f"newsweave/{release} (+{PROJECT_URL})"


@dataclass
class Fetched:
    url: str
    """Where the body came from, after redirects."""
    content_type: str
    body: bytes
    status: int = 200

    def text(self, max_bytes: int) -> str:
        return decode_bytes(self.body, max_bytes)


@dataclass(frozen=True)
class Redirect:
    location: str


@dataclass
class Fetcher:
    """The one place newsweave fetches from: one HTTP client, the address policy and one robots.txt per host
    for a whole ingest run, with the run's ingest and network settings.

    httpx neither follows redirects nor reads proxy settings from the environment here: redirects are followed
    by `_follow` so each hop is checked, and a proxy would resolve names itself, past the address check.
    Connections are not kept alive, so every request opens its own, the address it reached is checked, and its
    speed is judged from the response's first byte (`net.FloorTransport`).
    `read_sources` fetches from several hosts at once through one fetcher: httpx's client is thread-safe, and
    the worst a race on the per-host records can do is read a robots.txt twice."""

    cfg: IngestSettings = field(default_factory=IngestSettings)
    net: NetworkSettings = field(default_factory=NetworkSettings)
    robots: dict[str, RobotFileParser] = field(default_factory=dict)
    timeouts: dict[str, int] = field(default_factory=dict)
    """Fetches in a row that ran out of time, by host:port (`NetworkSettings.max_host_timeouts`)."""

    def __post_init__(self) -> None:
        self.policy = AddressPolicy.from_settings(self.net)
        self._client: httpx.Client | None = None
        self._making = threading.Lock()

    @property
    def client(self) -> httpx.Client:
        """Made at the first fetch: its TLS contexts load the CA bundle (~0.1 s), which a run of local files,
        before it reads them, need not wait for."""
        with self._making:
            if self._client is None:
                self._client = httpx.Client(
                    headers={"User-Agent": user_agent()}, follow_redirects=False, trust_env=False,
                    transport=FloorTransport(SpeedFloor.from_settings(self.net)),
                )
            return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> Fetched | Skipped:
        """The page at `url` (status 200), within `fetch_timeout_seconds` in all, robots.txt reads and every
        host name lookup included, and above the speed floor once its response has started. A fetch that runs
        out of time or falls under the floor counts against the URL's host (`NetworkSettings.max_host_timeouts`),
        one that gets an answer clears its count."""
        with Deadline(self.cfg.fetch_timeout_seconds) as deadline:
            got = deadline.run(lambda: self._follow(url, deadline, self.cfg.max_page_bytes, robots_file=False))
        got = got or Skipped(path=url, reason=self._timed_out(deadline))
        ran_out = isinstance(got, Skipped) and deadline.expired
        if ran_out or isinstance(got, Fetched):
            self._count_timeout(url, ran_out)
        if isinstance(got, Fetched) and got.status != 200:
            return Skipped(path=url, reason=f"HTTP status {got.status}")
        return got

    def allowed(self, url: str, deadline: Deadline) -> bool:
        """robots.txt of the URL's host, read once per run within `robots_timeout_seconds` and
        `robots_max_bytes`; a missing or unreadable robots.txt allows everything, 401/403 nothing."""
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self.robots:
            parser = RobotFileParser(urljoin(host, "/robots.txt"))
            with Deadline(min(self.net.robots_timeout_seconds, deadline.remaining())) as robots_deadline:
                got = self._follow(parser.url, robots_deadline, self.net.robots_max_bytes, robots_file=True)
            parser.disallow_all = isinstance(got, Fetched) and got.status in (401, 403)
            parser.parse(_robots_lines(got, self.net.robots_max_bytes))
            self.robots[host] = parser
        return self.robots[host].can_fetch(user_agent(), url)

    def _follow(self, url: str, deadline: Deadline, max_bytes: int, robots_file: bool) -> Fetched | Skipped:
        """Redirects followed one hop at a time, each hop checked as the first URL was (scheme, address, and
        for a page the robots.txt of its host); a loop or too many hops is a skip naming the chain. A
        `robots_file` longer than `max_bytes` is cut there, as crawlers do, where a page is refused."""
        chain = [url]
        while True:
            hop = self._refusal(chain[-1], deadline, robots_file) or self._get(chain[-1], deadline, max_bytes, robots_file)
            if isinstance(hop, str):
                via = f" (reached by redirect from {url})" if len(chain) > 1 else ""
                return Skipped(path=url, reason=hop + via)
            if not isinstance(hop, Redirect):
                return hop
            try:
                target = urljoin(chain[-1], hop.location)
            except ValueError as error:
                return Skipped(path=url, reason=f"redirected to an invalid URL {hop.location[:200]!r}: {error}")
            if target in chain:
                return Skipped(path=url, reason=f"redirect loop: {' -> '.join([*chain, target])}")
            if len(chain) > self.net.max_redirects:
                return Skipped(path=url, reason=f"more than {self.net.max_redirects} redirects "
                               f"(network.max_redirects): {' -> '.join([*chain, target])}")
            chain.append(target)

    def _refusal(self, url: str, deadline: Deadline, robots_file: bool) -> str | None:
        """Why `url` may not be requested at all: checked before any connection to it is made."""
        try:
            target = httpx.URL(url)
            host, port = _host_port(target)
        except (httpx.InvalidURL, ValueError) as error:  # ValueError: a host name idna cannot encode
            return f"not a valid URL: {error}"
        if target.scheme not in {"http", "https"}:
            return "not an http(s) URL"
        timeouts = self.timeouts.get(f"{host}:{port}", 0)
        if timeouts >= self.net.max_host_timeouts:
            return (f"not fetched: {host}:{port} ran out of time {timeouts} times in a row in this run "
                    "(network.max_host_timeouts)")
        refused = self.policy.refusal(host, port)
        if refused:
            return refused
        if not robots_file and not self.allowed(url, deadline):
            return "disallowed by robots.txt"
        return None

    def _get(self, url: str, deadline: Deadline, max_bytes: int, keep_head: bool) -> Fetched | Redirect | str:
        """One request: the response (only a 200's body is read, and at most `max_bytes` of it: a longer one is
        refused, or cut with `keep_head`), a redirect, or why it failed."""
        if deadline.expired:
            return self._timed_out(deadline)
        host, port = _host_port(httpx.URL(url))
        return self._request(url, host, port, deadline, max_bytes, keep_head)

    def _count_timeout(self, url: str, ran_out: bool) -> None:
        try:
            host, port = _host_port(httpx.URL(url))
        except (httpx.InvalidURL, ValueError):
            return  # never requested: skipped as an invalid URL
        key = f"{host}:{port}"
        self.timeouts[key] = self.timeouts.get(key, 0) + 1 if ran_out else 0

    def _request(
        self, url: str, host: str, port: int, deadline: Deadline, max_bytes: int, keep_head: bool
    ) -> Fetched | Redirect | str:
        extensions = {"trace": self._guard(host, port, deadline)}
        try:
            with self.client.stream("GET", url, timeout=deadline.remaining(), extensions=extensions) as response:
                if response.status_code in REDIRECTS and "location" in response.headers:
                    return Redirect(response.headers["location"])
                fetched = Fetched(url, response.headers.get("content-type", ""), b"", response.status_code)
                if response.status_code != 200:
                    return fetched
                declared = int(response.headers.get("content-length") or 0)
                if declared > max_bytes and not keep_head:
                    return self._too_large(declared, max_bytes)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes and keep_head:
                        return Fetched(url, fetched.content_type, bytes(body[:max_bytes]))
                    if len(body) > max_bytes:
                        return self._too_large(len(body), max_bytes)
                return Fetched(url, fetched.content_type, bytes(body))
        except Refused as refused:
            return str(refused)
        except TooSlow as slow:
            deadline.cut()
            return str(slow)
        except (httpx.HTTPError, httpx.StreamError) as error:
            if deadline.expired or isinstance(error, httpx.TimeoutException):
                return self._timed_out(deadline)
            return f"fetch failed: {type(error).__name__}: {error}"

    def _guard(self, host: str, port: int, deadline: Deadline) -> Any:
        """httpx's trace hook on a request: every socket the request opens is handed to the deadline, and the
        address a connection reached is checked before the request is sent on it."""

        def trace(event: str, info: dict[str, Any]) -> None:
            if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
                return
            stream = info["return_value"]
            deadline.watch(stream.get_extra_info("socket"))
            if event == "connection.connect_tcp.complete":
                refused = self.policy.address_refusal(host, port, str(stream.get_extra_info("server_addr")[0]))
                if refused:
                    stream.close()
                    raise Refused(refused)

        return trace

    def _timed_out(self, deadline: Deadline) -> str:
        return f"timed out after {deadline.seconds:g} s (whole fetch, ingest.fetch_timeout_seconds)"

    def _too_large(self, size: int, max_bytes: int) -> str:
        return f"larger than the {max_bytes / 1e6:.1f} MB page limit ({size / 1e6:.1f} MB or more)"


def _host_port(url: httpx.URL) -> tuple[str, int]:
    return url.host, url.port or (443 if url.scheme == "https" else 80)


def _robots_lines(got: Fetched | Skipped, max_bytes: int) -> list[str]:
    """The rules of a robots.txt fetch; one cut at `max_bytes` loses its last, partial line."""
    if not isinstance(got, Fetched) or got.status != 200:
        return []
    try:
        lines = got.text(max_bytes).splitlines()
    except UndecodableInput:
        return []
    return lines[:-1] if len(got.body) >= max_bytes else lines


def page_document(fetched: Fetched, source: str, cfg: IngestSettings) -> RawDocument | Skipped:
    """A fetched HTML page as a document; other content types are skipped with their type."""
    if "html" not in fetched.content_type.lower():
        return Skipped(path=source, reason=f"not an HTML page (content type {fetched.content_type or 'missing'})")
    try:
        return html_to_document(fetched.text(cfg.max_input_bytes), source=source, cfg=cfg, url=fetched.url)
    except (UndecodableInput, NoArticleText) as error:
        return Skipped(path=source, reason=str(error))


def fetch_page(url: str, fetcher: Fetcher) -> RawDocument | Skipped:
    fetched = fetcher.fetch(url)
    return fetched if isinstance(fetched, Skipped) else page_document(fetched, url, fetcher.cfg)
