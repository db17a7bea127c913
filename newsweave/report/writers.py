"""Writing the dossier to --out in each output format of the registry (`FORMATS`).

An output format is a file name and a function from the dossier to that file's text; adding one means adding
one entry to `FORMATS` (the command line offers whatever is registered).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsweave.models import Dossier
from newsweave.report.files import write_atomically
from newsweave.report.graph import render_graph
from newsweave.report.htmlkit import esc
from newsweave.report.sections import SCRIPT, SECTIONS

STYLE = (Path(__file__).parent / "report.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class OutputFormat:
    filename: str
    render: Callable[[Dossier], str]
    description: str


def write_outputs(dossier: Dossier, out_dir: Path, formats: list[str]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in formats:
        output = FORMATS[name]
        path = out_dir / output.filename
        write_atomically(path, output.render(dossier))
        written.append(path)
    return written


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
    """One file, no network assets: the style and any script are inline."""
    bodies = [(section, section.html(dossier)) for section in SECTIONS]
    bodies = [(section, body) for section, body in bodies if body]
    nav = " · ".join(f'<a href="#{s.ANCHOR}">{esc(s.TITLE)}</a>' for s, _ in bodies)
    sections = "".join(f'<section id="{s.ANCHOR}"><h2>{esc(s.TITLE)}</h2>{body}</section>' for s, body in bodies)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>newsweave dossier</title><style>{STYLE}</style></head><body>"
        f"<header><h1>newsweave dossier</h1><p>{esc(_summary(dossier))}</p><nav>{nav}</nav></header>"
        f"<main>{sections}</main><script>{SCRIPT}</script></body></html>"
    )


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
