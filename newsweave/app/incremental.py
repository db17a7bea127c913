"""Adding articles to the stored stories: the daily-run path behind `newsweave ingest`.

Only articles new to the store are parsed and embedded, a batch at a time (`StoreSettings.batch_articles`) so
memory stays flat on large crawls; stories of earlier runs are restored from the store's clustering features,
never recomputed. Each batch is grouped and committed in one transaction, in arrival order, so the batches
together group exactly as one pass over all the articles, and a run killed at any moment leaves whole batches:
the next run skips the stored articles and continues. Then the stories that gained articles (in this run or in
a run that was killed or did not link) are linked again, whole, a batch of stories per transaction; linking
never changes the grouping, so daily runs still group exactly as one run over all the articles.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from newsweave.app.pipeline import analyze_articles, progress
from newsweave.lang import Resources, for_language
from newsweave.models import Article, ArticleFeatures, Skipped, Story
from newsweave.nlp.annotate import annotate_articles
from newsweave.nlp.budget import admit
from newsweave.nlp.models import Models
from newsweave.settings import Settings
from newsweave.store import Store
from newsweave.story.clustering import StoryIndex, arrival_key, arrival_order
from newsweave.story.features import article_day, compute_features

T = TypeVar("T")


@dataclass
class IngestResult:
    added: list[Article]
    already_stored: int
    stories: list[Story]
    """The stories that gained articles in this run."""
    linked: list[Story]
    """The stories whose dossier this run linked and filed: those that gained articles, and those an earlier
    run left unlinked (killed, or `--no-link`). Empty when linking was skipped."""
    skipped: list[Skipped] = field(default_factory=list)
    """New articles over the token budget: not stored, each with its reason."""


def ingest_articles(
    articles: list[Article],
    models: Models,
    store: Store,
    quiet: bool = True,
    settings: Settings | None = None,
    res: Resources | None = None,
    link: bool = True,
) -> IngestResult:
    """Settings and resources default to the built-in ones and English. `link=False` only groups (faster;
    the stories' dossiers then wait for a later linking ingest or `analyze --story`)."""
    settings = settings or Settings()
    res = res or for_language("en")
    known = store.known_hashes([article.content_hash for article in articles])
    admitted, over_budget = admit(
        (article for article in articles if article.content_hash not in known), models.nlp, settings.parse
    )
    new = sorted(admitted, key=lambda article: arrival_key(article_day(article.published), article.id))
    index, seen = None, -1
    added: list[Article] = []
    touched: dict[str, None] = {}
    for batch in _batches(new, settings.store.batch_articles):
        features = _features(batch, models, quiet, settings, res)
        with store.grouping() as grouping:
            if index is None or grouping.last_seq() != seen:  # first batch, or another run grouped meanwhile
                index = StoryIndex.restore(grouping.story_features(), settings.stories)
            stored = grouping.known_hashes([article.content_hash for article in batch])
            batch = [article for article in batch if article.content_hash not in stored]
            ids = {article.id for article in batch}
            fresh = arrival_order(f for f in features if f.id in ids)
            changed = list(dict.fromkeys(index.add(item) for item in fresh))
            grouped = [article.model_copy(update={"story": index.story_of[article.id]}) for article in batch]
            grouping.save(grouped, fresh, [index.story(story) for story in changed])
            seen = grouping.last_seq()
        added += grouped
        touched.update(dict.fromkeys(changed))
    linked = link_stories(store, models, quiet, settings, res) if link else []
    stories = [index.story(story) for story in touched] if index is not None else []
    return IngestResult(
        added=added,
        already_stored=len(articles) - len(added) - len(over_budget),
        stories=stories,
        linked=linked,
        skipped=over_budget,
    )


def link_stories(store: Store, models: Models, quiet: bool, settings: Settings, res: Resources) -> list[Story]:
    """Link every story that needs it, whole stories of about `batch_articles` articles per transaction. A
    story that gains articles from another run meanwhile keeps needing linking (the store files only a
    dossier of exactly its articles) and is left to the next run."""
    linked: list[Story] = []
    for stories in _story_batches(store.stories_to_link(), settings.store.batch_articles):
        members = store.articles([article_id for story in stories for article_id in story.articles])
        store.save_story_dossier(
            analyze_articles(members, models, quiet=quiet, stories=stories, settings=settings, res=res)
        )
        linked += stories
    return linked


def _features(
    batch: list[Article], models: Models, quiet: bool, settings: Settings, res: Resources
) -> list[ArticleFeatures]:
    parsed = annotate_articles(batch, models.nlp, res, settings.parse)
    analyzed = list(progress(parsed, len(batch), "parsing", quiet))
    return compute_features(analyzed, models.embedder, res, settings.stories)


def _batches(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _story_batches(stories: list[Story], articles: int) -> Iterator[list[Story]]:
    """Consecutive stories holding about `articles` articles together (a larger story alone)."""
    batch: list[Story] = []
    for story in stories:
        if batch and sum(len(s.articles) for s in batch) + len(story.articles) > articles:
            yield batch
            batch = []
        batch.append(story)
    if batch:
        yield batch
