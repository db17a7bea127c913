"""The stories of the run: which articles report the same real-world event."""

from __future__ import annotations

from newsweave.models import Dossier
from newsweave.report.htmlkit import esc, md_cell, sources_html, sources_md, table

TITLE = "Stories"
ANCHOR = "stories"


def html(dossier: Dossier) -> str:
    rows = [[esc(s.id), esc(s.title), esc(s.span), sources_html(s.articles, dossier)] for s in dossier.stories]
    return table(["id", "title", "span", "articles"], rows, "stories")


def markdown(dossier: Dossier) -> str:
    return "\n".join(
        f"- **{md_cell(s.title)}** ({md_cell(s.id)}, {md_cell(s.span)}): {sources_md(s.articles, dossier)}"
        for s in dossier.stories
    )
