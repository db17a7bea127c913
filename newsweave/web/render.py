"""What the pages show of a stored dossier, on top of the static report's section renderers.

A story page is the report's sections rendered with web links (`htmlkit.Links`): a citation points at the
sentence of the article page (`/articles/{id}#s{index}`) and an entity's name at its page. An article page
splits the cleaned text into the sentences the story's statements give and marks those the story page cites,
which it learns by rendering the story page's sections and recording where their citations point: what is
highlighted is exactly what a reader can arrive from, the more sections cite a sentence the stronger.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from newsweave.models import Article, Derivation, Dossier, Entity
from newsweave.report.htmlkit import Links, linking, source_labels
from newsweave.report.sections import SECTIONS, Section
from newsweave.store import entity_key

STORY_SECTIONS = ("brief", "coverage", "timeline", "figures", "claims", "quotes", "entities")
"""Report sections a story page shows, in order (by ANCHOR): the stories table is the page itself, the
statements table is the article pages' highlighting, the articles have pages of their own."""


def article_href(article: str, sentence: int | None = None) -> str:
    path = f"/articles/{quote(article, safe='')}"
    return path if sentence is None else f"{path}#s{sentence}"


def entity_href(entity: Entity) -> str:
    return entity_page(entity_key(entity.name, entity.type))


def entity_page(key: str) -> str:
    return f"/entities/{quote(key, safe='')}"


def outlet_page(name: str) -> str:
    return f"/outlets/{quote(name, safe='')}"


WEB_LINKS = Links(article=article_href, entity=entity_href)


def _chosen() -> list[Section]:
    return [section for anchor in STORY_SECTIONS for section in SECTIONS if section.ANCHOR == anchor]


def story_sections(dossier: Dossier, links: Links = WEB_LINKS) -> list[tuple[Section, str]]:
    """The story page's sections with their HTML (sections with nothing to show left out)."""
    with linking(links):
        rendered = [(section, section.html(dossier)) for section in _chosen()]
    return [(section, body) for section, body in rendered if body]


def cited_sentences(dossier: Dossier) -> dict[tuple[str, int], list[str]]:
    """The titles of the story page's sections whose citations point at each (article, sentence)."""
    cited: dict[tuple[str, int], list[str]] = {}
    for section in _chosen():
        def record(article: str, sentence: int | None, title: str = section.TITLE) -> str:
            if sentence is not None and title not in cited.setdefault((article, sentence), []):
                cited[(article, sentence)].append(title)
            return article_href(article, sentence)

        with linking(Links(article=record, entity=entity_href)):
            section.html(dossier)
    return cited


@dataclass(frozen=True)
class Sentence:
    """A piece of the cleaned text: a sentence, or the part of one on one line of the text."""

    index: int | None
    text: str
    cited_in: tuple[str, ...]
    """Titles of the story page's sections citing the sentence."""
    paragraph_start: bool
    """The piece opens a paragraph of the cleaned text."""
    anchor: bool
    """The piece opens its sentence: the target of citations of it."""


def article_paragraphs(article: Article, dossier: Dossier | None) -> list[list[Sentence]]:
    """The cleaned text's paragraphs in the sentences the story's statements give (each with its index, the
    anchor a citation points at); an article of a story not linked yet is shown by lines, without anchors."""
    paragraphs: list[list[Sentence]] = []
    for piece in _pieces(article, dossier):
        if piece.paragraph_start or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(piece)
    return paragraphs


def _pieces(article: Article, dossier: Dossier | None) -> list[Sentence]:
    spans = sorted(
        (s.start, s.end, s.sentence) for s in (dossier.statements if dossier else []) if s.article == article.id
    )
    cited = cited_sentences(dossier) if dossier and spans else {}
    pieces: list[Sentence] = []
    at = 0
    for start, end, index in spans:
        if article.text[at:start].strip():
            pieces += _paragraphs(article.text[at:start], None, (), True)
        opens = at == 0 or "\n" in article.text[at:start]
        pieces += _paragraphs(article.text[start:end], index, tuple(cited.get((article.id, index), ())), opens)
        at = max(at, end)
    if at < len(article.text):
        pieces += _paragraphs(article.text[at:], None, (), True)
    return pieces


def _paragraphs(text: str, index: int | None, cited_in: tuple[str, ...], opens: bool) -> list[Sentence]:
    """A stretch of text cut at its line breaks (a paragraph break inside it opens a new paragraph)."""
    lines = [line for line in text.split("\n") if line.strip()]
    return [
        Sentence(index=index, text=line, cited_in=cited_in, paragraph_start=opens or k > 0, anchor=k == 0)
        for k, line in enumerate(lines)
    ]


@dataclass(frozen=True)
class Copy:
    other: str
    other_label: str
    derivation: Derivation


def copies(article: Article, dossier: Dossier | None) -> tuple[list[Copy], list[Copy]]:
    """(what this article copies from, who copies it), from the story's derivations."""
    if dossier is None:
        return [], []
    labels = source_labels(dossier)
    copied_from = [Copy(d.source, labels.get(d.source, d.source), d) for d in dossier.derivations
                   if d.derived == article.id]
    copied_by = [Copy(d.derived, labels.get(d.derived, d.derived), d) for d in dossier.derivations
                 if d.source == article.id]
    return copied_from, copied_by
