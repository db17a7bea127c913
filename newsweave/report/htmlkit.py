"""Small helpers for building report HTML in which every piece of article text is escaped."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from html import escape
from typing import Protocol, TypeVar
from urllib.parse import quote

from newsweave.models import Article, Dossier, Entity

T = TypeVar("T")


def _within_page(article: str, sentence: int | None) -> str:
    return f"#article-{article}"


def _unlinked(entity: Entity) -> str | None:
    return None


@dataclass(frozen=True)
class Links:
    """Where the sections' links point. The static report is one page: a citation jumps to the article's
    entry in it. The web app (`newsweave.web`) has a page per article and per entity, so it links a citation
    to the cited sentence and an entity's name to its page; the sections stay one renderer for both."""

    article: Callable[[str, int | None], str] = _within_page
    """The address of an article id, at a sentence index when the citation knows it."""
    entity: Callable[[Entity], str | None] = _unlinked


LINKS: ContextVar[Links] = ContextVar("newsweave_report_links", default=Links())


@contextmanager
def linking(links: Links) -> Iterator[None]:
    """Render the sections with these links (a context variable, so concurrent renderings do not mix)."""
    token = LINKS.set(links)
    try:
        yield
    finally:
        LINKS.reset(token)


class Sentences:
    """The sentences of the dossier's articles, from its statements (every sentence of every linked article,
    with the sentences of other articles that state the same): lets a citation of a brief line, a quote or a
    timeline event point at the sentence that says it. Build one per rendering of a section."""

    def __init__(self, dossier: Dossier) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        self._by_text: dict[str, dict[str, int]] = {}
        for s in dossier.statements:
            spans.setdefault(s.article, []).append((s.start, s.sentence))
            stating = self._by_text.setdefault(s.text, {})
            stating.setdefault(s.article, s.sentence)
            for support in s.supported_by:
                stating.setdefault(support.article, support.sentence)
        self._starts = {article: sorted(pairs) for article, pairs in spans.items()}

    def at(self, article: str, offset: int) -> int | None:
        """The index of the sentence of `article` holding this character offset."""
        pairs = self._starts.get(article, [])
        k = bisect_right(pairs, (offset, float("inf"))) - 1
        return pairs[k][1] if k >= 0 else None

    def stating(self, text: str) -> dict[str, int]:
        """Each article's sentence stating this sentence's text (its own, or one the sameness service
        matched to it)."""
        return self._by_text.get(text, {})


class Cited(Protocol):
    """A sentence of one article, as claim evidence, statements and their supports name it."""

    @property
    def article(self) -> str: ...

    @property
    def sentence(self) -> int: ...


def evidence_sentences(evidence: Iterable[Cited]) -> dict[str, int]:
    return {e.article: e.sentence for e in evidence}


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], css_class: str = "") -> str:
    """Rows hold HTML already escaped by the caller (cells may contain markup such as source badges)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{esc(css_class)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def source_labels(dossier: Dossier) -> dict[str, str]:
    """A short human label per article id: the outlet when known, else the file name; a label several
    articles would share (two AP stories, records of one JSONL file) is numbered so citations stay distinct.
    Every citation of a report asks for the labels, and sections split the dossier by story with
    `model_copy` (which shares the article list), so they are worked out once per article list: writing a
    report stays linear in the dossier's size."""
    articles, labels = _LABELS[-1]
    if articles is not dossier.articles or len(labels) != len(articles):
        labels = _labels(dossier.articles)
        _LABELS[-1] = (dossier.articles, labels)
    return labels


_LABELS: list[tuple[list[Article], dict[str, str]]] = [([], {})]
"""The last article list labelled and its labels, read and replaced as one tuple (renderings may run in
threads); holding the list keeps its identity from being reused."""


def _labels(articles: list[Article]) -> dict[str, str]:
    names = {
        article.id: article.outlet or (article.path or article.url or article.id).rsplit("/", 1)[-1]
        for article in articles
    }
    counts = Counter(names.values())
    counters = {name: 0 for name, count in counts.items() if count > 1}
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


def href(value: str) -> str:
    """An address for an href: an in-page anchor, a path on this site or an http(s) URL; anything else (a
    `javascript:` or `data:` URL, `//host`) becomes a dead in-page link, so no address built from article
    data can run script or leave for another scheme."""
    if value.startswith("#") or (value.startswith("/") and not value.startswith("//")):
        return value
    return web_url(value) or "#"


def url_html(url: str) -> str:
    """An article's URL as a link when it is http(s), else as text."""
    target = web_url(url)
    if not target:
        return esc(url)
    return f'<a href="{esc(target)}" rel="nofollow noopener noreferrer">{esc(url)}</a>'


def sources_html(ids: Iterable[str], dossier: Dossier, sentences: Mapping[str, int | None] | None = None) -> str:
    """Citation badges; `sentences` gives, where known, the index of the cited sentence in each article. A
    badge carries no title: its link names the article, and a large story cites thousands of times."""
    shown, more = cited(ids)
    labels = source_labels(dossier)
    address = LINKS.get().article
    at = sentences or {}
    badges = [
        f'<a class="src" href="{esc(href(address(i, at.get(i))))}">{esc(labels.get(i, i))}</a>'
        for i in shown
    ]
    return " ".join(badges + ([f'<small class="more">+{more} more</small>'] if more else []))


def entity_html(entity: Entity) -> str:
    """An entity's name, linked to its page where the rendering has one."""
    address = LINKS.get().entity(entity)
    return f'<a href="{esc(href(address))}">{esc(entity.name)}</a>' if address else esc(entity.name)


def sources_md(ids: Iterable[str], dossier: Dossier) -> str:
    shown, more = cited(ids)
    labels = source_labels(dossier)
    return ", ".join([f"[{md_cell(labels.get(i, i))}]" for i in shown] + ([f"+{more} more"] if more else []))


def cited(ids: Iterable[str]) -> tuple[list[str], int]:
    """The sources a report cell names and how many more it only counts: a fact of a large story is stated by
    hundreds of articles, and naming all of them in every cell made the report grow as the square of the
    story; dossier.json keeps every source."""
    listed = list(ids)
    return listed[:CITED_MOST], max(0, len(listed) - CITED_MOST)


CITED_MOST = 8
"""Sources named in one report cell; a reader compares a handful of outlets, not a wall of badges."""
LISTED_MOST = 12
"""Items (other wordings, aligned passages) listed under one entry of the report; the rest are counted."""


def listed(items: Sequence[T]) -> tuple[Sequence[T], str]:
    """The first `LISTED_MOST` items and, when some are left out, a line saying how many (see `cited`)."""
    left = len(items) - LISTED_MOST
    return items[:LISTED_MOST], (f"and {left} more in dossier.json" if left > 0 else "")


MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
"""Characters that open raw HTML, autolinks or entities in Markdown, written as entities: a backslash before
`<` is not an escape in every renderer, an entity is (and `&` must be one too, or article text holding
`&lt;script&gt;` would render as a tag's characters and `&#106;avascript:` as a scheme)."""
MD_INLINE = frozenset("\\`*_[]|~")
"""Characters that open inline markup anywhere in a line (code, emphasis, links and images, table cells,
strikethrough), backslash-escaped: with `[` escaped, no `[x](url)`, `![](url)` or `[x]: url` can form."""
MD_LINE_START = re.compile(r"^(?:[#+=-]|\d{1,9}[.)])")
"""What makes a line a heading, a list item, a setext underline or an ordered item when it opens the line."""


def md_cell(value: object) -> str:
    """Article-derived text for a Markdown line or table cell, inert: every run of whitespace (a newline, a
    line separator) becomes one space, so a value can neither end the line nor the table row it sits in, and
    no markup it holds is read as markup. Every Markdown section writes article text through this."""
    text = " ".join(("" if value is None else str(value)).split())
    escaped = "".join(MD_ENTITIES.get(c) or ("\\" + c if c in MD_INLINE else c) for c in text)
    return MD_LINE_START.sub(_line_start, escaped, count=1)


def _line_start(match: re.Match[str]) -> str:
    """A backslash before the marker; for an ordered item's number, before its dot or parenthesis."""
    marker = match.group()
    return f"{marker[:-1]}\\{marker[-1]}" if marker[0].isdigit() else f"\\{marker}"


def web_url(value: str | None) -> str | None:
    """The URL when it is http(s), else None: only such a URL from article data becomes a link. Browsers drop
    tabs and line breaks inside a URL and blanks around it, so they are dropped before the scheme is read
    (`java\tscript:` is `javascript:` to a browser)."""
    url = re.sub(r"[\t\n\r]", "", value or "").strip("\x00- ")
    return url if re.match(r"https?://", url, flags=re.IGNORECASE) else None


def md_link(text: object, url: str | None) -> str:
    """A Markdown link when the URL is http(s), else the escaped text; the address is percent-encoded so no
    character of it can end the link early."""
    target = web_url(url)
    return f"[{md_cell(text)}]({quote(target, safe=URL_SAFE)})" if target else md_cell(text)


URL_SAFE = ":/?#@!$&'*+,;=%~"
"""URL characters left as they are in a Markdown link; parentheses, brackets, blanks, `<`, `>` and `\\` are
percent-encoded."""
