"""A small grammar of time expressions (its patterns and words are the language's `time.toml` and
`calendar.toml`), each match carrying a resolver to calendar days.

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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from re import _constants as sre_constants
from re import _parser as sre_parse
from typing import Any, Literal

from newsweave.dates import (
    SEASON_FIRST_MONTH,
    DateRange,
    day_range,
    month_range,
    quarter_range,
    safe_date,
    season_range,
    shift_months,
    week_range,
    year_range,
)
from newsweave.lang import Resources
from newsweave.settings import TimeSettings

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
    per_unit: bool = False
    """"a week", "a year": after a figure it is a rate ("four flights a week"), not a duration."""
    clock: str | None = None
    """The clock time said with a day ("10 p.m. Wednesday"), written after the day's value (`T22:00`)."""
    since: bool = False
    """"since X": a range from X up to the anchor, a state rather than an event."""
    pieces: tuple[tuple[int, int], ...] = ()
    """The spans of the dates a range is made of ("since [1901]", "between [1994] and [1997]"): TimeML marks
    each date apart and leaves the signal words out."""
    age: bool = False
    """A duration said as an age ("a 6-year-old boy"), which TimeBank does not mark."""

    def __post_init__(self) -> None:
        if self.resolve is not None and not getattr(self.resolve, "within_calendar", False):
            object.__setattr__(self, "resolve", _within_calendar(self.resolve))


def _within_calendar(resolve: Resolver) -> Resolver:
    """A date counted past the ends of the calendar ("10,000 years from now", anything relative to a day in year 1
    or 9999) has no value: the expression stays unresolved instead of aborting its article."""

    def guarded(anchor: date, direction: Direction) -> DateRange | None:
        try:
            return resolve(anchor, direction)
        except (OverflowError, ValueError):
            return None

    guarded.within_calendar = True  # type: ignore[attr-defined]
    return guarded


# --------------------------------------------------------------------------- vocabulary

DURATION_CODES = {  # not language
    "second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y",
    "decade": "DE", "century": "CE",
}
"""TIMEX3 codes of the program's units; `calendar.units` maps a language's unit words to these."""
UNIT_YEARS = {"decade": 10, "century": 100}
"""Units counted in years when the count is known ("two decades" is P20Y, as TimeML writes it)."""
UNIT_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}  # not language
"""A reference must be at least as fine as the unit counted: "the next day" needs a day, not "in June"."""
COUNTABLE_TYPES = ("date", "weekday", "relative")  # not language
"""Match types an anaphoric expression can count from."""
REFERENCE_VALUES = {"present": "PRESENT_REF", "past": "PAST_REF", "future": "FUTURE_REF"}  # not language
"""TIMEX3 values of the reference pattern's named groups."""
GRANULARITY_PROBE = date(2001, 7, 1)
"""Any day: a resolver's granularity does not depend on the day it is resolved against."""


@dataclass(frozen=True)
class Vocabulary:
    """The calendar and counting words of one language, read once from its resources."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    holidays: Mapping[str, list[int]]
    weekday_holidays: Mapping[str, list[int]]
    seasons: Mapping[str, str]
    units: Mapping[str, str]
    day_parts: Mapping[str, str]
    relative_steps: Mapping[str, int]
    shifts: Mapping[str, int]
    deictic_days: Mapping[str, int]
    recurrence: Mapping[str, str]
    numbers: Mapping[str, float]
    ordinals: Mapping[str, int]
    up_to_now: frozenset[str]
    articles: frozenset[str]
    decades: Mapping[str, int]

    @classmethod
    def of(cls, res: Resources) -> Vocabulary:
        return cls(
            months=res.table("calendar.months"), weekdays=res.table("calendar.weekdays"),
            holidays=res.table("calendar.holidays"), seasons=res.table("calendar.seasons"),
            weekday_holidays=res.table("calendar.weekday_holidays"),
            units=res.table("calendar.units"), day_parts=res.table("calendar.day_parts"),
            relative_steps=res.table("calendar.relative_steps"), shifts=res.table("calendar.shifts"),
            deictic_days=res.table("calendar.deictic_days"), recurrence=res.table("calendar.recurrence"),
            numbers={**res.table("numbers.values"), **res.table("time.indefinite_counts")},
            ordinals=res.table("numbers.ordinals"),
            up_to_now=res.words("calendar.up_to_now"), articles=res.words("time.indefinite_articles"),
            decades=res.table("calendar.decades"),
        )

    def month(self, name: str) -> int:
        return self.months[name.lower().rstrip(".")]

    def unit(self, word: str) -> str:
        """"Years" -> "year", "centuries" -> "century": the keys of DURATION_CODES."""
        return self.units[word.lower()]

    def anaphor_unit(self, word: str) -> str:
        """The calendar unit an anaphoric expression counts in ("the next morning" moves by a day)."""
        return self.day_parts.get(word.lower()) or self.unit(word)

    def step(self, word: str) -> int:
        return self.relative_steps[word.lower()]

    def number(self, word: str) -> int | None:
        """The count a number word stands for; None for vague counts ("a few", "several")."""
        word = word.lower()
        if word in self.numbers:
            return int(self.numbers[word])
        return int(word) if word.isdigit() else None


@dataclass(frozen=True)
class Grammar:
    """A language's time grammar: its vocabulary and compiled patterns, built once per resources object."""

    words: Vocabulary
    rules: tuple[Rule, ...]
    """On a tie (same start and length) the earlier rule wins."""
    since: re.Pattern[str]
    duration_signal: re.Pattern[str]
    paragraph_break: re.Pattern[str]
    apposed: re.Pattern[str]
    name_word: re.Pattern[str]
    date_follows: re.Pattern[str]
    clock_day_joint: re.Pattern[str]
    day_clock_joint: re.Pattern[str]
    event_then_apposed: re.Pattern[str]
    same_sentence: re.Pattern[str]


@dataclass(frozen=True)
class Rule:
    """A pattern of the grammar, the builder that reads its matches, and its `cue_of`: a text without the cue is
    not searched with the pattern. Most rules match in few texts ("ago", "quarters", "the next day"), and a
    cue is found or ruled out far faster than the pattern, which is tried at every word of the text."""

    pattern: re.Pattern[str]
    builder: Builder
    cue: re.Pattern[str] | None

    @classmethod
    def of(cls, pattern: re.Pattern[str], builder: Builder) -> Rule:
        return cls(pattern, builder, cue_of(pattern))

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        """`pattern.finditer(text)`, the same matches, looked for only in a text holding the cue."""
        if self.cue is not None and self.cue.search(text) is None:
            return ()
        return self.pattern.finditer(text)


Cue = frozenset[tuple[str, bool]]
"""Strings of which every match holds one, each with whether it is matched ignoring case."""


def cue_of(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A pattern finding one of the strings every match of `pattern` holds (read from the stdlib's parse of it:
    runs of literal characters, and alternatives of which each branch holds one), so a text it finds nothing
    in holds no match of `pattern`. Of several such sets, the one whose shortest string is longest, then the
    smallest. None when the pattern has no such string (every branch must hold one, and a part that may be
    left out, a lookaround or a conditional counts for nothing)."""
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    cue = _sequence_cue(list(tree), bool(tree.state.flags & re.IGNORECASE))
    if cue is None:
        return None
    strings = sorted(cue, key=lambda entry: (-len(entry[0]), entry))
    alternatives = (f"(?i:{re.escape(text)})" if caseless else re.escape(text) for text, caseless in strings)
    return re.compile("|".join(alternatives))


def _sequence_cue(items: list[tuple[Any, Any]], caseless: bool) -> Cue | None:
    best: Cue | None = None
    run: list[str] = []
    for op, argument in [*items, (None, None)]:
        if op is sre_constants.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            best = _better(best, frozenset({("".join(run), caseless)}))
            run = []
        best = _better(best, _item_cue(op, argument, caseless))
    return best


def _item_cue(op: Any, argument: Any, caseless: bool) -> Cue | None:
    if op is sre_constants.SUBPATTERN:
        _, added, removed, items = argument
        return _sequence_cue(list(items), (caseless or bool(added & re.IGNORECASE)) and not removed & re.IGNORECASE)
    if op is sre_constants.BRANCH:
        branches = [_sequence_cue(list(items), caseless) for items in argument[1]]
        return None if any(b is None for b in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
        least, _, items = argument
        return _sequence_cue(list(items), caseless) if least >= 1 else None
    if op is sre_constants.ATOMIC_GROUP:
        return _sequence_cue(list(argument), caseless)
    return None


def _better(a: Cue | None, b: Cue | None) -> Cue | None:
    if a is None or b is None:
        return a or b
    return a if _cue_rank(a) >= _cue_rank(b) else b


def _cue_rank(cue: Cue) -> tuple[int, int]:
    return min(len(text) for text, _ in cue), -len(cue)


_GRAMMARS: dict[int, tuple[Resources, Grammar]] = {}
WORD_LIST_REFERENCE = re.compile(r"\{\{([a-z_]+\.[a-z0-9_]+)\}\}")
"""`{{area.name}}` in a time pattern: the entries of that word list, phrase list or table as an alternation."""
WORD_LIST_SECTIONS = ("words", "phrases", "tables")  # not language


def time_pattern(res: Resources, key: str) -> re.Pattern[str]:
    """A pattern of the language's time grammar, with its word-list references spelled out, longest first (so
    "a few" is tried before "a")."""
    compiled = res.pattern(key)
    return re.compile(WORD_LIST_REFERENCE.sub(lambda m: _alternation(res, m[1]), compiled.pattern), compiled.flags)


def _alternation(res: Resources, key: str) -> str:
    section = next((section for section in WORD_LIST_SECTIONS if res.has(section, key)), None)
    if section is None:
        raise KeyError(f"language {res.code!r} has no word list, phrase list or table {key!r}")
    entries = res.table(key) if section == "tables" else res.words(key) if section == "words" else res.phrases(key)
    return "|".join(re.escape(entry) for entry in sorted(entries, key=lambda e: (-len(e), e)))


def grammar_of(res: Resources) -> Grammar:
    """The grammar of `res`, compiled on first use (keyed by identity: resources objects are not hashable).

    The language lists its rules (`time.rules`: pattern key and builder name, in order of preference), so a
    language writes its own patterns and reuses the builders."""
    known = _GRAMMARS.get(id(res))
    if known is None or known[0] is not res:
        builders = {name.removeprefix("build_"): fn for name, fn in globals().items() if name.startswith("build_")}
        grammar = Grammar(
            words=Vocabulary.of(res),
            rules=tuple(
                Rule.of(time_pattern(res, f"time.{key}"), builders[name]) for key, name in res.value("time.rules")
            ),
            since=res.pattern("time.since"), duration_signal=res.pattern("time.duration_signal"),
            paragraph_break=res.pattern("time.paragraph_break"), apposed=res.pattern("time.apposed"),
            name_word=res.pattern("time.name_word"), date_follows=res.pattern("time.date_follows"),
            clock_day_joint=res.pattern("time.clock_day_joint"), day_clock_joint=res.pattern("time.day_clock_joint"),
            event_then_apposed=res.pattern("time.event_then_apposed"), same_sentence=res.pattern("time.same_sentence"),
        )
        known = _GRAMMARS[id(res)] = (res, grammar)
    return known[1]


# --------------------------------------------------------------------------- calendar helpers


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


def pick_year(
    month: int, day: int | None, anchor: date, direction: Direction, cfg: TimeSettings | None = None
) -> int | None:
    """Year of a month (and day) given without one: the nearest occurrence, on the side the tense points to.

    News writes the year of a date of an earlier year unless it is recent ("Dec. 7, 1988"), so a tense read
    from the clause (`cfg` given) does not send a date into last year, months back, when this year's occurrence
    is near: "payable Dec. 7" in an October report whose clause borrows a past tense is the coming Dec. 7."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        when = safe_date(year, month, day or 1)
        if when is None:
            continue
        interval = month_range(year, month) if day is None else day_range(when)
        if day is None:
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
        candidates.append((not ok, distance, year, interval))
    if not candidates:
        return None
    best = min(candidates, key=lambda c: c[:3])
    distant = best[2] < anchor.year and (anchor - best[3].last).days > (cfg.distant_past_days if cfg else 0)
    if cfg is not None and direction == "past" and distant:
        coming = [c for c in candidates if 0 < (c[3].first - anchor).days <= cfg.near_future_days]
        if coming:
            return coming[0][2]
    return best[2]


def weekday_resolver(weekday: int, step: int | None, past_bias: int = 0) -> Resolver:
    """"last Friday" (step -1), "next Friday" (+1), or a bare weekday on the side its tense points to. Without
    a tense ("Saturday's quake"), the nearest, leaning `past_bias` days to the past: news mostly looks back."""

    def resolve(anchor: date, direction: Direction) -> DateRange:
        back = (anchor.weekday() - weekday) % 7
        ahead = (weekday - anchor.weekday()) % 7
        if step is not None and step < 0:
            offset = -(back or 7)
        elif step is not None and step > 0:
            offset = ahead or 7
        elif direction == "past":
            offset = -back
        elif direction == "future":
            offset = ahead
        else:
            offset = -back if back <= ahead + past_bias else ahead
        return day_range(anchor + timedelta(days=offset))

    return resolve


def relative_unit_resolver(step: int, unit: str) -> Resolver:
    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        if unit in UNIT_RANK:
            return shift_interval(anchor, unit, step)
        start = anchor.year // UNIT_YEARS[unit] * UNIT_YEARS[unit] + UNIT_YEARS[unit] * step
        return DateRange(date(start, 1, 1), date(start + UNIT_YEARS[unit] - 1, 12, 31), unit)  # type: ignore[arg-type]

    return resolve


def relative_weekend_resolver(step: int) -> Resolver:
    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        week = week_range(anchor + timedelta(weeks=step))
        return DateRange(week.first + timedelta(days=5), week.last, "week")

    return resolve


def relative_season_resolver(step: int, first_month: int) -> Resolver:
    """"last summer" is the latest summer over by the anchor, "next winter" the first still to begin."""

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
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
    if unit in UNIT_YEARS:
        count, unit = UNIT_YEARS[unit] * count, "year"
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
        finer = interval.granularity == "quarter" or interval.granularity == "day" and unit in ("week", "month")
        if counted and finer:
            return same_part(interval, unit, steps)
        return shift_interval(interval.first, unit, steps)

    return resolve


def same_part(interval: DateRange, unit: str, steps: int) -> DateRange:
    """A day, month or quarter moved by whole weeks, months or years keeps its granularity: "a year earlier"
    than the third quarter is the third quarter of the year before, "a week later" than a day is a day."""
    if unit == "week":
        return day_range(interval.first + timedelta(weeks=steps))
    year, month = shift_months(interval.first, steps * (12 if unit == "year" else 1))
    if interval.granularity == "quarter":
        return quarter_range(year, (month - 1) // 3 + 1)
    if interval.granularity == "month":
        return month_range(year, month)
    day = safe_date(year, month, interval.first.day)
    return day_range(day) if day else month_range(year, month)


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


# --------------------------------------------------------------------------- builders

Builder = Callable[[re.Match[str], "GrammarState"], Match | None]


@dataclass
class GrammarState:
    """What earlier matches in the text tell later ones ("later that year" needs the last year named)."""

    grammar: Grammar
    cfg: TimeSettings
    last_year: int | None = None
    earlier: list[Match] = field(default_factory=list)

    @property
    def words(self) -> Vocabulary:
        return self.grammar.words

    def reference(self, text: str, start: int, unit: str) -> Match | None:
        """The nearest earlier date fine enough to count `unit`s from, within the paragraph window.

        Coarser dates in between are passed over ("on Sept. 2 ... had visited in 2019 ... the next day").
        """
        window = self.paragraph_window_start(text, start)
        for match in reversed(self.earlier):
            if match.start < window:
                return None
            if fits(match, unit):
                return match
        return None

    def beside(self, text: str, start: int, unit: str) -> Match | None:
        """The date just before, when an expression stands in apposition to it ("on Friday, the day before ...")."""
        match = self.earlier[-1] if self.earlier else None
        apposed = match is not None and self.grammar.apposed.fullmatch(text, match.end, start)
        return match if match is not None and apposed and fits(match, unit) else None

    def reporting_quarter(self, text: str, start: int, whole_text: bool = False) -> Match | None:
        """The quarter a results report is about: the nearest quarter named before `start` (not one counted
        from another, like "a year ago"), in the paragraph window (or anywhere before, for "the quarter")."""
        window = 0 if whole_text else self.paragraph_window_start(text, start)
        for match in reversed(self.earlier):
            if match.start < window:
                return None
            if match.reference is None and _granularity(match) == "quarter":
                return match
        return None

    def paragraph_window_start(self, text: str, offset: int, paragraphs: int | None = None) -> int:
        """Where the paragraphs an anaphoric expression may count from begin (its own and the ones before, up to
        `paragraphs` in all, by default `TimeSettings.reference_paragraphs`)."""
        starts = [0] + [m.end() for m in self.grammar.paragraph_break.finditer(text, 0, offset)]
        return starts[max(0, len(starts) - (paragraphs or self.cfg.reference_paragraphs))]


def fits(match: Match, unit: str) -> bool:
    """A date anaphoric `unit`s can count from: resolvable, and no coarser than the unit."""
    if match.resolve is None or match.type not in COUNTABLE_TYPES:
        return False
    granularity = _granularity(match)
    return granularity is not None and UNIT_RANK.get(granularity, len(UNIT_RANK)) <= UNIT_RANK[unit]


def _granularity(match: Match) -> str | None:
    """The granularity of a match's value, which does not depend on the day it is resolved against."""
    probe = match.resolve(GRANULARITY_PROBE, None) if match.resolve is not None else None
    return probe.granularity if probe is not None else None


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


def build_month_day(m: re.Match[str], state: GrammarState) -> Match | None:
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    year_step = state.words.step(m["yrel"]) if m["yrel"] else None
    return month_day(
        m.start(), m.end(), state.words.month(m["month"]), day, m["year"] or m["year_in"], state, year_step
    )


def _holiday_key(name: str) -> str:
    """A holiday as the tables spell it: lower case, single spaces, a plain apostrophe."""
    return " ".join(name.lower().replace("\u2019", "'").split())


def build_holiday(m: re.Match[str], state: GrammarState) -> Match | None:
    """Fixed-date holidays ("by Christmas", "New Year's Eve 2025"): a month and day whose year the text, the
    tense or the publication day gives, like "Dec. 25"."""
    month, day = state.words.holidays[_holiday_key(m["holiday"])]
    return month_day(m.start(), m.end(), month, day, m["year"], state)


def build_weekday_holiday(m: re.Match[str], state: GrammarState) -> Match | None:
    """"Thanksgiving", "last Labor Day": the nth weekday of a month, in the year written, said or nearest on
    the side the tense points to."""
    month, weekday, nth = state.words.weekday_holidays[_holiday_key(m["holiday"])]
    if m["year"]:
        state.last_year = int(m["year"])
        day = nth_weekday(int(m["year"]), month, weekday, nth)
        return Match(m.start(), m.end(), "date", "none", constant(day_range(day)))
    step = state.words.step(m["rel"]) if m["rel"] else None

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        side = direction if step is None else "past" if step < 0 else "future" if step > 0 else None
        days = [nth_weekday(year, month, weekday, nth) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
        if step == 0:
            return day_range(days[1])
        fitting = [d for d in days if (side != "past" or d <= anchor) and (side != "future" or d >= anchor)]
        return day_range(min(fitting or days, key=lambda d: abs((d - anchor).days)))

    return Match(m.start(), m.end(), "date", "day" if m["rel"] else "year", resolve)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (or, for -1, the last) given weekday of a month."""
    if nth < 0:
        last = month_range(year, month).last
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def build_spelled_year(m: re.Match[str], state: GrammarState) -> Match | None:
    """"nineteen ninety-six" is 1996, "nineteen hundred" 1900, "the year two thousand" 2000."""
    if m["thousand"]:
        year = 2000
    else:
        words = re.split(r"[-\s]+", m["lo"])
        year = 100 * (state.words.number(m["hi"]) or 0) + sum(state.words.number(w) or 0 for w in words) % 100
    state.last_year = year
    interval = month_range(year, state.words.month(m["month"])) if m["month"] else year_range(year)
    return Match(m.start(), m.end(), "date", "none", constant(interval))


def month_day(
    start: int, end: int, month: int, day: int, year: str | None, state: GrammarState, year_step: int | None = None
) -> Match | None:
    """A calendar day: fixed when the year is written, in the year said ("Oct. 14 last year"), else in the
    year the tense and the anchor give."""
    if year:
        when = safe_date(int(year), month, day)
        if when is None:
            return None
        state.last_year = when.year
        return Match(start, end, "date", "none", constant(day_range(when)))
    if safe_date(2024, month, day) is None:
        return None
    if year_step is not None:
        return Match(start, end, "date", "day", lambda anchor, _: _day_in(anchor.year + year_step, month, day))

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        year = pick_year(month, day, anchor, direction, state.cfg)
        when = safe_date(year, month, day) if year else None
        return day_range(when) if when else None

    return Match(start, end, "date", "year", resolve)


def _day_in(year: int, month: int, day: int) -> DateRange | None:
    when = safe_date(year, month, day)
    return day_range(when) if when else None


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
        m.start(), m.end(), "date", "none", constant(month_range(year, state.words.month(m["month"]))),
        approximate=bool(m["mod"]),
    )


def build_month(m: re.Match[str], state: GrammarState) -> Match | None:
    """A month without a year: "in June", "last year in June", "June last year", "later that year in June",
    "mid-October", "the middle of October", and a month said of a thing ("the October vote", "December's
    figures"). A capitalised month name alone is too often a name or a verb ("May", "March") to be one."""
    year_relation = m["yrel"] or m["yrel_after"]
    said_of = m["lead_in"] or m["attributive"] or m["possessive"] is not None
    if not (year_relation or m["that"] or m["mrel"] or said_of or m["mod"] or m["part"]):
        return None
    month = state.words.month(m["month"])
    start = m.start("mod") if said_of and m["mod"] else m.start("month") if said_of else m.start()
    approximate = bool(m["mod"] or m["part"])
    if m["that"]:
        if state.last_year is None:
            return None
        interval = month_range(state.last_year, month)
        return Match(start, m.end(), "date", "none", constant(interval), approximate=approximate)
    if year_relation:
        step = state.words.step(year_relation)
        return Match(
            start, m.end(), "date", "day", lambda anchor, direction: month_range(anchor.year + step, month),
            approximate=approximate,
        )
    month_step = state.words.step(m["mrel"]) if m["mrel"] else 0

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        if m["mrel"] and not month_step:
            return month_range(anchor.year, month)  # "this September": the one of this year
        if month_step:
            year = pick_year(month, None, anchor, "past" if month_step < 0 else "future")
        else:
            year = pick_year(month, None, anchor, direction, state.cfg)
        return month_range(year, month) if year else None

    return Match(start, m.end(), "date", "year", resolve, approximate=approximate)


def build_quarter(m: re.Match[str], state: GrammarState) -> Match | None:
    """"the fourth quarter", "Q3 2024", "the 1988 second quarter". Without a year, the quarter of the anchor's
    year, whatever the tense: results news speaks of this year's quarters before and after they are reported
    ("third-quarter earnings will be lower" in October, "the first quarter" in October)."""
    ordinal = (m["ord"] or "").lower()
    quarter = int(m["q"] or ordinal[:1]) if m["q"] or ordinal[:1].isdigit() else state.words.ordinals[ordinal]
    year = m["year"] or m["year_before"]
    if year:
        state.last_year = int(year)
        return Match(m.start(), m.end(), "date", "none", constant(quarter_range(int(year), quarter)))
    if m["yrel"] or m["prior"]:
        step = state.words.step(m["yrel"]) if m["yrel"] else -1
        return Match(
            m.start(), m.end(), "date", "day", lambda anchor, direction: quarter_range(anchor.year + step, quarter)
        )

    return Match(m.start(), m.end(), "date", "year", lambda anchor, direction: quarter_range(anchor.year, quarter))


def build_season(m: re.Match[str], state: GrammarState) -> Match | None:
    year = int(m["year"])
    state.last_year = year
    first_month = SEASON_FIRST_MONTH[state.words.seasons[m["season"].lower()]]
    return Match(m.start(), m.end(), "date", "none", constant(season_range(year, first_month)))


def build_year_range(m: re.Match[str], state: GrammarState) -> Match | None:
    first = int(m["y1"])
    second_text = m["y2"]
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if second <= first or second - first > 200:
        return None
    if len(second_text) == 2 and not m["dash"]:
        return None
    if m["conj"] and not m["between"] and second != first + 1:
        return None
    state.last_year = second
    interval = DateRange(date(first, 1, 1), date(second, 12, 31), "year")
    pieces = ((m.start("y1"), m.end("y1")), (m.start("y2"), m.end("y2"))) if len(second_text) == 4 else ()
    return Match(m.start(), m.end(), "range", "none", constant(interval), pieces=pieces)


def build_century(m: re.Match[str], state: GrammarState) -> Match | None:
    """"The 20th century": the hundred years 1900-1999."""
    ordinal = m["ord"].lower()
    number = int(ordinal[:-2]) if ordinal[:1].isdigit() else state.words.ordinals[ordinal]
    if not 1 <= number <= 21:
        return None
    start = 100 * (number - 1)
    interval = DateRange(date(max(start, 1), 1, 1), date(start + 99, 12, 31), "century")
    return Match(m.start(), m.end(), "date", "none", constant(interval))


def build_season_alone(m: re.Match[str], state: GrammarState) -> Match | None:
    """"The summer", "over the early winter": the last one told in the past, the next one told as to come,
    else the one of the anchor's year."""
    first_month = SEASON_FIRST_MONTH[state.words.seasons[m["season"].lower()]]
    seasons = {step: relative_season_resolver(step, first_month) for step in (-1, 0, 1)}

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        step = -1 if direction == "past" else 1 if direction == "future" else 0
        return seasons[step](anchor, direction)

    return Match(m.start(), m.end(), "date", "day", resolve, approximate=bool(m["mod"]))


def build_decade(m: re.Match[str], state: GrammarState) -> Match | None:
    """"The 1990s"; "the '80s" and "the nineties" are of the twentieth century, as news says them."""
    tens = int(m["short"]) if m["short"] else state.words.decades[m["word"].lower()] if m["word"] else None
    start = 1900 + tens if tens is not None else int(m["decade"])
    interval = DateRange(date(start, 1, 1), date(start + 9, 12, 31), "decade")
    return Match(m.start(), m.end(), "date", "none", constant(interval))


def build_year(m: re.Match[str], state: GrammarState) -> Match | None:
    year = int(m["year"])
    state.last_year = year
    return Match(m.start("fiscal" if m["fiscal"] else "year"), m.end(), "date", "none", constant(year_range(year)))


def build_relative_unit(m: re.Match[str], state: GrammarState) -> Match | None:
    """"next week", "last year"; "the past decade" is the ten years up to now, a duration (TimeML P10Y)."""
    step = state.words.step(m["rel"])
    if m["unit"]:
        unit = state.words.unit(m["unit"])
        if m["rel"].lower() in state.words.up_to_now:
            count, unit = (UNIT_YEARS[unit], "year") if unit in UNIT_YEARS else (1, unit)
            return Match(m.start("rel"), m.end(), "duration", "none", fixed=duration_value(str(count), unit))
        resolver = relative_unit_resolver(step, unit)
    elif m["weekend"]:
        resolver = relative_weekend_resolver(step)
    else:
        resolver = relative_season_resolver(step, SEASON_FIRST_MONTH[state.words.seasons[m["season"].lower()]])
    return Match(m.start(), m.end(), "relative", "day", resolver)


def build_ago(m: re.Match[str], state: GrammarState) -> Match | None:
    """"Two years ago"; in a report on a quarter ("profit rose to $5 million from $3 million a year ago") the
    same quarter a year back."""
    count = state.words.number(m["n"])
    if count is None:
        return Match(m.start(), m.end(), "relative", "day", fixed="PAST_REF", approximate=True)
    unit = state.words.unit(m["unit"])
    quarter = state.reporting_quarter(m.string, m.start()) if unit == "year" and count == 1 else None
    match = Match(m.start(), m.end(), "relative", "day", approximate=bool(m["approx"]))
    if quarter is not None:
        return counted_from(match, quarter, unit, -count, m.string, counted=True)
    return replace(match, resolve=ago_resolver(count, unit))


def build_report_year(m: re.Match[str], state: GrammarState) -> Match | None:
    """"The fiscal year", "for the full year": the anchor's year; "the latest fiscal year", the one before."""
    step = -1 if m["latest"] else 0
    return Match(m.start(), m.end(), "relative", "day", lambda anchor, direction: year_range(anchor.year + step))


def build_year_end(m: re.Match[str], state: GrammarState) -> Match | None:
    """"by year-end" is this year's last day; "since year-end", told in the past, last year's."""

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        year = anchor.year - 1 if direction == "past" and anchor < date(anchor.year, 12, 31) else anchor.year
        return day_range(date(year, 12, 31))

    return Match(m.start(), m.end(), "relative", "day", resolve)


def build_reference(m: re.Match[str], state: GrammarState) -> Match | None:
    """"now", "recently", "in the coming years": TimeML's PRESENT_REF, PAST_REF, FUTURE_REF."""
    value = next(value for group, value in REFERENCE_VALUES.items() if m[group])
    return Match(m.start(), m.end(), "relative", "none", fixed=value, approximate=True)


def build_period(m: re.Match[str], state: GrammarState) -> Match | None:
    """"The quarter": the reporting period the text named last (in results news, a quarter); "the year-ago
    quarter", "year-earlier profit": that period a year before. Without a quarter named, and always for "the
    latest quarter", the last quarter completed by the anchor (the one results are reported for), or the
    current one in a clause about the future."""
    steps = -1 if m["prior"] else 0
    named = not (m["current"] or m["latest"])
    quarter = state.reporting_quarter(m.string, m.start(), whole_text=True) if named else None
    match = Match(m.start(), m.end(), "relative", "day")
    if quarter is not None:
        return counted_from(match, quarter, "year", steps, m.string, counted=True)

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        current = quarter_range(anchor.year, (anchor.month - 1) // 3 + 1)
        latest = current if direction == "future" or m["current"] else same_part(current, "month", -3)
        return same_part(latest, "year", steps)

    return replace(match, resolve=resolve)


def build_deictic(m: re.Match[str], state: GrammarState) -> Match | None:
    """"yesterday", "the day after tomorrow", "yesterday afternoon", "this morning" (today)."""
    offset = state.words.deictic_days[" ".join(m["word"].lower().split())] if m["word"] else 0
    offset += state.words.shifts[m["beyond"].lower()] if m["beyond"] else 0
    return Match(
        m.start(), m.end(), "relative", "day", lambda anchor, direction: day_range(anchor + timedelta(days=offset))
    )


def build_weekday(m: re.Match[str], state: GrammarState) -> Match | None:
    step = state.words.step(m["rel"]) if m["rel"] else None
    start = m.start() if m["rel"] else m.start("wd")
    weekday = state.words.weekdays[m["wd"].lower()]
    resolver = weekday_resolver(weekday, step, state.cfg.untensed_past_bias_days)
    return Match(start, m.end(), "weekday", "day", resolver)


def build_duration(m: re.Match[str], state: GrammarState) -> Match | None:
    """"six years", "nearly 70 minutes", "90 seconds"; an age ("71-year-old") is a duration too, as in TimeML."""
    unit = state.words.unit(m["unit"])
    count = state.words.number(m["n"])
    if unit in UNIT_YEARS and count is not None:
        count, unit = count * UNIT_YEARS[unit], "year"
    value = duration_value("X" if count is None else str(count), unit)
    approx = m.groupdict().get("approx")
    start = m.start("approx") if approx else m.start("n")
    return Match(
        start, m.end(), "duration", "none", fixed=value, approximate=bool(approx) or count is None,
        per_unit=not approx and m["n"].lower() in state.words.articles, age=bool(m.groupdict().get("old")),
    )


def build_part_of_unit(m: re.Match[str], state: GrammarState) -> Match | None:
    """"by the end of the year" is its last month, "the start of next month" that month: approximate."""
    unit = state.words.unit(m["unit"])
    whole = relative_unit_resolver(state.words.step(m["rel"]) if m["rel"] else 0, unit)
    at_end = bool(m["end"])

    def resolve(anchor: date, direction: Direction) -> DateRange | None:
        interval = whole(anchor, direction)
        if interval is None or unit == "month":
            return interval
        month = 12 if at_end else 1
        return month_range(interval.first.year, month)

    return Match(m.start(), m.end(), "relative", "day", resolve, approximate=True)


def build_stretch(m: re.Match[str], state: GrammarState) -> Match | None:
    """"The year ended Sept. 30": one year's stretch, its end given by the date that follows."""
    return Match(m.start(), m.end(), "duration", "none", fixed=duration_value("1", state.words.unit(m["unit"])))


def build_set(m: re.Match[str], state: GrammarState) -> Match | None:
    unit = state.words.unit(m["unit"]) if m["unit"] else state.words.recurrence[m["adv"].lower()]
    return Match(m.start(), m.end(), "set", "none", fixed=duration_value("1", unit))


def build_clock(m: re.Match[str], state: GrammarState) -> Match | None:
    if m["noon"] or m["midnight"]:
        hour, minute = (12, 0) if m["noon"] else (0, 0)
    else:
        hour, minute = int(m["h"]) % 12 + (12 if m["pm"] else 0), int(m["min"] or 0)
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
    grammar = state.grammar
    if groups.get("next") and grammar.duration_signal.search(text, max(0, m.start() - 12), m.start()):
        return None
    if (groups.get("event") and groups.get("n")) or grammar.name_word.search(m.group(), 1):
        return None
    unit = state.words.anaphor_unit(m["unit"])
    relation = groups.get("next") or groups.get("rel") or groups.get("relb")
    count = state.words.number(groups["n"]) if groups.get("n") else None if groups.get("plural") else 1
    approximate = bool(groups.get("approx")) or count is None
    unresolved = Match(m.start(), m.end(), "relative", "day", anaphoric=True, approximate=approximate)
    if count is None:
        return replace(unresolved, note="a vague count gives no date")
    steps = state.words.shifts.get(relation.lower(), 0) * count if relation else 0
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


# --------------------------------------------------------------------------- matching


def find_matches(text: str, res: Resources, cfg: TimeSettings) -> list[Match]:
    """Non-overlapping grammar matches in text order; the longest wins, then the earlier rule."""
    grammar = grammar_of(res)
    candidates: list[tuple[int, int, int, re.Match[str], Builder]] = []
    for rank, rule in enumerate(grammar.rules):
        for m in rule.finditer(text):
            candidates.append((m.start(), -(m.end() - m.start()), rank, m, rule.builder))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    state = GrammarState(grammar, cfg)
    matches: list[Match] = []
    taken_until = -1
    for start, _, _, m, builder in candidates:
        if start < taken_until:
            continue
        match = _built(builder, m, state)
        if match is not None:
            matches.append(_with_since(match, text, grammar))
            state.earlier.append(matches[-1])
            taken_until = m.end()
    joined = _with_clock_times(_counted_from_following(matches, text, grammar), text, grammar)
    return _clocks_on_their_day(joined, text, state)


def _built(builder: Builder, m: re.Match[str], state: GrammarState) -> Match | None:
    """A date the calendar cannot hold (year 0, "December 10000") is no match: its words stay plain text."""
    try:
        return builder(m, state)
    except (OverflowError, ValueError):
        return None


def _clocks_on_their_day(matches: list[Match], text: str, state: GrammarState) -> list[Match]:
    """"Tuesday evening ... the bus leaves at 6pm": a clock time said without a day is on the last day its
    paragraph named, else on a day named later in its sentence ("at midday, a statement said today"); with
    neither, it stays a time of no known day (a paragraph further on tells another event)."""
    placed = []
    for index, match in enumerate(matches):
        if match.type == "time" and match.clock is None and match.fixed is not None:
            window = state.paragraph_window_start(text, match.start, paragraphs=1)
            days = [m for m in matches if m.type != "time" and fits(m, "day") and _granularity(m) == "day"]
            before = [m for m in days if window <= m.start < match.start]
            after = [m for m in days if m.start > match.end and state.grammar.same_sentence.fullmatch(text, match.end, m.start)]
            day = before[-1] if before else after[0] if after else None
            if day is not None:
                match = replace(
                    match, needs=day.needs, resolve=day.resolve, clock=match.fixed, fixed=None, reference=day.start,
                    note=f"on the day of '{text[day.start:day.end]}'",
                )
        placed.append(match)
    return placed


def _counted_from_following(matches: list[Match], text: str, grammar: Grammar) -> list[Match]:
    """"The day after last Sunday's final": the event is dated right after the anaphor, so count from it;
    "the day before the final, on Saturday": the apposed date is the anaphor's own."""
    bound = list(matches)
    for index, (match, following) in enumerate(zip(matches, matches[1:])):
        if match.counts is None:
            continue
        unit, steps = match.counts
        if grammar.date_follows.fullmatch(text, match.end, following.start) and fits(following, unit):
            bound[index] = counted_from(match, following, unit, steps, text)
        elif grammar.event_then_apposed.fullmatch(text, match.end, following.start) and fits(following, unit):
            bound[index] = counted_from(match, following, unit, 0, text)
    return bound


def _with_clock_times(matches: list[Match], text: str, grammar: Grammar) -> list[Match]:
    """"10 p.m. Wednesday", "noon Thursday", "Tuesday at 9 a.m.": one expression, the day with its clock time."""
    joined: list[Match] = []
    for match in matches:
        previous = joined[-1] if joined else None
        if previous is not None and _day_and_clock(previous, match, text, grammar):
            clock, day = (previous, match) if previous.type == "time" else (match, previous)
            joined[-1] = replace(day, start=previous.start, end=match.end, clock=clock.fixed)
        else:
            joined.append(match)
    return joined


def _day_and_clock(first: Match, second: Match, text: str, grammar: Grammar) -> bool:
    if first.type == "time" and second.type in COUNTABLE_TYPES and _granularity(second) == "day":
        return grammar.clock_day_joint.fullmatch(text, first.end, second.start) is not None
    if second.type == "time" and first.type in COUNTABLE_TYPES and _granularity(first) == "day":
        return grammar.day_clock_joint.fullmatch(text, first.end, second.start) is not None
    return False


def _with_since(match: Match, text: str, grammar: Grammar) -> Match:
    """"since X" is a range from X to the anchor, so it needs the anchor day."""
    signal = grammar.since.search(text, max(0, match.start - 8), match.start)
    if signal is None or match.resolve is None or match.type not in ("date", "range"):
        return match
    return replace(
        match, start=signal.start(), type="range", needs="day", resolve=since(match.resolve), since=True,
        pieces=match.pieces or ((match.start, match.end),),
    )
