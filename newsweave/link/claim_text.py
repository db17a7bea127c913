"""Small text helpers shared by copy detection, claim extraction and conflict detection."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from newsweave.dates import DateValue

Embed = Callable[[list[str]], np.ndarray]
"""Sentence-embedding function: texts -> unit-length vectors, one row per text."""

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


def date_end(value: DateValue) -> str | None:
    """The latest ISO date of a date or range, with a month or year padded to its last day for comparison."""
    end = value[-1] if isinstance(value, list) and value else value
    if not isinstance(end, str):
        return None
    return end + {4: "-12-31", 7: "-31"}.get(len(end), "")


def published_after(x: DateValue, y: DateValue) -> bool:
    """Whether `x` is surely later than `y`: it starts after `y` ends (overlapping ranges are not ordered)."""
    start, end = date_start(x), date_end(y)
    return bool(start and end and start > end)


def year_of(value: DateValue) -> int | None:
    start = date_start(value)
    return int(start[:4]) if start and start[:4].isdigit() else None
