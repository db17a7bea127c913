"""Each sentence with the sentences of other articles that state the same thing."""

from __future__ import annotations

from newsweave.models import Dossier
from newsweave.report.htmlkit import esc, evidence_sentences, md_cell, sources_html, sources_md, table

TITLE = "Statements and their supporting sources"
ANCHOR = "statements"


def html(dossier: Dossier) -> str:
    ordered = sorted(dossier.statements, key=lambda s: -len(s.sources))
    rows = [
        [
            esc(s.text),
            sources_html(s.sources, dossier, evidence_sentences([s, *s.supported_by])),
            "<br>".join(f"{esc(p.text)} <small>({p.similarity:.2f})</small>" for p in s.supported_by),
        ]
        for s in ordered
    ]
    return table(["statement", "sources", "supporting sentences (similarity)"], rows, "statements")


def markdown(dossier: Dossier) -> str:
    supported = [s for s in dossier.statements if s.supported_by]
    supported.sort(key=lambda s: -len(s.sources))
    lines = [f"{len(supported)} of {len(dossier.statements)} sentences are stated by more than one article.", ""]
    lines += [f"- {md_cell(s.text)} {sources_md(s.sources, dossier)}" for s in supported]
    return "\n".join(lines)
