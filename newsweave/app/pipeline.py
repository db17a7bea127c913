"""The analysis pipeline: ingest -> clean -> nlp -> story -> link (per story) -> dossier.

Each stage is a pure function of the previous stages' output; the spaCy pipeline and the embedding model
are loaded once (`Models`) and passed in. Cross-document linking runs story by story, so articles about
different events are never compared as if they reported the same facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from functools import partial
from typing import TypeVar

from tqdm import tqdm

from newsweave.clean.article import prepare_article
from newsweave.dates import DateValue
from newsweave.link.brief import build_brief
from newsweave.link.claim_text import Embed
from newsweave.link.claims import extract_claims
from newsweave.link.coverage import source_coverage
from newsweave.link.derivation import detect_derivations
from newsweave.link.entities import resolve_entities
from newsweave.link.quotes import collect_quotes, collect_terms, find_quoted
from newsweave.link.relations import extract_relations
from newsweave.link.statements import find_support
from newsweave.link.timeline import build_timeline
from newsweave.link.timewindow import date_undated_articles
from newsweave.models import AnalyzedArticle, Article, Dossier, RawDocument, Skipped, Story
from newsweave.nlp.annotate import annotate_articles
from newsweave.nlp.embed import SentenceVectors, embed_sentences, embed_texts
from newsweave.nlp.models import Models
from newsweave.nlp.timex import find_time_expressions
from newsweave.story.clustering import cluster_stories

PROGRESS_MIN_ITEMS = 5
"""Runs with fewer articles than this finish too fast for a progress bar to help."""

T = TypeVar("T")


def progress(items: Iterable[T], total: int, label: str, quiet: bool) -> Iterator[T]:
    if quiet or total < PROGRESS_MIN_ITEMS:
        yield from items
    else:
        yield from tqdm(items, total=total, desc=label, unit="article", leave=False)


def prepare_articles(raws: list[RawDocument], quiet: bool = True) -> tuple[list[Article], list[Skipped]]:
    """Clean every raw document; exact duplicates (same cleaned text) are kept once and reported."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for raw in progress(raws, len(raws), "cleaning", quiet):
        result = prepare_article(raw)
        if isinstance(result, Skipped):
            skipped.append(result)
        elif result.content_hash in seen:
            skipped.append(Skipped(path=raw.source, reason=f"exact duplicate of {seen[result.content_hash]}"))
        else:
            seen[result.content_hash] = raw.source
            articles.append(result)
    return articles, skipped


def analyze_articles(
    articles: list[Article], models: Models, quiet: bool = True, stories: list[Story] | None = None
) -> Dossier:
    """`stories` given (a story from the store) keeps that grouping instead of clustering again."""
    analyzed = list(progress(annotate_articles(articles, models.nlp), len(articles), "parsing", quiet))
    vectors = embed_sentences(analyzed, models.embedder)
    stories = stories if stories is not None else cluster_stories(analyzed, vectors)
    by_id = {item.article.id: item for item in analyzed}
    dossier = Dossier(generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), stories=stories)
    for story in stories:
        members = [by_id[article_id] for article_id in story.articles]
        for item in members:
            item.article.story = story.id
        link_story(members, _vectors_of(vectors, story.articles), dossier, partial(embed_texts, models.embedder))
        story.span = publication_span([item.article.published for item in members]) or story.span
    dossier.articles = [item.article for item in analyzed]
    return dossier


def link_story(
    members: list[AnalyzedArticle], vectors: SentenceVectors, dossier: Dossier, embed: Embed | None = None
) -> None:
    """Cross-document stages over the articles of one story; appends to the dossier's sections."""
    date_undated_articles(members)
    times = {item.article.id: find_time_expressions(item) for item in members}
    resolution = resolve_entities(members)
    derivations = detect_derivations(members, vectors)
    claims, conflicts = extract_claims(members, vectors, resolution, times, derivations, embed)
    statements = find_support(vectors)
    dossier.statements += statements
    copied = {item.article.id: item.article.derived_from for item in members if item.article.derived_from}
    dossier.brief += build_brief(statements, copied)
    dossier.coverage += source_coverage([item.article for item in members], statements)
    dossier.entities += resolution.entities
    dossier.relations += extract_relations(members, resolution)
    quoted = find_quoted(members)
    dossier.quotes += collect_quotes(quoted, resolution)
    dossier.terms += collect_terms(quoted)
    dossier.timeline += build_timeline(members, times, resolution, vectors)
    dossier.derivations += derivations
    dossier.claims += claims
    dossier.conflicts += conflicts


def publication_span(published: list[DateValue]) -> DateValue:
    """First to last publication day of a story's articles, counting the windows inferred while linking
    (clustering ran before them, so it only knew the dates stated or given)."""
    days = sorted(
        day
        for value in published
        for day in (value if isinstance(value, list) else [value])
        if isinstance(day, str) and len(day) == 10
    )
    if not days:
        return None
    return days[0] if days[0] == days[-1] else [days[0], days[-1]]


def _vectors_of(vectors: SentenceVectors, article_ids: list[str]) -> SentenceVectors:
    wanted = set(article_ids)
    rows = [i for i, ref in enumerate(vectors.refs) if ref.article in wanted]
    return SentenceVectors(refs=[vectors.refs[i] for i in rows], vectors=vectors.vectors[rows])
