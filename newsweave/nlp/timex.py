"""Time expressions found in an article and normalized to calendar values against its publication date.

Values follow TIMEX3: `2025-09-03`, `2025-W36`, `2024-06`, `2019`, `201` (a decade), `P6Y`, `PT70M`, and a
`[start, end]` list for ranges. The anchor is `article.published`; when that is an inferred window, every day of
the window is tried and a value the window cannot pin down becomes a range instead of a guessed day. Without any
anchor, a year comes from a full date named in the same text, and a value that needs the day stays unresolved.
`days` gives every value as first and last calendar day so other stages can compare values of any granularity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field
from spacy.tokens import Span

from newsweave.dates import DateRange, DateValue, Granularity, iter_days, value_days
from newsweave.models import AnalyzedArticle
from newsweave.nlp.timeclause import direction, event_words, span_of
from newsweave.nlp.timegrammar import Direction, Match, TimexType, duration_value, find_matches, unit_name

How = Literal["explicit", "relative", "inferred"]
Part = Literal["body", "caption"]
"""Where an expression sits: the cleaned body (`Article.text`) or the photo captions (`Article.captions`)."""
UNIT_WORDS = re.compile(r"\b(second|minute|hour|day|week|month|year|decade|centur(?:y|ies))s?\b", re.IGNORECASE)
TIME_LABELS = ("DATE", "TIME")
NAME_LABELS = ("ORG", "PERSON", "WORK_OF_ART", "FAC", "PRODUCT", "LAW")
INFERRED_PREFIX = "inferred"
"""`published_reason` of a window set by `newsweave.link.timewindow`: resolutions against it are inferred."""
LISTED_VALUES_MAX = 4
"""An uncertain value's note names the candidates when there are this few ("one of 2025-08-21, 2025-08-28")."""
UNKNOWN_YEAR_PROBE = date(2001, 7, 1)
"""Any non-leap day: resolves a month or month-day whose year is unknown, the year is then masked as XXXX."""


class TimeExpression(BaseModel):
    article: str
    part: Part = Field("body", description="`start`/`end` point into `Article.text` (body) or `Article.captions`.")
    start: int
    end: int
    text: str
    value: str | list[str] | None = Field(description="TIMEX3-like value; a [start, end] list for a range.")
    type: TimexType = "date"
    granularity: Granularity | None = None
    approximate: bool = Field(False, description="Hedged (\"nearly\", \"some\", \"mid-\") or vague.")
    how: How = "explicit"
    anchor: DateValue = Field(None, description="The publication date or window it was resolved against.")
    days: list[str] | None = Field(None, description="First and last calendar day covered, for comparisons.")
    tense: Literal["past", "future"] | None = None
    sentence: int = 0
    note: str = ""


@dataclass(frozen=True)
class Located:
    """A grammar match with what the parse says about it, before it is resolved against an anchor."""

    match: Match
    text: str
    tense: Direction
    words: frozenset[str]
    sentence: int


def find_time_expressions(item: AnalyzedArticle, part: Part = "body") -> list[TimeExpression]:
    """`part` says which text `item` holds: the body, or the captions (`nlp.annotate.caption_view`)."""
    located = locate(item)
    anchor = value_days(item.article.published)
    inferred_anchor = item.article.published_reason.startswith(INFERRED_PREFIX)
    context = None if anchor else text_context(located)
    return [
        resolve(item.article.id, loc, anchor, inferred_anchor, item.article.published, context).model_copy(
            update={"part": part}
        )
        for loc in located
    ]


def locate(item: AnalyzedArticle) -> list[Located]:
    """Grammar matches plus spaCy DATE/TIME entities the grammar missed, each read in its clause."""
    text = item.article.text
    grammar = find_matches(text)
    matches = grammar + _vague_entities(item, grammar)
    located: list[Located] = []
    for match in sorted(matches, key=lambda m: m.start):
        span = span_of(item.doc, match.start, match.end)
        if span is None or _counts_things(span, match) or _inside_a_name(item, match):
            continue
        located.append(
            Located(
                match=match,
                text=text[match.start : match.end],
                tense=direction(span),
                words=frozenset(event_words(span)),
                sentence=_sentence_of(item, match.start),
            )
        )
    return _in_reference_tense(located)


def _in_reference_tense(located: list[Located]) -> list[Located]:
    """An anaphoric expression is resolved in the tense of the expression it counts from ("They met on
    Monday. The following week the plan will be published": Monday is past), down a chain of anaphors."""
    tenses: dict[int, Direction] = {}
    result = []
    for loc in located:
        reference = loc.match.reference
        tense = tenses.get(reference, loc.tense) if reference is not None else loc.tense
        tenses[loc.match.start] = tense
        if reference is not None and reference in tenses and loc.match.resolve is not None:
            resolve = loc.match.resolve
            loc = replace(loc, match=replace(loc.match, resolve=lambda day, _, r=resolve, t=tense: r(day, t)))
        result.append(loc)
    return result






def text_context(located: list[Located]) -> date | None:
    """Without a publication date, the latest full date the text names stands in for the year."""
    days = [
        interval.first
        for loc in located
        if loc.match.needs == "none" and loc.match.resolve is not None
        and (interval := loc.match.resolve(UNKNOWN_YEAR_PROBE, None)) is not None and interval.granularity == "day"
    ]
    return max(days) if days else None


def resolve(
    article: str,
    loc: Located,
    anchor: tuple[date, date] | None,
    inferred_anchor: bool,
    published: DateValue,
    context: date | None,
) -> TimeExpression:
    match = loc.match
    base = TimeExpression(
        article=article, start=match.start, end=match.end, text=loc.text, value=match.fixed, type=match.type,
        approximate=match.approximate, tense=loc.tense, sentence=loc.sentence,
        granularity="time" if match.type == "time" else "duration" if match.fixed else None,
        how="relative" if match.fixed == "PAST_REF" or match.anaphoric else "explicit", note=match.note,
    )
    if match.resolve is None:
        return base
    if match.needs == "none":
        interval = match.resolve(UNKNOWN_YEAR_PROBE, loc.tense)
        return _with_interval(base, interval, match.type) if interval else base
    if anchor is not None:
        intervals = {match.resolve(day, loc.tense) for day in iter_days(*anchor)} - {None}
        if not intervals:
            return base
        how: How = "inferred" if inferred_anchor or anchor[0] != anchor[1] else "relative"
        resolved = base.model_copy(update={"how": how, "anchor": published})
        first = min(i.first for i in intervals)
        last = max(i.last for i in intervals)
        granularity = next(iter(intervals)).granularity
        values = {str(i.value(as_range=match.type == "range")) for i in intervals}
        if len(values) == 1:
            return _with_interval(resolved, DateRange(first, last, granularity), match.type)
        listed = f": one of {', '.join(sorted(values))}" if len(values) <= LISTED_VALUES_MAX else ""
        note = f"the publication window {anchor[0]}..{anchor[1]} leaves {len(values)} possible values{listed}"
        return _with_interval(resolved, DateRange(first, last, granularity), "range", note)
    if context is not None and (match.needs == "year" or match.type == "range"):
        interval = match.resolve(context, loc.tense)
        note = f"no publication date: resolved against {context.isoformat()}, the latest full date in the text"
        if interval:
            return _with_interval(base.model_copy(update={"how": "inferred"}), interval, match.type, note)
    if match.needs == "year":
        interval = match.resolve(UNKNOWN_YEAR_PROBE, loc.tense)
        if interval:
            masked = "XXXX" + str(interval.value())[4:]
            return base.model_copy(
                update={
                    "value": masked, "granularity": interval.granularity, "how": "inferred",
                    "note": _notes(base.note, "year unknown"),
                }
            )
    unresolved = _notes(base.note, "no publication date to resolve against")
    return base.model_copy(update={"how": "inferred", "note": unresolved})


def _with_interval(base: TimeExpression, interval: DateRange, kind: TimexType, note: str = "") -> TimeExpression:
    return base.model_copy(
        update={
            "value": interval.value(as_range=kind == "range"),
            "granularity": interval.granularity,
            "days": [interval.first.isoformat(), interval.last.isoformat()],
            "note": _notes(base.note, note),
        }
    )


def _notes(*notes: str) -> str:
    """An anaphoric value keeps what it counts from ("relative to 'Monday'") beside any later note."""
    return "; ".join(note for note in notes if note)






def _vague_entities(item: AnalyzedArticle, matches: list[Match]) -> list[Match]:
    """spaCy DATE/TIME spans the grammar has no value for but that name a unit ("the years"): vague durations."""
    extra = []
    for mention in item.mentions:
        if mention.label not in TIME_LABELS or any(m.start < mention.end and mention.start < m.end for m in matches):
            continue
        unit = UNIT_WORDS.search(mention.text)
        if unit is None:
            continue
        value = duration_value("X", unit_name(unit.group(1)))
        extra.append(Match(mention.start, mention.end, "duration", "none", fixed=value, approximate=True))
    return extra


def _counts_things(span: Span, match: Match) -> bool:
    """A bare year-like number that counts things ("2000 troops") is not a year."""
    if match.type != "date" or len(span) != 1 or not span[0].like_num:
        return False
    token = span[0]
    return token.dep_ == "nummod" and token.head.pos_ == "NOUN" and "Plur" in token.head.morph.get("Number")


def _inside_a_name(item: AnalyzedArticle, match: Match) -> bool:
    """"the Sunday Times", "Tuesday Group": a weekday or relative word inside a name dates nothing."""
    return match.type in ("weekday", "relative") and any(
        m.label in NAME_LABELS and m.start <= match.start and match.end <= m.end for m in item.mentions
    )


def _sentence_of(item: AnalyzedArticle, offset: int) -> int:
    index = 0
    for sentence in item.sentences:
        if sentence.start <= offset:
            index = sentence.index
        else:
            break
    return index
