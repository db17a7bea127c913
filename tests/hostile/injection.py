"""Injection cases (issue 15): made-up articles and a made-up dossier whose titles, outlets, file names, URLs,
text, quotes, speakers, claims and skip reasons carry script, event handlers, `javascript:` links, remote
images and Markdown/HTML markup. Every script payload sets `window.__injected`, so a browser can tell whether
any of them ran; the Markdown test compares the rendering of `dossier(hostile)` with that of its plain twin
`dossier(plain)`, which has the same shape, so any markup the payloads add shows up as a difference.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from newsweave.models import (
    Article,
    BriefLine,
    Claim,
    Conflict,
    ConflictSide,
    CoverageItem,
    Dossier,
    Entity,
    Quote,
    Relation,
    Skipped,
    SourceCoverage,
    Statement,
    Story,
    Term,
    TimelineEntry,
)

MARK = "__injected"
"""The global every script payload would set."""
PAYLOADS = (
    f"<script>window.{MARK}='script'</script>",
    f"<img src=x onerror=\"window.{MARK}='onerror'\">",
    f"<svg onload=\"window.{MARK}='svg'\"></svg>",
    f"[a link](javascript:window.{MARK}='markdown-link')",
    f"<a href=\"javascript:window.{MARK}='a-href'\">a link</a>",
    "![tracker](http://198.51.100.7/pixel.png)",
    f"&lt;script&gt;window.{MARK}='entity'&lt;/script&gt; &#106;avascript:x",
    "`code` *emphasis* _under_ ~~struck~~ **strong** <b>bold</b>",
    f"<http://198.51.100.7/autolink> [ref] [ref]: javascript:window.{MARK}='ref'",
)
LINE_STARTS = ("# heading", "- item", "1. item", "| a | b |", "> quote", "=====", "    indented code", "***")
"""Markup that counts only at the start of a line: every hostile value opens with one and has more after
line breaks."""
BAD_URLS = (
    f"javascript:window.{MARK}='url'",
    f" JaVaScRiPt:window.{MARK}='url'",
    f"java\tscript:window.{MARK}='url'",
    "data:text/html,<script>alert(1)</script>",
)
GOOD_URL = "https://news.example.org/dam-repairs?id=7&page=(2)"


def hostile(n: int) -> str:
    """The n-th hostile value: a line-start marker, words, a payload, a line break that would open a new line
    (or table row) holding more markup."""
    return (
        f"{LINE_STARTS[n % len(LINE_STARTS)]} words {n} {PAYLOADS[n % len(PAYLOADS)]}\n"
        f"{LINE_STARTS[(n + 1) % len(LINE_STARTS)]} | cell {n} |\r\n{PAYLOADS[(n + 1) % len(PAYLOADS)]}"
    )


def plain(n: int) -> str:
    return f"plain words {n}"


def dossier(value: Callable[[int], str]) -> Dossier:
    """A dossier with a value (`hostile` or `plain`) in every field a report shows; ids and numbers are the
    program's own and stay plain."""
    v = iter(range(10_000))

    def text() -> str:
        return value(next(v))

    articles = [
        Article(id="a1", title=text(), outlet=text(), path=f"/in/{text()}.txt", url=BAD_URLS[0], text=text(),
                byline=text(), dateline=text(), story="s1", published="2025-06-03", published_reason=text()),
        Article(id="a2", title=text(), outlet=text(), path=f"/in/{text()}.html", url=GOOD_URL, text=text(),
                story="s1", published="2025-06-04"),
        *[Article(id=f"u{k}", title=text(), url=url, text=text(), story="s1") for k, url in enumerate(BAD_URLS)],
    ]
    ids = [a.id for a in articles]
    return Dossier(
        articles=articles,
        stories=[Story(id="s1", title=text(), articles=ids, span="2025-06-03")],
        brief=[BriefLine(text=text(), sources=ids)],
        claims=[
            Claim(id="c1", text=text(), sources=["a1", "a2"], independent_sources=["a1", "a2"]),
            Claim(id="c2", text=text(), sources=["a1"], independent_sources=["a1"], single_source=True),
        ],
        conflicts=[Conflict(kind="contradiction", explanation=text(), attribute=text(),
                            sides=[ConflictSide(text=text(), sources=["a1"]), ConflictSide(text=text(), sources=["a2"])])],
        quotes=[Quote(speaker_name=text(), kind="direct", text=text(), cue=text(), medium=text(), sources=ids,
                      speaker_description=text(), attribution_conflict=text())],
        timeline=[TimelineEntry(date="2025-06-03", event=text(), expression=text(), how="explicit", sources=["a1"],
                                participants=[text()], note=text())],
        entities=[Entity(id="e1", name=text(), type="PERSON", aliases=[text()], descriptions=[text()],
                         sources=["a1"], mentions=2),
                  Entity(id="e2", name=text(), type="ORG", sources=["a2"], mentions=1)],
        relations=[Relation(subject="e1", relation="works_for", object="e2", evidence=text(), sources=["a1"],
                            detail=text())],
        statements=[Statement(id="a1:0", article="a1", sentence=0, start=0, end=5, text=text(), sources=["a1"])],
        coverage=[SourceCoverage(article="a1", headline=text(), lead=text(), sentences=3, shared=1,
                                 unique=[CoverageItem(text=text(), sources=["a1"])],
                                 omitted=[CoverageItem(text=text(), sources=["a2"])])],
        terms=[Term(id="t1", text=text(), reason=text(), used_by=text(), sources=["a2"])],
        skipped=[Skipped(path=f"/in/{text()}.txt", reason=text())],
    )


def write_articles(folder: Path) -> list[Path]:
    """Made-up articles for `newsweave analyze` with the payloads in their file names, sidecar metadata, text
    and quotes: two reports of one made-up event (so the run builds a story, a brief, claims and quotes) and an
    empty file, skipped with its hostile file name in the reason."""
    folder.mkdir(parents=True, exist_ok=True)
    reports = [
        ("Dam repairs begin", "Lindqvist Valley Post", BAD_URLS[0], [
            f"Workers began repairing the Lindqvist Dam on Tuesday after a crack appeared in its wall. {PAYLOADS[0]}",
            f'"We will finish the work before the autumn rains {PAYLOADS[1]}," said engineer Mara Tollund.',
            *LINE_STARTS[:4],
            f"The repairs will cost 4 million euros, the regional water board said. {PAYLOADS[5]} {PAYLOADS[3]}",
            f"About 1,200 people live below the dam, according to the board. {PAYLOADS[4]}",
        ]),
        ("Repairs start on the Lindqvist Dam", "Tollund Herald", GOOD_URL, [
            f"Repair crews started work on the Lindqvist Dam on Tuesday, a week after a crack was found. {PAYLOADS[8]}",
            f'Engineer Mara Tollund said: "We will finish the work before the autumn rains {PAYLOADS[2]}."',
            *LINE_STARTS[4:],
            f"The regional water board put the cost of the repairs at 4 million euros. {PAYLOADS[6]}",
            f"Some 1,200 residents live in the valley below the dam. {PAYLOADS[7]}",
        ]),
    ]
    written = []
    for k, (title, outlet, url, paragraphs) in enumerate(reports):
        path = folder / f"report {k} {PAYLOADS[1]}\n{PAYLOADS[3]}.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        meta = {"title": f"{title} {PAYLOADS[k]}", "outlet": f"{outlet}\n{PAYLOADS[2]}", "url": url,
                "published": "2025-06-03"}
        path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
        written.append(path)
    empty = folder / f"empty {PAYLOADS[1]}.txt"
    empty.write_bytes(b"")
    return [*written, empty]
