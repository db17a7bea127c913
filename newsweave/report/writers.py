"""Writing the dossier to --out as dossier.json, dossier.md and a self-contained report.html."""

from __future__ import annotations

from pathlib import Path

from newsweave.models import Dossier
from newsweave.report.files import write_atomically
from newsweave.report.htmlkit import by_story, esc, md_cell, sources_html, sources_md
from newsweave.report.sections import SECTIONS

FORMATS = {"json": "dossier.json", "md": "dossier.md", "html": "report.html"}
STYLE = (Path(__file__).parent / "report.css").read_text(encoding="utf-8")


def write_outputs(dossier: Dossier, out_dir: Path, formats: list[str]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    render = {"json": render_json, "md": render_markdown, "html": render_html}
    written = []
    for fmt in formats:
        path = out_dir / FORMATS[fmt]
        write_atomically(path, render[fmt](dossier))
        written.append(path)
    return written


def render_json(dossier: Dossier) -> str:
    return dossier.model_dump_json(indent=2)


def render_markdown(dossier: Dossier) -> str:
    parts = ["# newsweave dossier", "", _summary(dossier), ""]
    if dossier.brief:
        parts += ["## Brief", ""]
        for title, lines in by_story(dossier, dossier.brief, lambda line: line.sources):
            parts += [f"### {md_cell(title)}", ""] if title else []
            parts += [f"- {md_cell(b.text)} {sources_md(b.sources, dossier)}" for b in lines] + [""]
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
    brief = ""
    if dossier.brief:
        groups = by_story(dossier, dossier.brief, lambda line: line.sources)
        items = "".join(
            (f"<h3>{esc(title)}</h3>" if title else "")
            + "<ul>" + "".join(f"<li>{esc(b.text)} {sources_html(b.sources, dossier)}</li>" for b in lines) + "</ul>"
            for title, lines in groups
        )
        brief = f'<section id="brief"><h2>Brief</h2>{items}</section>'
    sections = "".join(f'<section id="{s.ANCHOR}"><h2>{esc(s.TITLE)}</h2>{body}</section>' for s, body in bodies)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>newsweave dossier</title><style>{STYLE}</style></head><body>"
        f"<header><h1>newsweave dossier</h1><p>{esc(_summary(dossier))}</p><nav>{nav}</nav></header>"
        f"<main>{brief}{sections}</main></body></html>"
    )


def _summary(dossier: Dossier) -> str:
    return (
        f"{len(dossier.articles)} articles in {len(dossier.stories)} stories, {len(dossier.skipped)} inputs skipped; "
        f"generated {dossier.generated_at}."
    )
