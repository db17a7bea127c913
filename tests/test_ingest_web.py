"""Fetching pages from a loopback server: robots.txt, size limit, timeout, content types, User-Agent."""

from __future__ import annotations

from newsweave.ingest.web import Fetcher, fetch_page, user_agent
from newsweave.models import RawDocument, Skipped
from newsweave.settings import IngestSettings

from .loopback import Route, page, serve

ARTICLE = page(
    "Harbour bridge in Vellmar closes for repairs",
    "The old harbour bridge in Vellmar will close for six weeks from Monday while engineers replace its "
    "corroded steel cables, the city's transport office said on Thursday.",
    "Buses will be diverted over the northern ring road, adding about ten minutes to journeys, and a free "
    "ferry will carry cyclists and pedestrians across the harbour every fifteen minutes.",
    "Mayor Ilse Brandt said the repairs could not wait after an inspection in March found cracks in two anchors.",
)
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def routes() -> dict[str, Route]:
    return {
        "/robots.txt": Route(ROBOTS, "text/plain"),
        "/news/bridge.html": Route(ARTICLE),
        "/private/bridge.html": Route(ARTICLE),
        "/big.html": Route(ARTICLE + b"<!--" + b"x" * 200_000 + b"-->"),
        "/slow.html": Route(ARTICLE, delay=6.0),
        "/photo.png": Route(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png"),
    }


def test_article_page_is_fetched_with_a_polite_user_agent() -> None:
    with serve(routes()) as site, Fetcher(IngestSettings(fetch_timeout_seconds=5), site.network) as fetcher:
        document = fetch_page(f"{site.base}/news/bridge.html", fetcher)
    assert isinstance(document, RawDocument)
    assert "corroded steel cables" in document.text
    assert "All rights reserved" not in document.text and "Sport" not in document.text
    assert document.title == "Harbour bridge in Vellmar closes for repairs"
    assert document.published == "2026-05-04"
    assert document.url == f"{site.base}/news/bridge.html"
    assert user_agent().startswith("newsweave/") and "(+http" in user_agent()
    assert {agent for _, agent in site.requests} == {user_agent()}
    assert [path for path, _ in site.requests] == ["/robots.txt", "/news/bridge.html"]


def test_refusals_are_skipped_with_reasons() -> None:
    with serve(routes()) as site, Fetcher(IngestSettings(fetch_timeout_seconds=2.0, max_page_bytes=100_000), site.network) as fetcher:
        results = {path: fetch_page(f"{site.base}{path}", fetcher)
                   for path in ["/private/bridge.html", "/big.html", "/slow.html", "/photo.png", "/gone.html"]}
        requested = [path for path, _ in site.requests]
    reasons = {path: result.reason for path, result in results.items() if isinstance(result, Skipped)}
    assert set(reasons) == set(results)
    assert "robots.txt" in reasons["/private/bridge.html"]
    assert "/private/bridge.html" not in requested, "a disallowed page must not even be requested"
    assert "page limit" in reasons["/big.html"]
    assert "timed out" in reasons["/slow.html"]
    assert "not an HTML page" in reasons["/photo.png"] and "image/png" in reasons["/photo.png"]
    assert "404" in reasons["/gone.html"]
    assert requested.count("/robots.txt") == 1, "robots.txt is read once per host"


def test_missing_robots_txt_allows_everything_and_bad_scheme_is_refused() -> None:
    without_robots = {k: v for k, v in routes().items() if k != "/robots.txt"}
    with serve(without_robots) as site, Fetcher(IngestSettings(fetch_timeout_seconds=5), site.network) as fetcher:
        assert isinstance(fetch_page(f"{site.base}/private/bridge.html", fetcher), RawDocument)
        refused = fetcher.fetch("ftp://example.org/file.html")
    assert isinstance(refused, Skipped) and "http" in refused.reason
