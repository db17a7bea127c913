"""A failure of the whole run is one line on stderr and exit status 2, found before the analysis where it can be
(--out, --db); the run's own hostile cases (tests/hostile/runs.py) end as registered."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest

from newsweave.app.pipeline import analyze_articles, prepare_articles
from newsweave.cli import RUN_FAILED, main, run_failure
from newsweave.ingest.files import read_paths
from tests.hostile.corpus import Outcome, build_case, good_articles, iter_cases


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def test_an_out_folder_that_cannot_be_made_stops_the_run_before_any_work(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    article = good_articles(tmp_path / "good")[0]
    assert main(["analyze", str(article), "--out", str(blocker / "out"), "--no-db", "--quiet"]) == RUN_FAILED
    line = _error_line(capsys)
    assert "--out" in line and "a-file" in line
    assert main(["analyze", str(article), "--out", str(blocker), "--no-db", "--quiet"]) == RUN_FAILED
    assert "not a folder" in _error_line(capsys)


def test_an_out_folder_that_is_not_newsweaves_own_stops_the_run_before_any_work(tmp_path: Path, capsys) -> None:
    """--out is replaced as a whole by each run (report.files.staged_set): a folder of the user's inside it would
    be moved away, so the run is refused before it reads its inputs (here one that is missing, which would
    otherwise end the run as 'nothing to do'), and the folder is left as it was."""
    out = tmp_path / "mine"
    (out / "notes").mkdir(parents=True)
    assert main(["analyze", str(tmp_path / "missing.txt"), "--out", str(out), "--no-db", "--quiet"]) == RUN_FAILED
    assert "folder of its own" in _error_line(capsys)
    assert [p.name for p in out.iterdir()] == ["notes"]


def test_debug_shows_the_traceback_of_a_run_failure(tmp_path: Path, capsys) -> None:
    (tmp_path / "a-file").write_text("")
    article = good_articles(tmp_path / "good")[0]
    code = main(["--debug", "analyze", str(article), "--out", str(tmp_path / "a-file" / "out"), "--no-db"])
    err = capsys.readouterr().err
    assert code == RUN_FAILED and "Traceback" in err and err.strip().splitlines()[-1].startswith("error: ")
    code = main(["analyze", str(article), "--out", str(tmp_path / "a-file" / "out"), "--no-db", "--debug"])
    assert code == RUN_FAILED and "Traceback" in capsys.readouterr().err, "--debug after the command works too"


def test_a_store_that_cannot_be_opened_stops_the_run_before_any_work(tmp_path: Path, capsys) -> None:
    (tmp_path / "a-file").write_text("")
    article = good_articles(tmp_path / "good")[0]
    db = str(tmp_path / "a-file" / "news.db")
    assert main(["analyze", str(article), "--out", str(tmp_path / "out"), "--db", db, "--quiet"]) == RUN_FAILED
    assert "a-file" in _error_line(capsys)
    assert not (tmp_path / "out" / "dossier.json").exists()


def test_a_full_disk_is_said_with_what_to_do() -> None:
    with pytest.raises(OSError) as raised, open("/dev/full", "w") as full:  # noqa: PTH123
        full.write("x")
        full.flush()
    said = run_failure(raised.value)
    assert said.startswith("no space left") and "--out" in said


def test_the_runs_own_hostile_cases_end_as_registered(tmp_path: Path, models) -> None:
    """Read, cleaned and analysed in one run with good articles (the command's own run is `bench/hostile.py`;
    the 8 KB unpunctuated case is parsed in tests/test_budgets.py, here it would add most of a minute)."""
    cases = [case for case in iter_cases() if case.name in RUN_CASES]
    assert len(cases) == len(RUN_CASES)
    with ExitStack() as stack:
        given = {case.name: build_case(case, tmp_path / "cases", stack) for case in cases}
        good = [str(path) for path in good_articles(tmp_path / "good")[:2]]
        raws, unread = read_paths([*given.values(), *good])
        articles, unprepared = prepare_articles(raws)
    dossier = analyze_articles(articles, models)
    analyzed = [article.path or "" for article in dossier.articles]
    skipped = [(skip.path, skip.reason) for skip in unread + unprepared + dossier.skipped]
    for case in cases:
        outcome = Outcome.of(given[case.name], analyzed, skipped)
        assert outcome.meets(case), f"{case.name}: {outcome.label()}"
    assert all(path in analyzed for path in good)


RUN_CASES = ("120,000 one-letter words", "dates of year 1 and 9999")
