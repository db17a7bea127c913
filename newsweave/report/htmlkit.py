"""Small helpers for building report HTML in which every piece of article text is escaped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import TypeVar

from newsweave.models import Dossier

T = TypeVar("T")


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], css_class: str = "") -> str:
    """Rows hold HTML already escaped by the caller (cells may contain markup such as source badges)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{esc(css_class)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def source_labels(dossier: Dossier) -> dict[str, str]:
    """A short human label per article id: the outlet when known, else the file name; a label several
    articles would share (two AP stories, records of one JSONL file) is numbered so citations stay distinct."""
    names = {
        article.id: article.outlet or (article.path or article.url or article.id).rsplit("/", 1)[-1]
        for article in dossier.articles
    }
    shared = [name for name in dict.fromkeys(names.values()) if list(names.values()).count(name) > 1]
    counters = dict.fromkeys(shared, 0)
    labels = {}
    for article_id, name in names.items():
        if name in counters:
            counters[name] += 1
            name = f"{name} #{counters[name]}"
        labels[article_id] = name
    return labels


def by_story(dossier: Dossier, items: Iterable[T], sources: Callable[[T], list[str]]) -> list[tuple[str, list[T]]]:
    """Items grouped by the story of their first source, in story order, with the story's title; a dossier
    of one story gives one group titled ""."""
    groups = story_groups(dossier, items, sources)
    if len(dossier.stories) <= 1:
        return [("", [item for group in groups.values() for item in group])]
    titles = {story.id: story.title for story in dossier.stories}
    return [(titles.get(story, "other") if story else "other", group) for story, group in groups.items() if group]


def story_groups(dossier: Dossier, items: Iterable[T], sources: Callable[[T], list[str]]) -> dict[str | None, list[T]]:
    """Items by the id of the story of their first source (None without one), the dossier's stories first."""
    story_of = {article.id: article.story for article in dossier.articles}
    groups: dict[str | None, list[T]] = {story.id: [] for story in dossier.stories}
    for item in items:
        ids = sources(item)
        groups.setdefault(story_of.get(ids[0]) if ids else None, []).append(item)
    return groups


def sources_html(ids: Iterable[str], dossier: Dossier) -> str:
    labels = source_labels(dossier)
    return " ".join(
        f'<a class="src" href="#article-{esc(i)}" title="{esc(i)}">{esc(labels.get(i, i))}</a>' for i in ids
    )


def sources_md(ids: Iterable[str], dossier: Dossier) -> str:
    labels = source_labels(dossier)
    return ", ".join(f"[{labels.get(i, i)}]" for i in ids)


def md_cell(value: object) -> str:
    """Text for a Markdown line or table cell: "|" and "<" are backslash-escaped, so article text can neither
    break a table nor open an HTML tag when the Markdown is rendered."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "\\<").replace("\n", " ")
