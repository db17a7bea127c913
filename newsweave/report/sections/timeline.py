"""The dossier's timeline section: a drawn timeline (inline SVG, computed here) and the table of evidence.

The drawing is ordinal, one row per event, because a story's dates span decades (a 1931 invasion, a parade
next week) and a linear scale would crush the recent events into a dot; long silences are drawn as breaks
labelled with their length instead. Marker shape gives the precision of the date, a hollow marker an inferred
one, so a reader sees at a glance which dates the sources state and which newsweave worked out.
"""

from __future__ import annotations

from datetime import date

from newsweave.dates import value_days
from newsweave.models import Dossier, TimelineEntry, TimelineEvidence
from newsweave.report.htmlkit import (
    Sentences,
    by_story,
    esc,
    md_cell,
    source_labels,
    sources_html,
    sources_md,
    table,
)

TITLE = "Timeline"
ANCHOR = "timeline"

ROW = 26
BREAK_ROW = 22
TOP = 12
AXIS_X = 190
TEXT_X = 206
WIDTH = 960
LINE_CHARS = 110
"""Characters of 13px text that fit between x=206 and the right edge: the event is cut to leave room for its
sources."""
OUTLET_CHARS = 30
BREAK_DAYS = 366
"""Consecutive events further apart than this get a break in the axis, labelled with the gap."""
COLOUR = "#2b6cb0"
MUTED = "#718096"
LEGEND = (
    '<figcaption class="legend">\u25cf a day \u00b7 \u25a0 a week, month, quarter or season \u00b7 '
    "\u25c6 a year or a range \u00b7 hollow: inferred from a publication date the article does not state "
    "\u00b7 breaks mark gaps of more than a year. Hover a row for each source's wording.</figcaption>"
)


def html(dossier: Dossier) -> str:
    """One drawn timeline and table per story: events of unrelated stories do not interleave. The dossier's
    sentences are indexed once for all the stories' tables (indexed per story, they made the report's writing
    grow as stories times statements: 0.3 of 0.45 CPU-s of report.html on 200 articles in 41 stories)."""
    found = Sentences(dossier)
    return "".join(
        (f"<h3>{esc(title)}</h3>" if title else "")
        + f'<figure class="timeline-drawing">{svg(entries, dossier)}{LEGEND}</figure>'
        + evidence_table(entries, dossier, found)
        for title, entries in _story_timelines(dossier)
    )


def markdown(dossier: Dossier) -> str:
    return "\n\n".join(
        (f"### {md_cell(title)}\n\n" if title else "")
        + "\n".join(
            f"- **{md_cell(date_label(e.date))}** {md_cell(e.event)} (\u201c{md_cell(e.expression)}\u201d, {md_cell(e.how)}) "
            f"{sources_md(e.sources, dossier)}"
            for e in entries
        )
        for title, entries in _story_timelines(dossier)
    )


def _story_timelines(dossier: Dossier) -> list[tuple[str, list[TimelineEntry]]]:
    groups = by_story(dossier, dossier.timeline, lambda entry: entry.sources)
    return [(title, ordered(entries)) for title, entries in groups if entries]


def ordered(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Entries in date order; undated ones last."""
    return sorted(entries, key=lambda e: value_days(e.date) or (date.max, date.max))


def date_label(value: str | list[str]) -> str:
    return f"{value[0]} \u2013 {value[1]}" if isinstance(value, list) else value


def svg(entries: list[TimelineEntry], dossier: Dossier) -> str:
    labels = source_labels(dossier)
    parts: list[str] = []
    y = TOP
    previous: date | None = None
    for entry in entries:
        days = value_days(entry.date)
        if days and previous and (days[0] - previous).days > BREAK_DAYS:
            parts.append(_break(y, (days[0] - previous).days))
            y += BREAK_ROW
        previous = days[1] if days else previous
        parts.append(_row(entry, y, labels))
        y += ROW
    axis = f'<line x1="{AXIS_X}" y1="{TOP - 6}" x2="{AXIS_X}" y2="{y - ROW // 2}" stroke="{MUTED}" stroke-width="2"/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Timeline of the story" '
        f'viewBox="0 0 {WIDTH} {y}" width="100%" class="timeline">'
        f"{axis}{''.join(parts)}</svg>"
    )


def _row(entry: TimelineEntry, y: int, labels: dict[str, str]) -> str:
    mid = y + ROW // 2 - 4
    outlets = ", ".join(dict.fromkeys(labels.get(s, s) for s in entry.sources))
    tooltip = "; ".join(f"{labels.get(ev.article, ev.article)}: \u201c{ev.expression}\u201d" for ev in entry.evidence)
    count = len(entry.sources)
    named = f" ({outlets})" if len(outlets) <= OUTLET_CHARS else ""
    room = LINE_CHARS - len(named) - len(" \u2014 10 sources")
    event = entry.event if len(entry.event) <= room else entry.event[: room - 1] + "\u2026"
    return (
        f"<g><title>{esc(tooltip)}</title>"
        f'<text x="{AXIS_X - 12}" y="{mid + 4}" text-anchor="end" fill="{MUTED}">{esc(date_label(entry.date))}</text>'
        f"{_marker(entry, mid)}"
        f'<text x="{TEXT_X}" y="{mid + 4}">{esc(event)}'
        f'<tspan fill="{MUTED}"> \u2014 {count} source{"s" if count != 1 else ""}{esc(named)}</tspan></text></g>'
    )


def _marker(entry: TimelineEntry, mid: int) -> str:
    """Circle: a day; square: a week, month, quarter or season; diamond: a year or longer, or a range."""
    fill = "white" if entry.how == "inferred" else COLOUR
    style = f'fill="{fill}" stroke="{COLOUR}" stroke-width="2"'
    if isinstance(entry.date, list) or entry.granularity in ("year", "decade", "century"):
        turn = f'transform="rotate(45 {AXIS_X} {mid})"'
        return f'<rect x="{AXIS_X - 5}" y="{mid - 5}" width="10" height="10" {turn} {style}/>'
    if entry.granularity in ("week", "month", "quarter", "season"):
        return f'<rect x="{AXIS_X - 5}" y="{mid - 5}" width="10" height="10" {style}/>'
    return f'<circle cx="{AXIS_X}" cy="{mid}" r="5" {style}/>'


def _break(y: int, gap_days: int) -> str:
    years = int(gap_days / 365.25)
    label = f"{years} year{'s' if years != 1 else ''} later" if years >= 1 else f"{gap_days} days later"
    mid = y + BREAK_ROW // 2
    return (
        f'<rect x="{AXIS_X - 6}" y="{mid - 4}" width="12" height="8" fill="white"/>'
        f'<line x1="{AXIS_X - 7}" y1="{mid - 1}" x2="{AXIS_X + 7}" y2="{mid - 5}" stroke="{MUTED}"/>'
        f'<line x1="{AXIS_X - 7}" y1="{mid + 5}" x2="{AXIS_X + 7}" y2="{mid + 1}" stroke="{MUTED}"/>'
        f'<text x="{TEXT_X}" y="{mid + 4}" fill="{MUTED}" font-style="italic">{esc(label)}</text>'
    )


def evidence_table(entries: list[TimelineEntry], dossier: Dossier, found: Sentences) -> str:
    rows = [
        [
            esc(date_label(e.date)) + (" <small>(approx.)</small>" if e.approximate else ""),
            esc(e.event) + (f"<br><small>{esc(', '.join(e.participants))}</small>" if e.participants else ""),
            esc(e.how) + (f"<br><small>{esc(e.note)}</small>" if e.note else ""),
            sources_html(e.sources, dossier, {ev.article: _sentence(ev, found) for ev in e.evidence}),
            "<br>".join(_evidence_html(ev, dossier, found) for ev in e.evidence),
        ]
        for e in entries
    ]
    return table(["date", "event", "how", "sources", "evidence (each source's wording)"], rows, "timeline")


def _sentence(evidence: TimelineEvidence, found: Sentences) -> int | None:
    """The cited sentence in the article's text (a caption's sentence is not in it)."""
    return found.at(evidence.article, evidence.sentence_start) if evidence.part == "body" else None


def _evidence_html(evidence: TimelineEvidence, dossier: Dossier, sentences: Sentences) -> str:
    """The source's sentence with its time expression marked; every piece escaped separately."""
    at = evidence.start - evidence.sentence_start
    sentence = evidence.sentence
    if 0 <= at and sentence[at : at + len(evidence.expression)] == evidence.expression:
        before, found, after = sentence[:at], evidence.expression, sentence[at + len(evidence.expression) :]
        text = f"{esc(before)}<mark>{esc(found)}</mark>{esc(after)}"
    else:
        text = esc(sentence)
    value = date_label(evidence.value) if evidence.value is not None else "unresolved"
    where = ", in a photo caption" if evidence.part == "caption" else ""
    return (
        f"{sources_html([evidence.article], dossier, {evidence.article: _sentence(evidence, sentences)})} {text} "
        f"<small>(= {esc(value)}, {esc(evidence.how)}{where})</small>"
    )
