"""The one judge of "these two texts state the same thing", for sentences, clauses, quotes and timeline events.

Why one judge: when statements, claims, quotes and the timeline each kept their own threshold, changing how
claims match left the brief, coverage and timeline judging sameness differently. Here it is decided once,
with one calibrated configuration (`SamenessSettings`, calibrated by `bench/calibrate_support.py` on
`eval/calibration/`).

How: the cosine of all-MiniLM-L6-v2 embeddings is blended with the overlap of content words, because on
same-topic news the embedding alone rates a different fact of the same story almost as high as a paraphrase,
and shared content words separate them better. On top, structure can veto: two texts that both carry
figures but share none ("2,012 dead" / "2,497 dead"), both carry dates of which none overlap, or both name
entities of which none is shared, report different things however close their wording.

API (callers own their texts and vectors; nothing here loads a model):

    from newsweave.link.sameness import compare, traits_for, same_statement
    traits = traits_for(texts, res, cfg)                  # res: Resources, cfg: SamenessSettings
    traits = traits_for(texts, res, cfg, dates=[...], entities=[...])   # optional, one entry per text:
        # dates: DateRange values the text states (from the time grammar); entities: entity ids the text
        # names (from `link/entities` resolution) -- keys only compared for equality
    judged = compare(vectors, traits, cfg)                # every text against every other (square)
    judged = compare(vectors, traits, cfg, other_vectors, other_traits)   # rows against columns
    judged.same[i, j]        # bool: score >= cfg.threshold and compatible
    judged.score[i, j]       # blended score; exact wherever it could reach the threshold, elsewhere the
                             # embedding part alone (a lower bound that cannot reach it)
    judged.cosine[i, j]      # embedding cosine
    judged.compatible[i, j]  # False when figures, dates or entities disagree
    same_statement(vector_a, traits_a, vector_b, traits_b, cfg)  # one pair, same rule

For a whole story, where a matrix of every text against every other would grow as the square of the story,
judge only the candidate pairs (`compare_pairs`) and score any other pair on demand (`Scorer`):

    pairs = compare_pairs(vectors, traits, cfg, groups=article_of_each_text)   # -> Pairs, row < column
    pairs.rows[k], pairs.cols[k], pairs.cosine[k], pairs.score[k], pairs.same[k]
    Scorer(vectors, traits, cfg).scores(rows, columns)   # the blended score `compare` would give

Vectors are unit-length rows (`nlp.embed.SentenceVectors.vectors`, or `embed_texts(embedder, texts)`);
pass the ones already computed rather than embedding again. A caller that needs one more guard of its own
(claims comparing units, quotes comparing speakers) applies it on top of `same`, never a threshold of its own.

Cost of `compare`: the cosine matrix is one matrix product; figure, date and entity compatibility are
products of small incidence matrices; word overlap is counted only for pairs whose cosine could reach the
threshold. Fine for a few thousand texts; beyond, `compare_pairs` keeps memory to a block of rows and the
pairs judged to `cfg.neighbours` per text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.dates import DateRange
from newsweave.lang import Resources
from newsweave.settings import SamenessSettings

FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
WORD = re.compile(r"[^\W_]+")
MIN_WORD_LETTERS = 3
"""Shorter tokens (initials, contraction remains, "us") carry no fact of their own."""
BLOCK_ROWS = 256
"""Rows of the cosine matrix `candidate_pairs` holds at once: memory is this many rows of the story's texts."""


@dataclass(frozen=True)
class Traits:
    """What a text states beyond its wording: the parts two statements of one fact must agree on."""

    words: frozenset[str]
    """Content-word stems (stop words removed, cut to `cfg.stem_length` letters)."""
    figures: frozenset[str]
    """Numbers stated, digits or words, in one canonical form ("2,012." -> "2012", "nine" -> "9")."""
    dates: tuple[DateRange, ...] = ()
    entities: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Judged:
    """Pairwise judgements of rows (texts) against columns (texts), see the module docstring."""

    cosine: np.ndarray
    score: np.ndarray
    compatible: np.ndarray
    same: np.ndarray


def traits_for(
    texts: Sequence[str],
    res: Resources,
    cfg: SamenessSettings,
    dates: Sequence[Sequence[DateRange]] | None = None,
    entities: Sequence[Sequence[str]] | None = None,
) -> list[Traits]:
    stop = res.words("syntax.stop_words")
    return [
        Traits(
            words=content_words(text, stop, cfg),
            figures=figures_in(text, res),
            dates=tuple(dates[i]) if dates is not None else (),
            entities=frozenset(entities[i]) if entities is not None else frozenset(),
        )
        for i, text in enumerate(texts)
    ]


def content_words(text: str, stop: frozenset[str], cfg: SamenessSettings) -> frozenset[str]:
    """Lower-cased words minus stop words, compared by their first letters: a crude stem that matches
    "attend"/"attending" in any language written with spaces."""
    return frozenset(
        w[: cfg.stem_length] for w in WORD.findall(text.lower()) if len(w) >= MIN_WORD_LETTERS and w not in stop
    )


def figures_in(text: str, res: Resources) -> frozenset[str]:
    """Figures written in digits ("2,012." -> "2012") or as number words of the language ("nine" -> "9").
    A word for one is no figure (it is as often "no one" or "one of the" as a count), nor is a multiplier
    alone ("hundreds of" says no number)."""
    digits = [float(match.group().replace(",", "").rstrip(".")) for match in FIGURE.finditer(text)]
    values, multipliers = res.table("numbers.values"), res.words("numbers.multipliers")
    spelled = [
        float(values[w]) for w in WORD.findall(text.lower()) if w in values and w not in multipliers and values[w] > 1
    ]
    return frozenset(str(int(v)) if v.is_integer() else repr(v) for v in [*digits, *spelled])


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two word sets."""
    return 2 * len(a & b) / max(1, len(a) + len(b))


def blend(cosine: float, a: Traits, b: Traits, cfg: SamenessSettings) -> float:
    return (1 - cfg.lexical_weight) * cosine + cfg.lexical_weight * overlap(a.words, b.words)


def compatible(a: Traits, b: Traits) -> bool:
    """No disagreement of figures, dates or entities (a side stating none of a kind never disagrees)."""
    return (
        _agree(a.figures, b.figures)
        and _agree(a.entities, b.entities)
        and (not (a.dates and b.dates) or any(x.overlaps(y) for x in a.dates for y in b.dates))
    )


def same_statement(vector_a: np.ndarray, a: Traits, vector_b: np.ndarray, b: Traits, cfg: SamenessSettings) -> bool:
    return compatible(a, b) and blend(float(vector_a @ vector_b), a, b, cfg) >= cfg.threshold


def compare(
    vectors: np.ndarray,
    traits: Sequence[Traits],
    cfg: SamenessSettings,
    other_vectors: np.ndarray | None = None,
    other_traits: Sequence[Traits] | None = None,
) -> Judged:
    if (other_vectors is None) != (other_traits is None):
        raise ValueError("compare: give both other_vectors and other_traits, or neither")
    if len(vectors) != len(traits) or (other_traits is not None and len(other_vectors) != len(other_traits)):
        raise ValueError("compare: one Traits per vector row")
    columns, column_traits = (vectors, traits) if other_vectors is None else (other_vectors, other_traits)
    cosine = (vectors @ columns.T).astype(np.float32) if len(vectors) and len(columns) else (
        np.zeros((len(vectors), len(columns)), dtype=np.float32)
    )
    score = _blended(cosine, traits, column_traits, cfg)
    agree = (
        _sets_agree([t.figures for t in traits], [t.figures for t in column_traits])
        & _sets_agree([t.entities for t in traits], [t.entities for t in column_traits])
        & _dates_agree([t.dates for t in traits], [t.dates for t in column_traits])
    )
    return Judged(cosine=cosine, score=score, compatible=agree, same=agree & (score >= cfg.threshold))


def reachable(cfg: SamenessSettings) -> float:
    """The lowest cosine at which the blended score can reach the threshold (with every content word shared)."""
    return (cfg.threshold - cfg.lexical_weight) / (1 - cfg.lexical_weight)


def _blended(
    cosine: np.ndarray, row_traits: Sequence[Traits], column_traits: Sequence[Traits], cfg: SamenessSettings
) -> np.ndarray:
    """The blended score of a matrix of cosines: word overlap is counted only where it could reach the
    threshold, elsewhere the embedding part alone stands (a lower bound that cannot reach it)."""
    score = (1 - cfg.lexical_weight) * cosine.astype(np.float64)
    for i, j in np.argwhere(cosine >= reachable(cfg)).tolist():
        score[i, j] += cfg.lexical_weight * overlap(row_traits[i].words, column_traits[j].words)
    return score


@dataclass(frozen=True)
class Scorer:
    """The blended score of any pair of a story's texts, computed when asked: grouping needs the scores
    between the members of two groups, which are not all among the candidate pairs."""

    vectors: np.ndarray
    traits: Sequence[Traits]
    cfg: SamenessSettings

    def scores(self, rows: Sequence[int], columns: Sequence[int]) -> np.ndarray:
        """Rows by columns, the same values `compare` gives for these pairs."""
        cosine = self.vectors[list(rows)] @ self.vectors[list(columns)].T
        return _blended(cosine, [self.traits[r] for r in rows], [self.traits[c] for c in columns], self.cfg)


@dataclass(frozen=True)
class Pairs:
    """Judgements of candidate pairs: entry k judges text `rows[k]` against text `cols[k]` (rows < cols)."""

    rows: np.ndarray
    cols: np.ndarray
    cosine: np.ndarray
    score: np.ndarray
    same: np.ndarray


def candidate_pairs(
    vectors: np.ndarray, floor: float, neighbours: int, groups: Sequence[int] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and cosines of the pairs of texts worth judging, each unordered pair once (row < column):
    a cosine of at least `floor`, among the `neighbours` most alike texts of one of the two, and never two
    texts of one group (an article's sentences never confirm each other). Computed `BLOCK_ROWS` rows at a
    time, so memory never holds the square of the story, and each text brings at most `neighbours` pairs
    however big the story grows: a fact told by hundreds of outlets is still found, each wording joined
    to its closest ones."""
    n = len(vectors)
    owner = np.asarray(groups if groups is not None else range(n))
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, n, BLOCK_ROWS):
        rows = np.arange(start, min(n, start + BLOCK_ROWS))
        block = vectors[rows] @ vectors.T
        block[owner[rows][:, None] == owner[None, :]] = -np.inf
        block[np.arange(len(rows)), rows] = -np.inf
        if neighbours < n:
            columns = np.argpartition(-block, neighbours - 1, axis=1)[:, :neighbours]
        else:
            columns = np.broadcast_to(np.arange(n), block.shape)
        cosine = np.take_along_axis(block, columns, axis=1)
        keep = cosine >= floor
        found.append((np.broadcast_to(rows[:, None], columns.shape)[keep], columns[keep], cosine[keep]))
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    rows, columns, cosine = (np.concatenate(part) for part in zip(*found, strict=True))
    low, high = np.minimum(rows, columns), np.maximum(rows, columns)
    _, first = np.unique(low.astype(np.int64) * n + high, return_index=True)
    return low[first], high[first], cosine[first].astype(np.float32)


def compare_pairs(
    vectors: np.ndarray,
    traits: Sequence[Traits],
    cfg: SamenessSettings,
    groups: Sequence[int] | None = None,
    floor: float | None = None,
) -> Pairs:
    """The judgements of the candidate pairs of a story's texts (see `candidate_pairs`): every pair that could
    be the same statement (cosine from `reachable`), or from a lower `floor` for callers that also look at
    related but different statements (conflicts)."""
    if len(vectors) != len(traits):
        raise ValueError("compare_pairs: one Traits per vector row")
    lowest = reachable(cfg) if floor is None else min(floor, reachable(cfg))
    rows, cols, cosine = candidate_pairs(vectors, lowest, cfg.neighbours, groups)
    score = (1 - cfg.lexical_weight) * cosine.astype(np.float64)
    pairs = list(zip(rows.tolist(), cols.tolist(), strict=True))  # Python ints: a story has 10^4-10^5 pairs
    near = np.flatnonzero(cosine >= reachable(cfg)).tolist()
    score[near] += np.array(
        [cfg.lexical_weight * overlap(traits[pairs[k][0]].words, traits[pairs[k][1]].words) for k in near],
        dtype=np.float64,
    )
    agree = np.array([compatible(traits[i], traits[j]) for i, j in pairs], dtype=bool)
    return Pairs(rows=rows, cols=cols, cosine=cosine, score=score, same=agree & (score >= cfg.threshold))


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return not (a and b) or bool(a & b)


def _incidence(sets: Sequence[frozenset[str]], index: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(sets), len(index)), dtype=np.float32)
    for row, keys in enumerate(sets):
        matrix[row, [index[k] for k in keys]] = 1.0
    return matrix


def _sets_agree(rows: Sequence[frozenset[str]], columns: Sequence[frozenset[str]]) -> np.ndarray:
    """Pairs where not both sides have keys, or they share one; via incidence matrices (keys are few)."""
    index = {key: k for k, key in enumerate(sorted(set().union(*rows, *columns)))}
    a, b = _incidence(rows, index), _incidence(columns, index)
    both = (a.sum(axis=1) > 0)[:, None] & (b.sum(axis=1) > 0)[None, :]
    return ~both | ((a @ b.T) > 0)


def _dates_agree(rows: Sequence[tuple[DateRange, ...]], columns: Sequence[tuple[DateRange, ...]]) -> np.ndarray:
    """Pairs where not both sides state dates, or some date of one overlaps some date of the other."""
    a_owner, a_first, a_last = _flatten(rows)
    b_owner, b_first, b_last = _flatten(columns)
    overlapping = ((a_first[:, None] <= b_last[None, :]) & (b_first[None, :] <= a_last[:, None])).astype(np.float32)
    a_of = np.zeros((len(rows), len(a_owner)), dtype=np.float32)
    a_of[a_owner, np.arange(len(a_owner))] = 1.0
    b_of = np.zeros((len(columns), len(b_owner)), dtype=np.float32)
    b_of[b_owner, np.arange(len(b_owner))] = 1.0
    both = (a_of.sum(axis=1) > 0)[:, None] & (b_of.sum(axis=1) > 0)[None, :]
    return ~both | ((a_of @ overlapping @ b_of.T) > 0)


def _flatten(dates: Sequence[tuple[DateRange, ...]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Owner row, first and last day (ordinals) of every date of every text."""
    flat = [(row, d.first.toordinal(), d.last.toordinal()) for row, ranges in enumerate(dates) for d in ranges]
    table = np.array(flat, dtype=np.int64).reshape(-1, 3)
    return table[:, 0], table[:, 1], table[:, 2]
