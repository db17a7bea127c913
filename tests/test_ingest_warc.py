"""WARC crawl files written by the test with warcio: HTML responses become articles, the rest is skipped."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.cli import main
from newsweave.ingest.warc import read_warc
from newsweave.models import RawDocument, Skipped
from newsweave.settings import IngestSettings
from newsweave.store import Store

from .loopback import page

STORM = page(
    "Storm Edda cuts power to 40,000 homes in Nordland",
    "Storm Edda brought winds of up to 150 kilometres an hour to Nordland overnight, cutting power to about "
    "40,000 homes, the grid operator Linja said on Friday.",
    "Ferries between Bodo and the Lofoten islands were cancelled and the E6 highway was closed at Saltfjellet.",
    published="2026-02-06",
)
STORM_LATER = page(
    "Power back for most Nordland homes after Storm Edda",
    "Linja said on Saturday that power had been restored to all but 3,000 of the 40,000 homes in Nordland "
    "that lost electricity when Storm Edda hit.",
    "The E6 over Saltfjellet reopened in the morning, and ferry traffic to Lofoten resumed.",
    published="2026-02-07",
)


def write_warc(path: Path, gzip: bool) -> None:
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)

        def response(uri: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers))

        request = BytesIO(b"GET / HTTP/1.1\r\n\r\n")
        writer.write_record(writer.create_warc_record("https://news.test/", "request", payload=request))
        response("https://news.test/storm.html", STORM, "text/html; charset=utf-8")
        response("https://news.test/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        response("https://news.test/gone.html", b"<html>gone</html>", "text/html", status="404 Not Found")
        response("https://news.test/storm-2.html", STORM_LATER, "text/html")


def test_warc_html_responses_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzip=True)
    results = list(read_warc(path, IngestSettings()))
    documents = [r for r in results if isinstance(r, RawDocument)]
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [d.url for d in documents] == ["https://news.test/storm.html", "https://news.test/storm-2.html"]
    assert "150 kilometres an hour" in documents[0].text and "All rights reserved" not in documents[0].text
    assert documents[0].published == "2026-02-06" and documents[0].path == str(path)
    reasons = sorted(s.reason for s in skipped)
    assert len(reasons) == 2 and "404" in reasons[0] and "image/png" in reasons[1]
    assert any("logo.png" in s.path for s in skipped), "skips name the record's URL"


def test_not_a_warc_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(b"this is not a WARC file at all\n" * 10)
    results = list(read_warc(path, IngestSettings()))
    assert len(results) == 1 and isinstance(results[0], Skipped) and "WARC" in results[0].reason


def test_cli_ingest_of_a_mixed_folder_with_a_warc_file(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    write_warc(folder / "crawl.warc", gzip=False)
    (folder / "orchestra.txt").write_text(
        "The Lunden city orchestra named the Chilean conductor Paula Reyes as its new music director on Tuesday. "
        "Reyes, 38, will take over from Henrik Vos, who retires after twenty years in the post."
    )
    db = tmp_path / "nw.db"
    assert main(["ingest", str(folder), "--db", str(db), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "3 added, 0 already stored, 2 skipped, 2 stories" in out
    with Store(db) as store:
        stories = store.stories()
    storm = next(s for s in stories if "Storm Edda" in s.title)
    assert len(storm.articles) == 2 and storm.span == ["2026-02-06", "2026-02-07"]

    out = tmp_path / "out"
    command = ["analyze", "--story", storm.id, "--db", str(db), "--out", str(out), "--format", "json", "--quiet"]
    assert main(command) == 0
    dossier = json.loads((out / "dossier.json").read_text())
    assert [s["id"] for s in dossier["stories"]] == [storm.id]
    assert sorted(a["id"] for a in dossier["articles"]) == sorted(storm.articles)
    assert all(a["story"] == storm.id for a in dossier["articles"])
    assert main(["analyze", "--story", "s-unknown", "--db", str(db), "--out", str(out), "--quiet"]) == 1
    assert "no story with this id" in capsys.readouterr().err


def test_a_warc_record_over_the_page_budget_is_skipped_unread(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, gzip=False)
    results = list(read_warc(path, IngestSettings(max_page_bytes=len(STORM) - 1)))
    reasons = {r.path.split(" ", 1)[1]: r.reason for r in results if isinstance(r, Skipped)}
    assert "page too large" in reasons["https://news.test/storm.html"]
    assert [r.url for r in results if isinstance(r, RawDocument)] == ["https://news.test/storm-2.html"]
