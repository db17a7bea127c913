"""The brief: the story in a few extractive sentences, each citing the outlets that state it."""

from __future__ import annotations

from newsweave.models import Dossier
from newsweave.report.htmlkit import Sentences, by_story, esc, md_cell, sources_html, sources_md

TITLE = "Brief"
ANCHOR = "brief"


def html(dossier: Dossier) -> str:
    groups = by_story(dossier, dossier.brief, lambda line: line.sources)
    found = Sentences(dossier)
    return "".join(
        (f"<h3>{esc(title)}</h3>" if title else "")
        + "<ul>"
        + "".join(f"<li>{esc(b.text)} {sources_html(b.sources, dossier, found.stating(b.text))}</li>" for b in lines)
        + "</ul>"
        for title, lines in groups
        if lines
    )


def markdown(dossier: Dossier) -> str:
    parts: list[str] = []
    for title, lines in by_story(dossier, dossier.brief, lambda line: line.sources):
        if not lines:
            continue
        parts += [f"### {md_cell(title)}", ""] if title else []
        parts += [f"- {md_cell(b.text)} {sources_md(b.sources, dossier)}" for b in lines] + [""]
    return "\n".join(parts).strip()
