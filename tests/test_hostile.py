"""Every reading-side case of the hostile corpus (`tests/hostile/corpus.py`) gets its registered outcome from
reading and cleaning alone, in seconds: skipped with the reason meant for it, or analysed. The whole command over
the whole corpus is `bench/hostile.py`."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.hostile.corpus import (
    GOOD_COUNT,
    Case,
    Outcome,
    build_case,
    good_articles,
    iter_cases,
    read_and_clean,
)


@pytest.mark.parametrize("case", list(iter_cases("ingest")), ids=lambda case: case.name)
def test_reading_side_case(case: Case, tmp_path: Path) -> None:
    with ExitStack() as stack:
        given = build_case(case, tmp_path, stack)
        articles, skipped = read_and_clean([given])
    outcome = Outcome.of(given, [a.path or "" for a in articles], [(s.path, s.reason) for s in skipped])
    assert outcome.meets(case), outcome.label()


def test_good_articles_are_all_prepared(tmp_path: Path) -> None:
    articles, skipped = read_and_clean([str(folder) for folder in {p.parent for p in good_articles(tmp_path / "good")}])
    assert skipped == []
    assert len(articles) == GOOD_COUNT
