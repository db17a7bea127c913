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
from dataclasses import dataclass, replace
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


def scoped(atoms: list[AtomicClaim]) -> list[AtomicClaim]:
    """The clauses with `Number.part` set story-wide. Outlets break a toll down by place and by kind of people,
    often without saying so in the figure's own words: an article giving a count of one place or of one kind
    of people ("43 died in Puebla", "Twenty children died") beside a larger count of the same outcome shows
    that place or kind is a part of the toll, and then every count of it in the story is one; a place where
    an article gives its total ("324 died across the country", beside its breakdown) stays a whole."""
    part_places: set[tuple[str, frozenset[str]]] = set()
    whole_places: set[tuple[str, frozenset[str]]] = set()
    part_kinds: set[tuple[str, str]] = set()
    by_article: dict[str, list[Number]] = {}
    for atom in atoms:
        by_article.setdefault(atom.article, []).extend(n for n in atom.numbers if _counted_outcome(n))
    for figures in by_article.values():
        for n in figures:
            larger = [m for m in figures if m.state == n.state and m.value > n.value and not m.part]
            if n.places and (n.part or any(_place_key(m) != _place_key(n) for m in larger)):
                part_places.add((n.state, _place_key(n)))
            if not n.generic and (n.part or any(m.generic for m in larger)):
                part_kinds.add((n.state, n.kind or n.unit))
        for state in {n.state for n in figures if n.part}:
            wholes = [n for n in figures if n.state == state and not n.part]
            if wholes:
                whole_places.add((state, _place_key(max(wholes, key=lambda n: n.value))))

    def part(n: Number) -> bool:
        if n.part or not _counted_outcome(n):
            return n.part
        if n.places and (n.state, _place_key(n)) in part_places - whole_places:
            return True
        return not n.generic and (n.state, n.kind or n.unit) in part_kinds

    return [replace(atom, numbers=tuple(replace(n, part=part(n)) for n in atom.numbers)) for atom in atoms]


def _counted_outcome(number: Number) -> bool:
    """A count of what happened to people (the dead, the injured), the figures a toll is broken down into."""
    return bool(number.state) and not number.increment and not number.holder and not number.measured


def _place_key(number: Number) -> frozenset[str]:
    return number.place_ids or number.places


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


def _as_written(key: str, text: str) -> str:
    """A lower-cased name key as the text writes it ("mexico city" -> "Mexico City")."""
    found = text.lower().find(key)
    return text[found : found + len(key)] if found >= 0 else key


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
    where = [_as_written(place, series.points[0].atom.sentence.text) for place in sorted(first.places)]
    what += (f" in {', '.join(where)}" if where else "") + (f" at the {first.site}" if first.site else "")
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
