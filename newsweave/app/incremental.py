"""Adding articles to the stored stories: the daily-run path behind `newsweave ingest`.

Only articles new to the store are parsed and embedded, in chunks so memory stays flat on large crawls;
stories of earlier runs are restored from the store's clustering features, never recomputed. Then the stories
that gained articles are linked again, whole, so a browsed store shows their briefs, claims and conflicts;
linking never changes the grouping, so daily runs still group exactly as one run over all the articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsweave.app.pipeline import analyze_articles, progress
from newsweave.lang import Resources, for_language
from newsweave.models import Article, ArticleFeatures, Dossier, Skipped, Story
from newsweave.nlp.annotate import annotate_articles
from newsweave.nlp.budget import admit
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
    linked: Dossier | None = None
    """Their linked dossier, unless linking was skipped."""
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
    cfg = settings.stories
    res = res or for_language("en")
    known = store.known_hashes([article.content_hash for article in articles])
    new, over_budget = admit(
        (article for article in articles if article.content_hash not in known), models.nlp, settings.parse
    )
    features: list[ArticleFeatures] = []
    for start in range(0, len(new), CHUNK_ARTICLES):
        chunk = new[start : start + CHUNK_ARTICLES]
        parsed = annotate_articles(chunk, models.nlp, res, settings.parse)
        analyzed = list(progress(parsed, len(chunk), "parsing", quiet))
        features += compute_features(analyzed, models.embedder, res, cfg)
    index = StoryIndex.restore(store.story_features(), cfg)
    ordered = arrival_order(features)
    touched = list(dict.fromkeys(index.add(item) for item in ordered))
    added = [article.model_copy(update={"story": index.story_of[article.id]}) for article in new]
    stories = [index.story(story) for story in touched]
    store.save_clustered(added, ordered, stories)
    linked = None
    if link and stories:
        members = store.articles([article_id for story in stories for article_id in story.articles])
        linked = analyze_articles(members, models, quiet=quiet, stories=stories, settings=settings, res=res)
        store.save_story_dossier(linked)
    return IngestResult(
        added=added,
        already_stored=len(articles) - len(new) - len(over_budget),
        stories=stories,
        linked=linked,
        skipped=over_budget,
    )
