"""Atomic factual claims, matched across articles, with independent support and conflicts.

Two clauses of different articles are one claim when their embeddings are close *and* their structure
agrees: a clause saying "15 dead" never supports one saying "12 dead", however similar the words; such
pairs are left apart and reported by `conflicts`. A source that copies another (see `derivation`) is
listed in `sources` but not in `independent_sources`.
"""

from __future__ import annotations

import hashlib

import numpy as np

from newsweave.dates import contract_value
from newsweave.lang import resources_of
from newsweave.link.claim_parse import (
    AtomicClaim,
    ClaimGroup,
    article_claims,
    dates_apart,
    differing_numbers,
    shared_entities,
    superlative_scope,
    unit_kinds,
)
from newsweave.link.claim_text import Embed
from newsweave.link.conflicts import detect_conflicts
from newsweave.link.derivation import independent_sources, origins
from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, Claim, ClaimEvidence, Conflict, Derivation
from newsweave.nlp.embed import SentenceVectors
from newsweave.nlp.timex import TimeExpression
from newsweave.settings import ClaimSettings


def extract_claims(
    analyzed: list[AnalyzedArticle],
    vectors: SentenceVectors,
    resolution: EntityResolution,
    times: dict[str, list[TimeExpression]],
    derivations: list[Derivation],
    embed: Embed | None,
    cfg: ClaimSettings,
) -> tuple[list[Claim], list[Conflict]]:
    atoms = [c for item in analyzed for c in article_claims(item, resolution, times.get(item.article.id, []), cfg)]
    if not atoms:
        return [], []
    if embed:
        atoms = unit_kinds(atoms, embed, cfg)
    matrix = embed([a.text for a in atoms]) if embed else _sentence_rows(atoms, vectors)
    similarity = matrix @ matrix.T
    origin = origins(derivations)
    groups = [
        _group(rows, atoms, similarity, origin, derivations, cfg) for rows in match_claims(atoms, similarity, cfg)
    ]
    published = {item.article.id: contract_value(item.article.published) for item in analyzed}
    conflicts = detect_conflicts(groups, similarity, published, embed, resources_of(analyzed[0].doc), cfg)
    return [g.claim for g in groups], conflicts


def _sentence_rows(atoms: list[AtomicClaim], vectors: SentenceVectors) -> np.ndarray:
    """Without an embedder, a clause borrows its sentence's vector (clauses of one sentence then tie)."""
    row = {(ref.article, ref.index): i for i, ref in enumerate(vectors.refs)}
    return vectors.vectors[[row[(a.article, a.sentence.index)] for a in atoms]]


def match_claims(atoms: list[AtomicClaim], similarity: np.ndarray, cfg: ClaimSettings) -> list[list[int]]:
    """Greedy merging, most similar pairs first; a group holds one clause per article, every pair in it must
    be structurally compatible (so a chain of near-paraphrases cannot join contradicting numbers), and the
    two groups merged must be similar on average (no chaining of loosely related clauses)."""
    group_of = list(range(len(atoms)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(atoms))}
    pairs = [
        (float(similarity[i, j]), i, j)
        for i, j in np.argwhere(np.triu(similarity >= _loosest(cfg), k=1)).tolist()
        if atoms[i].article != atoms[j].article and same_claim(atoms[i], atoms[j], float(similarity[i, j]), cfg)
    ]
    for _, i, j in sorted(pairs, reverse=True):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        merged = members[gi] + members[gj]
        articles = [atoms[k].article for k in merged]
        if len(set(articles)) < len(articles):
            continue
        if not all(compatible(atoms[a], atoms[b]) for a in members[gi] for b in members[gj]):
            continue
        if similarity[np.ix_(members[gi], members[gj])].mean() < cfg.group_threshold:
            continue
        members[gi] = merged
        for k in members.pop(gj):
            group_of[k] = gi
    return sorted(members.values(), key=min)


def _loosest(cfg: ClaimSettings) -> float:
    return min(cfg.match_threshold, cfg.number_match_threshold, cfg.entity_match_threshold)


def same_claim(a: AtomicClaim, b: AtomicClaim, similarity: float, cfg: ClaimSettings) -> bool:
    """Close wording, or looser wording backed by structure (a shared figure; shared entities and topic;
    an entity and a date); never with incompatible structure, and a quote only matches close words."""
    if a.kind != b.kind and "quote" in (a.kind, b.kind) and similarity < cfg.match_threshold:
        return False
    if not compatible(a, b):
        return False
    if similarity >= cfg.match_threshold:
        return True
    shared = shared_entities(a, b)
    if shared_figure(a, b, cfg):
        return similarity >= cfg.number_match_threshold
    same_date = bool({str(t) for t in a.times} & {str(t) for t in b.times})
    topic = len(a.content_words() & b.content_words())
    structure = topic >= 2 or (shared >= 2 and topic >= 1) or (shared >= 1 and same_date)
    return similarity >= cfg.entity_match_threshold and structure


def shared_figure(a: AtomicClaim, b: AtomicClaim, cfg: ClaimSettings) -> bool:
    """The same count of the same thing, or the same distinctive figure (>= 10) whatever noun it counts
    ("300 residents" / "300 people"); small numbers are too common to say anything alone."""
    same_unit = {n.label() for n in a.numbers} & {n.label() for n in b.numbers}
    distinctive = {n.value for n in a.numbers if n.value >= cfg.distinctive_figure} & {n.value for n in b.numbers}
    return bool(same_unit or distinctive)


def compatible(a: AtomicClaim, b: AtomicClaim) -> bool:
    """No number of the same unit with a different value, no differently scoped superlative ("first visit
    to China" is not "first international visit"), the same polarity, no disjoint years, and no dates that
    put the two on different days or months ("suspended on Wednesday" / "on Thursday")."""
    scopes = superlative_scope(a), superlative_scope(b)
    if differing_numbers(a, b) or (all(scopes) and scopes[0] != scopes[1]) or a.negative != b.negative:
        return False
    return not (a.years and b.years and not a.years & b.years) and not dates_apart(a, b)


def _group(
    rows: list[int],
    atoms: list[AtomicClaim],
    similarity: np.ndarray,
    origin: dict[str, str],
    derivations: list[Derivation],
    cfg: ClaimSettings,
) -> ClaimGroup:
    members = [atoms[r] for r in rows]
    # the representative wording: the most central clause, preferring original reporting and plain facts
    centrality = [
        float(similarity[r, rows].sum()) - 0.5 * (atoms[r].article in origin) - 0.5 * (atoms[r].kind != "fact")
        for r in rows
    ]
    lead_row = rows[int(np.argmax(centrality))]
    lead = atoms[lead_row]
    supporting = rows + _also_stated_by(lead_row, rows, atoms, similarity, cfg)
    sources = sorted({atoms[r].article for r in supporting})
    independent = independent_sources(sources, derivations)
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
            similarity=round(float(similarity[lead_row, r]), 4),
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


def _also_stated_by(
    lead: int, rows: list[int], atoms: list[AtomicClaim], similarity: np.ndarray, cfg: ClaimSettings
) -> list[int]:
    """The best clause of each other article that states the representative claim too. Grouping gives each
    clause one claim, but a clause packing several facts ("a list of 26 leaders, including Iran's")
    supports each of them."""
    grouped = {atoms[r].article for r in rows}
    best: dict[str, int] = {}
    for r in np.flatnonzero(similarity[lead] >= _loosest(cfg)).tolist():
        atom = atoms[r]
        if atom.article in grouped or not same_claim(atoms[lead], atom, float(similarity[lead, r]), cfg):
            continue
        if atom.article not in best or similarity[lead, r] > similarity[lead, best[atom.article]]:
            best[atom.article] = r
    return sorted(best.values())


def _unique_times(values: list) -> list:
    unique: list = []
    for value in values:
        if value not in unique:
            unique.append(value)
    return unique
