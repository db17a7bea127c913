"""Small text helpers shared by copy detection, claim extraction and conflict detection."""

from __future__ import annotations

import re

from newsweave.dates import DateRange, DateValue
from newsweave.nlp.quotes import find_quote_spans

WORD = re.compile(r"\w+")


def words(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word tokens with their character offsets, so shingle matches map back to the text."""
    return [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Words between quotation marks (attributed to someone, not the outlet's own), paired by the one quote
    finder (`nlp.quotes.find_quote_spans`), so claims, copies and quotes agree on what is quoted."""
    return [(span.start, span.end) for span in find_quote_spans(text) if span.depth == 0]


def inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def published_after(x: DateValue, y: DateValue) -> bool:
    """Whether `x` is surely later than `y`: it starts after `y` ends (overlapping ranges are not ordered)."""
    first, second = DateRange.parse(x), DateRange.parse(y)
    return bool(first and second and first.first > second.last)
