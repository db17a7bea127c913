"""The developing-figures section: each running count (the dead, the injured, the missing) as it moved across
the reports, in publication order.

A reader of several reports of a disaster sees "20", "70", "120" and must work out which is the latest and
whether some outlet is behind or wrong; a chart of the figure over the reports and a table of who said what,
when and in which words ("at least", "rose to", "feared") answers that at a glance.
"""

from __future__ import annotations

from newsweave.models import DevelopingFigure, Dossier, FigurePoint
from newsweave.report.htmlkit import by_story, esc, md_cell, sources_html, sources_md, table

TITLE = "Developing figures"
ANCHOR = "figures"

CHART_WIDTH, CHART_HEIGHT, CHART_MARGIN, DOT = 420, 120, 24, 4
TRENDS = {
    "rising": "rose across reports",
    "falling": "fell across reports",
    "mixed": "went up and down across reports",
    "unordered": "differs between reports whose order is unknown",
}


def html(dossier: Dossier) -> str:
    if not dossier.figures:
        return ""
    parts = ["<p>Running counts that changed from report to report, oldest report first.</p>"]
    for title, figures in by_story(dossier, dossier.figures, _sources):
        if title:
            parts.append(f"<h3>{esc(title)}</h3>")
        parts += [_figure_html(figure, dossier) for figure in figures]
    return "".join(parts)


def markdown(dossier: Dossier) -> str:
    if not dossier.figures:
        return ""
    lines = ["Running counts that changed from report to report, oldest report first.", ""]
    for title, figures in by_story(dossier, dossier.figures, _sources):
        if title:
            lines += [f"### {md_cell(title)}", ""]
        for figure in figures:
            lines += [
                f"**{md_cell(figure.measures)}**: {TRENDS[figure.trend]}",
                "",
                "| published | source | figure | wording | clause |",
                "|---|---|---|---|---|",
                *(
                    f"| {md_cell(_day(p))} | {sources_md([p.article], dossier)} | {md_cell(p.text)} | "
                    f"{md_cell(p.wording)} | {md_cell(p.clause)} |"
                    for p in figure.points
                ),
                "",
            ]
    return "\n".join(lines)


def _sources(figure: DevelopingFigure) -> list[str]:
    return [p.article for p in figure.points]


def _figure_html(figure: DevelopingFigure, dossier: Dossier) -> str:
    rows = [
        [esc(_day(p)), sources_html([p.article], dossier, {p.article: p.sentence}), esc(p.text), esc(p.wording), esc(p.clause)]
        for p in figure.points
    ]
    return (
        f'<div class="figure"><h4>{esc(figure.measures)}: {esc(TRENDS[figure.trend])}</h4>'
        + _chart(figure.points)
        + table(["published", "source", "figure", "wording", "clause"], rows, "figures")
        + "</div>"
    )


def _chart(points: list[FigurePoint]) -> str:
    """The figure in report order: a dot per report, joined by a line, with its value as written."""
    values = [p.value for p in points]
    low, high = min(values), max(values)
    step = (CHART_WIDTH - 2 * CHART_MARGIN) / max(1, len(points) - 1)
    scale = (CHART_HEIGHT - 2 * CHART_MARGIN) / ((high - low) or 1)
    xy = [
        (CHART_MARGIN + k * step, CHART_HEIGHT - CHART_MARGIN - (p.value - low) * scale) for k, p in enumerate(points)
    ]
    line = " ".join(f"{x:.0f},{y:.0f}" for x, y in xy)
    dots = "".join(
        f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{DOT}" fill="#12355b"><title>{esc(p.text)}</title></circle>'
        f'<text x="{x:.0f}" y="{y - 2 * DOT:.0f}" text-anchor="middle">{esc(p.text)}</text>'
        for (x, y), p in zip(xy, points, strict=True)
    )
    return (
        f'<svg width="{CHART_WIDTH}" height="{CHART_HEIGHT}" role="img" aria-label="figure across reports">'
        f'<polyline points="{line}" fill="none" stroke="#12355b" stroke-width="2"/>{dots}</svg>'
    )


def _day(point: FigurePoint) -> str:
    value = point.published
    if not value:
        return "undated"
    return " to ".join(value) if isinstance(value, list) else str(value)
