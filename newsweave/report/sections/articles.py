"""The articles themselves: metadata, cleaned text, and the furniture the cleaner removed (for audit)."""

from __future__ import annotations

from newsweave.dates import contract_value
from newsweave.models import Dossier
from newsweave.report.htmlkit import esc, md_cell, md_link, table, url_html

TITLE = "Articles and removed page furniture"
ANCHOR = "articles"


def html(dossier: Dossier) -> str:
    """An article without removed furniture says so in a line, not an empty table (most articles of a large
    story have none)."""
    parts = []
    for a in dossier.articles:
        removed = (
            f"<details><summary>Removed furniture ({len(a.removed)})</summary>"
            + table(["rule", "removed text"], [[esc(r.rule), esc(r.text)] for r in a.removed], "removed")
            + "</details>"
        ) if a.removed else "<p><small>No furniture removed.</small></p>"
        meta = table(
            ["field", "value"],
            [[esc(k), url_html(v) if k == "url" else esc(v)] for k, v in _metadata(a.model_dump()).items()],
            "meta",
        )
        paragraphs = "".join(f"<p>{esc(p)}</p>" for p in a.text.split("\n") if p.strip())
        parts.append(
            f'<article id="article-{esc(a.id)}"><h3>{esc(a.title or a.id)}</h3>{meta}'
            f"<details><summary>Cleaned text ({len(a.text)} characters)</summary>{paragraphs}</details>"
            f"{removed}</article>"
        )
    if dossier.skipped:
        rows = [[esc(s.path), esc(s.reason)] for s in dossier.skipped]
        parts.append("<h3>Skipped inputs</h3>" + table(["input", "reason"], rows))
    return "".join(parts)


def markdown(dossier: Dossier) -> str:
    lines = ["| id | title | outlet | dateline | published | removed |", "|---|---|---|---|---|---|"]
    for a in dossier.articles:
        lines.append(
            f"| {md_cell(a.id)} | {md_link(a.title or a.url, a.url)} | {md_cell(a.outlet)} | {md_cell(a.dateline)} | "
            f"{md_cell(contract_value(a.published))} ({md_cell(a.published_reason)}) | {len(a.removed)} |"
        )
    if dossier.skipped:
        lines += ["", "Skipped inputs:", ""] + [f"- {md_cell(s.path)}: {md_cell(s.reason)}" for s in dossier.skipped]
    return "\n".join(lines)


def _metadata(fields: dict) -> dict:
    keys = ("id", "outlet", "byline", "dateline", "published", "published_reason", "path", "url", "language",
            "derived_from", "story")
    return {k: fields[k] for k in keys if fields.get(k) not in (None, "")}
