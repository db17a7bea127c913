"""Writing the dossier to --out in each output format of the registry (`FORMATS`).

An output format is a file name and a function from the dossier to that file's text; adding one means adding
one entry to `FORMATS` (the command line offers whatever is registered).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsweave.models import Dossier
from newsweave.report.files import staged_set, write_atomically
from newsweave.report.graph import render_graph
from newsweave.report.htmlkit import esc
from newsweave.report.sections import SCRIPT, SECTIONS

STYLE = (Path(__file__).parent / "report.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class OutputFormat:
    filename: str
    render: Callable[[Dossier], str]
    description: str


Elsewhere = Callable[[Dossier, Path, list[str]], Callable[[], bool | None]]
"""Writing formats in another process (a parse worker that stayed for linking): given the dossier, the folder and
the format names, it starts `write_sent` there and returns a function that waits for it to end: True when it
wrote them all, None when this process must write them itself."""


def write_outputs(
    dossier: Dossier, out_dir: Path, formats: list[str], elsewhere: Elsewhere | None = None,
    meanwhile: Callable[[str | None], None] | None = None,
) -> list[Path]:
    """The formats as one set (`files.staged_set`): a reader of --out never finds this run's dossier.json
    beside the previous run's report.html. Each format is rendered and written before the next is rendered,
    so only one is in memory at a time. `meanwhile(json)` (storing the run) is called once this process has
    written its formats, with dossier.json's text when it wrote it; its failure is raised once the set is in
    place. `elsewhere`: the formats but dossier.json are rendered in another process while this one writes
    dossier.json and calls `meanwhile`, so the end of a run, one core's work once linking is done, runs on two
    (spread 200, CPU-s: md, html and graph 0.4 there, with the Dossier unpickled 0.6; json and the store 0.55
    here; 0.95 all here)."""
    failed: Exception | None = None
    with staged_set(out_dir) as staging:
        there = [name for name in formats if name != "json"] if elsewhere is not None else []
        done = elsewhere(dossier, staging, there) if there else lambda: True
        as_json = None
        for name in formats:
            if name not in there:
                text = FORMATS[name].render(dossier)
                write_atomically(staging / FORMATS[name].filename, text)
                as_json = text if name == "json" else as_json
        try:
            if meanwhile is not None:
                meanwhile(as_json)
        except Exception as error:  # noqa: BLE001 - raised below, once the set is written
            failed = error
        if not done():
            write_sent((dossier, str(staging), there))
    if failed is not None:
        raise failed
    return [out_dir / FORMATS[name].filename for name in formats]


def write_sent(sent: tuple[Dossier, str, list[str]], held: object = None) -> bool:
    """`Elsewhere`'s work, run in a parse worker (`parse_worker.Task`; `held`, the worker's, is not read): the
    named formats of the dossier written into the folder. The Dossier comes pickled, as it was made: unpickling
    it costs half of reading it back from its JSON (0.18 against 0.4 CPU-s at 200 articles)."""
    dossier, folder, names = sent
    for name in names:
        write_atomically(Path(folder) / FORMATS[name].filename, FORMATS[name].render(dossier))
    return True


def render_json(dossier: Dossier) -> str:
    """Compact: indentation made a third of a large dossier's bytes, and any JSON viewer lays it out."""
    return dossier.model_dump_json()


def render_markdown(dossier: Dossier) -> str:
    parts = ["# newsweave dossier", "", _summary(dossier), ""]
    for section in SECTIONS:
        body = section.markdown(dossier)
        if body:
            parts += [f"## {section.TITLE}", "", body, ""]
    return "\n".join(parts)


def render_html(dossier: Dossier) -> str:
    """One file, no network assets: the style and the sorting script are inline, and its Content-Security-Policy
    allows exactly those two (by hash), so a script or style that article text smuggled past escaping would
    still not run."""
    bodies = [(section, section.html(dossier)) for section in SECTIONS]
    bodies = [(section, body) for section, body in bodies if body]
    nav = " · ".join(f'<a href="#{s.ANCHOR}">{esc(s.TITLE)}</a>' for s, _ in bodies)
    sections = "".join(f'<section id="{s.ANCHOR}"><h2>{esc(s.TITLE)}</h2>{body}</section>' for s, body in bodies)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(content_security_policy(STYLE, SCRIPT))}">'
        f"<title>newsweave dossier</title><style>{STYLE}</style></head><body>"
        f"<header><h1>newsweave dossier</h1><p>{esc(_summary(dossier))}</p><nav>{nav}</nav></header>"
        f"<main>{sections}</main><script>{SCRIPT}</script></body></html>"
    )


def content_security_policy(style: str, script: str) -> str:
    """Nothing from the network, no inline script or style but these two (hashed as written, so they are
    computed when the page is: a change to the style or script needs no edit here), no plugins, no `<base>`,
    no form posts."""
    return (
        f"default-src 'none'; style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
        "object-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _summary(dossier: Dossier) -> str:
    return (
        f"{len(dossier.articles)} articles in {len(dossier.stories)} stories, {len(dossier.skipped)} inputs skipped; "
        f"generated {dossier.generated_at}."
    )


FORMATS: dict[str, OutputFormat] = {
    "json": OutputFormat("dossier.json", render_json, "the whole dossier (contract: docs/dossier-contract.md)"),
    "md": OutputFormat("dossier.md", render_markdown, "the report as Markdown"),
    "html": OutputFormat("report.html", render_html, "one self-contained page, no network assets"),
    "graph": OutputFormat("graph.json", render_graph, "the entity/relation graph as JSON (networkx node-link)"),
}
