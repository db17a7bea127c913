"""Reading files: text with sidecar metadata, HTML pages, JSON and JSONL; bad records skipped with reasons."""

from __future__ import annotations

import json
from pathlib import Path

from newsweave.app.pipeline import prepare_articles
from newsweave.ingest.files import read_paths
from newsweave.models import RawDocument

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
