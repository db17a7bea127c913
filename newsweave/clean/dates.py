"""Publication dates as pages state them ("date 2025-08-28", "Published: Aug. 28, 2025 10:30 IST") or as
metadata gives them (ISO timestamps, RFC 2822 feed dates), turned into ISO `YYYY-MM-DD`.

Only complete, unambiguous dates are turned into ISO: "03/04/2025" could be March or April, so it is
reported as unparsed rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{4}/\d{1,2}/\d{1,2}"
    rf"|{_WEEKDAY}{_MONTH}\s+\d{{1,2}}{_ORDINAL},?\s+\d{{4}}"
    rf"|{_WEEKDAY}\d{{1,2}}{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{4})"
)
"""A full calendar date as news pages print it (the regex source, to embed in larger patterns)."""
TIME = r"(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?)"
"""A clock time with optional am/pm and time-zone abbreviation, printed after the date in stamps."""

_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_MONTH_FIRST = re.compile(rf"({_MONTH})\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})", re.I)
_DAY_FIRST = re.compile(rf"(\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?({_MONTH}),?\s+(\d{{4}})", re.I)
_NUMERIC = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")


def parse_date(text: str) -> str | None:
    """ISO date of the first full date in `text`, or None when there is none or it is ambiguous."""
    for pattern, order in ((_ISO, "ymd"), (_MONTH_FIRST, "mdy"), (_DAY_FIRST, "dmy")):
        found = pattern.search(text)
        if found:
            parts = dict(zip(order, found.groups(), strict=True))
            return _iso(parts["y"], parts["m"], parts["d"])
    numeric = _NUMERIC.search(text)
    if numeric:
        first, second, year = (int(g) for g in numeric.groups())
        if first > 12 >= second:
            return _iso(str(year), str(second), str(first))
        if second > 12 >= first:
            return _iso(str(year), str(first), str(second))
        return None
    return _rfc2822(text)


def _iso(year: str, month: str, day: str) -> str | None:
    month_number = int(month) if month.isdigit() else MONTHS.get(month.lower()[:3], 0)
    try:
        return date(int(year), month_number, int(day)).isoformat()
    except ValueError:
        return None


def _rfc2822(text: str) -> str | None:
    try:
        return parsedate_to_datetime(text.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
