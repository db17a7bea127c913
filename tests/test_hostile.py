"""Every reading-side case of the hostile corpus (`tests/hostile/corpus.py`) gets its registered outcome from
reading and cleaning alone, in seconds: skipped with the reason meant for it, or analysed. The whole command over
the whole corpus is `bench/hostile.py`."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest

from newsweave.app.pipeline import prepare_articles
from newsweave.ingest.files import read_paths
from tests.hostile.corpus import (
    GOOD_COUNT,
    Case,
    Outcome,
    build_case,
    good_articles,
    iter_cases,
)


@pytest.mark.parametrize("case", list(iter_cases("ingest")), ids=lambda case: case.name)
def test_reading_side_case(case: Case, tmp_path: Path) -> None:
    with ExitStack() as stack:
        given = build_case(case, tmp_path, stack)
        raws, skipped = read_paths([given])
        articles, not_prepared = prepare_articles(raws)
    outcome = Outcome.of(given, [a.path or "" for a in articles], [(s.path, s.reason) for s in skipped + not_prepared])
    assert outcome.meets(case), outcome.label()


def test_good_articles_are_all_prepared(tmp_path: Path) -> None:
    raws, skipped = read_paths([str(folder) for folder in {p.parent for p in good_articles(tmp_path / "good")}])
    articles, not_prepared = prepare_articles(raws)
    assert skipped == [] and not_prepared == []
    assert len(articles) == GOOD_COUNT
