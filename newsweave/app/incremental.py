"""Adding articles to the stored stories: the daily-run path behind `newsweave ingest`.

Only articles new to the store are parsed and embedded, a batch at a time (`StoreSettings.batch_articles`) so
memory stays flat on large crawls; stories of earlier runs are restored from the store's clustering features,
never recomputed. Each batch is grouped and committed in one transaction, in arrival order, so the batches
together group exactly as one pass over all the articles, and a run killed at any moment leaves whole batches:
the next run skips the stored articles and continues. Then the stories that gained articles (in this run or in
a run that was killed or did not link) are linked again, whole, a batch of stories per transaction; linking
never changes the grouping, so daily runs still group exactly as one run over all the articles.

The store records the model of each stored lead vector. Before grouping, vectors of another model (the
settings changed, or a store older than that record) are made again from the stored articles with this run's
encoder (`reencode_stored`), since new articles must meet stories on one model's cosine scale.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from newsweave.app.pipeline import analyze_articles, progress
from newsweave.lang import Resources, for_language
from newsweave.models import Article, ArticleFeatures, Skipped, Story, VectorEncoder
from newsweave.nlp.annotate import annotate_articles
from newsweave.nlp.budget import admit
from newsweave.nlp.models import Models, vector_encoder
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
    reencoded: int = 0
    """Stored articles whose lead vector this run made again with its encoder (`reencode_stored`)."""


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
    encoder = vector_encoder(settings.parse)
    reencoded = reencode_stored(store, models, encoder, quiet, settings, res) if new else 0
    index, seen = None, -1
    added: list[Article] = []
    touched: dict[str, None] = {}
    for batch in _batches(new, settings.store.batch_articles):
        features = _features(batch, models, quiet, settings, res)
        with store.grouping() as grouping:
            if index is None or grouping.last_seq() != seen:  # first batch, or another run grouped meanwhile
                index = StoryIndex.restore(grouping.story_features(encoder), settings.stories)
            stored = grouping.known_hashes([article.content_hash for article in batch])
            batch = [article for article in batch if article.content_hash not in stored]
            ids = {article.id for article in batch}
            fresh = arrival_order(f for f in features if f.id in ids)
            changed = list(dict.fromkeys(index.add(item) for item in fresh))
            grouped = [article.model_copy(update={"story": index.story_of[article.id]}) for article in batch]
            grouping.save(grouped, fresh, [index.story(story) for story in changed], encoder)
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
        reencoded=reencoded,
    )


def reencode_stored(
    store: Store, models: Models, encoder: VectorEncoder, quiet: bool, settings: Settings, res: Resources
) -> int:
    """Make again, with `encoder` (the model of `models.embedder`), the stored lead vectors another model made
    (or one the store did not record), a batch of articles per transaction; returns how many. Honest rather than refused: a lead vector
    is a function of the article's cleaned text, which the store keeps whole, so parsing it again gives the lead
    sentences the article was grouped by and the vector a fresh `ingest` of it would store now. The grouping of
    stored articles is kept (ingest never regroups the past); what new articles meet is the stories' centroids
    of this model. Costs a parse of each such article once; a store of this run's model pays one indexed query."""
    stale = store.stale_vectors(encoder)
    for ids in _batches(stale, settings.store.batch_articles):
        store.save_vectors(_features(store.articles(ids), models, quiet, settings, res), encoder)
    return len(stale)


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
