"""Adding articles to the stored stories: the daily-run path behind `newsweave ingest`.

Only articles new to the store are parsed and embedded, in chunks so memory stays flat on large crawls;
stories of earlier runs are restored from the store's clustering features, never recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.app.pipeline import progress
from newsweave.lang import Resources, for_language
from newsweave.models import Article, ArticleFeatures, Story
from newsweave.nlp.annotate import annotate_articles
from newsweave.nlp.models import Models
from newsweave.settings import Settings
from newsweave.store import Store
from newsweave.story.clustering import StoryIndex, arrival_order
from newsweave.story.features import compute_features

CHUNK_ARTICLES = 256
"""Articles parsed at a time: enough for spaCy and the embedder to batch, few enough to drop the parses."""


@dataclass
class IngestResult:
    added: list[Article]
    already_stored: int
    stories: list[Story]
    """The stories that gained articles in this run."""


def ingest_articles(
    articles: list[Article],
    models: Models,
    store: Store,
    quiet: bool = True,
    settings: Settings | None = None,
    res: Resources | None = None,
) -> IngestResult:
    """Settings and resources default to the built-in ones and English."""
    cfg = (settings or Settings()).stories
    res = res or for_language("en")
    known = store.known_hashes([article.content_hash for article in articles])
    new = [article for article in articles if article.content_hash not in known]
    features: list[ArticleFeatures] = []
    for start in range(0, len(new), CHUNK_ARTICLES):
        chunk = new[start : start + CHUNK_ARTICLES]
        analyzed = list(progress(annotate_articles(chunk, models.nlp, res), len(chunk), "parsing", quiet))
        features += compute_features(analyzed, models.embedder, res, cfg)
    index = StoryIndex.restore(store.story_features(), cfg)
    ordered = arrival_order(features)
    touched = list(dict.fromkeys(index.add(item) for item in ordered))
    added = [article.model_copy(update={"story": index.story_of[article.id]}) for article in new]
    stories = [index.states[story].to_story() for story in touched]
    store.save_clustered(added, ordered, stories)
    return IngestResult(added=added, already_stored=len(articles) - len(new), stories=stories)
