"""Atomic factual claims, matched across articles, with independent support and conflicts.

Two clauses of different articles are one claim when their embeddings are close *and* their structure
agrees: a clause saying "15 dead" never supports one saying "12 dead", however similar the words; such
pairs are left apart and reported by `conflicts`. A source that copies another (see `derivation`) is
listed in `sources` but not in `independent_sources`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from newsweave.link.claim_parse import AtomicClaim, article_claims, differing_numbers
from newsweave.link.conflicts import detect_conflicts
from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, Claim, ClaimEvidence, Conflict, Derivation
from newsweave.nlp.embed import SentenceVectors
from newsweave.nlp.timex import TimeExpression

Embed = Callable[[list[str]], np.ndarray]

MATCH_THRESHOLD = 0.78
"""Cosine similarity above which two clauses state the same thing unless their structure disagrees."""
STRUCTURED_MATCH_THRESHOLD = 0.62
"""Lower similarity accepted when the clauses also share an entity and a number, a date or two entities."""


@dataclass
class ClaimGroup:
    """The clauses of several articles that state one claim, and the claim built from them."""

    claim: Claim
    members: list[AtomicClaim]
    rows: list[int]


def extract_claims(
    analyzed: list[AnalyzedArticle],
    vectors: SentenceVectors,
    resolution: EntityResolution,
    times: dict[str, list[TimeExpression]],
    derivations: list[Derivation],
    embed: Embed | None = None,
) -> tuple[list[Claim], list[Conflict]]:
    atoms = [c for item in analyzed for c in article_claims(item, resolution, times.get(item.article.id, []))]
    if not atoms:
        return [], []
    matrix = embed([a.text for a in atoms]) if embed else _sentence_rows(atoms, vectors)
    similarity = matrix @ matrix.T
    origin = {d.derived: d.source for d in sorted(derivations, key=lambda d: d.share)}
    groups = [
        _group(rows, atoms, similarity, origin) for rows in match_claims(atoms, similarity)
    ]
    published = {item.article.id: item.article.published for item in analyzed}
    conflicts = detect_conflicts(groups, similarity, published, embed)
    return [g.claim for g in groups], conflicts


def _sentence_rows(atoms: list[AtomicClaim], vectors: SentenceVectors) -> np.ndarray:
    """Without an embedder, a clause borrows its sentence's vector (clauses of one sentence then tie)."""
    row = {(ref.article, ref.index): i for i, ref in enumerate(vectors.refs)}
    return vectors.vectors[[row[(a.article, a.sentence.index)] for a in atoms]]


def match_claims(atoms: list[AtomicClaim], similarity: np.ndarray) -> list[list[int]]:
    """Greedy merging, most similar pairs first; a group holds one clause per article, and every pair in it
    must be structurally compatible (so a chain of near-paraphrases cannot join contradicting numbers)."""
    group_of = list(range(len(atoms)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(atoms))}
    pairs = [
        (float(similarity[i, j]), i, j)
        for i in range(len(atoms))
        for j in range(i + 1, len(atoms))
        if atoms[i].article != atoms[j].article and same_claim(atoms[i], atoms[j], float(similarity[i, j]))
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
        members[gi] = merged
        for k in members.pop(gj):
            group_of[k] = gi
    return sorted(members.values(), key=min)


def same_claim(a: AtomicClaim, b: AtomicClaim, similarity: float) -> bool:
    if a.kind != b.kind and "quote" in (a.kind, b.kind) and similarity < MATCH_THRESHOLD:
        return False
    if not compatible(a, b):
        return False
    if similarity >= MATCH_THRESHOLD:
        return True
    shared_entities = len(a.entities & b.entities)
    shared_numbers = {n.label() for n in a.numbers} & {n.label() for n in b.numbers}
    structure = shared_entities >= 2 or (shared_entities >= 1 and bool(shared_numbers or a.years & b.years))
    return similarity >= STRUCTURED_MATCH_THRESHOLD and structure


def compatible(a: AtomicClaim, b: AtomicClaim) -> bool:
    """No number of the same unit with a different value, and no disjoint years."""
    if differing_numbers(a, b):
        return False
    return not (a.years and b.years and not a.years & b.years)


def independent(sources: list[str], origin: dict[str, str]) -> list[str]:
    """Sources minus those derived, directly or through a chain of copies, from another source listed."""
    listed = set(sources)
    kept = []
    for source in sources:
        ancestor, seen = origin.get(source), {source}
        while ancestor is not None and ancestor not in listed and ancestor not in seen:
            seen.add(ancestor)
            ancestor = origin.get(ancestor)
        if ancestor is None or ancestor not in listed or ancestor == source:
            kept.append(source)
    return kept or sources[:1]


def _group(rows: list[int], atoms: list[AtomicClaim], similarity: np.ndarray, origin: dict[str, str]) -> ClaimGroup:
    members = [atoms[r] for r in rows]
    centrality = [float(similarity[r, rows].sum()) - (0.5 if atoms[r].article in origin else 0.0) for r in rows]
    lead_row = rows[int(np.argmax(centrality))]
    lead = atoms[lead_row]
    sources = sorted({m.article for m in members})
    independent_sources = independent(sources, origin)
    digest = hashlib.sha256(f"{lead.kind}|{lead.text.lower()}|{','.join(sources)}".encode()).hexdigest()[:12]
    support = [
        ClaimEvidence(
            article=m.article,
            sentence=m.sentence.index,
            start=m.start,
            end=m.end,
            text=m.text,
            sentence_text=m.sentence.text,
            similarity=round(float(similarity[lead_row, r]), 4),
        )
        for m, r in zip(members, rows, strict=True)
    ]
    claim = Claim(
        id=f"claim-{digest}",
        text=lead.text,
        sources=sources,
        independent_sources=independent_sources,
        kind=lead.kind,
        entities=sorted({e for m in members for e in m.entities}),
        numbers=sorted({n.label() for m in members for n in m.numbers}),
        times=_unique_times([t for m in members for t in m.times]),
        support=support,
        single_source=len(independent_sources) == 1,
    )
    return ClaimGroup(claim=claim, members=members, rows=rows)


def _unique_times(values: list) -> list:
    unique: list = []
    for value in values:
        if value not in unique:
            unique.append(value)
    return unique
