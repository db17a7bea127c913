"""Atomic factual claims, matched across articles, with independent support and conflicts.

Two clauses of different articles are one claim when the sameness service (`link/sameness.py`, the one judge
of "the same statement" for the whole dossier) says so *and* their structure agrees: a clause saying "15
dead" never supports one saying "12 dead", however similar the words; such pairs are left apart and reported
by `conflicts`. A source that copies another (see `derivation`) is
listed in `sources` but not in `independent_sources`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np

from newsweave.lang import Resources, resources_of
from newsweave.link.claim_parse import (
    AtomicClaim,
    ClaimGroup,
    article_claims,
    dates_apart,
    differing_numbers,
    superlative_scope,
    unit_kinds,
)
from newsweave.link.conflicts import detect_conflicts
from newsweave.link.derivation import Lineage, origins
from newsweave.link.entities import EntityResolution
from newsweave.link.figures import figure_models, find_series, scoped
from newsweave.link.sameness import Pairs, Scorer, Traits, compare_pairs, traits_for
from newsweave.models import (
    AnalyzedArticle,
    Claim,
    ClaimEvidence,
    Conflict,
    Derivation,
    DevelopingFigure,
)
from newsweave.nlp.embed import Encoder, SentenceVectors
from newsweave.nlp.timex import TimeExpression
from newsweave.settings import ClaimSettings, SamenessSettings


class Findings(NamedTuple):
    claims: list[Claim]
    conflicts: list[Conflict]
    figures: list[DevelopingFigure]


def extract_claims(
    analyzed: list[AnalyzedArticle],
    vectors: SentenceVectors,
    resolution: EntityResolution,
    times: dict[str, list[TimeExpression]],
    derivations: list[Derivation],
    embed: Encoder | None,
    cfg: ClaimSettings,
    same_cfg: SamenessSettings,
) -> Findings:
    atoms = [c for item in analyzed for c in article_claims(item, resolution, times.get(item.article.id, []), cfg)]
    if not atoms:
        return Findings([], [], [])
    if len({a.article for a in atoms}) == 1:
        embed = None  # every comparison that reads clause vectors is across articles: one article's need none
    if embed:
        embed.expect([a.compared for a in atoms])  # encoded with the counted nouns, in one call
        atoms = unit_kinds(atoms, embed, cfg)
    atoms = scoped(atoms)
    res = resources_of(analyzed[0].doc)
    matrix = embed([a.compared for a in atoms]) if embed else _sentence_rows(atoms, vectors)
    traits = _traits(atoms, res, same_cfg)
    article_of = {article: k for k, article in enumerate(dict.fromkeys(a.article for a in atoms))}
    pairs = compare_pairs(matrix, traits, same_cfg, [article_of[a.article] for a in atoms], floor=cfg.candidate)
    likeness = Likeness(Scorer(matrix, traits, same_cfg), _structure_agrees(atoms, pairs))
    origin, lineage = origins(derivations), Lineage.of(derivations)
    groups = [
        _group(rows, atoms, likeness, origin, lineage, cfg.group_core) for rows in match_claims(atoms, likeness, cfg)
    ]
    published = {item.article.id: item.article.published for item in analyzed}
    series = find_series(groups, published, cfg)
    related = list(zip(pairs.rows.tolist(), pairs.cols.tolist(), pairs.cosine.tolist(), strict=True))
    conflicts = detect_conflicts(groups, related, published, embed, res, cfg, series)
    return Findings([g.claim for g in groups], conflicts, figure_models(series))


@dataclass(frozen=True)
class Likeness:
    """How alike a story's clauses are: the blended score of any two (computed when asked), and the pairs of
    clauses of different articles that may state one claim, each with its score."""

    scorer: Scorer
    same: dict[int, dict[int, float]]
    """Clause -> the clauses it may be one claim with -> their score (both ways)."""

    def scores(self, rows: list[int], columns: list[int]) -> np.ndarray:
        return self.scorer.scores(rows, columns)


def _traits(atoms: list[AtomicClaim], res: Resources, cfg: SamenessSettings) -> list[Traits]:
    """What the sameness service compares beyond wording: the figures the clause states as parsed (number words
    included; dates and ordinals are no figures: "the Sept. 3 parade" / "its 80th anniversary") and the days of
    the events it dates."""
    traits = traits_for([a.compared for a in atoms], res, cfg, dates=[[d.days for d in a.event_dates] for a in atoms])
    return [
        replace(t, figures=frozenset(f"{n.value:g}" for n in a.numbers)) for t, a in zip(traits, atoms, strict=True)
    ]


def _structure_agrees(atoms: list[AtomicClaim], pairs: Pairs) -> dict[int, dict[int, float]]:
    """The pairs the sameness service calls the same statement whose structure does not rule out one claim
    (see `compatible`): the guard claims add on top of the sameness service; a quote is only the same as a
    quote. Clause -> other clause -> score."""
    agrees: dict[int, dict[int, float]] = {}
    for k in np.flatnonzero(pairs.same).tolist():
        i, j = int(pairs.rows[k]), int(pairs.cols[k])
        a, b = atoms[i], atoms[j]
        if a.article != b.article and (a.kind == "quote") == (b.kind == "quote") and compatible(a, b):
            agrees.setdefault(i, {})[j] = agrees.setdefault(j, {})[i] = float(pairs.score[k])
    return agrees


def _sentence_rows(atoms: list[AtomicClaim], vectors: SentenceVectors) -> np.ndarray:
    """Without an embedder, a clause borrows its sentence's vector (clauses of one sentence then tie)."""
    row = {(ref.article, ref.index): i for i, ref in enumerate(vectors.refs)}
    return vectors.vectors[[row[(a.article, a.sentence.index)] for a in atoms]]


def match_claims(atoms: list[AtomicClaim], likeness: Likeness, cfg: ClaimSettings) -> list[list[int]]:
    """Greedy merging, most alike pairs first; a group holds one clause per article, every pair in it must
    be structurally compatible (so a chain of near-paraphrases cannot join contradicting numbers), and the
    two groups merged must be alike on average (no chaining of loosely related clauses), judged on their
    first `cfg.group_core` members. Compatibility is checked once per two distinct structures of the groups
    (`structure`): the many outlets repeating one fact mostly word it with the same figures and dates."""
    group_of = list(range(len(atoms)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(atoms))}
    articles: dict[int, set[str]] = {i: {atom.article} for i, atom in enumerate(atoms)}
    shapes: dict[int, dict[tuple, AtomicClaim]] = {i: {structure(atom): atom} for i, atom in enumerate(atoms)}
    pairs = [(score, i, j) for i, others in likeness.same.items() for j, score in others.items() if i < j]
    for _, i, j in sorted(pairs, reverse=True):
        gi, gj = group_of[i], group_of[j]
        if gi == gj or articles[gi] & articles[gj]:
            continue
        if not all(compatible(a, b) for a in shapes[gi].values() for b in shapes[gj].values()):
            continue
        core = cfg.group_core
        if likeness.scores(members[gi][:core], members[gj][:core]).mean() < cfg.group_threshold:
            continue
        members[gi] += members[gj]
        articles[gi] |= articles.pop(gj)
        shapes[gi] |= shapes.pop(gj)
        for k in members.pop(gj):
            group_of[k] = gi
    return sorted(members.values(), key=min)


def structure(atom: AtomicClaim) -> tuple:
    """Everything `compatible` reads of a clause: two clauses of one structure are compatible with the same
    clauses."""
    return (
        atom.numbers, superlative_scope(atom), atom.negative, frozenset(atom.years),
        tuple(d.days for d in atom.event_dates),
    )


def compatible(a: AtomicClaim, b: AtomicClaim) -> bool:
    """No number of the same unit with a different value, no differently scoped superlative ("first visit
    to China" is not "first international visit"; "first visit to China since 2019" narrows "first visit to
    China", where the parser may hang the "since" on the verb instead), the same polarity, no disjoint years,
    and no dates that put the two on different days or months ("suspended on Wednesday" / "on Thursday")."""
    x, y = superlative_scope(a), superlative_scope(b)
    if differing_numbers(a, b) or (x and y and not (x <= y or y <= x)) or a.negative != b.negative:
        return False
    return not (a.years and b.years and not a.years & b.years) and not dates_apart(a, b)


def _group(
    rows: list[int],
    atoms: list[AtomicClaim],
    likeness: Likeness,
    origin: dict[str, str],
    lineage: Lineage,
    core: int,
) -> ClaimGroup:
    members = [atoms[r] for r in rows]
    # the representative wording: the most central clause (to the group's core), preferring original reporting
    # and plain facts
    within = likeness.scores(rows, rows[:core])
    centrality = [
        float(within[k].sum()) - 0.5 * (atoms[r].article in origin) - 0.5 * (atoms[r].kind != "fact")
        for k, r in enumerate(rows)
    ]
    lead_row = rows[int(np.argmax(centrality))]
    lead = atoms[lead_row]
    supporting = rows + _also_stated_by(lead_row, rows, atoms, likeness)
    similarity = dict(zip(supporting, likeness.scores([lead_row], supporting)[0].tolist(), strict=True))
    sources = sorted({atoms[r].article for r in supporting})
    independent = lineage.independent(sources)
    key = f"{lead.kind}|{lead.article}:{lead.start}|{lead.text.lower()}|{','.join(sources)}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    support = [
        ClaimEvidence(
            article=atoms[r].article,
            sentence=atoms[r].sentence.index,
            start=atoms[r].start,
            end=atoms[r].end,
            text=atoms[r].text,
            sentence_text=atoms[r].sentence.text,
            similarity=round(similarity[r], 4),
        )
        for r in supporting
    ]
    claim = Claim(
        id=f"claim-{digest}",
        text=lead.text,
        sources=sources,
        independent_sources=independent,
        kind=lead.kind,
        entities=sorted({e for m in members for e in m.entities}),
        numbers=sorted({n.label() for m in members for n in m.numbers}),
        times=_unique_times([t for m in members for t in m.times]),
        support=support,
        single_source=len(independent) == 1,
    )
    return ClaimGroup(claim=claim, members=members, rows=rows)


def _also_stated_by(lead: int, rows: list[int], atoms: list[AtomicClaim], likeness: Likeness) -> list[int]:
    """The best clause of each other article that states the representative claim too. Grouping gives each
    clause one claim, but a clause packing several facts ("a list of 26 leaders, including Iran's")
    supports each of them."""
    grouped = {atoms[r].article for r in rows}
    best: dict[str, tuple[int, float]] = {}
    for r, score in sorted(likeness.same.get(lead, {}).items()):
        atom = atoms[r]
        if atom.article in grouped:
            continue
        if atom.article not in best or score > best[atom.article][1]:
            best[atom.article] = (r, score)
    return sorted(r for r, _ in best.values())


def _unique_times(values: list) -> list:
    unique: list = []
    for value in values:
        if value not in unique:
            unique.append(value)
    return unique
