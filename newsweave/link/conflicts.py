"""Where sources differ: pairs of claims about the same thing that cannot both be read the same way.

Only clauses of different articles that are about the same thing (close embeddings, a shared entity) are
compared, and only on what the parse can check: numbers of the same unit, years, "first ... since" and
"the only ..." superlatives, confirmation status, and who a quote is given to. Each finding is judged:
a later article may simply be newer (superseded), a narrower superlative may be true together with a
wider fact (compatible), and approximate figures may only differ in wording.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Token

from newsweave.link.claim_parse import AtomicClaim, differing_numbers, number_value
from newsweave.link.claim_text import date_start, year_of
from newsweave.models import ClaimEvidence, Conflict, ConflictSide, DateValue

if TYPE_CHECKING:
    from newsweave.link.claims import ClaimGroup

Embed = Callable[[list[str]], np.ndarray]
Verdict = tuple[str, str, str]
"""(attribute, kind, one-line explanation)."""

RELATED = 0.55
"""Minimum clause similarity for two clauses to be about the same thing."""
SAME_WORDS = 0.8
"""Clause similarity of the same quoted words."""
SAME_KIND_OF_EVENT = 0.55
"""Similarity between "first <noun phrase>" and a noun phrase of the other clause for the same kind of event."""
SUPERLATIVES = {"only", "sole"}
STATUS_WORDS = {"confirm", "announce", "verify", "approve", "sign"}
"""Verbs whose negation ("yet to confirm") marks a pending status that a later report may settle."""


def detect_conflicts(
    groups: list[ClaimGroup], similarity: np.ndarray, published: dict[str, DateValue], embed: Embed | None
) -> list[Conflict]:
    group_of = {row: g for g, group in enumerate(groups) for row in group.rows}
    atoms = {row: member for group in groups for row, member in zip(group.rows, group.members, strict=True)}
    story_year = max((y for a in atoms.values() for y in a.years), default=None)
    found: dict[tuple[frozenset[int], str], Conflict] = {}
    rows = sorted(atoms)
    for i in rows:
        for j in rows:
            a, b = atoms[i], atoms[j]
            if i == j or a.article == b.article or group_of[i] == group_of[j]:
                continue
            verdict = judge(a, b, float(similarity[i, j]), published, story_year, embed)
            key = (frozenset((group_of[i], group_of[j])), verdict[0] if verdict else "")
            if verdict is None or key in found:
                continue
            found[key] = Conflict(
                kind=verdict[1],
                explanation=verdict[2],
                attribute=verdict[0],
                sides=[_side(groups[group_of[i]], a, published), _side(groups[group_of[j]], b, published)],
            )
    return list(found.values())


def judge(
    a: AtomicClaim,
    b: AtomicClaim,
    similarity: float,
    published: dict[str, DateValue],
    story_year: int | None,
    embed: Embed | None,
) -> Verdict | None:
    """The first difference found between two related clauses, or None when they do not conflict. Checks
    are ordered; `a` and `b` are tried both ways by the caller, so checks may be one-sided."""
    if similarity < RELATED or not (a.entities & b.entities or similarity >= SAME_WORDS):
        return None
    for check in (_number, _status, _attribution):
        verdict = check(a, b, similarity, published)
        if verdict:
            return verdict
    return _first_since(a, b, published, story_year, embed) or _only(a, b)


def _number(a: AtomicClaim, b: AtomicClaim, similarity: float, published: dict[str, DateValue]) -> Verdict | None:
    differences = differing_numbers(a, b)
    if not differences:
        return None
    x, y, close = differences[0]
    newer = _newer(a.article, b.article, published)
    if newer is not None:
        later = y if newer == b.article else x
        return "number", "superseded", f"“{x}” vs “{y}”: the later report ({later}) may be an update"
    if close:
        return "number", "wording", f"“{x}” vs “{y}”: close figures, one of them given as approximate"
    return "number", "contradiction", f"the sources give different figures: “{x}” vs “{y}”"


def _status(a: AtomicClaim, b: AtomicClaim, similarity: float, published: dict[str, DateValue]) -> Verdict | None:
    """`a` says something is not yet confirmed/announced, `b` says it was."""
    pending = _status_verbs(a, negated=True)
    if not pending or not _status_verbs(b, negated=False):
        return None
    newer = _newer(a.article, b.article, published)
    if newer == a.article:
        return "status", "contradiction", "a later report still calls unconfirmed what an earlier one reports as done"
    reason = "the later report" if newer else "the other report (dates unknown or same day)"
    return "status", "superseded", f"one report says it is yet to be {pending[0]}ed; {reason} says it happened"


def _status_verbs(claim: AtomicClaim, negated: bool) -> list[str]:
    return [t.lemma_.lower() for t in claim.tokens if t.lemma_.lower() in STATUS_WORDS and _negated(t) == negated]


def _negated(token: Token) -> bool:
    """"not confirmed", "yet to confirm", "has not been announced": negation on the verb or its governor."""
    scope = [token, token.head] if token.dep_ in {"xcomp", "ccomp"} else [token]
    return any(c.dep_ == "neg" or c.lower_ == "yet" for t in scope for c in t.children)


def _attribution(a: AtomicClaim, b: AtomicClaim, similarity: float, published: dict[str, DateValue]) -> Verdict | None:
    if a.kind != "quote" or b.kind != "quote" or similarity < SAME_WORDS:
        return None
    if a.speaker and b.speaker and a.speaker != b.speaker:
        return "attribution", "contradiction", f"the same words are given to {a.speaker} and to {b.speaker}"
    return None


def _first_since(
    a: AtomicClaim, b: AtomicClaim, published: dict[str, DateValue], story_year: int | None, embed: Embed | None
) -> Verdict | None:
    """`a` says "first <event> since <year>" (or "in N years"); `b` reports such an event after that year."""
    first = next((t for t in a.tokens if t.lower_ == "first" and t.head.pos_ in {"NOUN", "PROPN"}), None)
    if first is None:
        return None
    since = _since_year(a, year_of(published.get(a.article)) or story_year)
    later = sorted(y for y in b.years if since is not None and y > since)
    if since is None or not later or not (a.persons & b.persons):
        return None
    event = first.head
    if not _same_kind_of_event(event, b, embed):
        return None
    destination = {_entity_text(c) for p in event.children if p.lower_ in {"to", "in"} for c in p.children}
    if destination and not destination & {p.lower() for p in b.places}:
        where = ", ".join(sorted(destination))
        return ("superlative", "compatible",
                f"“first … since {since}” is limited to {where}; the {later[0]} event was elsewhere")
    return ("superlative", "contradiction",
            f"one report says it is the first since {since}; another reports one in {later[0]}")


def _since_year(claim: AtomicClaim, now: int | None) -> int | None:
    """The year of "since <year>", or now minus N for "in (nearly) N years"."""
    for token in claim.tokens:
        if token.lower_ == "since":
            years = [y for y in claim.years]
            if years:
                return min(years)
        if token.lower_ == "years" and token.head.lower_ == "in" and now is not None:
            count = [c for c in token.children if c.like_num or c.dep_ == "nummod"]
            value = _count(count[0]) if count else None
            if value is not None:
                return now - value
    return None


def _count(token: Token) -> int | None:
    value = number_value(token)
    return int(value) if value is not None else None


def _same_kind_of_event(event: Token, b: AtomicClaim, embed: Embed | None) -> bool:
    phrase = " ".join(t.text for t in event.subtree if t.dep_ in {"amod", "compound"} and t.lower_ != "first")
    phrase = f"{phrase} {event.text}".strip()
    nouns = [t for t in b.tokens if t.pos_ == "NOUN"]
    if any(n.lemma_.lower() == event.lemma_.lower() for n in nouns):
        return True
    if embed is None or not nouns:
        return False
    candidates = [" ".join(x.text for x in n.subtree if x.dep_ in {"amod", "compound"}) + f" {n.text}" for n in nouns]
    vectors = embed([phrase, *candidates])
    return bool((vectors[1:] @ vectors[0]).max() >= SAME_KIND_OF_EVENT)


def _entity_text(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text.lower() if token.ent_type_ else token.lower_


def _only(a: AtomicClaim, b: AtomicClaim) -> Verdict | None:
    """Both say "the only <category>": different categories can both hold; same category, different
    subjects cannot."""
    x, y = _only_phrase(a), _only_phrase(b)
    if x is None or y is None:
        return None
    (x_subject, x_category), (y_subject, y_category) = x, y
    if not x_category & y_category:
        return ("superlative", "compatible",
                "each is “the only” one of a different category, so both can be true")
    if x_subject != y_subject:
        return "superlative", "contradiction", "the sources name different subjects as the only one"
    return None


def _only_phrase(claim: AtomicClaim) -> tuple[str, set[str]] | None:
    for token in claim.tokens:
        if token.lower_ in SUPERLATIVES and token.head.pos_ == "NOUN":
            noun = token.head
            category = {noun.lemma_.lower()} | {
                c.lemma_.lower() for c in noun.children if c.dep_ == "compound"
            }
            subjects = [t for t in claim.tokens if t.dep_ in {"nsubj", "nsubjpass"}]
            subject = subjects[0].lemma_.lower() if subjects else ""
            return subject, category
    return None


def _newer(x: str, y: str, published: dict[str, DateValue]) -> str | None:
    """The article published later, when both dates are known and differ."""
    a, b = date_start(published.get(x)), date_start(published.get(y))
    if not a or not b or a == b:
        return None
    return x if a > b else y


def _side(group: ClaimGroup, member: AtomicClaim, published: dict[str, DateValue]) -> ConflictSide:
    evidence = [e for e in group.claim.support if e.article == member.article] or [
        ClaimEvidence(article=member.article, sentence=member.sentence.index, start=member.start, end=member.end,
                      text=member.text, sentence_text=member.sentence.text)
    ]
    return ConflictSide(
        text=member.text,
        sources=group.claim.sources,
        claim=group.claim.id,
        evidence=evidence,
        published=published.get(member.article),
    )
