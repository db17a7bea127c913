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

Vectors are unit-length rows (`nlp.embed.SentenceVectors.vectors`, or `embed_texts(embedder, texts)`);
pass the ones already computed rather than embedding again. A caller that needs one more guard of its own
(claims comparing units, quotes comparing speakers) applies it on top of `same`, never a threshold of its own.

Cost: the cosine matrix is one matrix product; figure, date and entity compatibility are products of small
incidence matrices; word overlap is counted only for pairs whose cosine could reach the threshold. A story
of a few thousand sentences is compared in well under a second.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.dates import DateRange
from newsweave.lang import Resources
from newsweave.settings import SamenessSettings

FIGURE = re.compile(r"\d[\d,.]*\d|\d")
WORD = re.compile(r"[^\W_]+")
MIN_WORD_LETTERS = 3
"""Shorter tokens (initials, contraction remains, "us") carry no fact of their own."""


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
    score = (1 - cfg.lexical_weight) * cosine.astype(np.float64)
    reachable = cosine >= (cfg.threshold - cfg.lexical_weight) / (1 - cfg.lexical_weight)
    for i, j in np.argwhere(reachable).tolist():
        score[i, j] += cfg.lexical_weight * overlap(traits[i].words, column_traits[j].words)
    agree = (
        _sets_agree([t.figures for t in traits], [t.figures for t in column_traits])
        & _sets_agree([t.entities for t in traits], [t.entities for t in column_traits])
        & _dates_agree([t.dates for t in traits], [t.dates for t in column_traits])
    )
    return Judged(cosine=cosine, score=score, compatible=agree, same=agree & (score >= cfg.threshold))


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
