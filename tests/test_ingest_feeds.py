"""RSS and Atom feeds, from files and from a loopback server, through to stored stories."""

from __future__ import annotations

from pathlib import Path

from newsweave.cli import main
from newsweave.ingest.feeds import feed_documents, looks_like_feed
from newsweave.ingest.sources import read_sources
from newsweave.ingest.web import Fetcher
from newsweave.models import RawDocument, Skipped
from newsweave.settings import IngestSettings
from newsweave.store import Store

from .loopback import Route, page, serve

FERRY = (
    "<p>A passenger ferry ran aground near the island of Sandholm on Tuesday morning with 212 people on board, "
    "the Danish coastguard said.</p><p>All passengers were taken off safely by lifeboats and a second ferry. "
    "The operator, Baltlink, said the vessel had lost steering in strong winds.</p>"
)
FERRY_FOLLOW = (
    "<p>Divers inspected the hull of the Baltlink ferry that ran aground off Sandholm and found a two-metre "
    "tear, the Danish coastguard said on Wednesday.</p><p>Baltlink said the ship would be towed to Esbjerg "
    "for repairs once the weather improved.</p>"
)
ORCHESTRA = (
    "The Lunden city orchestra named the Chilean conductor Paula Reyes as its new music director on Tuesday. "
    "Reyes, 38, will take over from Henrik Vos, who retires after twenty years in the post. Her first season "
    "opens in September with Mahler's sixth symphony."
)


def rss(base: str) -> bytes:
    def item(title: str, link: str, date: str, content: str) -> str:
        return (f"<item><title>{title}</title><link>{base}{link}</link><pubDate>{date}</pubDate>"
                f"<description><![CDATA[{content}]]></description></item>")

    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Coast News</title>'
        + item("Ferry runs aground off Sandholm", "/ferry.html", "Tue, 05 May 2026 09:00:00 GMT", FERRY)
        + item("Divers find tear in Sandholm ferry hull", "/ferry2.html", "Wed, 06 May 2026 10:00:00 GMT",
               FERRY_FOLLOW)
        + item("Weather", "/weather.html", "Wed, 06 May 2026 11:00:00 GMT", "")
        + "</channel></rss>"
    ).encode()


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Arts Desk</title>
<entry><title>Lunden orchestra names Paula Reyes music director</title>
<link href="http://127.0.0.1:9/orchestra.html"/><updated>2026-05-05T12:00:00Z</updated>
<author><name>Mia Holm</name></author><content type="text">{ORCHESTRA}</content></entry>
</feed>""".encode()


def test_feed_entries_become_documents_with_metadata() -> None:
    results = feed_documents(rss("http://news.test"), "coast.rss", IngestSettings())
    documents = [r for r in results if isinstance(r, RawDocument)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [d.title for d in documents] == [
        "Ferry runs aground off Sandholm", "Divers find tear in Sandholm ferry hull"
    ]
    assert documents[0].published == "2026-05-05" and documents[0].outlet == "Coast News"
    assert documents[0].url == "http://news.test/ferry.html"
    assert "<p>" not in documents[0].text and "\n\n" in documents[0].text, "one paragraph per HTML block"
    assert len(skipped) == 1 and "no content" in skipped[0].reason
    atom = feed_documents(ATOM, "arts.atom", IngestSettings())
    assert len(atom) == 1 and isinstance(atom[0], RawDocument)
    assert atom[0].byline == "Mia Holm" and atom[0].published == "2026-05-05"
    assert looks_like_feed(ATOM) and not looks_like_feed(b"<!doctype html><html><body>rss</body></html>")


def test_not_a_feed_is_skipped() -> None:
    results = feed_documents(b"this is { not xml", "broken.rss", IngestSettings())
    assert len(results) == 1 and isinstance(results[0], Skipped) and "feed" in results[0].reason


def test_feed_url_with_fetch_reads_the_linked_pages(tmp_path: Path) -> None:
    routes = {
        "/ferry.html": Route(page("Ferry runs aground off Sandholm", *[
            "A passenger ferry ran aground near the island of Sandholm on Tuesday morning with 212 people on board.",
            "FULL PAGE ONLY: the captain radioed for help at 07:40 and the coastguard helicopter arrived at 08:05.",
        ])),
    }
    with serve(routes) as site:
        routes["/feed.xml"] = Route(rss(site.base), "application/rss+xml")
        with Fetcher(IngestSettings(fetch_timeout_seconds=5), site.network) as fetcher:
            documents, skipped = read_sources([f"{site.base}/feed.xml"], fetcher, fetch_linked=True)
    assert len(documents) == 1 and "FULL PAGE ONLY" in documents[0].text
    assert documents[0].published == "2026-05-04", "the page's own date wins over the feed's"
    reasons = {s.path.removeprefix(site.base): s.reason for s in skipped}
    assert set(reasons) == {"/ferry2.html", "/weather.html"}, "a teaser never stands in for a missing page"
    assert all("404" in reason and "teaser" in reason for reason in reasons.values())


def test_cli_ingest_feed_file_and_list_stories(tmp_path: Path, capsys) -> None:
    (tmp_path / "coast.rss").write_bytes(rss("http://news.test"))
    (tmp_path / "arts.atom").write_bytes(ATOM)
    db = tmp_path / "nw.db"
    assert main(["ingest", str(tmp_path / "coast.rss"), str(tmp_path / "arts.atom"), "--db", str(db), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "3 added, 0 already stored, 1 skipped, 2 stories" in out
    assert main(["ingest", str(tmp_path / "coast.rss"), "--db", str(db), "--quiet"]) == 0
    assert "0 added, 2 already stored" in capsys.readouterr().out
    assert main(["stories", "--db", str(db)]) == 0
    listing = capsys.readouterr().out
    assert "2 stories" in listing
    ferry_line = next(line for line in listing.splitlines() if "Sandholm" in line)
    assert "2026-05-05 .. 2026-05-06" in ferry_line and "2 articles" in ferry_line
    with Store(db) as store:
        stories = {s.id: s for s in store.stories()}
        articles = store.articles()
    assert all(a.story in stories for a in articles)


def test_a_feed_entrys_guid_is_kept_as_its_source_id() -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Coast News</title>'
        f'<item><title>Ferry aground</title><link>http://news.test/f</link><guid isPermaLink="false">coast-1187</guid>'
        f"<description><![CDATA[{FERRY}]]></description></item></channel></rss>"
    ).encode()
    documents = feed_documents(feed, "coast.rss", IngestSettings())
    assert [d.source_id for d in documents if isinstance(d, RawDocument)] == ["coast-1187"]
    atom = feed_documents(ATOM.replace(b"<entry>", b"<entry><id>urn:arts:77</id>"), "arts.atom", IngestSettings())
    assert [d.source_id for d in atom if isinstance(d, RawDocument)] == ["urn:arts:77"]
