"""Developing figures: a running count (the dead, the injured, the missing, the evacuated) as it moves across
the reports of a story, one point per figure stated, in publication order.

News about an ongoing event reports a toll many times, and the figure changes as the count goes on ("at least
20", then "rose to 70", then "120"). Pairwise, such reports look like contradictions; read as a series they are
updates, and the series is what a reader wants: where the count started, where it stands, who said what when,
and whether some report went against the trend. A figure joins a series only with figures measuring the same
thing (`Number.counts_same`: the same outcome of people in general or of one kind of them, the same place),
set in the same period as its article (the toll of a flood decades ago is no step of this one).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from newsweave.dates import DateRange, contract_value
from newsweave.link.claim_parse import AtomicClaim, ClaimGroup, Number, agree
from newsweave.models import DevelopingFigure, FigurePoint
from newsweave.settings import ClaimSettings


@dataclass(frozen=True)
class Point:
    """One figure of a series, in the clause (and claim) that states it."""

    atom: AtomicClaim
    number: Number
    claim: str
    published: DateRange | None


@dataclass(frozen=True)
class Series:
    """The figures of one running count, in publication order (undated ones last)."""

    points: tuple[Point, ...]

    def values(self) -> list[float]:
        return sorted({p.number.value for p in self.points})

    def developed(self) -> bool:
        """Whether the figure moved: two articles give different values ("at least 30" then "46" is a step of
        the count, though both can be true)."""
        return len({p.number.value for p in self.points}) > 1

    def articles(self) -> set[str]:
        return {p.atom.article for p in self.points}


def find_series(
    groups: list[ClaimGroup], published: dict[str, DateRange | None], cfg: ClaimSettings
) -> list[Series]:
    """Running counts stated by at least two articles, each a series of the figures that measure it."""
    points = sorted(
        (
            Point(atom, number, group.claim.id, published.get(atom.article))
            for group in groups
            for atom in group.members
            for number in atom.numbers
            if number.state and atom.kind in {"fact", "quote"} and _current(atom, published.get(atom.article), cfg)
        ),
        key=_order,
    )
    series: list[list[Point]] = []
    for point in points:
        home = next((s for s in series if all(point.number.counts_same(p.number) for p in s)), None)
        if home is None:
            series.append([point])
        else:
            home.append(point)
    return [Series(tuple(s)) for s in series if len({p.atom.article for p in s}) > 1]


def _order(point: Point) -> tuple:
    day = point.published.last.toordinal() if point.published else float("inf")
    return day, point.atom.article, point.atom.start


def _current(atom: AtomicClaim, published: DateRange | None, cfg: ClaimSettings) -> bool:
    """Whether the clause reports the news of its article's days: no year other than the article's, no event
    dated well before it ("the floods of May 1998 killed 45", "in March, 26 people died")."""
    if published is None:
        return True
    if atom.years and published.first.year not in atom.years and published.last.year not in atom.years:
        return False
    recent = DateRange.between(published.first - timedelta(days=cfg.news_days), published.last)
    return all(event.days.overlaps(recent) for event in atom.event_dates)


def figure_models(series: list[Series]) -> list[DevelopingFigure]:
    """The dossier's view of each series that moved: its points in order and its trend."""
    return [_model(s) for s in series if s.developed()]


def trend(series: Series) -> str:
    """rising, falling, mixed (by publication order where the dates tell), or unordered when they do not. A
    step of a count is a change of its value, even one its wording allows ("at least 30", then "41")."""
    dated = [(p.published, p.number) for p in series.points if p.published is not None]
    steps = [
        (x.value, y.value)
        for (x_day, x), (y_day, y) in zip(dated, dated[1:], strict=False)
        if y_day.first > x_day.last and x.value != y.value
    ]
    if not steps:
        return "unordered"
    ups, downs = sum(b > a for a, b in steps), sum(b < a for a, b in steps)
    return "mixed" if ups and downs else "rising" if ups else "falling"


def _model(series: Series) -> DevelopingFigure:
    first = series.points[0].number
    what = f"{first.noun or first.unit} ({first.state})" if first.noun else first.state
    key = "|".join(f"{p.atom.article}:{p.atom.start}:{p.number.value:g}" for p in series.points)
    return DevelopingFigure(
        id=f"figure-{hashlib.sha256(key.encode()).hexdigest()[:12]}",
        measures=what,
        trend=trend(series),
        points=[
            FigurePoint(
                value=p.number.value,
                text=p.number.text,
                bound=p.number.bound,
                wording=p.number.cue,
                article=p.atom.article,
                published=contract_value(p.published),
                claim=p.claim,
                sentence=p.atom.sentence.index,
                clause=p.atom.text,
            )
            for p in series.points
        ],
    )
