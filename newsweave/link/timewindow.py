"""Publication windows for undated articles, inferred from how their text dates the story's events.

An article that says "next week" about an event another sentence (or another outlet in the same story) dates
"Sept. 3" can only have been written in the week before that one. Every candidate publication day is scored by
how many of the article's relative expressions it makes agree with the story's dated events; the days with the
best score form the window. Two further checks narrow it: events told in the past are not after the writing
nor announced ones before it, and the bare weekdays of one article ("departed on Monday", "scheduled for
Wednesday") fall within one week. The result is a `[start, end]` range, never a guessed day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from statistics import median_low

from newsweave.dates import DateRange, iter_days
from newsweave.models import AnalyzedArticle
from newsweave.nlp.timegrammar import Direction
from newsweave.nlp.timex import UNKNOWN_YEAR_PROBE, Located, LocatedArticle
from newsweave.settings import TimeSettings

RELATIVE_TYPES = ("weekday", "relative")


@dataclass(frozen=True)
class Reference:
    """A day the story names outright, with the words of the event it dates."""

    day: date
    words: frozenset[str]
    tense: Direction
    text: str
    article: str


@dataclass(frozen=True)
class Window:
    published: DateRange
    """Inferred: a single day, or the `[start, end]` run of days the text allows."""
    reason: str


def date_undated_articles(
    members: list[AnalyzedArticle], located: dict[str, LocatedArticle], cfg: TimeSettings
) -> list[AnalyzedArticle]:
    """The story's articles, each undated one with the publication window its text allows. `located` holds
    every article's time expressions (body and captions), found once for the whole link stage."""
    found = {item.article.id: [loc for loc in located[item.article.id].all() if not loc.chrome] for item in members}
    context = story_context(members, found)
    if context is None:
        return members
    references = story_references(members, found, context)
    story_days = sorted(day for item in members if (day := _known_day(item)) is not None)
    return [_with_window(item, found[item.article.id], references, context, story_days, cfg) for item in members]


def _with_window(
    item: AnalyzedArticle,
    located: list[Located],
    references: list[Reference],
    context: date,
    story_days: list[date],
    cfg: TimeSettings,
) -> AnalyzedArticle:
    if item.article.published:
        return item
    window = infer_window(item.article.id, located, references, context, cfg)
    window = window or _fallback_window(located, story_days, cfg)
    if window is None:
        return item
    article = item.article.model_copy(update={"published": window.published, "published_reason": window.reason})
    return replace(item, article=article)


def _known_day(item: AnalyzedArticle) -> date | None:
    published = item.article.published
    return published.first if published is not None and published.exact_day else None


def story_context(members: list[AnalyzedArticle], located: dict[str, list[Located]]) -> date | None:
    """A day near the story: the middle of its known publication dates and the full dates its texts name."""
    days = [day for item in members if (day := _known_day(item)) is not None]
    for locs in located.values():
        days += [
            interval.first
            for loc in locs
            if (interval := _explicit_day(loc)) is not None
        ]
    return median_low(days) if days else None


def story_references(
    members: list[AnalyzedArticle], located: dict[str, list[Located]], context: date
) -> list[Reference]:
    """Days named outright in the story; a missing year comes from the article's date or the story's. An
    article with a known publication day also pins its own weekdays and "yesterday"s: they are references too."""
    references = []
    for item in members:
        dated = _known_day(item)
        own = dated or context
        for loc in located[item.article.id]:
            interval = _explicit_day(loc) or _year_only_day(loc, own) or (_relative_day(loc, dated) if dated else None)
            if interval is not None and loc.words:
                references.append(Reference(interval.first, loc.words, loc.tense, loc.text, item.article.id))
    return references


def infer_window(
    article: str, locs: list[Located], references: list[Reference], context: date, cfg: TimeSettings
) -> Window | None:
    relatives = [loc for loc in locs if loc.match.type in RELATIVE_TYPES and loc.match.resolve is not None]
    if not relatives:
        return None
    own_days = [
        (interval.first, loc.tense)
        for loc in locs
        if (interval := _year_only_day(loc, context) or _explicit_day(loc)) is not None
    ]
    related = [(loc, _related_references(loc, references, article)) for loc in relatives]
    scored: dict[date, list[str]] = {}
    margin = timedelta(days=cfg.window_search_days)
    for day in iter_days(context - margin, context + margin):
        scored[day] = _agreements(day, related, article)
    best = max(len(found) for found in scored.values())
    if best == 0:
        return None
    days = [day for day, found in scored.items() if len(found) == best]
    checked = [
        day
        for day in days
        if _tense_consistent(day, own_days) and _weekdays_within_a_week(day, relatives, cfg.weekday_span_days)
    ]
    checks = " and the tenses and weekdays of the text" if checked and len(checked) < len(days) else ""
    days = checked or days
    first, last = min(days), max(days)
    evidence = "; ".join(dict.fromkeys(scored[first]))
    return Window(DateRange.between(first, last, "inferred"), f"inferred from the text: {evidence}{checks}")


def _fallback_window(located: list[Located], story_days: list[date], cfg: TimeSettings) -> Window | None:
    """Without dated events to agree with, an article that speaks of "yesterday" or "on Friday" is still dated
    by what it comes with: the full date of its own photo caption (the photo is of the news, published the same
    day or the days after), else the publication days of the story's other articles. Only for an article with
    relative expressions, which need a day to mean anything."""
    if not any(loc.match.type in RELATIVE_TYPES and loc.match.resolve is not None for loc in located):
        return None
    captioned = [
        (interval.first, loc.text) for loc in located if loc.part == "caption" and (interval := _explicit_day(loc))
    ]
    if captioned:
        day, text = max(captioned)
        days = cfg.caption_window_days
        window = DateRange.between(day, day + timedelta(days=days), "inferred")
        reason = f"inferred from its photo caption's date '{text}': published then or up to {days} days later"
        return Window(window, reason)
    if story_days:
        window = DateRange.between(story_days[0], story_days[-1] + timedelta(days=cfg.story_window_days), "inferred")
        return Window(window, "inferred from the publication days of the story's other articles")
    return None


def _related_references(loc: Located, references: list[Reference], article: str) -> list[Reference]:
    """Dated events whose clause shares a word with the expression's and is not told in the other tense.

    The article's own come first, for the reason given.
    """
    return sorted(
        (ref for ref in references if loc.words & ref.words and {loc.tense, ref.tense} != {"past", "future"}),
        key=lambda ref: ref.article != article,
    )


def _agreements(day: date, related: list[tuple[Located, list[Reference]]], article: str) -> list[str]:
    """For one candidate publication day, the relative expressions that then match a dated event."""
    found = []
    for loc, references in related:
        if not references:
            continue
        interval = loc.match.resolve(day, loc.tense)
        if interval is None:
            continue
        for ref in references:
            if interval.first <= ref.day <= interval.last:
                where = "" if ref.article == article else f" in article {ref.article}"
                found.append(f"'{loc.text}' = '{ref.text}' ({ref.day.isoformat()}){where}")
                break
    return found


def _tense_consistent(day: date, own_days: list[tuple[date, str | None]]) -> bool:
    """Events told in the past happened by the writing day; announced ones had not yet happened."""
    return all(
        (tense != "past" or when <= day) and (tense != "future" or when >= day) for when, tense in own_days
    )


def _weekdays_within_a_week(day: date, relatives: list[Located], span_days: int) -> bool:
    resolved = [
        interval.first
        for loc in relatives
        if loc.match.type == "weekday" and (interval := loc.match.resolve(day, loc.tense)) is not None
    ]
    return not resolved or (max(resolved) - min(resolved)).days <= span_days


def _explicit_day(loc: Located) -> DateRange | None:
    if loc.match.needs != "none" or loc.match.resolve is None or loc.match.type != "date":
        return None
    interval = loc.match.resolve(UNKNOWN_YEAR_PROBE, loc.tense)
    return interval if interval is not None and interval.granularity == "day" else None


def _relative_day(loc: Located, published: date) -> DateRange | None:
    if loc.match.type not in RELATIVE_TYPES or loc.match.resolve is None:
        return None
    interval = loc.match.resolve(published, loc.tense)
    return interval if interval is not None and interval.granularity == "day" else None


def _year_only_day(loc: Located, anchor: date) -> DateRange | None:
    if loc.match.needs != "year" or loc.match.resolve is None:
        return None
    interval = loc.match.resolve(anchor, loc.tense)
    return interval if interval is not None and interval.granularity == "day" else None
