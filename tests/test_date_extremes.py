"""Dates at the ends of the calendar (year 1, year 9999) and absurd counts, in the text or as the publication
date, leave an expression unresolved; they never abort the article or the run."""

from __future__ import annotations

import itertools
from datetime import date

from newsweave.dates import iter_days, month_range, week_range
from newsweave.lang import for_language
from newsweave.models import RawDocument
from newsweave.nlp.timegrammar import find_matches
from newsweave.settings import TimeSettings

NUMBERS = ["0", "1", "9999", "10000", "99999", "2,000,000,000", "99999999999999999999"]
TEMPLATES = [
    "{n} years ago", "in {n} days", "{n} weeks from now", "{n} centuries later", "{n} decades earlier",
    "on December 31, {n}", "on 1 January {n}", "in the year {n}", "in {n}", "in the summer of {n}",
    "in December {n}", "in the first quarter of {n}", "{n} months after the vote", "the {n}s", "since {n}",
    "between {n} and 10000", "by Monday, {n} days before the vote", "at 10 p.m. on March {n}",
]
ANCHORS = [date.min, date(1, 1, 7), date(2025, 3, 4), date(9999, 12, 25), date.max]


def test_the_time_grammar_resolves_extreme_numbers_or_leaves_them_unresolved() -> None:
    res, cfg = for_language("en"), TimeSettings()
    text = " Then ".join(template.format(n=n) for template, n in itertools.product(TEMPLATES, NUMBERS))
    matches = find_matches(text, res, cfg)
    assert len(matches) > len(TEMPLATES), "the ordinary numbers still make matches"
    values = [
        match.resolve(anchor, direction)
        for match in matches
        if match.resolve is not None
        for anchor in ANCHORS
        for direction in ("past", "future", None)
    ]
    assert any(value is None for value in values), "counts past the calendar's ends stay unresolved"
    assert any(value is not None and value.first.year == 9999 for value in values), "year 9999 itself is a date"


def test_calendar_helpers_reach_the_last_day() -> None:
    assert month_range(9999, 12).last == date.max
    assert list(iter_days(date(9999, 12, 30), date.max)) == [date(9999, 12, 30), date.max]
    assert week_range(date(1, 1, 3)).first == date.min
    assert week_range(date.max).last == date.max, "the calendar's last week ends with it"


def test_extreme_dates_in_text_and_metadata_leave_the_articles_analyzed(analyze_texts) -> None:
    body = (
        "Engineers closed the Harwick Bridge over the Marlow River on Monday after inspectors found cracks. "
        "The council said the bridge was built on 1 January 0001 and would stand until December 31, 9999; "
        "it reopens 10000 years from now, 99999999999 days after the vote."
    )
    dossier = analyze_texts(
        RawDocument(source="first-day.txt", text=body, published="0001-01-01"),
        RawDocument(source="last-day.txt", text=body.replace("Monday", "Tuesday"), published="9999-12-31"),
        RawDocument(source="today.txt", text=body.replace("Monday", "Friday"), published="2025-03-07"),
    )
    assert len(dossier.articles) == 3 and dossier.skipped == []
    assert any(entry.date == "9999-12-31" for entry in dossier.timeline)
