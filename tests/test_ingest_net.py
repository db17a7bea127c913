"""The network side of ingest against hostile servers on loopback: private addresses refused by default (also
after a redirect), redirect loops, one wall-clock deadline per fetch, page and robots.txt byte limits, robots.txt
of every host a redirect reaches, bounded feeds, and the web API's ingest going through the same fetcher.

The servers are real (`tests/hostile/servers.py`); limits are set small through the settings so each case takes
a second or two. A drip lasting past the deadline would hold a test for hours, so "cut at the deadline" is
asserted as ending within a few seconds of it, not as a speed.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsweave.app.pipeline import (
    Arrivals,
    analyze_articles,
    prepare_articles,
    prepare_as_read,
)
from newsweave.cli import main
from newsweave.ingest.net import AddressPolicy, address_kind
from newsweave.ingest.sources import SourceReading, read_sources
from newsweave.ingest.web import Fetched, Fetcher, fetch_page
from newsweave.models import RawDocument, Skipped
from newsweave.settings import (
    IngestSettings,
    NetworkSettings,
    Settings,
    SettingsError,
    load_settings,
)
from newsweave.web.app import WebConfig, create_app

from .hostile.corpus import Case, Outcome, build_case, iter_cases
from .hostile.network import allowed_targets
from .hostile.servers import (
    ARTICLE_TITLE,
    FEED_ENTRIES,
    PATHS,
    HostileSite,
    hostile_site,
)
from .loopback import Route, page, reply, running, send_head, serve

FAST = IngestSettings(fetch_timeout_seconds=1.5, max_page_bytes=1_000_000)


@pytest.fixture(scope="module")
def site() -> HostileSite:
    with hostile_site() as running:
        yield running


def fetcher_for(site: HostileSite, cfg: IngestSettings = FAST, **network: object) -> Fetcher:
    return Fetcher(cfg, site.network.model_copy(update=network))


def test_the_default_refuses_loopback_private_and_link_local_addresses(site: HostileSite) -> None:
    port = site.private.netloc.rsplit(":", 1)[1]
    urls = {
        f"http://127.0.0.1:{port}/article.html": "loopback",
        f"http://localhost:{port}/article.html": "loopback",
        f"http://[::1]:{port}/article.html": "loopback",
        f"http://[::ffff:127.0.0.1]:{port}/article.html": "loopback",
        "http://10.1.2.3/news.html": "private",
        "http://192.168.0.10/news.html": "private",
        "http://169.254.169.254/latest/meta-data/": "link-local",
        "http://[fe80::1]/news.html": "link-local",
        "http://0.0.0.0/news.html": "unspecified",
        "http://224.0.0.1/news.html": "multicast",
        "http://100.64.0.1/news.html": "non-public",
        "http://2130706433/news.html": "loopback",
    }
    before = list(site.private.served.requests)
    with Fetcher(FAST) as fetcher:
        results = {url: fetcher.fetch(url) for url in urls}
        malformed = fetcher.fetch("http://xn--/")
    assert isinstance(malformed, Skipped) and "not a valid URL" in malformed.reason
    for url, kind in urls.items():
        result = results[url]
        assert isinstance(result, Skipped), url
        assert result.reason.startswith("refused") and f"not a public address ({kind})" in result.reason, (url, result.reason)
        assert "network.allow_private" in result.reason, "the reason says how to allow a private crawl target"
    assert site.private.served.requests == before, "nothing was requested from the refused server"


def test_a_named_private_target_is_fetched_and_a_redirect_to_another_loopback_port_is_refused(
    site: HostileSite,
) -> None:
    with fetcher_for(site) as fetcher:
        allowed = fetch_page(site.url(PATHS["article"]), fetcher)
        redirected = fetcher.fetch(site.url(PATHS["redirect to loopback"]))
    assert isinstance(allowed, RawDocument) and allowed.title == ARTICLE_TITLE
    assert isinstance(redirected, Skipped)
    assert "loopback" in redirected.reason and "redirect" in redirected.reason, redirected.reason
    assert PATHS["article"] not in site.private.served.requests, "the redirect target was never requested"


def test_redirect_loops_and_long_chains_are_skipped_with_the_chain(site: HostileSite) -> None:
    with fetcher_for(site, max_redirects=3) as fetcher:
        loop = fetcher.fetch(site.url(PATHS["redirect loop"]))
        short = fetcher.fetch(site.url("/hops/3"))
        long = fetcher.fetch(site.url("/hops/4"))
        broken = fetcher.fetch(site.url("/to-nowhere"))
    assert isinstance(loop, Skipped) and "redirect loop" in loop.reason
    assert loop.reason.count("/loop/a") == 2 and "/loop/b" in loop.reason
    assert isinstance(short, Fetched) and short.url == site.url(PATHS["article"]), "three hops are followed"
    assert isinstance(long, Skipped) and "more than 3 redirects" in long.reason
    assert isinstance(broken, Skipped) and "invalid URL" in broken.reason


@pytest.mark.parametrize("path", [PATHS["drip"], PATHS["drip headers"]])
def test_a_dripping_server_is_cut_at_the_whole_fetch_deadline(site: HostileSite, path: str) -> None:
    """Every read returns within a second, so a per-read timeout never fires; the deadline does."""
    with fetcher_for(site) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch(site.url(path))
        took = time.monotonic() - started
    assert isinstance(result, Skipped) and "timed out after 1.5 s" in result.reason, result
    assert took < 1.5 + 5, f"the fetch ran {took:.1f} s past a 1.5 s deadline"
    assert site.served.bytes_written.get(path, 0) < 10, "only a few dripped bytes were read"


@pytest.mark.parametrize("path", [PATHS["drip"], PATHS["drip headers"]])
def test_a_dripping_server_is_cut_by_the_speed_floor_long_before_the_deadline(site: HostileSite, path: str) -> None:
    """Under the floor for one window after its first byte, a response is cut as too slow: a few dripped bytes
    into a fetch allowed a minute, and the cut counts against the host as a timeout does."""
    with fetcher_for(site, cfg=IngestSettings(fetch_timeout_seconds=60), low_speed_seconds=1.0) as fetcher:
        result = fetcher.fetch(site.url(path))
        counted = fetcher.timeouts.get(site.netloc)
    assert isinstance(result, Skipped) and "too slow" in result.reason, result
    assert "network.low_speed_bytes" in result.reason
    assert site.served.bytes_written.get(path, 0) < 5, "cut a second or two into the drip, not at the deadline"
    assert counted == 1


def test_a_server_slow_to_answer_is_not_cut_by_the_speed_floor() -> None:
    """The wait for the first byte is the deadline's to bound: a page that comes whole after twice the floor's
    window is fetched."""
    body = page("Harbour crews meet", "Harbour crews met on Monday to plan the new pier. " * 8)
    with serve({"/slow.html": Route(body, delay=2.0)}) as site, \
            Fetcher(IngestSettings(fetch_timeout_seconds=30), site.network.model_copy(
                update={"low_speed_seconds": 1.0})) as fetcher:
        result = fetcher.fetch(site.base + "/slow.html")
    assert isinstance(result, Fetched) and result.body == body, result


def test_a_steady_response_above_the_floor_is_fetched_whole() -> None:
    """A page sent in pieces, each window bringing more than the floor asks, is not cut however long it takes
    in all (the deadline bounds that)."""
    piece = b"<p>" + b"Harbour crews met on Monday to plan the new pier. " * 20 + b"</p>"

    class Steady(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            send_head(self, 200, len(piece) * 6, "text/html")
            for _ in range(6):
                self.wfile.write(piece)
                self.wfile.flush()
                time.sleep(0.4)

        def log_message(self, *args: object) -> None:
            pass

    with running(Steady) as base, Fetcher(IngestSettings(fetch_timeout_seconds=30), NetworkSettings(
            allow_private=(base.removeprefix("http://"),), low_speed_bytes=1000, low_speed_seconds=1.0)) as fetcher:
        result = fetcher.fetch(base + "/steady.html")
    assert isinstance(result, Fetched) and result.body == piece * 6, result


def test_a_100_mb_page_is_cut_at_the_byte_limit_without_reading_the_rest(site: HostileSite) -> None:
    with fetcher_for(site, cfg=IngestSettings(fetch_timeout_seconds=10, max_page_bytes=1_000_000)) as fetcher:
        result = fetcher.fetch(site.url(PATHS["huge page"]))
    assert isinstance(result, Skipped) and "page limit" in result.reason
    assert site.served.bytes_written[PATHS["huge page"]] < 20_000_000, "the server stopped soon after the cut"


def test_a_400_mb_robots_txt_is_read_up_to_its_limit_and_obeyed() -> None:
    with hostile_site() as fresh, fetcher_for(fresh, robots_max_bytes=64 * 1024) as fetcher:
        disallowed = fetcher.fetch(fresh.url(PATHS["robots-disallowed page"]))
        allowed = fetcher.fetch(fresh.url(PATHS["article"]))
    assert isinstance(disallowed, Skipped) and "robots.txt" in disallowed.reason
    assert isinstance(allowed, Fetched) and ARTICLE_TITLE.encode() in allowed.body
    assert fresh.served.requests.count("/robots.txt") == 1
    assert fresh.served.bytes_written["/robots.txt"] < 20_000_000, "robots.txt was not downloaded whole"


def test_robots_txt_of_the_host_a_redirect_reaches_is_obeyed() -> None:
    rules = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    with serve({"/robots.txt": rules, "/private/a.html": Route(page("Hidden", "x " * 50))}) as target:
        with serve({"/go": Route(b"", status=302, location=f"{target.base}/private/a.html")}) as start:
            network = NetworkSettings(allow_private=(start.network.allow_private[0], target.network.allow_private[0]))
            with Fetcher(FAST, network) as fetcher:
                result = fetcher.fetch(f"{start.base}/go")
            requested = [path for path, _ in target.requests]
    assert isinstance(result, Skipped) and "robots.txt" in result.reason and "redirect" in result.reason
    assert requested == ["/robots.txt"], "the disallowed page on the second host was never requested"


def test_a_feed_of_10000_entries_is_read_up_to_its_item_limit(site: HostileSite) -> None:
    cfg = FAST.model_copy(update={"max_feed_items": 50})
    with fetcher_for(site, cfg=cfg) as fetcher:
        documents, skipped = read_sources([site.url(PATHS["huge feed"])], fetcher)
    assert not documents and len(skipped) == 51
    assert f"feed has {FEED_ENTRIES} entries; only the first 50 were read" in skipped[0].reason


def test_the_address_policy_sees_through_ipv6_forms_and_reads_its_setting() -> None:
    assert address_kind(ipaddress.ip_address("::ffff:10.0.0.1")) == "private"
    assert address_kind(ipaddress.ip_address("64:ff9b::7f00:1")) == "loopback", "NAT64 of 127.0.0.1"
    assert address_kind(ipaddress.ip_address("2002:a9fe:a9fe::1")) == "link-local", "6to4 of 169.254.169.254"
    assert address_kind(ipaddress.ip_address("93.184.216.34")) is None
    policy = AddressPolicy.from_settings(NetworkSettings(allow_private=("10.20.0.0/16", "[::1]:8080", "intranet")))
    assert policy.address_refusal("news.intranet", 80, "10.20.3.4") is None
    assert policy.address_refusal("news.intranet", 80, "10.21.3.4") is not None
    assert policy.address_refusal("::1", 8080, "::1") is None and policy.address_refusal("::1", 8081, "::1")
    assert policy.address_refusal("intranet", 9000, "192.168.1.1") is None


def test_a_misspelt_private_target_is_a_settings_error(tmp_path: Path) -> None:
    config = tmp_path / "net.toml"
    config.write_text('[network]\nallow_private = ["10.0.0.0/33"]\n')
    with pytest.raises(SettingsError, match="allow_private"):
        load_settings(config)


def test_the_web_api_ingest_refuses_private_urls(tmp_path: Path, site: HostileSite) -> None:
    token = "made-up-net-token"
    app = create_app(WebConfig(db=tmp_path / "api.db", token=token, settings=Settings()))
    client = TestClient(app)
    urls = [site.private.url(PATHS["article"]), "http://169.254.169.254/latest/meta-data/"]
    before = list(site.private.served.requests)
    job = client.post("/api/ingest", json={"urls": urls}, headers={"Authorization": f"Bearer {token}"}).json()
    deadline = time.monotonic() + 60
    while job["stage"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.1)
        job = client.get(f"/api/jobs/{job['id']}").json()
    app.state.jobs.close()
    assert job["stage"] == "done", job
    assert {s["path"] for s in job["skipped"]} == set(urls)
    assert all(s["reason"].startswith("refused") for s in job["skipped"])
    assert site.private.served.requests == before


@pytest.mark.parametrize("case", list(iter_cases("network")), ids=lambda case: case.name)
def test_network_case_of_the_hostile_corpus(case: Case, tmp_path: Path) -> None:
    """What `bench/hostile.py` runs through the whole command, here through reading and cleaning with small
    limits: the case's hostile site allowed, and nothing else private."""
    with ExitStack() as stack:
        given = build_case(case, tmp_path, stack)
        network = NetworkSettings(allow_private=tuple(allowed_targets([given])))
        with Fetcher(FAST, network) as fetcher:
            raws, skipped = read_sources([given], fetcher)
        articles, not_prepared = prepare_articles(raws)
    outcome = Outcome.of(given, [a.url or "" for a in articles], [(s.path, s.reason) for s in skipped + not_prepared])
    assert outcome.meets(case), outcome.label()


def test_analyze_reads_urls_through_the_guarded_fetcher(tmp_path: Path, site: HostileSite, capsys) -> None:
    """`newsweave analyze URL` fetches as `ingest` does; a redirect into loopback is one skip line, not a fetch."""
    config = tmp_path / "net.toml"
    config.write_text(f'[network]\nallow_private = ["{site.netloc}"]\n')
    url = site.url(PATHS["redirect to loopback"])
    status = main(["analyze", url, "--config", str(config), "--out", str(tmp_path / "out"), "--no-db", "--quiet"])
    assert status == 1, "nothing left to analyse"
    assert f"skipped {url}: refused: 127.0.0.1" in capsys.readouterr().err
    assert PATHS["article"] not in site.private.served.requests


def test_a_host_that_keeps_running_out_of_time_is_not_fetched_again(tmp_path: Path, site: HostileSite) -> None:
    """A feed linking many pages on a dripping server costs `max_host_timeouts` deadlines, not one per entry."""
    items = "".join(f"<item><title>Page {n}</title><link>{site.url(PATHS['drip'])}?n={n}</link>"
                    f"<description>Teaser {n}.</description></item>" for n in range(5))
    feed = tmp_path / "drips.rss"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Drips</title>{items}</channel></rss>')
    before = len(site.served.requests)
    with fetcher_for(site, cfg=IngestSettings(fetch_timeout_seconds=1.0), max_host_timeouts=2) as fetcher:
        documents, skipped = read_sources([str(feed)], fetcher, fetch_linked=True)
    reasons = [s.reason for s in skipped]
    assert not documents and len(reasons) == 5
    assert all("timed out" in reason for reason in reasons[:2]), reasons
    assert all("ran out of time 2 times in a row" in reason for reason in reasons[2:]), reasons
    assert [path for path in site.served.requests[before:] if path.startswith(PATHS["drip"])] == [
        f"{PATHS['drip']}?n=0", f"{PATHS['drip']}?n=1"
    ]


@pytest.mark.parametrize("named", [False, True], ids=["resolved for the address check", "resolved to connect"])
def test_a_resolver_that_hangs_is_cut_at_the_whole_fetch_deadline(monkeypatch: pytest.MonkeyPatch, named: bool) -> None:
    """A DNS server that never answers holds `getaddrinfo`, which no socket shutdown ends: the fetch still
    ends at its deadline. The lookup hangs in the address check, or (for a host named in allow_private, which
    the check does not resolve) in the connection's own lookup. The system resolver cannot be pointed at a
    silent server from a test, so `getaddrinfo` itself blocks for the one made-up name."""
    release = threading.Event()
    real_lookup = socket.getaddrinfo

    def lookup(host: object, *args: object, **kwargs: object) -> object:
        if host == "dns-hangs.example":
            release.wait()
            raise socket.gaierror("the silent DNS server was released")
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    results: list[Fetched | Skipped] = []
    network = NetworkSettings(allow_private=("dns-hangs.example",) if named else ())
    try:
        with Fetcher(IngestSettings(fetch_timeout_seconds=1.0), network) as fetcher:
            caller = threading.Thread(target=lambda: results.append(fetcher.fetch("http://dns-hangs.example/a")))
            caller.start()
            caller.join(60)
    finally:
        release.set()
    assert not caller.is_alive(), "the fetch was still waiting on the resolver a minute after its 1 s deadline"
    assert len(results) == 1 and isinstance(results[0], Skipped), results
    assert "timed out after 1 s (whole fetch" in results[0].reason


def test_urls_on_different_hosts_are_fetched_at_once_and_one_host_one_request_at_a_time(tmp_path: Path) -> None:
    """Each of two sites answers its page only once the other site has been asked for its own (a barrier):
    fetched one after the other, the first would wait in vain and fail. Meanwhile the local file between them
    is read, results keep the input order, and no site ever serves two requests at once."""
    meeting = threading.Barrier(2, timeout=20)
    busy: dict[int, int] = {}
    most = {"one site": 0, "all sites": 0}
    lock = threading.Lock()

    class Meeting(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            site = self.server.server_address[1]
            with lock:
                busy[site] = busy.get(site, 0) + 1
                most["one site"] = max(most["one site"], busy[site])
                most["all sites"] = max(most["all sites"], sum(busy.values()))
            try:
                if self.path == "/meet.html":
                    meeting.wait()
                time.sleep(0.05)  # long enough for a second request to one site to overlap it, if one were sent
                status, body = (200, page(f"Page {self.path}", "Harbour crews met on Monday. " * 8)) \
                    if self.path != "/robots.txt" else (404, b"")
            except threading.BrokenBarrierError:
                status, body = 503, b""
            finally:
                with lock:
                    busy[site] -= 1
            reply(self, status, body, "text/html")

        def log_message(self, *args: object) -> None:
            pass

    local = tmp_path / "local.txt"
    local.write_text("A local article read while the sites were waiting for each other. " * 3)
    with running(Meeting) as first, running(Meeting) as second:
        network = NetworkSettings(allow_private=(first.removeprefix("http://"), second.removeprefix("http://")))
        given = [f"{first}/meet.html", f"{first}/a.html", str(local), f"{second}/meet.html", f"{first}/b.html"]
        with Fetcher(IngestSettings(fetch_timeout_seconds=30), network) as fetcher:
            documents, skipped = read_sources(given, fetcher)
    assert not skipped, skipped
    assert [document.source for document in documents] == given
    assert most == {"one site": 1, "all sites": 2}, most


@contextmanager
def _local_copy_of_a_slow_page(tmp_path: Path) -> Iterator[tuple[list[str], NetworkSettings]]:
    """Inputs whose first URL's host answers last (only once the other site has been asked for its page), a
    local copy of that page, an empty and a missing file, and a local article."""
    asked = threading.Event()
    slow_page = page("Ferry pier reopens", "Ferry crews reopened the north pier on Monday after repairs. " * 6)
    fast_page = page("Harbour board meets", "The harbour board met on Tuesday to plan a second pier. " * 6)

    def site(body: bytes, waits: bool) -> type[BaseHTTPRequestHandler]:
        class Site(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                if self.path == "/robots.txt":
                    status, sent = 404, b""
                else:
                    if waits:
                        asked.wait(20)
                    asked.set()
                    status, sent = 200, body
                reply(self, status, sent, "text/html")

            def log_message(self, *args: object) -> None:
                pass

        return Site

    (tmp_path / "copy.html").write_bytes(slow_page)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "local.txt").write_text("Divers inspected the pier's piles on Wednesday and found no damage. " * 4)
    with running(site(slow_page, waits=True)) as slow, running(site(fast_page, waits=False)) as fast:
        given = [f"{slow}/pier.html", str(tmp_path / "copy.html"), f"{fast}/board.html", str(tmp_path / "empty.txt"),
                 str(tmp_path / "missing.txt"), str(tmp_path / "local.txt")]
        yield given, NetworkSettings(allow_private=tuple(url.removeprefix("http://") for url in (slow, fast)))


def test_cleaning_as_inputs_are_read_gives_what_reading_everything_first_gives(tmp_path: Path) -> None:
    """`ingest` cleans local files while URLs are fetched (`prepare_as_read`), and each host's URLs come back
    when that host's turn ends, here the first URL's host last. Articles, duplicates and skips are still those of
    reading everything first, in input order: the URL first in the input keeps its article, and the local copy
    of its page is the duplicate."""
    with _local_copy_of_a_slow_page(tmp_path) as (given, network):
        with Fetcher(IngestSettings(fetch_timeout_seconds=30), network) as fetcher:
            with SourceReading(given, fetcher) as reading:
                as_read, not_prepared_as_read = prepare_as_read(reading.reads(), len(reading.items))
            skipped_as_read = reading.skipped + not_prepared_as_read
            raws, skipped = read_sources(given, fetcher)
        articles, not_prepared = prepare_articles(raws)
    assert [a.url or a.path for a in as_read] == [given[0], given[2], given[5]]
    assert [a.model_dump() for a in as_read] == [a.model_dump() for a in articles]
    assert skipped_as_read == skipped + not_prepared
    assert [s.path for s in skipped_as_read] == [given[4], given[3], given[1]], skipped_as_read
    assert skipped_as_read[-1].reason == f"exact duplicate of {given[0]}"


def test_parsing_as_articles_arrive_gives_the_dossier_of_cleaning_everything_first(tmp_path: Path, models) -> None:
    """`analyze` parses the local files while the URLs are fetched (`Arrivals`): the local copy of the slow
    page arrives first and is parsed, then left out when the URL before it in the input brings the same text.
    The dossier is the one of the articles cleaned first, in input order, with the same skips."""
    with _local_copy_of_a_slow_page(tmp_path) as (given, network):
        with Fetcher(IngestSettings(fetch_timeout_seconds=30), network) as fetcher:
            with SourceReading(given, fetcher) as reading:
                arrivals = Arrivals(reading.fetched(), len(reading.items))
                for read in reading.local():
                    arrivals.add(read)
                streamed = analyze_articles(arrivals, models)
            raws, _ = read_sources(given, fetcher)
        articles, skipped = prepare_articles(raws)
    first = analyze_articles(articles, models)
    assert arrivals.outcome()[1][-1] == skipped[-1]
    assert skipped[-1].reason == f"exact duplicate of {given[0]}"
    assert [a.url or a.path for a in streamed.articles] == [given[0], given[2], given[5]]
    assert streamed.model_dump(exclude={"generated_at"}) == first.model_dump(exclude={"generated_at"})


def test_a_feed_over_its_item_limit_is_parsed_only_up_to_the_limit(tmp_path: Path) -> None:
    """Entries past the limit are cut before parsing; a start tag inside an entry's own text (which throws the
    cut off) falls back to parsing the whole feed, never losing an entry's text."""
    def feed(first_text: str) -> bytes:
        items = "".join(f"<item><title>Entry {n}</title><guid>e{n}</guid><description>{first_text if n == 0 else ''}"
                        f"Ferry crews tested the new pier on day {n} of the trial.</description></item>"
                        for n in range(12))
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()

    cfg = IngestSettings(max_feed_items=5)
    for name, text in (("plain", ""), ("tag in text", "<![CDATA[An <item> tag in a text. ]]>")):
        path = tmp_path / f"{name}.rss"
        path.write_bytes(feed(text))
        with Fetcher(cfg) as fetcher:
            documents, skipped = read_sources([str(path)], fetcher)
        assert [document.title for document in documents] == [f"Entry {n}" for n in range(5)], name
        assert "Ferry crews tested the new pier on day 4" in documents[4].text
        assert len(skipped) == 1 and "feed has 12 entries; only the first 5 were read" in skipped[0].reason, name
