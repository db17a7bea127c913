"""The story's timeline: dated events, merged across the outlets that report them.

Each dated time expression is read as the event of its clause (predicate, participants, the noun it dates).
Two of them report the same event when their clauses share a content word ("parade", "meet") and their dates
agree: one's days contain the other's, or they overlap and neither is broader than a month. So "the Sept. 3
parade" in one outlet and "scheduled for Wednesday" in another become one entry with both sources. The entry
keeps the most precise date among its sources and every source's own wording as evidence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np
from spacy.tokens import Span, Token

from newsweave.dates import DateRange, parse_point, value_days
from newsweave.lang import Resources, resources_of
from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, TimelineEntry, TimelineEvidence
from newsweave.nlp.annotate import caption_view
from newsweave.nlp.embed import SentenceVectors
from newsweave.nlp.timeclause import (
    event_summary,
    event_words,
    governor,
    sentence_words,
    span_of,
)
from newsweave.nlp.timex import ArticleTimes, Part, TimeExpression
from newsweave.settings import TimeSettings

DATED_TYPES = ("date", "range", "weekday", "relative")  # not language
PARTICIPANTS_MAX = 8
POINT_GRANULARITIES = ("day", "month", "year")  # not language
"""Granularities the contract writes as one string; others (weeks, seasons, decades) as a range of days."""
UNKNOWN_YEAR_STAND_IN = "2001"
"""A non-leap year in which to place a month and day whose year is unknown."""
HOW_RANK = {"explicit": 0, "relative": 1, "inferred": 2}  # not language


@dataclass(frozen=True)
class Dated:
    """One source's dated event, before merging."""

    timex: TimeExpression
    year_known: bool
    first: date
    last: date
    event: str
    words: frozenset[str]
    sentence_words: frozenset[str]
    sentence: str
    sentence_start: int
    participants: tuple[tuple[str | None, str], ...]
    vector: np.ndarray | None = field(default=None, compare=False)
    """The sentence's embedding, when the sentence is one of the body's."""
    last_time: bool = False
    """"The first ... since 2019": dates the previous time, in 2019, not a state lasting since."""


def build_timeline(
    analyzed: list[AnalyzedArticle],
    times: dict[str, ArticleTimes],
    resolution: EntityResolution,
    cfg: TimeSettings,
    vectors: SentenceVectors | None = None,
) -> list[TimelineEntry]:
    """`vectors` (the story's sentence embeddings) lets two outlets' differently worded sentences about the
    same dated event merge ("the court annulled the veto on Wednesday" / "the court's judgment on Wednesday")."""
    rows = {(ref.article, ref.index): i for i, ref in enumerate(vectors.refs)} if vectors is not None else {}
    dated = [
        _with_vector(d, vectors, rows)
        for item in analyzed
        if item.article.id in times
        for d in dated_events(item, times[item.article.id].body, resolution)
    ]
    dated += [
        d
        for item in analyzed
        if item.article.id in times
        for d in caption_events(item, times[item.article.id], resolution)
    ]
    dated = settle_untensed_weekdays(dated, cfg)
    groups = merge_events([d for d in dated if d.year_known], cfg)
    groups = attach_unknown_years(groups, [d for d in dated if not d.year_known], cfg)
    names = {entity.id: entity.name for entity in resolution.entities}
    entries = [timeline_entry(group, names) for group in groups]
    return sorted(entries, key=_entry_order)


def dated_events(
    item: AnalyzedArticle, expressions: list[TimeExpression], resolution: EntityResolution
) -> list[Dated]:
    """The expressions that date an event; "since 2019" dates a state lasting until now, not an event."""
    res = resources_of(item.doc)
    found = []
    for original in expressions:
        timex: TimeExpression | None = _last_time_before(original, item, res) if original.since else original
        if timex is None or timex.type not in DATED_TYPES or timex.chrome:
            continue
        year_known = timex.days is not None
        days = timex.days or _unknown_year_days(timex.value)
        span = span_of(item.doc, timex.start, timex.end)
        if span is None or days is None:
            continue
        sentence = span.sent  # found anew on each ask
        event = event_summary(span) or sentence.text.strip()
        last_time = original.since
        found.append(
            Dated(
                timex=timex,
                year_known=year_known,
                first=days.first,
                last=days.last,
                last_time=last_time,
                event=f"the previous time: {event}" if last_time else event,
                words=frozenset(event_words(span)),
                sentence_words=frozenset(sentence_words(span)),
                sentence=sentence.text,
                sentence_start=sentence.start_char,
                participants=tuple(_participants(item, span, resolution, timex.part, res)),
            )
        )
    return found


def _last_time_before(timex: TimeExpression, item: AnalyzedArticle, res: Resources) -> TimeExpression | None:
    """"Won the cup for the first time since 2019": the cup was last won in 2019, an event of its own. Any
    other "since X" dates a state lasting until now, not an event."""
    before = item.article.text[: timex.start]
    clause = before[max(before.rfind("."), before.rfind(";"), before.rfind(","), 0) :]
    if timex.days is None or not res.pattern("time.first_time").search(clause) or not isinstance(timex.value, list):
        return None
    start = timex.value[0]
    days = parse_point(start)
    if days is None:
        return None
    return timex.model_copy(
        update={  # not language
            "value": start,
            "type": "date",
            "granularity": days.granularity,
            "days": days,
            "note": f"the last time before: '{timex.text}' follows a first time",
        }
    )


def _with_vector(d: Dated, vectors: SentenceVectors | None, rows: dict[tuple[str, int], int]) -> Dated:
    row = rows.get((d.timex.article, d.timex.sentence))
    return d if vectors is None or row is None else replace(d, vector=vectors.vectors[row])


def caption_events(item: AnalyzedArticle, times: ArticleTimes, resolution: EntityResolution) -> list[Dated]:
    """Events dated only in a photo caption ("... speaks with Putin on the phone, Aug. 12"): the cleaner
    takes captions out of the body, but what they date is still news."""
    captions = caption_view(item)
    if captions is None:
        return []
    return dated_events(captions, times.captions, resolution)


def settle_untensed_weekdays(dated: list[Dated], cfg: TimeSettings) -> list[Dated]:
    """A weekday in a clause without tense ("betting in Sunday's final") was read as the nearest such day; when
    another outlet dates the same event on that weekday a week the other way, and none on the day chosen,
    the story settles it (the final was last Sunday, not next)."""
    settled = []
    for d in dated:
        other_way = _other_week(d)
        if other_way is not None:
            elsewhere = [
                e for e in dated
                if e.timex.article != d.timex.article
                and (d.words & e.words or len(d.sentence_words & e.sentence_words) >= cfg.same_date_shared_words)
            ]
            if any(e.first == e.last == other_way for e in elsewhere) and not any(
                e.first == e.last == d.first for e in elsewhere
            ):
                d = _moved(d, other_way)
        settled.append(d)
    return settled


def _other_week(d: Dated) -> date | None:
    anchor = d.timex.anchor
    if d.timex.type != "weekday" or d.timex.tense is not None or d.first != d.last or anchor is None:
        return None
    if not anchor.exact_day:
        return None
    return d.first - timedelta(days=7) if d.first > anchor.first else d.first + timedelta(days=7)


def _moved(d: Dated, day: date) -> Dated:
    note = f"tense unknown; read as {day.isoformat()}, the day other outlets give this event"
    timex = d.timex.model_copy(
        update={"value": day.isoformat(), "days": DateRange(day, day, "day"), "note": note}  # not language
    )
    return replace(d, timex=timex, first=day, last=day)


def merge_events(dated: list[Dated], cfg: TimeSettings) -> list[list[Dated]]:
    """Groups of mentions of one event, grown until no two groups can join.

    Two groups join when every date of one is compatible with every date of the other and some pair of their
    mentions is related: the words may chain ("parade" - "scheduled"), the dates may not, so one broad
    "between 2018 and 2019" cannot pull January 2019 and June 2019 together.

    Each group keeps the days all its dates share (dates that pairwise overlap share some): two groups whose
    shared days do not overlap cannot join, which is told without comparing their mentions, so a big story's
    many dated mentions are not all compared with each other.
    """
    groups = [[d] for d in sorted(dated, key=lambda d: ((d.last - d.first).days, d.first))]
    shared = [(group[0].first, group[0].last) for group in groups]
    i = 0
    while i < len(groups):
        grew = False
        j = i + 1
        while j < len(groups):
            if _overlap(shared[i], shared[j]) and _joinable(groups[i], groups[j], cfg):
                groups[i] += groups.pop(j)
                other = shared.pop(j)
                shared[i] = (max(shared[i][0], other[0]), min(shared[i][1], other[1]))
                grew = True
            else:
                j += 1
        if not grew:
            i += 1
    return groups


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _joinable(a: list[Dated], b: list[Dated], cfg: TimeSettings) -> bool:
    return all(compatible_dates(x, y, cfg) for x in a for y in b) and any(related(x, y, cfg) for x in a for y in b)


def attach_unknown_years(groups: list[list[Dated]], loose: list[Dated], cfg: TimeSettings) -> list[list[Dated]]:
    """A "September 3rd" of an undated article joins the story's dated event on that month and day, if related."""
    grown = [list(group) for group in groups]
    for mention in loose:
        for group in grown:
            if any(_same_calendar_slot(mention, other, cfg) and related(mention, other, cfg) for other in group):
                group.append(mention)
                break
    return grown


def _same_calendar_slot(loose: Dated, dated: Dated, cfg: TimeSettings) -> bool:
    def slot(d: Dated) -> tuple[int, int, int, int]:
        return d.first.month, d.first.day, d.last.month, d.last.day

    return (dated.last - dated.first).days <= cfg.merge_broadest_days and slot(loose) == slot(dated)


def _unknown_year_days(value: object) -> DateRange | None:
    """Days of an `XXXX-MM(-DD)` value in a stand-in year, to compare month and day only."""
    if not isinstance(value, str) or not value.startswith("XXXX"):
        return None
    return parse_point(UNKNOWN_YEAR_STAND_IN + value[4:])


def related(a: Dated, b: Dated, cfg: TimeSettings) -> bool:
    """Clauses sharing a word; sentences of two outlets saying nearly the same; with the very same date,
    sentences sharing two words will do."""
    if a.words & b.words:
        return True
    if a.vector is not None and b.vector is not None and float(a.vector @ b.vector) >= cfg.same_event_cosine:
        return True
    same_date = (a.first, a.last) == (b.first, b.last)
    return same_date and len(a.sentence_words & b.sentence_words) >= cfg.same_date_shared_words


def compatible_dates(a: Dated, b: Dated, cfg: TimeSettings) -> bool:
    """Same days, one inside the other (a stated period, or the year of a "first since", only with itself), or
    two narrow overlapping ones."""
    if a.last < b.first or b.last < a.first:
        return False
    same = (a.first, a.last) == (b.first, b.last)
    if same:
        return True
    if a.timex.type == "range" or b.timex.type == "range" or a.last_time or b.last_time:
        return False  # "first visit since 2019" does not say which 2019 visit
    if (a.first <= b.first and b.last <= a.last) or (b.first <= a.first and a.last <= b.last):
        return True
    return max((a.last - a.first).days, (b.last - b.first).days) + 1 <= cfg.merge_broadest_days


def timeline_entry(group: list[Dated], names: dict[str, str]) -> TimelineEntry:
    best = min(group, key=lambda d: (not d.year_known, (d.last - d.first).days, HOW_RANK[d.timex.how]))
    sources = list(dict.fromkeys(d.timex.article for d in group))
    when = contract_date(best.timex)
    event = _event_text(group)
    participants: dict[str, str | None] = {}
    for d in group:
        for entity, name in d.participants:
            label = names.get(entity, name) if entity else name
            participants.setdefault(label, entity)
    places = ",".join(sorted(f"{d.timex.article}:{d.timex.part}:{d.timex.start}" for d in group))
    digest = hashlib.sha1(f"{when}|{event}|{places}".encode()).hexdigest()[:12]
    return TimelineEntry(
        id=f"time-{digest}",
        date=when,
        event=event,
        expression=best.timex.text,
        how=best.timex.how,
        sources=sources,
        granularity=best.timex.granularity or "",
        approximate=best.timex.approximate,
        participants=list(participants)[:PARTICIPANTS_MAX],
        participant_ids=list(dict.fromkeys(e for e in participants.values() if e))[:PARTICIPANTS_MAX],
        note=best.timex.note,
        evidence=[
            TimelineEvidence(
                article=d.timex.article, expression=d.timex.text, sentence=d.sentence, value=d.timex.value,
                how=d.timex.how, start=d.timex.start, end=d.timex.end, sentence_start=d.sentence_start,
                part=d.timex.part,
            )
            for d in group
        ],
    )


def contract_date(timex: TimeExpression) -> str | list[str]:
    """The contract's date forms: a day, month or year as is; weeks, seasons, decades as a range of days."""
    if isinstance(timex.value, list):
        return timex.value
    assert timex.days is not None
    if timex.granularity in POINT_GRANULARITIES:
        return timex.days.contract()
    return [timex.days.first.isoformat(), timex.days.last.isoformat()]


def _event_text(group: list[Dated]) -> str:
    """The wording that shares most words with the other sources, then says most; the shorter on a tie."""

    def score(d: Dated) -> tuple[int, int, int]:
        shared = sum(len(d.words & other.words) for other in group if other is not d)
        return (-shared, -len(d.words), len(d.event))

    return min(group, key=score).event


def _participants(
    item: AnalyzedArticle, span: Span, resolution: EntityResolution, part: Part, res: Resources
) -> list[tuple[str | None, str]]:
    """Named entities inside the clause the expression dates, as (entity id or None, surface name). Caption
    names were not resolved with the body's mentions: they are looked up by alias."""
    head = governor(span)
    clause = head.head if head.pos_ not in ("VERB", "AUX") and head.head.pos_ in ("VERB", "AUX") else head
    sentence = span.sent
    ranges = [(clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge))]
    subject = _borrowed_subject(clause, res.labels("syntax.subject"))
    if subject is not None:
        ranges.append((subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)))
    ranges = [(max(low, sentence.start_char), min(high, sentence.end_char)) for low, high in ranges]
    return [
        (
            resolution.entity_at(item.article.id, m.start, m.end)
            if part == "body"
            else resolution.entity_named(item.article.id, m.text, m.label),
            m.text,
        )
        for m in item.mentions
        if m.label in res.labels("syntax.participant") and any(low <= m.start and m.end <= high for low, high in ranges)
    ]


def _borrowed_subject(clause: Token, subject_labels: frozenset[str]) -> Token | None:
    """A dated verb without a subject of its own ("... speaks to *striking* workers on Sept. 18", "arrived
    and *met* Xi on Monday") shares the subject of the verb it hangs on: the participant is there."""
    if clause.pos_ not in ("VERB", "AUX") or any(c.dep_ in subject_labels for c in clause.children):
        return None
    for verb in clause.ancestors:
        subject = next((c for c in verb.children if c.dep_ in subject_labels), None)
        if subject is not None:
            return subject
    return None


def _entry_order(entry: TimelineEntry) -> tuple[date, date, str]:
    days = value_days(entry.date)
    assert days is not None
    return days[0], days[1], entry.event
