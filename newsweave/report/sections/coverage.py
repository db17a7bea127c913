"""Per-source coverage: each outlet's headline and lead, what only it reports, what it leaves out."""

from __future__ import annotations

from newsweave.models import CoverageItem, Dossier
from newsweave.report.htmlkit import Sentences, esc, md_cell, source_labels, sources_html, sources_md, table

TITLE = "Coverage by source"
ANCHOR = "coverage"


def html(dossier: Dossier) -> str:
    found = Sentences(dossier)

    def items(entries: list[CoverageItem]) -> str:
        return "<br>".join(
            f"{esc(i.text)} {sources_html(i.sources, dossier, found.stating(i.text))}" for i in entries
        ) or "—"

    rows = [
        [
            sources_html([c.article], dossier),
            f"<b>{esc(c.headline)}</b><br>{esc(c.lead)}",
            f"{c.shared} of {c.sentences}",
            items(c.unique),
            items(c.omitted),
        ]
        for c in dossier.coverage
    ]
    return table(["source", "headline and lead", "sentences shared", "only this source", "left out"], rows)


def markdown(dossier: Dossier) -> str:
    labels = source_labels(dossier)
    lines = []
    for c in dossier.coverage:
        lines += [f"### {md_cell(labels.get(c.article, c.article))}", "",
                  f"- Headline: {md_cell(c.headline)}", f"- Lead: {md_cell(c.lead)}",
                  f"- Sentences shared with other sources: {c.shared} of {c.sentences}"]
        lines += [f"- Only this source: {md_cell(i.text)}" for i in c.unique]
        lines += [f"- Left out: {md_cell(i.text)} {sources_md(i.sources, dossier)}" for i in c.omitted]
        lines.append("")
    return "\n".join(lines)
