"""Time expressions found in an article and normalized to calendar values against its publication date.

Values follow TIMEX3: `2025-09-03`, `2025-W36`, `2024-06`, `2019`, `201` (a decade), `P6Y`, `PT70M`, and a
`[start, end]` list for ranges. The anchor is `article.published`; when that is an inferred window, every day of
the window is tried and a value the window cannot pin down becomes a range instead of a guessed day. Without any
anchor, a year comes from a full date named in the same text, and a value that needs the day stays unresolved.
`days` gives every value as the run of calendar days it covers, so other stages compare values of any
granularity.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field
from spacy.tokens import Span

from newsweave.dates import ContractDate, DateRange, Granularity
from newsweave.lang import Resources, resources_of
from newsweave.models import AnalyzedArticle, Article
from newsweave.nlp.annotate import caption_view, doc_text
from newsweave.nlp.timeclause import direction, event_words, page_chrome, span_of
from newsweave.nlp.timegrammar import (
    Direction,
    Match,
    TimexType,
    duration_value,
    find_matches,
    grammar_of,
)
from newsweave.settings import TimeSettings

How = Literal["explicit", "relative", "inferred"]
Part = Literal["body", "caption"]
"""Where an expression sits: the cleaned body (`Article.text`) or the photo captions (`Article.captions`)."""
LISTED_VALUES_MAX = 4
"""An uncertain value's note names the candidates when there are this few ("one of 2025-08-21, 2025-08-28")."""
SATURDAY = 5
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
    anchor: ContractDate = Field(None, description="The publication date or window it was resolved against.")
    days: ContractDate = Field(None, description="The calendar days covered, to compare values of any granularity.")
    tense: Literal["past", "future"] | None = None
    sentence: int = 0
    since: bool = Field(False, description="\"since X\": a state lasting from X until the anchor.")
    chrome: bool = Field(False, description="The page dating itself (\"published 9 years ago\"), not an event.")
    note: str = ""
    pieces: list[tuple[int, int]] = Field(
        default_factory=list, description="Spans of the dates a range is made of (\"since [1901]\"), as TimeML marks them."
    )
    age: bool = Field(False, description="A duration said as an age (\"a 6-year-old boy\").")


@dataclass(frozen=True)
class Located:
    """A grammar match with what the parse says about it, before it is resolved against an anchor."""

    match: Match
    text: str
    tense: Direction
    words: frozenset[str]
    sentence: int
    part: Part = "body"
    chrome: bool = False
    """The page dating itself ("published 9 years ago"), not the news."""


@dataclass(frozen=True)
class LocatedArticle:
    """Every time expression of one article, body and captions, found once and resolved as often as its
    publication date changes (a window inferred from the story comes after the expressions are found)."""

    body: list[Located]
    captions: list[Located]

    def all(self) -> list[Located]:
        return self.body + self.captions


@dataclass(frozen=True)
class ArticleTimes:
    """An article's time expressions resolved against its publication date or window."""

    body: list[TimeExpression]
    captions: list[TimeExpression]


def find_time_expressions(
    item: AnalyzedArticle, part: Part = "body", cfg: TimeSettings | None = None
) -> list[TimeExpression]:
    """`part` says which text `item` holds: the body, or the captions (`nlp.annotate.caption_view`). One pass of
    the grammar and one resolution; the pipeline keeps the located expressions instead (`locate_article`)."""
    return resolve_located(item.article, locate(item, part, cfg=cfg))


def locate_article(item: AnalyzedArticle, cfg: TimeSettings) -> LocatedArticle:
    captions = caption_view(item)
    return LocatedArticle(
        body=locate(item, "body", cfg=cfg),
        captions=locate(captions, "caption", cfg=cfg) if captions is not None else [],
    )


def resolve_article(article: Article, located: LocatedArticle) -> ArticleTimes:
    return ArticleTimes(
        body=resolve_located(article, located.body), captions=resolve_located(article, located.captions)
    )


def resolve_located(article: Article, located: list[Located]) -> list[TimeExpression]:
    """Values against the article's publication date or window; without one, against the latest full date the
    same text names (for the year only)."""
    published = article.published
    context = None if published else text_context(located)
    return [resolve(article.id, loc, published, context) for loc in located]


def locate(
    item: AnalyzedArticle, part: Part = "body", res: Resources | None = None, cfg: TimeSettings | None = None
) -> list[Located]:
    """Grammar matches plus spaCy DATE/TIME entities the grammar missed, each read in its clause. The language
    data is the document's own (`resources_of`) unless given."""
    res = res or resources_of(item.doc)
    text = item.article.text
    grammar = find_matches(text, res, cfg or TimeSettings())
    matches = grammar + _vague_entities(item, grammar, res)
    located: list[Located] = []
    for match in sorted(matches, key=lambda m: m.start):
        span = span_of(item.doc, match.start, match.end)
        if span is None or _not_a_time(span, match, item, res):
            continue
        located.append(
            Located(
                match=match,
                text=text[match.start : match.end],
                tense=direction(span),
                words=frozenset(event_words(span)),
                sentence=_sentence_of(item, match.start),
                part=part,
                chrome=page_chrome(span),
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


def resolve(article: str, loc: Located, published: DateRange | None, context: date | None) -> TimeExpression:
    match = loc.match
    base = TimeExpression(
        article=article, part=loc.part, start=match.start, end=match.end, text=loc.text, value=match.fixed,
        type=match.type, approximate=match.approximate, tense=loc.tense, sentence=loc.sentence, since=match.since,
        chrome=loc.chrome, pieces=list(match.pieces), age=match.age,
        granularity="time" if match.type == "time" else "duration" if match.fixed else None,
        how="relative" if match.fixed == "PAST_REF" or match.anaphoric else "explicit", note=match.note,
    )
    if match.resolve is None:
        return base
    if match.needs == "none":
        interval = match.resolve(UNKNOWN_YEAR_PROBE, loc.tense)
        return _with_interval(base, interval, match) if interval else base
    if published is not None:
        intervals = {match.resolve(day, loc.tense) for day in published.days()} - {None}
        if not intervals:
            return base
        how: How = "inferred" if published.inferred or not published.exact_day else "relative"
        resolved = base.model_copy(update={"how": how, "anchor": published})
        first = min(i.first for i in intervals)
        last = max(i.last for i in intervals)
        granularity = next(iter(intervals)).granularity
        values = {str(i.value(as_range=match.type == "range")) for i in intervals}
        if len(values) == 1:
            return _with_interval(resolved, DateRange(first, last, granularity), match)
        listed = f": one of {', '.join(sorted(values))}" if len(values) <= LISTED_VALUES_MAX else ""
        window = f"{published.first}..{published.last}"
        note = f"the publication window {window} leaves {len(values)} possible values{listed}"
        return _with_interval(resolved, DateRange(first, last, granularity), match, note, as_range=True)
    if context is not None and (match.needs == "year" or match.type == "range"):
        interval = match.resolve(context, loc.tense)
        note = f"no publication date: resolved against {context.isoformat()}, the latest full date in the text"
        if interval:
            return _with_interval(base.model_copy(update={"how": "inferred"}), interval, match, note)
    if match.needs == "year":
        interval = match.resolve(UNKNOWN_YEAR_PROBE, loc.tense)
        if interval:
            masked = "XXXX" + str(interval.value())[4:]
            return base.model_copy(
                update={  # not language
                    "value": masked,
                    "granularity": interval.granularity,
                    "how": "inferred",
                    "note": _notes(base.note, "year unknown"),
                }
            )
    unresolved = _notes(base.note, "no publication date to resolve against")
    return base.model_copy(update={"how": "inferred", "note": unresolved})


def _with_interval(
    base: TimeExpression, interval: DateRange, match: Match, note: str = "", as_range: bool = False
) -> TimeExpression:
    value = interval.value(as_range=as_range or match.type == "range")
    if match.clock and interval.granularity == "day" and isinstance(value, str):
        value += match.clock  # TIMEX3 day and time: 1998-02-11T22:00
    return base.model_copy(
        update={  # not language
            "value": value,
            "granularity": interval.granularity,
            "days": interval,
            "note": _notes(base.note, note),
        }
    )


def timeml_view(expressions: list[TimeExpression], text: str) -> list[TimeExpression]:
    """The expressions as TimeML marks them (TempEval-3 gold, HeidelTime's output), to be compared with them.

    newsweave keeps a range with its signal ("since 1901": 1901 up to the publication day; "between 1994 and
    1997"); TimeML marks each date of a range apart without the signal words and a weekend by its week
    (`1990-W32-WE`), and TimeBank marks no ages."""
    view = []
    for timex in expressions:
        if timex.age:
            continue
        if timex.pieces and isinstance(timex.value, list):
            ends = [timex.value[0], timex.value[-1]][: len(timex.pieces)]
            view += [
                timex.model_copy(update={"start": start, "end": end, "text": text[start:end], "value": value})  # not language
                for (start, end), value in zip(timex.pieces, ends, strict=True)
            ]
            continue
        view.append(timex.model_copy(update={"value": _timeml_value(timex)}))
    return view


def _timeml_value(timex: TimeExpression) -> str | list[str] | None:
    days = timex.days
    if days is not None and days.first.weekday() == SATURDAY and (days.last - days.first).days == 1:
        year, week, _ = days.first.isocalendar()
        return f"{year}-W{week:02d}-WE"
    return timex.value


def _notes(*notes: str) -> str:
    """An anaphoric value keeps what it counts from ("relative to 'Monday'") beside any later note."""
    return "; ".join(note for note in notes if note)






def _vague_entities(item: AnalyzedArticle, matches: list[Match], res: Resources) -> list[Match]:
    """spaCy DATE/TIME spans the grammar has no value for but that name a unit ("the years"): vague durations."""
    extra = []
    time_labels = res.labels("syntax.time")
    unit_word = res.pattern("time.unit_word")
    for mention in item.mentions:
        if mention.label not in time_labels or any(m.start < mention.end and mention.start < m.end for m in matches):
            continue
        unit = unit_word.search(mention.text)
        if unit is None:
            continue
        value = duration_value("X", grammar_of(res).words.unit(unit.group(1)))
        extra.append(Match(mention.start, mention.end, "duration", "none", fixed=value, approximate=True))
    return extra


def _counts_things(span: Span, match: Match, res: Resources) -> bool:
    """A bare year-like number that counts things ("some 2000 troops") is not a year; after a definite article
    or a possessive it names the year of the things ("the 1992 protests", "the company's 1989 results")."""
    if match.type != "date" or len(span) != 1 or not span[0].like_num:
        return False
    token = span[0]
    before = token.nbor(-1) if token.i > 0 else None
    determined = before is not None and (
        "Def" in before.morph.get("Definite") or before.tag_ in res.labels("time.possessive_tags")
    )
    return (
        token.dep_ in res.labels("syntax.numeric_modifier")
        and token.head.pos_ == "NOUN"
        and "Plur" in token.head.morph.get("Number")
        and not determined
    )


def _not_a_time(span: Span, match: Match, item: AnalyzedArticle, res: Resources) -> bool:
    return (
        _counts_things(span, match, res) or _inside_a_name(item, match, res) or _a_rate(span, match, res)
        or _in_a_title(span, match, res)
    )


def _in_a_title(span: Span, match: Match, res: Resources) -> bool:
    """"ABC's This Week", "High Noon", "60 Minutes": a time word English writes in lower case, capitalised
    right after a word, is part of a title or a name (a holiday's "Day" is a date's own name)."""
    if match.type not in ("relative", "duration", "time"):  # not language
        return False
    lower_case = res.words("time.lower_case_words")
    text = doc_text(span.doc)
    return any(
        token.is_title and token.lower_ in lower_case and text[: token.idx].rstrip()[-1:].isalnum() for token in span
    )


def _a_rate(span: Span, match: Match, res: Resources) -> bool:
    """"Four flights a week", "$2 million a year": the unit divides a figure, it measures no time."""
    root = span.root
    return match.per_unit and root.dep_ in res.labels("time.rate_attachment") and root.head.pos_ not in ("VERB", "AUX")


def _inside_a_name(item: AnalyzedArticle, match: Match, res: Resources) -> bool:
    """"the Sunday Times", "Tuesday Group": a weekday or relative word inside a name dates nothing."""
    names = res.labels("time.name_entities")
    return match.type in ("weekday", "relative") and any(
        m.label in names and m.start <= match.start and match.end <= m.end for m in item.mentions
    )


def _sentence_of(item: AnalyzedArticle, offset: int) -> int:
    index = 0
    for sentence in item.sentences:
        if sentence.start <= offset:
            index = sentence.index
        else:
            break
    return index
