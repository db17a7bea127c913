"""Where sources differ: pairs of claims about the same thing that cannot both be read the same way.

Only clauses of different articles that are about the same thing (close embeddings, a shared entity) are
compared, and only on what the parse can check: numbers of the same unit, the day or month of one event,
years, "first ... since" and "the only ..." superlatives, confirmation status, and who a quote is given to.
Each finding is judged: a later article may simply be newer (superseded), a narrower superlative may be true
together with a wider fact (compatible), and approximate figures may only differ in wording. Clauses set in
different years report different events (the floods of 1994 and this year's) and are never compared on
figures or dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from spacy.tokens import Token

from newsweave.dates import DateRange, DateValue, contract_value
from newsweave.lang import Resources, resources_of
from newsweave.link.claim_parse import (
    AtomicClaim,
    ClaimGroup,
    Number,
    dates_apart,
    deps_in,
    differing_numbers,
    gap,
    has_dep,
    has_lemma,
    is_word,
    lemmas_in,
    number_value,
    per_clause,
    said_to_move,
    same_name,
    shared_entities,
    words_in,
)
from newsweave.link.figures import Point, Series, trend
from newsweave.models import Claim, Conflict, ConflictSide
from newsweave.nlp.embed import Embed
from newsweave.settings import ClaimSettings


class Verdict(NamedTuple):
    attribute: str
    """What differs: number, date, superlative, status, attribution."""
    kind: str
    """contradiction, superseded, wording or compatible (see `models.Conflict`)."""
    explanation: str


@dataclass(frozen=True)
class Context:
    """What every comparison of one story reads besides the two clauses."""

    when: dict[str, DateRange]
    """Publication date (or window) of each article that has one."""
    story_year: int | None
    """The story's latest publication year, else its latest year mentioned: "now" for "in N years"."""
    embed: Embed | None
    res: Resources
    cfg: ClaimSettings
    series_of: dict[tuple[AtomicClaim, Number], int]
    """The developing figure (index into the story's series) each figure of a clause belongs to: figures of
    one running count are judged as a series, not pair by pair."""

    def year(self, article: str) -> int | None:
        return self.when[article].first.year if article in self.when else None

    def newer(self, x: str, y: str) -> str | None:
        """The article surely published later: it starts after the other ends (overlapping windows are not
        ordered)."""
        if x in self.when and y in self.when:
            if self.when[x].first > self.when[y].last:
                return x
            if self.when[y].first > self.when[x].last:
                return y
        return None

    def recent(self, claim: AtomicClaim) -> list[DateRange]:
        """When what the clause reports happened: its event dates, else the days before its article's
        publication (`news_days`), else nothing known."""
        if claim.event_dates:
            return [event.days for event in claim.event_dates]
        published = self.when.get(claim.article)
        if published is None:
            return []
        return [DateRange.between(published.first - timedelta(days=self.cfg.news_days), published.last)]


def detect_conflicts(
    groups: list[ClaimGroup],
    related: list[tuple[int, int, float]],
    published: dict[str, DateRange | None],
    embed: Embed | None,
    res: Resources,
    cfg: ClaimSettings,
    series: list[Series],
) -> list[Conflict]:
    """One conflict per pair of claims and attribute, each side listing every article whose clause was found
    in that conflict with a clause of the other side; and one per developing figure that moved, a side per
    figure reported. `related` holds the candidate pairs of clause rows (each once, with their cosine) from the
    sameness service: only those are judged, each both ways, never every pair of the story."""
    group_of = {row: g for g, group in enumerate(groups) for row in group.rows}
    atoms = {row: member for group in groups for row, member in zip(group.rows, group.members, strict=True)}
    when = {article: dates for article, dates in published.items() if dates is not None}
    story_year = max((d.first.year for d in when.values()), default=None) or max(
        (y for a in atoms.values() for y in a.years), default=None
    )
    series_of = {(p.atom, p.number): k for k, s in enumerate(series) for p in s.points}
    context = Context(when, story_year, embed, res, cfg, series_of)
    across = [  # pairs of clauses of two articles and two claims
        (p, q, c) for p, q, c in related
        if c >= cfg.candidate and p in atoms and q in atoms and atoms[p].article != atoms[q].article
        and group_of[p] != group_of[q]
    ]
    compared = sorted(  # the pairs to judge, each both ways, sorted once the many that cannot differ are left out
        (i, j, cosine) for p, q, cosine in across for i, j in ((p, q), (q, p)) if may_differ(atoms[i], atoms[j])
    )
    if embed is not None:  # the event words `_date` compares, encoded in one batch rather than pair by pair
        dated = {words for i, j, _ in compared for pair in dates_apart(atoms[i], atoms[j]) for x in pair
                 for words in (x.event, x.common) if words}
        embed(sorted(dated))
    found: dict[tuple[int, int, str], tuple[Verdict, list[int], list[int]]] = {}
    for i, j, cosine in compared:
        a, b = atoms[i], atoms[j]
        verdict = judge(a, b, cosine, context)
        if verdict is None:
            continue
        key = (group_of[i], group_of[j], verdict[0])
        flipped = (group_of[j], group_of[i], verdict[0])
        if flipped in found:
            found[flipped][1].append(j)
            found[flipped][2].append(i)
        else:
            found.setdefault(key, (verdict, [], []))
            found[key][1].append(i)
            found[key][2].append(j)
    pairs = [
        Conflict(
            kind=verdict[1],
            explanation=verdict[2],
            attribute=verdict[0],
            sides=[_side(groups[ga], side_a, atoms, when), _side(groups[gb], side_b, atoms, when)],
        )
        for (ga, gb, _), (verdict, side_a, side_b) in found.items()
    ]
    moving = {outcome for atom in atoms.values() for outcome in said_to_move(atom)}
    return pairs + [_series_conflict(s, groups, res, moving) for s in series if s.developed()]


def _series_conflict(series: Series, groups: list[ClaimGroup], res: Resources, moving: set[str]) -> Conflict:
    """A developing figure that moved: an update when it rose with time (or, where dates do not tell, a report
    words itself as a step, "rose to", "feared", "so far", or the story says that count is moving: "the death
    toll continued to rise"), a contradiction when a later report gives a lower toll."""
    points = series.points
    by_value: dict[float, list[Point]] = {}
    for point in points:
        by_value.setdefault(point.number.value, []).append(point)
    shown = " → ".join(same[0].number.text for same in by_value.values())
    direction = trend(series)
    falls = res.words("claims.falling_outcomes")
    if direction == "rising" or (direction == "falling" and points[0].number.state in falls):
        kind, explanation = "superseded", f"a running count, updated across reports: {shown}"
    elif direction == "unordered" and (any(p.number.cue for p in points) or points[0].number.state in moving):
        kind, explanation = "superseded", f"a running count worded as an update; order of reports unknown: {shown}"
    elif direction in {"falling", "mixed"}:
        kind, explanation = "contradiction", f"a later report gives a lower figure of a running count: {shown}"
    else:
        kind, explanation = "contradiction", f"the sources give different figures: {shown}"
    claims = {group.claim.id: group.claim for group in groups}
    return Conflict(
        kind=kind,
        explanation=explanation,
        attribute="number",
        sides=[_point_side(same, claims) for same in by_value.values()],
    )


def _point_side(points: list[Point], claims: dict[str, Claim]) -> ConflictSide:
    articles = list(dict.fromkeys(p.atom.article for p in points))
    evidence = [e for p in points for e in claims[p.claim].support if e.article == p.atom.article]
    return ConflictSide(
        text=points[0].atom.text,
        sources=articles,
        claim=points[0].claim,
        evidence=list({(e.article, e.start): e for e in evidence}.values()),
        published=contract_value(points[0].published),
    )


def may_differ(a: AtomicClaim, b: AtomicClaim) -> bool:
    """Whether the two clauses carry what some check of `judge` compares: both quotes, figures on both sides,
    event dates on both sides, a "first" in `a` and a year in `b`, a pending status in `a` and a done one in
    `b`, or "the only" in both. Most related pairs carry none of these, and read from each clause once
    (`_carries`) this rules them out before the checks' per-pair work (shared names and nouns, years,
    publication windows)."""
    x, y = _carries(a), _carries(b)
    return (
        (x.quote and y.quote) or (x.numbers and y.numbers) or (x.event_dates and y.event_dates)
        or (x.ranks and y.years) or (x.pending and y.done) or (x.only and y.only)
    )


class Carries(NamedTuple):
    """What a clause carries of what `may_differ` looks for."""

    quote: bool
    numbers: bool
    event_dates: bool
    ranks: bool
    years: bool
    pending: bool
    done: bool
    only: bool


@per_clause
def _carries(claim: AtomicClaim) -> Carries:
    return Carries(
        quote=claim.kind == "quote", numbers=bool(claim.numbers), event_dates=bool(claim.event_dates),
        ranks=_ranks(claim) is not None, years=bool(claim.years), pending=bool(_pending(claim)),
        done=bool(_done(claim)), only=_only_phrase(claim) is not None,
    )


def judge(a: AtomicClaim, b: AtomicClaim, similarity: float, context: Context) -> Verdict | None:
    """The first difference found between two related clauses, or None when they do not conflict. Checks
    are ordered; `a` and `b` are tried both ways by the caller, so checks may be one-sided."""
    cfg = context.cfg
    if a.kind == "quote" or b.kind == "quote":
        return _attribution(a, b, similarity, context)
    entity = shared_entities(a, b) > 0
    related = similarity >= cfg.related and (entity or len(a.nouns() & b.nouns()) >= cfg.shared_nouns)
    same_year = not _years_apart(a, b, context)
    figures = same_year and (related or (entity and similarity >= cfg.figure_related)) and not _elsewhere(a, b)
    return (
        (_age(a, b, related) if same_year else None)
        or (_number(a, b, context, loosely=not related) if figures and not _times_apart(a, b, context) else None)
        or (_date(a, b, context, related) if same_year else None)
        or (_first_since(a, b, context) if related else None)
        or _status(a, b, context)
        or (_only(a, b) if shared_entities(a, b) else None)
    )


def _elsewhere(a: AtomicClaim, b: AtomicClaim) -> bool:
    """Clauses that both name someone or somewhere, and nothing in common, count different things
    ("volunteers from Asti brought 10 pumps" / "volunteers from Novi brought 13"): their figures do not
    contradict."""
    return bool(a.names and b.names) and not shared_entities(a, b)


def _years_apart(a: AtomicClaim, b: AtomicClaim, context: Context) -> bool:
    """Whether the two clauses are set in different years: the years they name, else their article's year
    (an undated clause reports the news of its day)."""
    years = [claim.years or {y for y in [context.year(claim.article)] if y} for claim in (a, b)]
    return bool(years[0] and years[1] and not years[0] & years[1])


def _times_apart(a: AtomicClaim, b: AtomicClaim, context: Context) -> bool:
    """Whether what the two clauses report happened at different times (see `Context.recent`): this flood's
    toll and the toll of the one in March are two counts."""
    x, y = context.recent(a), context.recent(b)
    return bool(x and y) and not any(u.overlaps(v) for u in x for v in y)


def _age(a: AtomicClaim, b: AtomicClaim, related: bool) -> Verdict | None:
    """One person given two ages ("Harlow, 41" / "the 40-year-old Harlow"): a person named in both clauses
    needs no other likeness; a person only described ("the suspect") needs related clauses."""
    for x in (n for n in a.numbers if n.holder):
        for y in (n for n in b.numbers if n.holder and x.counts_same(n) and n.value != x.value):
            named = x.holder in a.persons | b.persons or y.holder in a.persons | b.persons
            if named or related:
                return Verdict("number", "contradiction", f"the sources give different ages: “{x.text}” vs “{y.text}”")
    return None


def _number(a: AtomicClaim, b: AtomicClaim, context: Context, loosely: bool) -> Verdict | None:
    """Figures of one unit that cannot both be true (only of one magnitude when the clauses are `loosely`
    related), other than ages and the steps of a developing figure (judged as a series). A later report with a
    higher count of an outcome (the dead, the evacuated) may be an update; a later, lower one contradicts, and
    so does a projection ("the merged group would operate 380 ships"), which news does not update."""
    factor = context.cfg.same_magnitude if loosely else context.cfg.far_apart
    series = context.series_of
    differences = [
        (x, y) for x, y in differing_numbers(a, b)
        if min(x.value, y.value) * factor >= max(x.value, y.value) and not x.holder
        and (series.get((a, x)) is None or series.get((a, x)) != series.get((b, y)))
    ]
    if not differences:
        return None
    first, second = min(differences, key=lambda pair: gap(*pair))
    x, y = first.text, second.text
    newer = context.newer(a.article, b.article)
    later, earlier = (second, first) if newer == b.article else (first, second)
    modal = context.res.labels("syntax.modal_tags")
    projected = any(t.tag_ in modal for claim in (a, b) for t in claim.tokens)
    if newer is not None and later.value > earlier.value and later.state and not projected:
        return Verdict(
            "number", "superseded", f"“{x}” vs “{y}”: the later report ({later.text}) may be an update"
        )
    spread = max((n.interval()[1] - n.value for n in (first, second) if n.bound == "~"), default=0.0)
    if gap(first, second) <= spread:
        return Verdict(
            "number", "wording", f"“{x}” vs “{y}”: an approximate figure, a little further off than usual"
        )
    if newer is not None and later.value < earlier.value:
        return Verdict("number", "contradiction",
                f"the later report gives a lower figure: “{later.text}” vs “{earlier.text}”")
    return Verdict("number", "contradiction", f"the sources give different figures: “{x}” vs “{y}”")


def _date(a: AtomicClaim, b: AtomicClaim, context: Context, related: bool) -> Verdict | None:
    """The same event put on different days or months ("The authority suspended the licence on Wednesday" / "The
    suspension was imposed on Tuesday"): the dated events must be alike (`same_event`, less in `related`
    clauses), however different the rest of the two clauses, and not have different actors."""
    threshold = context.cfg.related_event if related else context.cfg.same_event
    embed = context.embed
    for x, y in dates_apart(a, b):
        if x.actors and y.actors and not any(same_name(v, w, context.res) for v in x.actors for w in y.actors):
            continue  # the Commission vetoed a deal, the court threw out the veto: two events
        if _alike([x.event], [y.event], embed, threshold) or _alike([x.common], [y.common], embed, threshold):
            when = [f"“{d.expression.text}” ({_shown(d.expression.value)})" for d in (x, y)]
            return Verdict("date", "contradiction", f"the sources date it differently: {when[0]} vs {when[1]}")
    return None


def _shown(value: DateValue) -> str:
    return " to ".join(value) if isinstance(value, list) else str(value)


def _status(a: AtomicClaim, b: AtomicClaim, context: Context) -> Verdict | None:
    """`a` says something is not yet confirmed/announced, `b` says it was: the same thing when the objects of
    the two verbs are alike ("his participation" / "Kim's attendance")."""
    pending = _pending(a)
    done = _done(b)
    if not pending or not done:
        return None
    objects = [_object(t) for t in pending], [_object(t) for t in done]
    if not _alike(*objects, context.embed, context.cfg.same_object):
        return None
    newer = context.newer(a.article, b.article)
    if newer == a.article:
        return Verdict(
            "status", "contradiction", "a later report still calls unconfirmed what an earlier one reports as done"
        )
    reason = "the later report" if newer else "the other report (dates unknown or same day)"
    return Verdict("status", "superseded", f"one report says “{_cue(pending[0])}”; {reason} says it happened")


def _cue(verb: Token) -> str:
    """The words that make the status pending, e.g. "yet to confirm", "has not announced"."""
    markers = [
        c for t in (verb, verb.head) for c in t.children
        if has_dep(c, "claims.status_markers") or is_word(c, "claims.pending")
    ]
    start = min([verb.i, *(m.i for m in markers)])
    return verb.doc[start : verb.i + 1].text


def _object(verb: Token) -> str:
    objects = [c for c in verb.children if has_dep(c, "claims.status_object")]
    return objects[0].lemma_.lower() if objects else ""


def _alike(xs: list[str], ys: list[str], embed: Embed | None, threshold: float) -> bool:
    """Whether two lists of short phrases share one, by equality or embedding similarity."""
    xs, ys = [x for x in xs if x], [y for y in ys if y]
    if set(xs) & set(ys):
        return True
    if embed is None or not xs or not ys:
        return False
    vectors = embed([*xs, *ys])
    return bool((vectors[: len(xs)] @ vectors[len(xs) :].T).max() >= threshold)


@per_clause
def _pending(claim: AtomicClaim) -> list[Token]:
    """Status verbs of the clause said not (yet) to have happened."""
    return [t for t in _status_verbs(claim) if _negated(t)]


@per_clause
def _done(claim: AtomicClaim) -> list[Token]:
    return [t for t in _status_verbs(claim) if not _negated(t)]


def _status_verbs(claim: AtomicClaim) -> list[Token]:
    return lemmas_in(claim.tokens, "claims.status_verbs")


def _negated(token: Token) -> bool:
    """"not confirmed", "yet to confirm", "has not been announced": negation on the verb or its governor."""
    scope = [token, token.head] if has_dep(token, "syntax.clausal_complement") else [token]
    return any(has_dep(c, "syntax.negation") or is_word(c, "claims.pending") for t in scope for c in t.children)


def _attribution(a: AtomicClaim, b: AtomicClaim, similarity: float, context: Context) -> Verdict | None:
    if a.kind != "quote" or b.kind != "quote" or similarity < context.cfg.same_words:
        return None
    if a.speaker and b.speaker and not same_name(a.speaker, b.speaker, context.res):
        return Verdict("attribution", "contradiction", f"the same words are given to {a.speaker} and to {b.speaker}")
    return None


def _first_since(a: AtomicClaim, b: AtomicClaim, context: Context) -> Verdict | None:
    """`a` says "first <event> since <year>" (or "in N years", counted back from the story's latest
    publication year, else its latest year mentioned); `b` reports such an event after that year."""
    first = _ranks(a)
    if first is None:
        return None
    since = _since_year(a, context.year(a.article) or context.story_year)
    later = sorted(y for y in b.years if since is not None and y > since)
    if since is None or not later or _ranks(b) or not shared_entities(a, b, persons_only=True):
        return None
    event = _event_noun(first.head)
    if event is None or not _same_kind_of_event(event, b, context):
        return None
    destination = {
        _entity_text(c) for p in event.children if is_word(p, "claims.destination") for c in p.children if c.ent_type_
    }
    if destination and not {d.lower() for d in destination} & b.places:
        where = ", ".join(sorted(destination))
        return Verdict("superlative", "compatible",
                f"“first … since {since}” is limited to {where}; the {later[0]} event was elsewhere")
    return Verdict("superlative", "contradiction",
            f"one report says it is the first since {since}; another reports one in {later[0]}")


@per_clause
def _ranks(claim: AtomicClaim) -> Token | None:
    """The "first" of "first <noun>": such a clause reports an absence of events, never an event."""
    return next((t for t in words_in(claim.tokens, "claims.first") if t.head.pos_ in {"NOUN", "PROPN"}), None)


def _since_year(claim: AtomicClaim, now: int | None) -> int | None:
    """The year of "since <year>", or now minus N for "in (nearly) N years"."""
    for token in claim.tokens:
        if is_word(token, "claims.since") and claim.years:
            return min(claim.years)
        if _counts_years(token) and is_word(token.head, "claims.within") and now is not None:
            count = [c for c in token.children if c.like_num or has_dep(c, "syntax.numeric_modifier")]
            value = _count(count[0]) if count else None
            if value is not None:
                return now - value
    return None


def _counts_years(token: Token) -> bool:
    """A plural of the year unit ("years" of "in 20 years")."""
    units = resources_of(token.doc).table("calendar.units")
    return units.get(token.lower_) == "year" and token.lower_ != token.lemma_.lower()


def _count(token: Token) -> int | None:
    value = number_value(token)
    return int(value) if value is not None else None


def _event_noun(noun: Token) -> Token | None:
    """What "first" ranks: the noun itself, or for "the first time (that) he joined a summit" the object."""
    if not has_lemma(noun, "claims.generic_events"):
        return noun
    for verb in (c for c in noun.children if has_dep(c, "syntax.clause_modifier", "syntax.relative_clause")):
        objects = [c for c in verb.subtree if has_dep(c, "claims.event_object") and c.pos_ == "NOUN"]
        if objects:
            return objects[0]
    return None


def _same_kind_of_event(event: Token, b: AtomicClaim, context: Context) -> bool:
    nouns = [t for t in b.tokens if t.pos_ == "NOUN"]
    candidates = [_noun_phrase(n) for n in nouns] + [n.lower_ for n in nouns]
    return _alike([_noun_phrase(event)], candidates, context.embed, context.cfg.same_kind_of_event)


def _noun_phrase(noun: Token) -> str:
    """The noun with its adjectives and compounds, minus the superlative itself: "international visit"."""
    modifiers = [
        t.text for t in noun.children
        if has_dep(t, "syntax.adjectival_modifier", "syntax.compound") and not is_word(t, "claims.orders")
    ]
    return " ".join([*modifiers, noun.text]).lower()


def _entity_text(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text if token.ent_type_ else token.text


def _only(a: AtomicClaim, b: AtomicClaim) -> Verdict | None:
    """Both say "the only <category>": different categories can both hold; same category, different
    subjects cannot."""
    x, y = _only_phrase(a), _only_phrase(b)
    if x is None or y is None:
        return None
    (x_subject, x_category), (y_subject, y_category) = x, y
    if not x_category & y_category:
        return Verdict("superlative", "compatible",
                "each is “the only” one of a different category, so both can be true")
    if x_subject != y_subject:
        return Verdict("superlative", "contradiction", "the sources name different subjects as the only one")
    return None


@per_clause
def _only_phrase(claim: AtomicClaim) -> tuple[str, set[str]] | None:
    for token in words_in(claim.tokens, "claims.superlatives"):
        if token.head.pos_ == "NOUN":
            noun = token.head
            category = {noun.lemma_.lower()} | {
                c.lemma_.lower() for c in noun.children if has_dep(c, "syntax.compound")
            }
            subjects = deps_in(claim.tokens, "syntax.subject")
            subject = subjects[0].lemma_.lower() if subjects else ""
            return subject, category
    return None


def _side(
    group: ClaimGroup, rows: list[int], atoms: dict[int, AtomicClaim], when: dict[str, DateRange]
) -> ConflictSide:
    """One side of a conflict: the clauses of the claim that were found in conflict with the other side (a
    claim may also hold a looser match that does not carry the point in conflict), worded as the first."""
    first = atoms[rows[0]]
    sources = [s for s in group.claim.sources if s in {atoms[r].article for r in rows}]
    return ConflictSide(
        text=first.text,
        sources=sources,
        claim=group.claim.id,
        evidence=[e for e in group.claim.support if e.article in sources],
        published=contract_value(when.get(first.article)),
    )
