"""Reading files: text with sidecar metadata, HTML pages, JSON and JSONL; bad records skipped with reasons."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

import pytest

from newsweave.app.pipeline import prepare_articles
from newsweave.ingest.files import (
    InputRefused,
    json_depth_exceeds,
    json_record_to_document,
    read_bounded,
    read_paths,
)
from newsweave.ingest.sources import expand_sources
from newsweave.models import RawDocument
from newsweave.settings import CleaningSettings, IngestSettings, Settings
from tests.hostile.corpus import deep_folders

T = TypeVar("T")

BODY = (
    "The regional water authority said on Tuesday that the reservoir had fallen to 31 percent of capacity. "
    "Officials asked residents to cut their use of water by a fifth until the autumn rains arrive. "
    "Farmers in the valley said the restrictions would ruin this year's harvest of peaches."
)

PAGE = f"""<!DOCTYPE html><html><head><title>Reservoir falls to 31 percent | Valley Tribune</title>
<meta property="og:site_name" content="Valley Tribune">
<meta property="article:published_time" content="2024-07-16T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Reservoir falls to 31 percent</h1><p>{BODY}</p>
<p>The authority will review the measures in September after new readings of the reservoir level.</p></article>
<footer>Subscribe to our newsletter. All rights reserved.</footer></body></html>"""


def test_text_with_sidecar_metadata(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(BODY)
    (tmp_path / "story.meta.json").write_text(json.dumps({"title": "Reservoir low", "outlet": "Valley Tribune",
                                                          "published": "2024-07-16", "ignored": 1}))
    documents, skipped = read_paths([str(tmp_path)])
    assert skipped == []
    assert len(documents) == 1, "the sidecar itself is not an article"
    assert documents[0].title == "Reservoir low"
    assert documents[0].outlet == "Valley Tribune"
    assert documents[0].published == "2024-07-16"


def test_broken_sidecar_is_a_reason_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(BODY)
    (tmp_path / "story.meta.json").write_text("{not json")
    documents, skipped = read_paths([str(tmp_path / "story.txt")])
    assert documents == []
    assert "sidecar" in skipped[0].reason


def test_html_page_goes_through_trafilatura_and_htmldate(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE)
    documents, skipped = read_paths([str(tmp_path)])
    assert skipped == []
    document = documents[0]
    assert "31 percent of capacity" in (document.text or "")
    assert "Subscribe to our newsletter" not in (document.text or "")
    assert document.published == "2024-07-16"
    assert document.outlet == "Valley Tribune"


def test_jsonl_records_text_html_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": BODY, "title": "T1", "url": "https://example.org/a", "outlet": "Wire"}),
        "{broken json",
        json.dumps({"html": PAGE, "outlet": "Given outlet"}),
        json.dumps({"title": "no body"}),
        "",
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines))
    documents, skipped = read_paths([str(tmp_path / "batch.jsonl")])
    assert [d.title for d in documents][0] == "T1"
    assert documents[0].url == "https://example.org/a"
    assert documents[1].outlet == "Given outlet", "metadata in the record wins over the page's"
    assert "31 percent" in (documents[1].text or "")
    reasons = {s.path.rsplit(":", 1)[-1]: s.reason for s in skipped}
    assert "invalid JSON" in reasons["2"]
    assert "neither" in reasons["4"]


def test_json_list_file(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text(json.dumps([{"text": BODY}, {"text": BODY + " More."}]))
    documents, skipped = read_paths([str(tmp_path)])
    assert len(documents) == 2 and not skipped
    assert all(isinstance(d, RawDocument) for d in documents)


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b")
    documents, skipped = read_paths([str(tmp_path)])
    assert documents == [] and "no .txt" in skipped[0].reason


def test_a_page_reads_the_same_whatever_pages_were_read_before_it(tmp_path: Path) -> None:
    """trafilatura's deduplication remembers text across pages: a paragraph two pages share would vanish from
    the second one read, so the same input would give different articles in different runs."""
    shared = "<p>The authority will review the measures in September after new readings of the reservoir level.</p>"
    other = PAGE.replace(BODY, "Boats were banned from the lake for the rest of the summer, the authority said. " * 3)
    (tmp_path / "a.html").write_text(other.replace("<p>The authority will review", f"{shared}<p>The authority"))
    (tmp_path / "b.html").write_text(PAGE)
    alone, _ = read_paths([str(tmp_path / "b.html")])
    after, _ = read_paths([str(tmp_path / "a.html"), str(tmp_path / "b.html")])
    assert after[1].text == alone[0].text
    assert "review the measures in September" in alone[0].text


def test_a_records_own_id_is_kept_on_the_article(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "batch-7/0042", "text": BODY}), json.dumps({"id": 43, "html": PAGE}),
             json.dumps({"text": BODY + " The authority meets again in May."})]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines))
    documents, _ = read_paths([str(tmp_path / "batch.jsonl")])
    assert [d.source_id for d in documents] == ["batch-7/0042", "43", None]
    articles, _ = prepare_articles(documents)
    assert [a.source_id for a in articles] == ["batch-7/0042", "43", None]
    assert "source_id" in articles[0].model_dump(mode="json"), "a contract field of the dossier's articles"


def _finishes(call: Callable[[], T], seconds: float = 20) -> T:
    """The call's result; a call still running after `seconds` (a blocked open of a FIFO) fails the test
    instead of hanging the suite."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(call)
        try:
            return future.result(timeout=seconds)
        except FuturesTimeout:
            _unblock_fifos()
            raise AssertionError(f"still running after {seconds} s: a blocking read") from None


_FIFOS: list[Path] = []


def _unblock_fifos() -> None:
    """Open each test FIFO for writing, so a reader blocked on it returns and the thread can end."""
    for fifo in _FIFOS:
        with suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_fifos_and_devices_are_skipped_unopened(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(BODY)
    _FIFOS.extend([tmp_path / "pipe.txt", tmp_path / "given.txt"])
    for fifo in _FIFOS[-2:]:
        os.mkfifo(fifo)
    documents, skipped = _finishes(lambda: read_paths([str(tmp_path), str(tmp_path / "given.txt"), "/dev/zero"]))
    assert [d.path for d in documents] == [str(tmp_path / "story.txt")]
    reasons = {s.path: s.reason for s in skipped}
    assert "named pipe" in reasons[str(tmp_path / "pipe.txt")]
    assert "named pipe" in reasons[str(tmp_path / "given.txt")]
    assert "device" in reasons["/dev/zero"]
    items, not_read = _finishes(lambda: expand_sources([str(tmp_path), "/dev/zero"]))
    assert items == [str(tmp_path / "story.txt")] and len(not_read) == 3


def test_bounded_read_stops_at_the_limit_plus_one_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_bounded(path, 100) == b"x" * 100
    with pytest.raises(InputRefused, match="too large"):
        read_bounded(path, 99)
    assert b"Name:" in read_bounded(Path("/proc/self/status"), 100_000), "a file its file system sizes 0"
    with pytest.raises(InputRefused, match="too large"):
        read_bounded(Path("/proc/self/status"), 10)


def test_symlink_loops_never_hang_and_files_are_read_once(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(BODY)
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "up").symlink_to(tmp_path)
    (tmp_path / "alias.txt").symlink_to(tmp_path / "story.txt")
    documents, skipped = _finishes(lambda: read_paths([str(tmp_path)]))
    assert sorted(Path(d.path or "").name for d in documents) == ["alias.txt", "story.txt"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert "symlink loop" in reasons["a.txt"] and "symlink loop" in reasons["b.txt"]
    assert "broken symlink" in reasons["gone.txt"]
    assert "already read" in reasons["up"]
    assert "symlink loop" in read_paths([str(tmp_path / "a.txt")])[1][0].reason


def test_a_folder_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    """With the limit lowered below the tree's depth (a tree deeper than the default limit would also defeat
    `shutil.rmtree`, which cleans up pytest's temporary folders)."""
    (deep_folders(tmp_path, 400) / "story.txt").write_text(BODY)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(traceback.extract_stack()) + 300)
    try:
        documents, skipped = read_paths([str(tmp_path)])
    finally:
        sys.setrecursionlimit(limit)
    assert len(documents) == 1 and skipped == []


def test_json_nested_too_deep_is_a_skip_and_other_lines_are_kept(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 20000 + "]" * 20000)
    lines = [json.dumps({"text": BODY, "title": "first"}), '{"text": ' + "[" * 100 + "]" * 100 + "}",
             json.dumps({"text": "x" * 3000}), json.dumps({"text": BODY + " Second.", "title": "second"})]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines))
    cfg = IngestSettings(max_page_bytes=1000)
    documents, skipped = read_paths([str(tmp_path)], cfg)
    assert [d.title for d in documents] == ["first", "second"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert "nested deeper than 64" in reasons["deep.json"]
    assert reasons["batch.jsonl:2"].startswith("line 2: JSON nested deeper")
    assert "line 3 is longer than 1,000 characters" in reasons["batch.jsonl:3"]


def test_brackets_inside_strings_are_not_nesting() -> None:
    assert not json_depth_exceeds(json.dumps({"text": "[" * 500 + '"\\"{{{'}), 3)
    assert json_depth_exceeds('{"a": [[{"b": []}]]}', 4)


def test_wrong_typed_metadata_is_refused_per_field(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(BODY)
    (tmp_path / "story.meta.json").write_text(json.dumps({"title": ["a", "list"], "outlet": "Valley Tribune",
                                                          "published": {"day": 3}, "byline": True, "id": 7}))
    documents, skipped = read_paths([str(tmp_path)])
    assert skipped == []
    document = documents[0]
    assert (document.title, document.outlet, document.published, document.byline) == (None, "Valley Tribune",
                                                                                         None, None)
    assert document.source_id == "7"
    assert document.repairs == ["metadata field `title` ignored: a JSON list, not text",
                                "metadata field `byline` ignored: a JSON boolean, not text",
                                "metadata field `published` ignored: a JSON object, not text"]
    record = json_record_to_document({"text": BODY, "outlet": 12}, source="r:1")
    assert isinstance(record, RawDocument) and record.outlet is None and "`outlet`" in record.repairs[0]


def test_html_size_and_nesting_budgets(tmp_path: Path) -> None:
    (tmp_path / "deep.html").write_text("<html><body>" + "<div>" * 10000 + BODY + "</div>" * 10000 + "</body></html>")
    (tmp_path / "page.html").write_text(PAGE)
    documents, skipped = read_paths([str(tmp_path / "deep.html")])
    assert documents == [] and "nested deeper than 200 levels" in skipped[0].reason
    documents, skipped = read_paths([str(tmp_path / "page.html")], IngestSettings(max_page_bytes=len(PAGE) - 1))
    assert documents == [] and "page too large" in skipped[0].reason
    documents, skipped = read_paths([str(tmp_path / "page.html")], IngestSettings(max_html_elements=10))
    assert documents == [] and "HTML elements (limit 10)" in skipped[0].reason
    assert read_paths([str(tmp_path / "page.html")])[0], "within the budgets, the same page is read"


def test_characters_per_article_budget() -> None:
    raw = RawDocument(source="long.txt", text=BODY * 3)
    articles, skipped = prepare_articles([raw], settings=Settings(cleaning=CleaningSettings(max_article_chars=500)))
    assert articles == [] and "too long for one article" in skipped[0].reason
    assert prepare_articles([raw])[0], "within the default budget it is an article"
