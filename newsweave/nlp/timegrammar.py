"""A small grammar of English time expressions, each match carrying a resolver to calendar days.

spaCy's DATE/TIME entities give spans but no values, and they drop the signals that change a value
("since 2019", "between 2018 and 2019", "last year in June"). Each grammar match keeps a resolver: a function
from a publication day (and the tense of its clause) to the calendar interval meant, so the same match can be
resolved against one known date or against every day of an inferred publication window.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

TimexType = Literal["date", "time", "duration", "set", "range", "weekday", "relative"]
Granularity = Literal[
    "day", "week", "month", "quarter", "season", "year", "decade", "century", "duration", "time"
]
Direction = Literal["past", "future"] | None
Needs = Literal["none", "year", "day"]
"""What a match needs from the anchor: nothing (explicit), only a year, or the day itself (relative)."""


@dataclass(frozen=True)
class Interval:
    first: date
    last: date
    granularity: Granularity


Resolver = Callable[[date, Direction], Interval | None]


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    type: TimexType
    needs: Needs
    resolve: Resolver | None = None
    fixed: str | None = None
    approximate: bool = False


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
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9), "winter": ("WI", 12)}
"""TIMEX3 season code and first month (northern hemisphere, meteorological seasons)."""


# --------------------------------------------------------------------------- calendar helpers


def month_interval(year: int, month: int) -> Interval:
    following = date(year + month // 12, month % 12 + 1, 1)
    return Interval(date(year, month, 1), following - timedelta(days=1), "month")


def year_interval(year: int) -> Interval:
    return Interval(date(year, 1, 1), date(year, 12, 31), "year")


def week_interval(day: date) -> Interval:
    monday = day - timedelta(days=day.weekday())
    return Interval(monday, monday + timedelta(days=6), "week")


def quarter_interval(year: int, quarter: int) -> Interval:
    return Interval(date(year, 3 * quarter - 2, 1), month_interval(year, 3 * quarter).last, "quarter")


def season_interval(year: int, first_month: int) -> Interval:
    start = date(year, first_month, 1)
    end_month = first_month + 2
    last = month_interval(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1).last
    return Interval(start, last, "season")


def day_interval(day: date) -> Interval:
    return Interval(day, day, "day")


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


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


def shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


# --------------------------------------------------------------------------- resolvers


def pick_year(month: int, day: int | None, anchor: date, direction: Direction) -> int | None:
    """Year of a month (and day) given without one: the nearest occurrence, on the side the tense points to."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        when = safe_date(year, month, day or 1)
        if when is None:
            continue
        if day is None:
            interval = month_interval(year, month)
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
    def resolve(anchor: date, direction: Direction) -> Interval:
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
        return day_interval(anchor + timedelta(days=offset))

    return resolve


def relative_unit_resolver(relation: str, unit: str) -> Resolver:
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[relation]

    def resolve(anchor: date, direction: Direction) -> Interval | None:
        if unit in ("week", "weekend"):
            week = week_interval(anchor + timedelta(weeks=step))
            if unit == "weekend":
                return Interval(week.first + timedelta(days=5), week.last, "week")
            return week
        if unit == "month":
            return month_interval(*shift_months(anchor, step))
        if unit == "year":
            return year_interval(anchor.year + step)
        if unit == "decade":
            start = anchor.year // 10 * 10 + 10 * step
            return Interval(date(start, 1, 1), date(start + 9, 12, 31), "decade")
        if unit == "century":
            start = anchor.year // 100 * 100 + 100 * step
            return Interval(date(start, 1, 1), date(start + 99, 12, 31), "century")
        _, first_month = SEASONS[unit]
        year = anchor.year - 1 if first_month == 12 and anchor.month < 3 else anchor.year
        current = season_interval(year, first_month)
        if step == 0:
            return current
        before = season_interval(year - 1, first_month)
        after = season_interval(year + 1, first_month)
        if step < 0:
            return current if current.last < anchor else before
        return current if current.first > anchor else after

    return resolve


def ago_resolver(count: int, unit: str) -> Resolver:
    def resolve(anchor: date, direction: Direction) -> Interval | None:
        if unit == "day":
            return day_interval(anchor - timedelta(days=count))
        if unit == "week":
            return week_interval(anchor - timedelta(weeks=count))
        if unit == "month":
            return month_interval(*shift_months(anchor, -count))
        if unit == "year":
            return year_interval(anchor.year - count)
        if unit == "decade":
            return year_interval(anchor.year - 10 * count)
        return None

    return resolve


def since(base: Resolver) -> Resolver:
    """`since X`: from the start of X up to the anchor, reported at X's granularity."""

    def resolve(anchor: date, direction: Direction) -> Interval | None:
        interval = base(anchor, "past")
        if interval is None or interval.first > anchor:
            return interval
        return Interval(interval.first, anchor, interval.granularity)

    return resolve


def constant(interval: Interval) -> Resolver:
    return lambda anchor, direction: interval


# --------------------------------------------------------------------------- patterns

Builder = Callable[[re.Match[str], "GrammarState"], Match | None]


@dataclass
class GrammarState:
    """What earlier matches in the text tell later ones ("later that year" needs the last year named)."""

    last_year: int | None = None


def build_month_day(m: re.Match[str], state: GrammarState) -> Match | None:
    month = month_number(m["month"])
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    start, end = m.span()
    if m["year"]:
        when = safe_date(int(m["year"]), month, day)
        if when is None:
            return None
        state.last_year = when.year
        return Match(start, end, "date", "none", constant(day_interval(when)))
    if safe_date(2024, month, day) is None:
        return None

    def resolve(anchor: date, direction: Direction) -> Interval | None:
        year = pick_year(month, day, anchor, direction)
        when = safe_date(year, month, day) if year else None
        return day_interval(when) if when else None

    return Match(start, end, "date", "year", resolve)


def build_iso(m: re.Match[str], state: GrammarState) -> Match | None:
    when = safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
    if when is None:
        return None
    state.last_year = when.year
    return Match(m.start(), m.end(), "date", "none", constant(day_interval(when)))


def build_month_year(m: re.Match[str], state: GrammarState) -> Match | None:
    year = int(m["year"])
    state.last_year = year
    return Match(
        m.start(), m.end(), "date", "none", constant(month_interval(year, month_number(m["month"]))),
        approximate=bool(m["mod"]),
    )


def build_month(m: re.Match[str], state: GrammarState) -> Match | None:
    """A month without a year: "in June", "last year in June", "later that year in June", "mid-October"."""
    if not (m["yrel"] or m["that"] or m["mrel"] or m["prep"] or m["mod"]):
        return None
    month = month_number(m["month"])
    start = m.start("mod") if m["prep"] and m["mod"] else m.start("month") if m["prep"] else m.start()
    approximate = bool(m["mod"])
    if m["that"]:
        if state.last_year is None:
            return None
        interval = month_interval(state.last_year, month)
        return Match(start, m.end(), "date", "none", constant(interval), approximate=approximate)
    if m["yrel"]:
        step = {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()]
        return Match(
            start, m.end(), "date", "day", lambda anchor, direction: month_interval(anchor.year + step, month),
            approximate=approximate,
        )
    relation = (m["mrel"] or "").lower()

    def resolve(anchor: date, direction: Direction) -> Interval | None:
        if relation == "last":
            direction = "past"
        elif relation == "next":
            direction = "future"
        year = pick_year(month, None, anchor, direction)
        return month_interval(year, month) if year else None

    return Match(start, m.end(), "date", "year", resolve, approximate=approximate)


def build_quarter(m: re.Match[str], state: GrammarState) -> Match | None:
    """"the fourth quarter", "Q3 2024": without a year, the nearest such quarter on the tense's side."""
    quarter = int(m["q"]) if m["q"] else ORDINALS[m["ord"].lower()]
    if m["year"]:
        state.last_year = int(m["year"])
        return Match(m.start(), m.end(), "date", "none", constant(quarter_interval(int(m["year"]), quarter)))

    def resolve(anchor: date, direction: Direction) -> Interval | None:
        year = pick_year(3 * quarter - 2, None, anchor, direction)
        return quarter_interval(year, quarter) if year else None

    return Match(m.start(), m.end(), "date", "year", resolve)


def build_season(m: re.Match[str], state: GrammarState) -> Match | None:
    year = int(m["year"])
    state.last_year = year
    _, first_month = SEASONS[m["season"].lower()]
    return Match(m.start(), m.end(), "date", "none", constant(season_interval(year, first_month)))


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
    interval = Interval(date(first, 1, 1), date(second, 12, 31), "year")
    return Match(m.start(), m.end(), "range", "none", constant(interval))


def build_decade(m: re.Match[str], state: GrammarState) -> Match | None:
    start = int(m["decade"])
    interval = Interval(date(start, 1, 1), date(start + 9, 12, 31), "decade")
    return Match(m.start(), m.end(), "date", "none", constant(interval))


def build_year(m: re.Match[str], state: GrammarState) -> Match | None:
    year = int(m["year"])
    state.last_year = year
    return Match(m.start("year"), m.end(), "date", "none", constant(year_interval(year)))


def build_relative_unit(m: re.Match[str], state: GrammarState) -> Match | None:
    return Match(m.start(), m.end(), "relative", "day", relative_unit_resolver(m["rel"].lower(), m["unit"].lower()))


def build_ago(m: re.Match[str], state: GrammarState) -> Match | None:
    count = number_value(m["n"])
    if count is None:
        return Match(m.start(), m.end(), "relative", "day", fixed="PAST_REF", approximate=True)
    return Match(m.start(), m.end(), "relative", "day", ago_resolver(count, m["unit"].lower()))


def build_deictic(m: re.Match[str], state: GrammarState) -> Match | None:
    offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[m["word"].lower()]
    return Match(
        m.start(), m.end(), "relative", "day", lambda anchor, direction: day_interval(anchor + timedelta(days=offset))
    )


def build_weekday(m: re.Match[str], state: GrammarState) -> Match | None:
    relation = (m["rel"] or "").lower()
    start = m.start("wd") if relation in ("", "on") else m.start()
    weekday = WEEKDAYS.index(m["wd"].lower())
    return Match(start, m.end(), "weekday", "day", weekday_resolver(weekday, relation or None))


def build_duration(m: re.Match[str], state: GrammarState) -> Match | None:
    if m["old"]:
        return None
    unit = unit_name(m["unit"])
    count = number_value(m["n"])
    if unit in ("decade", "century") and count is not None:
        count, unit = count * (10 if unit == "decade" else 100), "year"
    value = duration_value("X" if count is None else str(count), unit)
    start = m.start("approx") if m["approx"] else m.start("n")
    return Match(start, m.end(), "duration", "none", fixed=value, approximate=bool(m["approx"]) or count is None)


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
            rf"{MONTH}(?!\s*\d)"
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
    (re.compile(r"\b(?P<word>yesterday|today|tomorrow|tonight)\b", re.IGNORECASE), build_deictic),
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
            taken_until = m.end()
    return matches


def _with_since(match: Match, text: str) -> Match:
    """"since X" is a range from X to the anchor, so it needs the anchor day."""
    signal = SINCE.search(text, max(0, match.start - 8), match.start)
    if signal is None or match.resolve is None or match.type not in ("date", "range"):
        return match
    return replace(match, start=signal.start(), type="range", needs="day", resolve=since(match.resolve))


def iter_days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
