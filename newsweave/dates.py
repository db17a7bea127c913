"""Calendar dates as typed ranges: the one representation every stage compares and the one parser of the
contract's date strings.

A date in the news is rarely a day: "in March", "last week", "the 1990s" each cover a run of days. A
`DateRange` keeps its first and last day, the granularity it was stated at, and how it was obtained, so stages
compare dates by their days and never re-parse strings. The contract's strings (`YYYY`, `YYYY-MM`,
`YYYY-MM-DD`, TIMEX3 weeks, quarters, seasons, decades, centuries, or a `[start, end]` list) exist only at
the edges: `value()` writes them, `parse()` reads them back.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, InstanceOf, PlainSerializer, WithJsonSchema

Granularity = Literal[
    "day", "week", "month", "quarter", "season", "year", "decade", "century", "duration", "time"
]
Provenance = Literal["stated", "inferred"]
"""`stated`: written in the text or given with the input; `inferred`: worked out from other evidence (a
publication window from the story's other articles), so values resolved against it are inferred too."""

DateValue = str | list[str] | None
"""The contract's date on the wire: a TIMEX3-like string, a `[start, end]` list, or None for unknown."""

SEASON_FIRST_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
"""TIMEX3 season codes and their first month (northern hemisphere, meteorological seasons)."""
RANGE_POINT_GRANULARITY: dict[str, Granularity] = {"week": "day", "quarter": "month", "season": "month"}  # not language
"""A range's ends are written in the contract's forms: weeks by their days, quarters and seasons by months."""

_POINT = re.compile(
    r"(?P<year>\d{4})(?:-(?:W(?P<week>\d{2})|Q(?P<quarter>[1-4])|(?P<season>SP|SU|FA|WI)|(?P<month>\d{2})"
    r"(?:-(?P<day>\d{2}))?))?"
    r"|(?P<decade>\d{3})|(?P<century>\d{2})"
)


@dataclass(frozen=True)
class DateRange:
    """The days a date covers, at the granularity it was given, and how it was obtained."""

    first: date
    last: date
    granularity: Granularity
    provenance: Provenance = "stated"

    @property
    def inferred(self) -> bool:
        return self.provenance == "inferred"

    @property
    def exact_day(self) -> bool:
        return self.first == self.last

    def days(self) -> Iterator[date]:
        return iter_days(self.first, self.last)

    def overlaps(self, other: DateRange) -> bool:
        return self.first <= other.last and other.first <= self.last

    def contains(self, other: DateRange) -> bool:
        return self.first <= other.first and other.last <= self.last

    def as_inferred(self) -> DateRange:
        return replace(self, provenance="inferred")

    def after(self, other: DateRange) -> bool:
        """Surely later: it starts after `other` ends (overlapping ranges are not ordered)."""
        return self.first > other.last

    def contract(self) -> str | list[str]:
        """The contract's form: the point's string when the days are exactly one point at this granularity
        (a day, a month, a year, a week), else the `[start, end]` pair (a publication window, 2018-2019)."""
        point = parse_point(format_point(self.first, self.granularity))
        whole = point is not None and (point.first, point.last) == (self.first, self.last)
        return self.value(as_range=not whole)

    def value(self, as_range: bool = False) -> str | list[str]:
        """The contract's string for this date, or its `[start, end]` pair when it is a range of points."""
        first = format_point(self.first, self.granularity)
        if not as_range:
            return first
        point = RANGE_POINT_GRANULARITY.get(self.granularity, self.granularity)
        return [format_point(self.first, point), format_point(self.last, point)]

    @classmethod
    def parse(cls, value: DateValue, provenance: Provenance = "stated") -> DateRange | None:
        """The contract's string or `[start, end]` pair read back; None when it is not a calendar date
        (a duration, a time of day, a masked year)."""
        if not value:
            return None
        ends = value if isinstance(value, list) else [value]
        points = [parse_point(end) for end in ends]
        if any(point is None for point in points):
            return None
        first, last = points[0], points[-1]
        assert first is not None and last is not None
        if len(points) == 1:
            return replace(first, provenance=provenance)
        if last.last < first.first:
            return None
        granularity = first.granularity if first.granularity == last.granularity else "day"
        return cls(first.first, last.last, granularity, provenance)

    @classmethod
    def between(cls, first: date, last: date, provenance: Provenance = "stated") -> DateRange:
        """A run of days, such as a publication window: a single day when `first == last`."""
        return cls(first, last, "day", provenance)


def parse_point(value: str) -> DateRange | None:
    """One TIMEX3 point (`2025-09-03`, `2025-W36`, `2025-Q3`, `2025-SU`, `2025-06`, `2025`, `201`, `20`)
    as the days it covers."""
    match = _POINT.fullmatch(value.strip()[:10])
    if match is None:
        return None
    parts = match.groupdict()
    if parts["decade"]:
        start = int(parts["decade"]) * 10
        return DateRange(date(start, 1, 1), date(start + 9, 12, 31), "decade")
    if parts["century"]:
        start = max(1, int(parts["century"]) * 100)
        return DateRange(date(start, 1, 1), date(start + 99 - (start == 1), 12, 31), "century")
    year = int(parts["year"])
    if year < 1:
        return None
    if parts["week"]:
        return _week_of_year(year, int(parts["week"]))
    if parts["quarter"]:
        return quarter_range(year, int(parts["quarter"]))
    if parts["season"]:
        return season_range(year, SEASON_FIRST_MONTH[parts["season"]])
    if parts["day"]:
        day = safe_date(year, int(parts["month"]), int(parts["day"]))
        return day_range(day) if day else None
    if parts["month"]:
        month = int(parts["month"])
        return month_range(year, month) if 1 <= month <= 12 else None
    return year_range(year)


def format_point(day: date, granularity: Granularity | None) -> str:
    if granularity == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if granularity == "season":
        code = next(c for c, first_month in SEASON_FIRST_MONTH.items() if first_month == day.month)
        return f"{day.year:04d}-{code}"
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    return day.isoformat()


def read_contract_date(value: Any) -> DateRange | None:
    """A contract date from the wire (JSON, the store, a test) as a stated `DateRange`; a `DateRange` as is."""
    if value is None or isinstance(value, DateRange):
        return value
    parsed = DateRange.parse(value)
    if parsed is None:
        raise ValueError(f"not a calendar date or [start, end] range: {value!r}")
    return parsed


def contract_value(value: DateRange | None) -> str | list[str] | None:
    return value.contract() if value is not None else None


ContractDate = Annotated[
    InstanceOf[DateRange] | None,
    BeforeValidator(read_contract_date),
    PlainSerializer(contract_value),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"items": {"type": "string"}, "type": "array"}, {"type": "null"}]}),
]
"""A model field holding a typed date that reads and writes the contract's strings: stages see a `DateRange`,
dossier.json and the store see `YYYY-MM-DD` or `[start, end]` as before."""


def surely_after(x: DateRange | None, y: DateRange | None) -> bool:
    """Whether `x` is known to be later than `y` (both known, and `x` starts after `y` ends)."""
    return x is not None and y is not None and x.after(y)


def value_days(value: DateValue) -> tuple[date, date] | None:
    """First and last day a contract value covers, for sorting and comparing values of any granularity."""
    parsed = DateRange.parse(value)
    return (parsed.first, parsed.last) if parsed else None


# --------------------------------------------------------------------------- calendar


def day_range(day: date) -> DateRange:
    return DateRange(day, day, "day")


def week_range(day: date) -> DateRange:
    monday = day - timedelta(days=day.weekday())
    return DateRange(monday, monday + timedelta(days=min(6, (date.max - monday).days)), "week")  # ends with the calendar


def month_range(year: int, month: int) -> DateRange:
    return DateRange(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")


def quarter_range(year: int, quarter: int) -> DateRange:
    return DateRange(date(year, 3 * quarter - 2, 1), month_range(year, 3 * quarter).last, "quarter")


def season_range(year: int, first_month: int) -> DateRange:
    end_year, end_month = shift_months(date(year, first_month, 1), 2)
    return DateRange(date(year, first_month, 1), month_range(end_year, end_month).last, "season")


def year_range(year: int) -> DateRange:
    return DateRange(date(year, 1, 1), date(year, 12, 31), "year")


def _week_of_year(year: int, week: int) -> DateRange | None:
    try:
        return week_range(date.fromisocalendar(year, week, 1))
    except ValueError:
        return None


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def iter_days(first: date, last: date) -> Iterator[date]:
    """Counted by offset, never stepping past `last` (which may be the calendar's last day)."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)
