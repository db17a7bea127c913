"""Running the time stages of `link_story` on made-up articles, as the pipeline does: expressions found once,
windows inferred for undated articles, expressions resolved against the dates then known."""

from __future__ import annotations

from newsweave.link.timewindow import date_undated_articles
from newsweave.models import AnalyzedArticle
from newsweave.nlp.timex import ArticleTimes, locate_article, resolve_article
from newsweave.settings import TimeSettings

CFG = TimeSettings()


def dated(items: list[AnalyzedArticle]) -> list[AnalyzedArticle]:
    """The articles with publication windows inferred for the undated ones."""
    located = {item.article.id: locate_article(item, CFG) for item in items}
    return date_undated_articles(items, located, CFG)


def story_times(items: list[AnalyzedArticle]) -> tuple[list[AnalyzedArticle], dict[str, ArticleTimes]]:
    located = {item.article.id: locate_article(item, CFG) for item in items}
    items = date_undated_articles(items, located, CFG)
    return items, {item.article.id: resolve_article(item.article, located[item.article.id]) for item in items}
