"""Grouping articles into stories: one story per real-world event, online and incremental.

Articles are taken one at a time in a fixed order (day, then id); each joins the best existing story or
opens a new one. A story is its members' summed lead embedding (the centroid), the entity keys its
members mention, and its span of days. An article joins a story when
    cosine(article, centroid) + ENTITY_WEIGHT * shared-entity share >= threshold,
it shares at least some distinctive entity with the story, and its day lies within `max_gap_days` of the
story's span. Topic similarity alone is never enough: two earthquakes read alike to the embedding, but not
in their places, people and days. A near copy (MinHash LSH) joins the story of the article it copies.

Candidate stories come from an inverted index over the article's rarest shared entity keys, capped per key
to the most recent stories, so each article costs a bounded amount of work and a run over N articles
grows linearly in N. Because the process is deterministic in the order of arrival, adding a day's
articles to a stored index gives the same stories as clustering everything at once, and the Spark job,
which computes the features on executors, reaches the same stories with this same code on the driver.

Thresholds were calibrated on eval/stories/ (bench/stories.py prints the grid and the scores).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from newsweave.models import AnalyzedArticle, DateValue, Story
from newsweave.nlp.embed import SentenceVectors
from newsweave.story.dedup import NearDuplicateIndex
from newsweave.story.features import ArticleFeatures, features_from_vectors


@dataclass(frozen=True)
class ClusterParams:
    threshold: float = 0.65
    """Joining score (cosine + weighted entity share) an article needs; calibrated on eval/stories/."""
    entity_weight: float = 1.0
    min_entity_share: float = 0.1
    """IDF-weighted share of the article's entity keys the story must already contain."""
    max_gap_days: int = 10
    """Days an article may lie outside a story's span and still join it (follow-ups, late reports)."""
    candidate_keys: int = 12
    """Rarest shared entity keys of an article used to look up candidate stories."""
    stories_per_key: int = 64
    """Most recent stories looked up per key, bounding the work per article."""


DEFAULT_PARAMS = ClusterParams()


@dataclass
class StoryState:
    id: str
    members: list[ArticleFeatures] = field(default_factory=list)
    centroid_sum: np.ndarray | None = None
    keys: set[str] = field(default_factory=set)
    first_day: str | None = None
    last_day: str | None = None

    def add(self, features: ArticleFeatures) -> list[str]:
        """Add a member; returns the entity keys new to this story (for the inverted index)."""
        self.members.append(features)
        self.centroid_sum = features.vector.copy() if self.centroid_sum is None else self.centroid_sum + features.vector
        new_keys = [key for key in features.keys if key not in self.keys]
        self.keys.update(new_keys)
        if features.day:
            self.first_day = min(filter(None, [self.first_day, features.day]))
            self.last_day = max(filter(None, [self.last_day, features.day]))
        return new_keys

    def centroid(self) -> np.ndarray:
        assert self.centroid_sum is not None
        return self.centroid_sum / (float(np.linalg.norm(self.centroid_sum)) or 1.0)

    def day_gap(self, day: str | None) -> int:
        if not day or not self.first_day or not self.last_day:
            return 0
        return max(0, _days(self.first_day, day), _days(day, self.last_day))

    def to_story(self) -> Story:
        centroid = self.centroid()
        central = max(self.members, key=lambda f: float(f.vector @ centroid))
        return Story(
            id=self.id,
            title=central.title or "untitled story",
            articles=[f.id for f in self.members],
            span=_span(self.first_day, self.last_day),
        )


class StoryIndex:
    """The online clusterer's state; `add` assigns one article, `stories` reads the result."""

    def __init__(self, params: ClusterParams = DEFAULT_PARAMS) -> None:
        self.params = params
        self.states: dict[str, StoryState] = {}
        self.story_of: dict[str, str] = {}
        self.document_frequency: Counter[str] = Counter()
        self.postings: dict[str, list[str]] = {}
        self.duplicates = NearDuplicateIndex()

    def add(self, features: ArticleFeatures, near_duplicates: list[str] | None = None) -> str:
        """Assign one article; `near_duplicates` (earlier copies, best first) comes from the index itself
        unless a caller found them elsewhere (the Spark job's distributed LSH)."""
        if features.id in self.story_of:
            return self.story_of[features.id]
        found = self.duplicates.add(features.id, features.minhash)
        copies = [key for key, _ in found] if near_duplicates is None else near_duplicates
        self.document_frequency.update(features.keys)
        target = next((self.story_of[c] for c in copies if c in self.story_of), None)
        target = target or self._best_story(features) or story_id(features.id)
        self._place(features, target)
        return target

    @classmethod
    def restore(cls, stored: list[tuple[ArticleFeatures, str]], params: ClusterParams = DEFAULT_PARAMS) -> StoryIndex:
        """The state left by earlier runs, rebuilt from stored features and assignments without clustering
        anything again: the next articles then meet exactly the stories a single long run would have."""
        index = cls(params)
        for features, story in stored:
            index.duplicates.add(features.id, features.minhash)
            index.document_frequency.update(features.keys)
            index._place(features, story)
        return index

    def _place(self, features: ArticleFeatures, target: str) -> None:
        state = self.states.setdefault(target, StoryState(id=target))
        for key in state.add(features):
            self.postings.setdefault(key, []).append(target)
        self.story_of[features.id] = target

    def add_all(self, items: Iterable[ArticleFeatures]) -> None:
        for features in arrival_order(items):
            self.add(features)

    def stories(self) -> list[Story]:
        """Largest first, then by first day, so the main story of a run leads."""
        states = sorted(self.states.values(), key=lambda s: (-len(s.members), s.first_day or "", s.id))
        return [state.to_story() for state in states]

    def score(self, features: ArticleFeatures, state: StoryState) -> tuple[float, float]:
        """(joining score, entity share) of an article against a story."""
        weights = {key: self._idf(key) for key in features.keys}
        total = sum(weights.values())
        share = sum(w for key, w in weights.items() if key in state.keys) / total if total else 0.0
        cosine = float(features.vector @ state.centroid())
        return cosine + self.params.entity_weight * share, share

    def _best_story(self, features: ArticleFeatures) -> str | None:
        best, best_score = None, self.params.threshold
        for candidate in self._candidates(features):
            state = self.states[candidate]
            if state.day_gap(features.day) > self.params.max_gap_days:
                continue
            score, share = self.score(features, state)
            if share >= self.params.min_entity_share and score >= best_score:
                best, best_score = candidate, score
        return best

    def _candidates(self, features: ArticleFeatures) -> list[str]:
        shared = [key for key in features.keys if key in self.postings]
        rarest = sorted(shared, key=lambda key: (self.document_frequency[key], key))[: self.params.candidate_keys]
        found: dict[str, None] = {}
        for key in rarest:
            found.update(dict.fromkeys(self.postings[key][-self.params.stories_per_key :]))
        return sorted(found)

    def _idf(self, key: str) -> float:
        """Rare keys (a town, a person) say more about the event than common ones (a country)."""
        seen = len(self.story_of) + 1
        return math.log(1.0 + seen / max(1, self.document_frequency[key]))


def story_id(first_article: str) -> str:
    """Stable across runs and unique in a dossier: an article opens at most one story."""
    return "s" + hashlib.sha256(first_article.encode()).hexdigest()[:10]


def arrival_order(items: Iterable[ArticleFeatures]) -> list[ArticleFeatures]:
    """Dated articles by day, then undated ones; ties by id, so any input order gives the same stories."""
    return sorted(items, key=lambda f: (f.day is None, f.day or "", f.id))


def cluster_features(items: Iterable[ArticleFeatures], params: ClusterParams = DEFAULT_PARAMS) -> list[Story]:
    index = StoryIndex(params)
    index.add_all(items)
    return index.stories()


def cluster_stories(analyzed: list[AnalyzedArticle], vectors: SentenceVectors) -> list[Story]:
    return cluster_features(features_from_vectors(analyzed, vectors))


def _days(earlier: str, later: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days


def _span(first: str | None, last: str | None) -> DateValue:
    if first is None or last is None:
        return None
    return first if first == last else [first, last]
