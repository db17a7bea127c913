"""Publication dates as pages state them ("date 2025-08-28", "Published: Aug. 28, 2025 10:30 IST") or as
metadata gives them (ISO timestamps, RFC 2822 feed dates), read as calendar days.

Only complete, unambiguous dates are read: "03/04/2025" could be March or April, so it is
reported as unparsed rather than guessed ("03/03/2025" is one day either way). Month names and the printed shapes of a date are language data
(`calendar.months`, `metadata.month_first_date`, `metadata.day_first_date`).
"""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

from newsweave.dates import safe_date
from newsweave.lang import Resources

_ISO = re.compile(r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")


def parse_date(text: str, res: Resources) -> date | None:
    """The first full date in `text`, or None when there is none or it is ambiguous."""
    for pattern in (_ISO, res.pattern("metadata.month_first_date"), res.pattern("metadata.day_first_date")):
        found = pattern.search(text)
        if found:
            return _iso(found["year"], found["month"], found["day"], res)
    numeric = _NUMERIC.search(text)
    if numeric:
        first, second, year = (int(g) for g in numeric.groups())
        if first == second or first > 12 >= second:
            return _iso(str(year), str(second), str(first), res)
        if second > 12 >= first:
            return _iso(str(year), str(first), str(second), res)
        return None
    return _rfc2822(text)


def numeric_readings(text: str) -> list[date]:
    """Both calendar days an ambiguous numeric date may be ("03/04/2025": 3 April or 4 March), for a caller
    that can tell them apart by other evidence; empty when the text holds no such date."""
    numeric = _NUMERIC.search(text)
    if not numeric:
        return []
    first, second, year = (int(g) for g in numeric.groups())
    readings = [safe_date(year, second, first), safe_date(year, first, second)]
    return [day for day in dict.fromkeys(readings) if day]


def _iso(year: str, month: str, day: str, res: Resources) -> date | None:
    month_number = int(month) if month.isdigit() else res.table("calendar.months").get(month.lower().rstrip("."), 0)
    return safe_date(int(year), month_number, int(day))


def _rfc2822(text: str) -> date | None:
    try:
        return parsedate_to_datetime(text.strip()).date()
    except (TypeError, ValueError, IndexError):
        return None
