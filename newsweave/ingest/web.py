"""Fetching pages politely: a User-Agent naming newsweave, robots.txt obeyed, timeouts and a size limit.

News sites are fetched by many crawlers; one that ignores robots.txt or streams a 2 GB file into memory
gets blocked or brings the run down. Every refusal is a `Skipped` with the reason, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsweave.ingest.decode import UndecodableInput, decode_bytes
from newsweave.ingest.html import NoArticleText, html_to_document
from newsweave.models import RawDocument, Skipped
from newsweave.settings import IngestSettings

PROJECT_URL = "https://github.com/newsweave/newsweave"


def user_agent() -> str:
    try:
        release = version("newsweave")
    except PackageNotFoundError:
        release = "dev"
    return f"newsweave/{release} (+{PROJECT_URL})"


@dataclass
class Fetched:
    url: str
    content_type: str
    body: bytes

    def text(self, max_bytes: int) -> str:
        return decode_bytes(self.body, max_bytes)


@dataclass
class Fetcher:
    """One HTTP client and one robots.txt per host for a whole ingest run, and the run's ingest settings."""

    cfg: IngestSettings = field(default_factory=IngestSettings)
    robots: dict[str, RobotFileParser] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.client = httpx.Client(
            headers={"User-Agent": user_agent()}, timeout=self.cfg.fetch_timeout_seconds, follow_redirects=True
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> Fetched | Skipped:
        if urlsplit(url).scheme not in {"http", "https"}:
            return Skipped(path=url, reason="not an http(s) URL")
        if not self.allowed(url):
            return Skipped(path=url, reason="disallowed by robots.txt")
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code != 200:
                    return Skipped(path=url, reason=f"HTTP status {response.status_code}")
                declared = int(response.headers.get("content-length") or 0)
                if declared > self.cfg.max_page_bytes:
                    return Skipped(path=url, reason=self._too_large(declared))
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.cfg.max_page_bytes:
                        return Skipped(path=url, reason=self._too_large(len(body)))
                return Fetched(str(response.url), response.headers.get("content-type", ""), bytes(body))
        except httpx.TimeoutException:
            return Skipped(path=url, reason=f"timed out after {self.cfg.fetch_timeout_seconds:g} s")
        except httpx.HTTPError as error:
            return Skipped(path=url, reason=f"fetch failed: {type(error).__name__}: {error}")

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host, read once; a missing robots.txt allows everything."""
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self.robots:
            parser = RobotFileParser(urljoin(host, "/robots.txt"))
            try:
                response = self.client.get(parser.url)
                lines = response.text.splitlines() if response.status_code == 200 else []
                parser.disallow_all = response.status_code in (401, 403)
            except httpx.HTTPError:
                lines = []
            parser.parse(lines)
            self.robots[host] = parser
        return self.robots[host].can_fetch(user_agent(), url)

    def _too_large(self, size: int) -> str:
        return f"larger than the {self.cfg.max_page_bytes / 1e6:.1f} MB page limit ({size / 1e6:.1f} MB or more)"


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
