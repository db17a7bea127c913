"""Small text helpers shared by copy detection, claim extraction and conflict detection."""

from __future__ import annotations

import re

from newsweave.models import DateValue

WORD = re.compile(r"\w+")
QUOTED = re.compile(r"“[^”]{3,}”|\"[^\"]{3,}\"")
"""Text between curly or straight double quotes: words attributed to someone, not the outlet's own."""


def words(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word tokens with their character offsets, so shingle matches map back to the text."""
    return [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


def inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def date_start(value: DateValue) -> str | None:
    """The earliest ISO date of a date or range, comparable as a string (ISO strings sort by time)."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def year_of(value: DateValue) -> int | None:
    start = date_start(value)
    return int(start[:4]) if start and start[:4].isdigit() else None
