"""Grouping articles into stories: one story per real-world event, online and incremental.

Articles are taken one at a time in a fixed order (day, then id); each joins the best existing story or
opens a new one. A story is its members' summed lead embedding (the centroid), the entity keys its
members mention, and its span of days. An article joins a story when
    cosine(article, centroid) + entity_weight * entity share >= threshold,
where the entity share is the IDF-weighted part of the article's entity keys that the story's members
mention (each key counted by the fraction of members mentioning it); the share must reach
`min_entity_share`, and the article's day must lie within `max_gap_days` of the story's span (a follow-up
up to `follow_up_gap_days` out needs the higher `follow_up_threshold`; a batch run sets no such horizon). Topic
similarity alone is never enough: two earthquakes read alike to the embedding, but not in their places,
people and days. A near copy (MinHash LSH) joins the story of the article it copies.

Candidate stories come from an inverted index over the article's entity keys, rarest first, up to a fixed
number of stories, so each article costs a bounded amount of work and a run over N articles grows linearly
in N. Because the process is deterministic in the order of arrival, adding a day's articles (newer than
those stored) to a stored index gives the same stories as clustering everything at once; a late article
dated in the past simply meets the stories as they are now. The Spark job, which computes the features on
executors, reaches the same stories with this same code on the driver.

Between runs (`restore`, `retire_stale`), a story that has gained no article while the newest day moved
`retire_after_days` past it is retired: nothing newer can join it (it lies beyond the follow-up gap), so it
leaves the candidate postings and the near-duplicate index and only its final `Story` is kept. The live state,
and so the work and memory per article, stays bounded by the daily volume times that window however many daily
runs the store has seen. A stored article whose story was retired before it (an undated one of a long run)
rejoins the retired story without reviving it.

A batch run (the pipeline, the bench) gives the index its articles' content terms, and every story is split by
them when it is finished (`split_state`): the online pass decides each article against the stories as they
stand when it arrives, so two same-kind events whose first reports meet end up in one story; their members'
nearest neighbours still lie within their own event. Runs of `newsweave ingest` keep the online stories: stored
stories are never regrouped.

The parameters are `StorySettings` (newsweave/settings.py), with how each was calibrated.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat

import numpy as np

from newsweave.dates import DateRange, DateValue
from newsweave.groups import connected_groups
from newsweave.lang import Resources
from newsweave.models import AnalyzedArticle, ArticleFeatures, Story
from newsweave.nlp.embed import SentenceVectors
from newsweave.settings import StorySettings
from newsweave.story.dedup import NearDuplicateIndex
from newsweave.story.features import ENTITY_MARK, content_terms, features_from_vectors

TIE_DECIMALS = 5
"""Similarities equal to this many decimals are ties, resolved to the earliest article: the title must not
depend on float noise between machines (the two members of a pair are always equally central)."""


@dataclass(slots=True)
class StoryState:
    id: str
    members: list[ArticleFeatures] = field(default_factory=list)
    centroid_sum: np.ndarray | None = None
    centroid: np.ndarray | None = None
    """Unit-length mean of the members' vectors, kept up to date on every `add`."""
    first_day: int | None = None
    last_day: int | None = None
    """Proleptic ordinals of the first and last known member days."""
    last_seen: int | None = None
    """The index's newest day when the latest member joined: the story retires `retire_after_days` later."""
    row: int = -1
    """The live story's row in the index's packed arrays (-1 outside an index)."""

    def add(self, features: ArticleFeatures, newest_day: int | None = None) -> None:
        self.members.append(features)
        self.last_seen = newest_day if newest_day is not None else self.last_seen
        self.centroid_sum = features.vector.copy() if self.centroid_sum is None else self.centroid_sum + features.vector
        self.centroid = self.centroid_sum / (float(np.linalg.norm(self.centroid_sum)) or 1.0)
        day = _ordinal(features.day)
        if day is not None:
            self.first_day = day if self.first_day is None else min(self.first_day, day)
            self.last_day = day if self.last_day is None else max(self.last_day, day)

    def to_story(self) -> Story:
        assert self.centroid is not None
        centroid = self.centroid
        central = max(self.members, key=lambda f: round(float(f.vector @ centroid), TIE_DECIMALS))
        return Story(
            id=self.id,
            title=central.title or "untitled story",
            articles=[f.id for f in self.members],
            span=_span(self.first_day, self.last_day),
        )


StoryOrder = tuple[int, bool, int, str]


class StoryIndex:
    """The online clusterer's state; `add` assigns one article, `stories` reads the result. Given the batch's
    content terms, each story is split by them when it is finished."""

    def __init__(self, cfg: StorySettings, terms: Mapping[str, Counter[str]] | None = None) -> None:
        self.cfg = cfg
        self.states: dict[str, StoryState] = {}
        """The live stories, those an article may still join."""
        self.retired: dict[str, tuple[StoryOrder, Story]] = {}
        self.story_of: dict[str, str] = {}
        self.document_frequency: dict[str, int] = {}
        """Articles mentioning each key, over every article the index has seen (`_count_keys`)."""
        self.postings: dict[str, dict[int, int]] = {}
        """Live stories (rows) by entity key, in the order they first mentioned it, each with how many of its
        members mention the key. Rows rather than story ids: scoring a candidate then reads the packed arrays
        below directly, with no lookup per candidate in a table as large as the live state."""
        self.row_story: list[str] = []
        """The story of each row of the packed arrays, which hold what scoring a candidate reads."""
        self._free_rows: list[int] = []
        self._centroids = np.zeros((0, 0), dtype=np.float32)
        self._spans = np.zeros((0, 2), dtype=np.int64)
        """First and last member day (ordinals; `NO_DAY` when no member is dated)."""
        self._sizes = np.zeros(0, dtype=np.int64)
        self.duplicates = NearDuplicateIndex()
        self.newest_day: int | None = None
        self._expiry: dict[int, list[str]] = {}
        """Stories by the day their latest member joined (`last_seen`); an entry a later member made stale is
        skipped when its day retires. Buckets by day rather than a heap: retiring costs the same however many
        stories are live."""
        self.split_weights = tf_idf(terms) if terms is not None and cfg.split_neighbours > 0 else None
        self.horizon = None if terms is not None else cfg.follow_up_gap_days
        """Days beyond a story's span past which nothing joins it. Incremental runs need it (a story must
        retire to keep the live state bounded); a batch holds all its stories anyway, so there a follow-up at
        any distance (a trial two years after a shooting) joins on the strong evidence of
        `follow_up_threshold`: given real publication dates, clustering must not split what the text alone
        keeps together (ECB+ dev with metadata: B-cubed F1 0.868 with the horizon, 0.904 without)."""

    def add(self, features: ArticleFeatures, near_duplicates: list[str] | None = None) -> str:
        """Assign one article; `near_duplicates` (earlier copies, best first) comes from the index itself
        unless a caller found them elsewhere (the Spark job's distributed LSH)."""
        if features.id in self.story_of:
            return self.story_of[features.id]
        self._advance(_ordinal(features.day))
        if near_duplicates is None:
            near_duplicates = [key for key, _ in self.duplicates.add(features.id, features.minhash)]
        self._count_keys(features.keys)
        target = next((self.story_of[c] for c in near_duplicates if c in self.story_of), None)
        target = target or self._best_story(features) or story_id(features.id)
        self._place(features, target)
        return target

    @classmethod
    def restore(
        cls, stored: list[tuple[ArticleFeatures, str]], cfg: StorySettings,
        terms: Mapping[str, Counter[str]] | None = None,
    ) -> StoryIndex:
        """The state left by earlier runs, rebuilt from stored features and assignments (in their arrival order,
        with the settings that made them) without clustering anything again: the next articles then meet
        exactly the stories a single long run would have."""
        index = cls(cfg, terms)
        for features, story in stored:
            day = _ordinal(features.day)
            if day is not None and (index.newest_day is None or day > index.newest_day):
                index._advance(day)
                index.retire_stale()
            index.duplicates.add(features.id, features.minhash)
            index._count_keys(features.keys)
            index._place(features, story)
        return index

    def _place(self, features: ArticleFeatures, target: str) -> None:
        self.story_of[features.id] = target
        if target in self.retired:
            order, story = self.retired[target]
            self.retired[target] = (order, story.model_copy(update={"articles": [*story.articles, features.id]}))
            self.duplicates.remove(features.id)
            return
        state = self.states.get(target)
        if state is None:
            state = self.states[target] = StoryState(id=target, row=self._new_row(len(features.vector)))
            self.row_story[state.row] = target
        seen = state.last_seen
        state.add(features, self.newest_day)
        for key in features.keys:
            posting = self.postings.setdefault(key, {})
            posting[state.row] = posting.get(state.row, 0) + 1
        self._pack(state)
        if state.last_seen is not None and state.last_seen != seen:
            self._expiry.setdefault(state.last_seen, []).append(target)

    def _pack(self, state: StoryState) -> None:
        """Copy what scoring reads into the story's row. At steady state the live stories far outgrow the CPU's
        caches, and a candidate read through its Python objects (state, centroid array, day objects) cost a chain
        of cache misses; rows are gathered in one call: a third less time per article (bench/storyindex.py)."""
        assert state.centroid is not None
        row = state.row
        self._centroids[row] = state.centroid
        self._spans[row] = (NO_DAY if state.first_day is None else state.first_day,
                            NO_DAY if state.last_day is None else state.last_day)
        self._sizes[row] = len(state.members)

    def _new_row(self, dimensions: int) -> int:
        """A retired story's row, or a new one at the end (doubling the arrays when full)."""
        if self._free_rows:
            return self._free_rows.pop()
        used = len(self.row_story)
        if used == len(self._sizes):
            more = max(1024, used)
            self._centroids = np.concatenate([self._centroids.reshape(used, dimensions),
                                              np.zeros((more, dimensions), dtype=np.float32)])
            self._spans = np.concatenate([self._spans, np.zeros((more, 2), dtype=np.int64)])
            self._sizes = np.concatenate([self._sizes, np.zeros(more, dtype=np.int64)])
        self.row_story.append("")
        return used

    def _advance(self, day: int | None) -> None:
        if day is not None and (self.newest_day is None or day > self.newest_day):
            self.newest_day = day

    def retire_stale(self) -> None:
        """Retire the stories the newest day has left `retire_after_days` behind. Called between runs (a
        restore retires as it replays), never inside one: a run's undated articles come last and must still meet
        every story of the run (a wire copy without a date finds its original months back)."""
        if self.newest_day is None:
            return
        for seen in sorted(day for day in self._expiry if day < self.newest_day - self.cfg.retire_after_days):
            for story in self._expiry.pop(seen):
                state = self.states.get(story)
                if state is not None and state.last_seen == seen:
                    self._retire(state)

    def _retire(self, state: StoryState) -> None:
        del self.states[state.id]
        for key in dict.fromkeys(key for member in state.members for key in member.keys):
            posting = self.postings[key]
            del posting[state.row]
            if not posting:
                del self.postings[key]
        self._free_rows.append(state.row)
        for member in state.members:
            self.duplicates.remove(member.id)
        self.retired.update(self._finished(state))

    def _finished(self, state: StoryState) -> dict[str, tuple[StoryOrder, Story]]:
        """The story as it ends, split by its members' terms in a batch run, each part with its rank."""
        parts = [state] if self.split_weights is None else split_state(state, self.split_weights, self.cfg)
        return {part.id: (story_order(part), part.to_story()) for part in parts}

    def story(self, story: str) -> Story:
        """One story as it stands (live or retired), without the batch split."""
        return self.states[story].to_story() if story in self.states else self.retired[story][1]

    def add_all(self, items: Iterable[ArticleFeatures]) -> None:
        for features in arrival_order(items):
            self.add(features)

    def stories(self) -> list[Story]:
        """Largest first, then by first day, so the main story of a run leads."""
        finished = dict(self.retired)
        for state in self.states.values():
            finished.update(self._finished(state))
        return [story for _, story in sorted(finished.values(), key=lambda pair: pair[0])]

    def _best_story(self, features: ArticleFeatures) -> str | None:
        candidates = self._candidates(features)
        if not candidates:
            return None
        rows = np.array(candidates)
        gaps = _day_gaps(self._spans[rows], _ordinal(features.day))
        near = gaps <= (np.inf if self.horizon is None else self.horizon)
        if not near.any():
            return None
        rows, gaps = rows[near], gaps[near]
        shares = self._entity_shares(features, rows.tolist(), self._sizes[rows])
        scores = self._centroids[rows] @ features.vector + self.cfg.entity_weight * shares
        scores[shares < self.cfg.min_entity_share] = -np.inf
        late = gaps > self.cfg.max_gap_days
        scores[late & (scores < self.cfg.follow_up_threshold)] = -np.inf
        best = scores.max()
        if not best >= self.cfg.threshold:  # NaN included
            return None
        return min(self.row_story[rows[i]] for i in np.flatnonzero(scores == best))  # a tie goes to the earliest id

    def _entity_shares(self, features: ArticleFeatures, rows: list[int], sizes: np.ndarray) -> np.ndarray:
        """IDF-weighted share of the article's keys found in each candidate row, each key counted by the fraction
        of the story's members that mention it: an event's own names recur in its articles, passing mentions do
        not."""
        weights = {key: self._idf(key) for key in features.keys}
        total = sum(weights.values())
        found = np.zeros(len(rows))
        if not total:
            return found
        position: dict[int, int] = {}
        for key, weight in weights.items():
            posting = self.postings.get(key, {})
            if len(posting) < len(rows):  # a rare key: its few stories, not a lookup per candidate
                position = position or {row: i for i, row in enumerate(rows)}
                counts = np.zeros(len(rows))
                for row, count in posting.items():
                    if row in position:
                        counts[position[row]] = count
            else:
                counts = np.fromiter(map(posting.get, rows, repeat(0)), dtype=np.float64, count=len(rows))
            found += weight * counts
        return found / (total * sizes)

    def _candidates(self, features: ArticleFeatures) -> list[int]:
        """Rows of the stories sharing the article's rarest keys, the most recent first per key."""
        shared = sorted((key for key in features.keys if key in self.postings),
                        key=lambda key: (self.document_frequency.get(key, 0), key))
        found: dict[int, None] = {}
        for key in shared:
            for row in reversed(self.postings[key].keys()):
                found[row] = None
                if len(found) == self.cfg.max_candidates:
                    return list(found)
        return list(found)

    def _idf(self, key: str) -> float:
        """Rare keys (a town, a person) say more about the event than common ones (a country)."""
        seen = len(self.story_of) + 1
        return math.log(1.0 + seen / max(1, self.document_frequency.get(key, 0)))

    def _count_keys(self, keys: Iterable[str]) -> None:
        """A plain dict rather than a Counter: it holds every key ever seen (about a million at a million
        articles), and Python's garbage collector skips a plain dict of strings and numbers but walks every entry
        of a Counter at each full collection, a cost growing with the index's whole history."""
        frequency = self.document_frequency
        for key in keys:
            frequency[key] = frequency.get(key, 0) + 1


def story_id(first_article: str) -> str:
    """Stable across runs and unique in a dossier: an article opens at most one story."""
    return "s" + hashlib.sha256(first_article.encode()).hexdigest()[:10]


def arrival_order(items: Iterable[ArticleFeatures]) -> list[ArticleFeatures]:
    return sorted(items, key=lambda f: arrival_key(f.day, f.id))


def arrival_key(day: str | None, article_id: str) -> tuple[bool, str, str]:
    """Dated articles by day, then undated ones; ties by id, so any input order gives the same stories."""
    return (day is None, day or "", article_id)


def story_order(state: StoryState) -> StoryOrder:
    return (-len(state.members), state.first_day is None, state.first_day or 0, state.id)


def cluster_features(
    items: Iterable[ArticleFeatures], cfg: StorySettings, terms: Mapping[str, Counter[str]] | None = None
) -> list[Story]:
    """Online clustering; given the articles' content terms (a batch run), then the split of every story."""
    index = StoryIndex(cfg, terms)
    index.add_all(items)
    return index.stories()


def cluster_stories(
    analyzed: list[AnalyzedArticle], vectors: SentenceVectors, res: Resources, cfg: StorySettings
) -> list[Story]:
    """The stories of a batch; each article's story is read from `Story.articles` (articles are not changed)."""
    terms = {item.article.id: content_terms(item, res) for item in analyzed}
    return cluster_features(features_from_vectors(analyzed, vectors, res, cfg), cfg, terms)


def split_state(state: StoryState, weights: Mapping[str, dict[str, float]], cfg: StorySettings) -> list[StoryState]:
    """Batch refinement of an online story: each member is linked to its `split_neighbours` most similar
    fellow members (TF-IDF cosine of their content terms, the IDF over the whole batch) nearly as similar as
    the nearest (`split_link_ratio`), and the story splits into the connected parts of that graph.

    The online pass decides each article against stories as they stand when it arrives, so the first report
    of a second same-kind event (another quake on the same island, another offer to the same player) joins
    the first event's story, and the second event's later reports follow it. Within such a story every report
    still has its nearest neighbours among reports of its own event (their rare words: a ship's name, a
    count, a year), and the two events meet only through a stray link. Runs of `newsweave ingest` keep the
    online stories only (stored stories are never regrouped).

    Each part is then split again by names that never meet (`exclusive_name_parts`): when two events share so
    much of their wording that the graph links them, their people and places still keep apart."""
    pieces: list[StoryState] = []
    parts = [
        piece
        for part in neighbour_parts(state.members, weights, cfg.split_neighbours, cfg.split_link_ratio)
        for piece in exclusive_name_parts(part, weights, cfg.split_chance_pairs)
    ]
    for number, part in enumerate(parts):
        piece = StoryState(id=state.id if number == 0 else story_id(part[0].id), last_seen=state.last_seen)
        for features in part:
            piece.add(features)
        pieces.append(piece)
    return pieces


def tf_idf(terms: Mapping[str, Counter[str]]) -> dict[str, dict[str, float]]:
    """Unit-length sublinear TF-IDF weights of each article's terms, document frequencies over all of them."""
    frequency: Counter[str] = Counter()
    for counts in terms.values():
        frequency.update(counts.keys())
    result = {}
    for article, counts in terms.items():
        weights = {t: (1 + math.log(n)) * math.log(1 + len(terms) / frequency[t]) for t, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        result[article] = {t: w / norm for t, w in weights.items()}
    return result


def neighbour_parts(
    members: list[ArticleFeatures], weights: Mapping[str, dict[str, float]], neighbours: int, ratio: float
) -> list[list[ArticleFeatures]]:
    """Connected parts of the members' nearest-neighbour graph, each in arrival order, the part holding the
    first member first (it keeps the story's id). A member links to its `neighbours` nearest fellow members
    that are at least `ratio` times as similar as its nearest one: an event told by three reports still has
    only two fellow reports, and its third neighbour, from the other event, is much further. Members without
    terms stay with the first member."""
    known = [i for i, f in enumerate(members) if weights.get(f.id)]
    links = [(0, i) for i, f in enumerate(members) if not weights.get(f.id)]
    if len(known) > 1:
        _, matrix = term_matrix([members[i] for i in known], weights)
        similarity = np.round(matrix @ matrix.T, TIE_DECIMALS)
        np.fill_diagonal(similarity, -np.inf)
        nearest = np.argsort(-similarity, axis=1, kind="stable")[:, : min(neighbours, len(known) - 1)]
        links += [
            (i, known[int(column)])
            for row, i in enumerate(known)
            for column in nearest[row]
            if similarity[row, column] >= ratio * similarity[row, nearest[row, 0]]
        ]
    return [[members[i] for i in group] for group in connected_groups(len(members), links)]


def term_matrix(members: list[ArticleFeatures], weights: Mapping[str, dict[str, float]]) -> tuple[list[str], np.ndarray]:
    """The members' terms (in order of first use) and their weights, a row per member (zero for a member
    without terms)."""
    vocabulary: dict[str, int] = {}
    for features in members:
        for term in weights.get(features.id, {}):
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(members), len(vocabulary)))
    for row, features in enumerate(members):
        for term, weight in weights.get(features.id, {}).items():
            matrix[row, vocabulary[term]] = weight
    return list(vocabulary), matrix


def exclusive_name_parts(
    members: list[ArticleFeatures], weights: Mapping[str, dict[str, float]], chance_pairs: float
) -> list[list[ArticleFeatures]]:
    """A story split in two by the pair of names its members never mention together, when chance explains
    that pair less than `chance_pairs` times; then each half again.

    Reports of one event keep meeting the same people and places; two same-kind events told with the same
    words (the same team's two coaches fired three years apart, two rule changes of one agency) still name
    different ones, each in its own reports and never both in one. If a story's names fell on its members at
    random, two names held by s1 and s2 of n members would never meet with probability C(n-s1, s2) / C(n, s2);
    times the number of pairs tested, that is how many pairs this exclusive chance alone would give. Two forms
    of one name (sharing a word: "Ruiz", "Ana Ruiz") are not tested, and a name only one member mentions says
    nothing. The members naming neither go to the half whose members their terms are closer to on average."""
    terms, matrix = term_matrix(members, weights)
    columns = [j for j, term in enumerate(terms) if term.startswith(ENTITY_MARK)]
    held = matrix[:, columns] > 0
    common = held.sum(axis=0) >= 2
    held, names = held[:, common], [terms[j] for j, keep in zip(columns, common, strict=True) if keep]
    if len(names) < 2:
        return [members]
    words = sorted({word for name in names for word in name[len(ENTITY_MARK) :].split()})
    index = {word: k for k, word in enumerate(words)}
    spelled = np.zeros((len(names), len(words)), dtype=int)
    for row, name in enumerate(names):
        spelled[row, [index[word] for word in name[len(ENTITY_MARK) :].split()]] = 1
    tested = np.triu((spelled @ spelled.T) == 0, k=1)
    if not tested.any():
        return [members]
    count, sizes = held.astype(int), held.sum(axis=0)
    log_factorial = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, len(members) + 1)))])
    n, first, second = len(members), sizes[:, None], sizes[None, :]
    apart = np.clip(n - first - second, 0, None)
    log_chance = log_factorial[n - first] - log_factorial[apart] - log_factorial[n] + log_factorial[n - second]
    log_chance = np.where(tested & ((count.T @ count) == 0), log_chance, np.inf)
    best = np.unravel_index(int(np.argmin(log_chance)), log_chance.shape)
    if log_chance[best] + math.log(int(tested.sum())) >= math.log(chance_pairs):
        return [members]
    sides = held[:, best[0]], held[:, best[1]]
    similarity = matrix @ matrix.T
    closer = similarity[:, sides[1]].mean(axis=1) > similarity[:, sides[0]].mean(axis=1)
    second_half = sides[1] | (~sides[0] & closer)
    halves = [[f for f, other in zip(members, second_half, strict=True) if other == side] for side in (False, True)]
    if second_half[0]:
        halves.reverse()
    return [piece for half in halves for piece in exclusive_name_parts(half, weights, chance_pairs)]


NO_DAY = -1
"""The packed span of a story none of whose members is dated."""


def _day_gaps(spans: np.ndarray, day: int | None) -> np.ndarray:
    """Days between `day` and each (first, last) span; 0 when either is unknown."""
    if day is None:
        return np.zeros(len(spans), dtype=np.int64)
    first, last = spans[:, 0], spans[:, 1]
    return np.where(first == NO_DAY, 0, np.maximum(0, np.maximum(first - day, day - last)))


def _ordinal(day: str | None) -> int | None:
    return date.fromisoformat(day).toordinal() if day else None


def _span(first: int | None, last: int | None) -> DateValue:
    if first is None or last is None:
        return None
    return DateRange.between(date.fromordinal(first), date.fromordinal(last)).value(as_range=first != last)
