"""Small helpers for building report HTML in which every piece of article text is escaped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from newsweave.models import Dossier


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], css_class: str = "") -> str:
    """Rows hold HTML already escaped by the caller (cells may contain markup such as source badges)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{esc(css_class)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def source_labels(dossier: Dossier) -> dict[str, str]:
    """A short human label per article id: the outlet when known, else the file name."""
    labels = {}
    for article in dossier.articles:
        name = article.outlet or (article.path or article.url or article.id).rsplit("/", 1)[-1]
        labels[article.id] = name
    return labels


def sources_html(ids: Iterable[str], dossier: Dossier) -> str:
    labels = source_labels(dossier)
    return " ".join(
        f'<a class="src" href="#article-{esc(i)}" title="{esc(i)}">{esc(labels.get(i, i))}</a>' for i in ids
    )


def sources_md(ids: Iterable[str], dossier: Dossier) -> str:
    labels = source_labels(dossier)
    return ", ".join(f"[{labels.get(i, i)}]" for i in ids)


def md_cell(value: object) -> str:
    return ("" if value is None else str(value)).replace("|", "\\|").replace("\n", " ")
