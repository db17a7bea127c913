"""A small grammar of English time expressions, each match carrying a resolver to calendar days.

spaCy's DATE/TIME entities give spans but no values, and they drop the signals that change a value
("since 2019", "between 2018 and 2019", "last year in June"). Each grammar match keeps a resolver: a function
from a publication day (and the tense of its clause) to the calendar interval meant, so the same match can be
resolved against one known date or against every day of an inferred publication window.

Some expressions count from another date of the text, not from the publication day ("Kim arrived on Sept. 2.
The next day he watched the parade"; TimeML's anaphoric expressions). Their resolver composes the resolver of
that reference with a shift, so they too work against a known day or a whole window, and they carry no value
when no fitting reference precedes them: a guess from the publication day would be a confident wrong date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from newsweave.dates import (
    DateRange,
    Granularity,
    day_range,
    month_range,
    quarter_range,
    safe_date,
    season_range,
    shift_months,
    week_range,
    year_range,
)

TimexType = Literal["date", "time", "duration", "set", "range", "weekday", "relative"]
Direction = Literal["past", "future"] | None
Needs = Literal["none", "year", "day"]
"""What a match needs from the anchor: nothing (explicit), only a year, or the day itself (relative)."""


Resolver = Callable[[date, Direction], DateRange | None]


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    type: TimexType
    needs: Needs
    resolve: Resolver | None = None
    fixed: str | None = None
    approximate: bool = False
    anaphoric: bool = False
    """Counted from another expression of the text rather than from the publication day."""
    note: str = ""
    """How the value was obtained or why there is none ("relative to 'Sept. 2'")."""
    counts: tuple[str, int] | None = None
    """Unit and steps of "the day after <event>", kept in case a date names the event ("Sunday's final")."""
    reference: int | None = None
    """Start of the expression an anaphoric match counts from, whose clause gives the tense to read it in."""


# --------------------------------------------------------------------------- vocabulary

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December)(?![A-Za-z])"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|(?![A-Za-z])))"
)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
VAGUE_NUMBERS = ("a few", "few", "several", "a couple of", "many", "some")
NUMBER = r"(?P<n>\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + "|" + "|".join(
    VAGUE_NUMBERS
) + ")"
APPROXIMATORS = (
    "nearly", "almost", "about", "around", "some", "roughly", "approximately", "more than", "over", "at least",
    "less than", "under", "up to", "close to",
)
DURATION_CODES = {
    "second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE",
    "century": "CE",
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
ANAPHOR_UNITS = {
    "day": "day", "morning": "day", "afternoon": "day", "evening": "day", "night": "day", "week": "week",
    "month": "month", "year": "year",
}
"""The calendar unit an anaphoric expression counts in ("the next morning" moves by a day)."""
UNIT_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
"""A reference must be at least as fine as the unit counted: "the next day" needs a day, not "in June"."""
SHIFT_STEPS = {
    "next": 1, "following": 1, "after": 1, "later": 1, "afterward": 1, "afterwards": 1, "previous": -1,
    "preceding": -1, "before": -1, "earlier": -1, "prior": -1,
}
REFERENCE_PARAGRAPHS = 2
"""An anaphoric expression counts from a date in its own paragraph or the one before, not from farther back."""
GRANULARITY_PROBE = date(2001, 7, 1)
"""Any day: a resolver's granularity does not depend on the day it is resolved against."""
HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "new year's eve": (12, 31), "new year's day": (1, 1), "valentine's day": (2, 14), "halloween": (10, 31),
    "independence day": (7, 4),
}
"""Holidays on the same calendar day every year (movable feasts like Easter are not here)."""
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9), "winter": ("WI", 12)}
"""TIMEX3 season code and first month (northern hemisphere, meteorological seasons)."""


# --------------------------------------------------------------------------- calendar helpers
















def month_number(name: str) -> int:
    return MONTHS[name[:3].lower()]


def number_value(word: str) -> int | None:
    """The count a number word stands for; None for vague counts ("a few", "several")."""
    word = word.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if re.fullmatch(r"\d+", word):
        return int(word)
    return None


def unit_name(word: str) -> str:
    """"Years" -> "year", "centuries" -> "century": the keys of DURATION_CODES."""
    word = word.lower()
    return "century" if word.startswith("centur") else word.removesuffix("s")


def duration_value(amount: str, unit: str) -> str:
    """TIMEX3 duration: `P6Y`, `PT70M`; `amount` is `X` for a vague count ("several years" -> `PXY`)."""
    code = DURATION_CODES[unit]
    return f"PT{amount}{code[1]}" if code.startswith("T") else f"P{amount}{code}"




def shift_interval(day: date, unit: str, steps: int) -> DateRange:
    """The day, week, month or year `steps` units from `day`."""
    if unit == "day":
        return day_range(day + timedelta(days=steps))
    if unit == "week":
        return week_range(day + timedelta(weeks=steps))
    if unit == "month":
        return month_range(*shift_months(day, steps))
    return year_range(day.year + steps)


# --------------------------------------------------------------------------- resolvers


def pick_year(month: int, day: int | None, anchor: date, direction: Direction) -> int | None:
    """Year of a month (and day) given without one: the nearest occurrence, on the side the tense points to."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        when = safe_date(year, month, day or 1)
        if when is None:
            continue
        if day is None:
            interval = month_range(year, month)
            distance = 0 if interval.first <= anchor <= interval.last else min(
                abs((interval.first - anchor).days), abs((interval.last - anchor).days)
            )
            ok = (direction != "past" or interval.first <= anchor) and (
                direction != "future" or interval.last >= anchor
            )
        else:
            distance = abs((when - anchor).days)
            ok = (direction != "past" or when <= anchor + timedelta(days=1)) and (
                direction != "future" or when >= anchor - timedelta(days=1)
            )
        candidates.append((not ok, distance, year))
    return min(candidates)[2] if candidates else None


def weekday_resolver(weekday: int, relation: str | None) -> Resolver:
    def resolve(anchor: date, direction: Direction) -> DateRange:
        back = (anchor.weekday() - weekday) % 7
        ahead = (weekday - anchor.weekday()) % 7
        if relation == "last":
            offset = -(back or 7)
        elif relation in ("next", "coming"):
            offset = ahead or 7
        elif direction == "past":
            offset = -back
        elif direction == "future":
            offset = ahead
        else:
            offset = -back if back <= ahead else ahead
        return day_range(anchor + timedelta(days=offset))

    return resolve


def relative_unit_resolver(relation: str, unit: str) -> Resolver:
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[relation]

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        if unit in UNIT_RANK:
            return shift_interval(anchor, unit, step)
        if unit == "weekend":
            week = week_range(anchor + timedelta(weeks=step))
            return DateRange(week.first + timedelta(days=5), week.last, "week")
        if unit == "decade":
            start = anchor.year // 10 * 10 + 10 * step
            return DateRange(date(start, 1, 1), date(start + 9, 12, 31), "decade")
        if unit == "century":
            start = anchor.year // 100 * 100 + 100 * step
            return DateRange(date(start, 1, 1), date(start + 99, 12, 31), "century")
        _, first_month = SEASONS[unit]
        year = anchor.year - 1 if first_month == 12 and anchor.month < 3 else anchor.year
        current = season_range(year, first_month)
        if step == 0:
            return current
        before = season_range(year - 1, first_month)
        after = season_range(year + 1, first_month)
        if step < 0:
            return current if current.last < anchor else before
        return current if current.first > anchor else after

    return resolve


def ago_resolver(count: int, unit: str) -> Resolver:
    """"Two decades ago" is a year, twenty years back."""
    if unit == "decade":
        count, unit = 10 * count, "year"
    return lambda anchor, direction: shift_interval(anchor, unit, -count)


def shifted(reference: Resolver, unit: str, steps: int, counted: bool = False) -> Resolver:
    """The reference's value moved by whole units; `direction` is the tense to read the reference in, which
    `timex.locate` takes from the reference's own clause ("They met on Monday. The next week they will ...").
    A counted span from a day ("a week later", "two months earlier") lands on a day; "the following week" is
    the whole week."""

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        interval = reference(anchor, direction)
        if interval is None:
            return None
        if counted and interval.granularity == "day" and unit in ("week", "month"):
            if unit == "week":
                return day_range(interval.first + timedelta(weeks=steps))
            year, month = shift_months(interval.first, steps)
            day = safe_date(year, month, interval.first.day)
            return day_range(day) if day else month_range(year, month)
        return shift_interval(interval.first, unit, steps)

    return resolve


def since(base: Resolver) -> Resolver:
    """`since X`: from the start of X up to the anchor, reported at X's granularity."""

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        interval = base(anchor, "past")
        if interval is None or interval.first > anchor:
            return interval
        return DateRange(interval.first, anchor, interval.granularity)

    return resolve


def constant(interval: DateRange) -> Resolver:
    return lambda anchor, direction: interval


# --------------------------------------------------------------------------- patterns

Builder = Callable[[re.Match[str], "GrammarState"], Match | None]


@dataclass
class GrammarState:
    """What earlier matches in the text tell later ones ("later that year" needs the last year named)."""

    last_year: int | None = None
    earlier: list[Match] = field(default_factory=list)

    def reference(self, text: str, start: int, unit: str) -> Match | None:
        """The nearest earlier date fine enough to count `unit`s from, within the paragraph window.

        Coarser dates in between are passed over ("on Sept. 2 ... had visited in 2019 ... the next day").
        """
        window = paragraph_window_start(text, start)
        for match in reversed(self.earlier):
            if match.start < window:
                return None
            if fits(match, unit):
                return match
        return None

    def beside(self, text: str, start: int, unit: str) -> Match | None:
        """The date just before, when an expression stands in apposition to it ("on Friday, the day before ...")."""
        match = self.earlier[-1] if self.earlier else None
        return match if match is not None and APPOSED.fullmatch(text, match.end, start) and fits(match, unit) else None


def fits(match: Match, unit: str) -> bool:
    """A date anaphoric `unit`s can count from: resolvable, and no coarser than the unit."""
    if match.resolve is None or match.type not in ("date", "weekday", "relative"):
        return False
    probe = match.resolve(GRANULARITY_PROBE, None)
    return probe is not None and UNIT_RANK.get(probe.granularity, len(UNIT_RANK)) <= UNIT_RANK[unit]


def counted_from(
    anaphor: Match, reference: Match, unit: str, steps: int, text: str, counted: bool = False
) -> Match:
    """The anaphor resolved through its reference: relative to the publication day only if the reference is."""
    if reference.resolve is None:
        return anaphor
    quoted = f"'{text[reference.start:reference.end]}'"
    return replace(
        anaphor, type="relative" if reference.needs == "day" else "date", needs=reference.needs,
        resolve=shifted(reference.resolve, unit, steps, counted),
        approximate=anaphor.approximate or reference.approximate,
        note=f"relative to {quoted}" if steps else f"the same {unit} as {quoted}", counts=None,
        reference=reference.start,
    )


def paragraph_window_start(text: str, offset: int) -> int:
    """Where the paragraphs an anaphoric expression may count from begin (its own and the one before)."""
    starts = [0] + [m.end() for m in PARAGRAPH_BREAK.finditer(text, 0, offset)]
    return starts[max(0, len(starts) - REFERENCE_PARAGRAPHS)]


def build_month_day(m: re.Match[str], state: GrammarState) -> Match | None:
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    return month_day(m.start(), m.end(), month_number(m["month"]), day, m["year"], state)


def build_holiday(m: re.Match[str], state: GrammarState) -> Match | None:
    """Fixed-date holidays ("by Christmas", "New Year's Eve 2025"): a month and day whose year the text, the
    tense or the publication day gives, like "Dec. 25"."""
    month, day = HOLIDAYS[" ".join(m["holiday"].lower().replace("’", "'").split())]
    return month_day(m.start(), m.end(), month, day, m["year"], state)


def month_day(start: int, end: int, month: int, day: int, year: str | None, state: GrammarState) -> Match | None:
    """A calendar day: fixed when the year is written, else in the year the tense and the anchor give."""
    if year:
        when = safe_date(int(year), month, day)
        if when is None:
            return None
        state.last_year = when.year
        return Match(start, end, "date", "none", constant(day_range(when)))
    if safe_date(2024, month, day) is None:
        return None

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        year = pick_year(month, day, anchor, direction)
        when = safe_date(year, month, day) if year else None
        return day_range(when) if when else None

    return Match(start, end, "date", "year", resolve)


def build_weekend(m: re.Match[str], state: GrammarState) -> Match | None:
    """"over the weekend" (told in the past: the last one), "at the weekend" (to come: the next one): its
    Saturday and Sunday."""

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        saturday = anchor + timedelta(days=(5 - anchor.weekday()) % 7)
        if anchor.weekday() == 6:
            saturday = anchor - timedelta(days=1)
        if direction == "past" and saturday >= anchor:
            saturday -= timedelta(days=7)
        return DateRange(saturday, saturday + timedelta(days=1), "day")

    return Match(m.start("weekend"), m.end(), "range", "day", resolve)


def build_iso(m: re.Match[str], state: GrammarState) -> Match | None:
    when = safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
    if when is None:
        return None
    state.last_year = when.year
    return Match(m.start(), m.end(), "date", "none", constant(day_range(when)))


def build_month_year(m: re.Match[str], state: GrammarState) -> Match | None:
    year = int(m["year"])
    state.last_year = year
    return Match(
        m.start(), m.end(), "date", "none", constant(month_range(year, month_number(m["month"]))),
        approximate=bool(m["mod"]),
    )


def build_month(m: re.Match[str], state: GrammarState) -> Match | None:
    """A month without a year: "in June", "last year in June", "June last year", "later that year in June",
    "mid-October"."""
    year_relation = m["yrel"] or m["yrel_after"]
    if not (year_relation or m["that"] or m["mrel"] or m["prep"] or m["mod"]):
        return None
    month = month_number(m["month"])
    start = m.start("mod") if m["prep"] and m["mod"] else m.start("month") if m["prep"] else m.start()
    approximate = bool(m["mod"])
    if m["that"]:
        if state.last_year is None:
            return None
        interval = month_range(state.last_year, month)
        return Match(start, m.end(), "date", "none", constant(interval), approximate=approximate)
    if year_relation:
        step = {"last": -1, "this": 0, "next": 1}[year_relation.lower()]
        return Match(
            start, m.end(), "date", "day", lambda anchor, direction: month_range(anchor.year + step, month),
            approximate=approximate,
        )
    relation = (m["mrel"] or "").lower()

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        if relation == "last":
            direction = "past"
        elif relation == "next":
            direction = "future"
        year = pick_year(month, None, anchor, direction)
        return month_range(year, month) if year else None

    return Match(start, m.end(), "date", "year", resolve, approximate=approximate)


def build_quarter(m: re.Match[str], state: GrammarState) -> Match | None:
    """"the fourth quarter", "Q3 2024": without a year, the nearest such quarter on the tense's side."""
    quarter = int(m["q"]) if m["q"] else ORDINALS[m["ord"].lower()]
    if m["year"]:
        state.last_year = int(m["year"])
        return Match(m.start(), m.end(), "date", "none", constant(quarter_range(int(m["year"]), quarter)))

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        year = pick_year(3 * quarter - 2, None, anchor, direction)
        return quarter_range(year, quarter) if year else None

    return Match(m.start(), m.end(), "date", "year", resolve)


def build_season(m: re.Match[str], state: GrammarState) -> Match | None:
    year = int(m["year"])
    state.last_year = year
    _, first_month = SEASONS[m["season"].lower()]
    return Match(m.start(), m.end(), "date", "none", constant(season_range(year, first_month)))


def build_year_range(m: re.Match[str], state: GrammarState) -> Match | None:
    first = int(m["y1"])
    second_text = m["y2"]
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if second <= first or second - first > 200:
        return None
    if len(second_text) == 2 and m["joiner"] not in "-–—":
        return None
    if m["joiner"] == "and" and not m["between"] and second != first + 1:
        return None
    state.last_year = second
    interval = DateRange(date(first, 1, 1), date(second, 12, 31), "year")
    return Match(m.start(), m.end(), "range", "none", constant(interval))


def build_decade(m: re.Match[str], state: GrammarState) -> Match | None:
    start = int(m["decade"])
    interval = DateRange(date(start, 1, 1), date(start + 9, 12, 31), "decade")
    return Match(m.start(), m.end(), "date", "none", constant(interval))


def build_year(m: re.Match[str], state: GrammarState) -> Match | None:
    year = int(m["year"])
    state.last_year = year
    return Match(m.start("year"), m.end(), "date", "none", constant(year_range(year)))


def build_relative_unit(m: re.Match[str], state: GrammarState) -> Match | None:
    """"next week", "last year"; "the past decade" is the ten years up to now, a duration (TimeML P10Y)."""
    relation, unit = m["rel"].lower(), m["unit"].lower()
    if relation == "past" and unit in DURATION_CODES:
        count, unit = {"decade": (10, "year"), "century": (100, "year")}.get(unit, (1, unit))
        return Match(m.start("rel"), m.end(), "duration", "none", fixed=duration_value(str(count), unit))
    return Match(m.start(), m.end(), "relative", "day", relative_unit_resolver(relation, unit))


def build_ago(m: re.Match[str], state: GrammarState) -> Match | None:
    count = number_value(m["n"])
    if count is None:
        return Match(m.start(), m.end(), "relative", "day", fixed="PAST_REF", approximate=True)
    return Match(m.start(), m.end(), "relative", "day", ago_resolver(count, m["unit"].lower()))


def build_deictic(m: re.Match[str], state: GrammarState) -> Match | None:
    offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[m["word"].lower()]
    offset += SHIFT_STEPS[m["beyond"].lower()] if m["beyond"] else 0
    return Match(
        m.start(), m.end(), "relative", "day", lambda anchor, direction: day_range(anchor + timedelta(days=offset))
    )


def build_weekday(m: re.Match[str], state: GrammarState) -> Match | None:
    relation = (m["rel"] or "").lower()
    start = m.start("wd") if relation in ("", "on") else m.start()
    weekday = WEEKDAYS.index(m["wd"].lower())
    return Match(start, m.end(), "weekday", "day", weekday_resolver(weekday, relation or None))


def build_duration(m: re.Match[str], state: GrammarState) -> Match | None:
    """"six years", "nearly 70 minutes", "90 seconds"; an age ("71-year-old") is a duration too, as in TimeML."""
    unit = unit_name(m["unit"])
    count = number_value(m["n"])
    if unit in ("decade", "century") and count is not None:
        count, unit = count * (10 if unit == "decade" else 100), "year"
    value = duration_value("X" if count is None else str(count), unit)
    approx = m.groupdict().get("approx")
    start = m.start("approx") if approx else m.start("n")
    return Match(start, m.end(), "duration", "none", fixed=value, approximate=bool(approx) or count is None)


def build_part_of_unit(m: re.Match[str], state: GrammarState) -> Match | None:
    """"by the end of the year" is its last month, "the start of next month" that month: approximate."""
    relation = (m["rel"] or "this").strip().lower()
    unit = m["unit"].lower()
    whole = relative_unit_resolver(relation, unit)
    at_end = m["part"].lower() == "end"

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        interval = whole(anchor, direction)
        if interval is None or unit == "month":
            return interval
        month = 12 if at_end else 1
        return month_range(interval.first.year, month)

    return Match(m.start(), m.end(), "relative", "day", resolve, approximate=True)


def build_set(m: re.Match[str], state: GrammarState) -> Match | None:
    unit = (m["unit"] or {"daily": "day", "annually": "year", "yearly": "year"}[m["adv"].lower()]).lower()
    return Match(m.start(), m.end(), "set", "none", fixed=f"P1{DURATION_CODES[unit]}")


def build_clock(m: re.Match[str], state: GrammarState) -> Match | None:
    if m["word"]:
        hour, minute = (12, 0) if m["word"].lower() == "noon" else (0, 0)
    else:
        hour, minute = int(m["h"]) % 12, int(m["min"] or 0)
        hour += 12 if m["ampm"].lower().startswith("p") else 0
    if hour > 23 or minute > 59:
        return None
    return Match(m.start(), m.end(), "time", "none", fixed=f"T{hour:02d}:{minute:02d}")


def build_anaphor(m: re.Match[str], state: GrammarState) -> Match | None:
    """"The next day", "two weeks later", "that same day", "later that month": counted from an earlier date.

    "The day after the vote" counts from an event, not a date: without a date beside it, it stays a relative
    expression without a value. "Two weeks after the storm" is left to the duration pattern, as TimeML marks it.
    """
    groups = m.groupdict()
    text = m.string
    if groups.get("next") and DURATION_SIGNAL.search(text, max(0, m.start() - 12), m.start()):
        return None
    if (groups.get("event") and groups.get("n")) or NAME_WORD.search(m.group(), 1):
        return None
    unit = ANAPHOR_UNITS[unit_name(m["unit"])]
    relation = (groups.get("next") or groups.get("rel") or groups.get("relb") or "").lower()
    plural = m["unit"].lower().endswith("s")
    count = number_value(groups["n"]) if groups.get("n") else None if plural else 1
    approximate = bool(groups.get("approx")) or count is None
    unresolved = Match(m.start(), m.end(), "relative", "day", anaphoric=True, approximate=approximate)
    if count is None:
        return replace(unresolved, note="a vague count gives no date")
    steps = SHIFT_STEPS.get(relation, 0) * count
    if groups.get("event"):
        beside = state.beside(text, m.start(), unit)
        if beside is not None:
            return counted_from(unresolved, beside, unit, 0, text)
        what = re.split(r"[,.;:]", text[m.end() : m.end() + 60])[0].strip()
        return replace(unresolved, counts=(unit, steps), note=f"counted from what follows ('{what}'), not from a date")
    reference = state.reference(text, m.start(), unit)
    if reference is None:
        note = f"counts from an earlier date, but none as fine as a {unit} in its paragraph or the one before"
        return replace(unresolved, note=note)
    return counted_from(unresolved, reference, unit, steps, text, counted=bool(groups.get("n")))


ANAPHOR_UNIT = "|".join(ANAPHOR_UNITS)
APPROX = "(?:(?P<approx>" + "|".join(APPROXIMATORS) + r")\s+)?"
PATTERNS: list[tuple[re.Pattern[str], Builder]] = [
    (re.compile(rf"\b(?P<year>\d{{4}})-(?P<mon>\d{{2}})-(?P<day>\d{{2}})\b"), build_iso),
    (
        re.compile(
            rf"\b(?:(?:{WEEKDAY}),?\s+)?{MONTH}\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:%]|\d)"
            rf"(?:,?\s+(?P<year>\d{{4}})\b)?"
        ),
        build_month_day,
    ),
    (
        re.compile(
            rf"\b(?:(?:{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}"
            rf"(?:,?\s+(?P<year>\d{{4}})\b)?"
        ),
        build_month_day,
    ),
    (
        re.compile(rf"\b(?:(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)[- ]\s*)?{MONTH}(?:\s+of)?,?\s+(?P<year>\d{{4}})\b"),
        build_month_year,
    ),
    (
        re.compile(
            r"\b(?:(?i:(?P<yrel>last|this|next) year in |(?:(?:later|earlier) )?(?P<that>that) year in "
            r"|(?P<mrel>last|this|next) |(?P<prep>in|since|until|by|from|before|after|through|till|during) ))?"
            r"(?:(?i:(?P<mod>early|late|mid))[- ])?"
            rf"{MONTH}(?!\s*\d)(?:,?\s+(?i:(?P<yrel_after>last|this|next) year)\b)?"
        ),
        build_month,
    ),
    (
        re.compile(
            rf"\b(?:(?:the\s+)?(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[- ]quarter"
            rf"|Q(?P<q>[1-4]))\b(?:,?\s+(?:of\s+)?(?P<year>{YEAR})\b)?"
        ),
        build_quarter,
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(?P<season>[Ss]pring|[Ss]ummer|[Ff]all|[Aa]utumn|[Ww]inter)(?:\s+of)?\s+(?P<year>{YEAR})\b"
        ),
        build_season,
    ),
    (
        re.compile(
            rf"\b(?:(?P<between>between|from) )?(?P<y1>{YEAR})(?:\s*(?P<joiner>[-–—]|and|to|until|through)\s*)"
            rf"(?P<y2>{YEAR}|\d{{2}})\b(?![-–]\d)",
            re.IGNORECASE,
        ),
        build_year_range,
    ),
    (
        re.compile(
            r"\b(?P<holiday>Christmas(?: (?:Day|Eve))?|Boxing Day|New Year['\u2019]s (?:Eve|Day)"
            rf"|Valentine['\u2019]s Day|Halloween|Independence Day)(?:,?\s+(?P<year>{YEAR})\b)?"
        ),
        build_holiday,
    ),
    (re.compile(r"\b(?P<weekend>the weekend)\b", re.IGNORECASE), build_weekend),
    (re.compile(r"\b(?:the\s+)?(?P<decade>(?:1[5-9]|20)\d0)s\b"), build_decade),
    (re.compile(rf"(?<![\d$£€.,])\b(?P<year>{YEAR})\b(?![-–/]\d|%|,\d|\.\d)"), build_year),
    (
        re.compile(
            r"\b(?:(?:earlier|later|early|late)\s+)?(?P<rel>next|last|this|past|previous|coming|current)\s+"
            r"(?P<unit>week|weekend|month|year|decade|century|spring|summer|fall|autumn|winter)\b",
            re.IGNORECASE,
        ),
        build_relative_unit,
    ),
    (
        re.compile(rf"\b{NUMBER}\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b", re.IGNORECASE),
        build_ago,
    ),
    (
        re.compile(r"\b(?:the\s+day\s+(?P<beyond>before|after)\s+)?(?P<word>yesterday|today|tomorrow|tonight)\b", re.I),
        build_deictic,
    ),
    (
        re.compile(rf"\bthe\s+(?P<next>next|following|previous|preceding)\s+(?P<unit>{ANAPHOR_UNIT})\b(?!-)", re.I),
        build_anaphor,
    ),
    (
        re.compile(
            rf"\b(?:(?:later|earlier)\s+)?(?:that\s+same|the\s+same|that)\s+(?P<unit>{ANAPHOR_UNIT})\b(?!-)", re.I
        ),
        build_anaphor,
    ),
    (
        re.compile(
            rf"\b(?:{APPROX}{NUMBER}|the)\s+(?P<unit>{ANAPHOR_UNIT})s?\s+(?:(?P<rel>later|earlier|afterwards?)"
            r"|(?P<relb>before|after|prior)(?:\s+that(?=\s*(?:[^\w\s]|$|(?:he|she|it|they|we|i|you)\b))"
            r"|(?=\s+(?P<event>\w)))?)\b",
            re.I,
        ),
        build_anaphor,
    ),
    (re.compile(r"\b(?P<unit>days|weeks|months|years)\s+(?P<rel>later|earlier|afterwards?)\b", re.I), build_anaphor),
    (
        re.compile(
            rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Cc]oming)\s+)?(?P<wd>{WEEKDAY})"
            r"(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
        build_weekday,
    ),
    (
        re.compile(
            rf"\b{APPROX}{NUMBER}(?:\s+|-)(?P<unit>minute|hour|day|week|month|year|decade|century|centuries)s?\b"
            r"(?P<old>-old| old)?",
            re.IGNORECASE,
        ),
        build_duration,
    ),
    (re.compile(rf"\b{APPROX}(?P<n>\d+(?:\.\d+)?)(?:\s+|-)(?P<unit>second)s?\b", re.IGNORECASE), build_duration),
    (
        re.compile(
            r"\b(?:the\s+)?(?P<part>end|beginning|start|turn)\s+of\s+(?:the\s+)?(?P<rel>this\s+|next\s+|last\s+)?"
            r"(?P<unit>year|month)\b",
            re.IGNORECASE,
        ),
        build_part_of_unit,
    ),
    (
        re.compile(r"\b(?:(?:[Ee]very|[Ee]ach)\s+(?P<unit>day|week|month|year)|(?P<adv>daily|annually|yearly))\b"),
        build_set,
    ),
    (
        re.compile(
            r"\b(?:(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)|(?P<word>noon|midnight))",
            re.IGNORECASE,
        ),
        build_clock,
    ),
]
SINCE = re.compile(r"\b(?:since|Since)\s+$")
DURATION_SIGNAL = re.compile(r"\b(?:over|within|during|throughout|for|in)\s+$", re.IGNORECASE)
""""over the next week" is a stretch of time from now, not the week after an earlier date."""
PARAGRAPH_BREAK = re.compile(r"\n\s*")
APPOSED = re.compile(r",\s*")
NAME_WORD = re.compile(r"\s[A-Z]")
""""the Same Day Delivery Company": a capital inside the phrase makes it part of a name, not a date."""
DATE_FOLLOWS = re.compile(r"\s+(?:the\s+)?")
EVENT_THEN_APPOSED = re.compile(r"\s+[^,.;:!?\n]{1,60},\s*(?:on\s+)?")


def find_matches(text: str) -> list[Match]:
    """Non-overlapping grammar matches in text order; the longest wins, then the earlier pattern."""
    candidates: list[tuple[int, int, int, re.Match[str], Builder]] = []
    for rank, (pattern, builder) in enumerate(PATTERNS):
        for m in pattern.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), rank, m, builder))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    state = GrammarState()
    matches: list[Match] = []
    taken_until = -1
    for start, _, _, m, builder in candidates:
        if start < taken_until:
            continue
        match = builder(m, state)
        if match is not None:
            matches.append(_with_since(match, text))
            state.earlier.append(matches[-1])
            taken_until = m.end()
    return _counted_from_following(matches, text)


def _counted_from_following(matches: list[Match], text: str) -> list[Match]:
    """"The day after last Sunday's final": the event is dated right after the anaphor, so count from it;
    "the day before the final, on Saturday": the apposed date is the anaphor's own."""
    bound = list(matches)
    for index, (match, following) in enumerate(zip(matches, matches[1:])):
        if match.counts is None:
            continue
        unit, steps = match.counts
        if DATE_FOLLOWS.fullmatch(text, match.end, following.start) and fits(following, unit):
            bound[index] = counted_from(match, following, unit, steps, text)
        elif EVENT_THEN_APPOSED.fullmatch(text, match.end, following.start) and fits(following, unit):
            bound[index] = counted_from(match, following, unit, 0, text)
    return bound


def _with_since(match: Match, text: str) -> Match:
    """"since X" is a range from X to the anchor, so it needs the anchor day."""
    signal = SINCE.search(text, max(0, match.start - 8), match.start)
    if signal is None or match.resolve is None or match.type not in ("date", "range"):
        return match
    return replace(match, start=signal.start(), type="range", needs="day", resolve=since(match.resolve))

