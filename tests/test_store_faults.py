"""A store that cannot take a write says so in one line (a `StoreError`, which the CLI prints without a
traceback) and keeps what it held: another run writing (locked), a full disk, a read-only database. Two
`ingest` runs into one store at once both succeed. On SQLite and PostgreSQL where the fault exists on both."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from newsweave.models import Article, Dossier, Story
from newsweave.store import StoreError, open_store
from newsweave.store.database import engine_url
from tests.crashcorpus import write_corpus
from tests.test_store_crash import check_consistent
from tests.warmruns import WarmRuns

ROOT = Path(__file__).resolve().parent.parent


def one_story_run(n: int, words: int = 20) -> Dossier:
    text_ = " ".join(f"word{n}x{i}" for i in range(words))
    article = Article(id=f"a{n}", title=f"Report {n}", outlet="Outlet", text=text_, content_hash=f"hash-{n}",
                      story=f"s{n}", published="2031-06-01")
    return Dossier(articles=[article], stories=[Story(id=f"s{n}", title=f"Report {n}", articles=[f"a{n}"])])


def test_a_write_waits_for_another_runs_write_then_proceeds_or_fails_as_locked(store_db: str) -> None:
    with open_store(store_db) as holder, open_store(store_db, wait_seconds=0.5) as impatient:
        with holder.grouping():
            with pytest.raises(StoreError, match="another newsweave run is writing to it .waited 0.5 s.; run again"):
                impatient.save_run(one_story_run(1))
        released = threading.Event()

        def hold_briefly() -> None:
            with holder.grouping():
                released.wait(5)
                time.sleep(1.0)

        thread = threading.Thread(target=hold_briefly)
        with open_store(store_db, wait_seconds=20) as patient:
            thread.start()
            released.set()
            time.sleep(0.2)
            start = time.monotonic()
            patient.save_run(one_story_run(2))
            waited = time.monotonic() - start
        thread.join()
        assert waited > 0.3, "the second write did not wait for the first"
        assert [a.id for a in holder.articles()] == ["a2"], "the failed write left something behind"


def test_a_full_disk_is_a_store_error_and_the_store_keeps_what_it_had(tmp_path: Path) -> None:
    """SQLite's own way of filling the disk (a page limit on the file): SQLITE_FULL at the write."""
    db = str(tmp_path / "store.db")
    with open_store(db) as store:
        store.save_run(one_story_run(1))
        store.engine.dispose()

        @event.listens_for(store.engine, "connect")
        def _small_disk(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages + 2}")

        with pytest.raises(StoreError, match="the disk .or the database's size limit. is full; free space"):
            store.save_run(one_story_run(2, words=20_000))
        assert [a.id for a in store.articles()] == ["a1"]
    engine = create_engine(engine_url(db))
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    engine.dispose()


WITHOUT_ROOTS_OVERRIDE = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]
    if os.geteuid() == 0 else []
)
"""Root ignores file permissions (the capability to override them); a process without it meets them as anyone."""


def test_a_read_only_store_stops_analyze_before_any_work(store_db: str, tmp_path: Path) -> None:
    """A SQLite file the user may not write; a PostgreSQL database whose transactions are read-only (as on a
    standby). `analyze` says so in one line and exits 2 before reading or analysing anything."""
    with open_store(store_db) as store:
        store.save_run(one_story_run(1))
    article = tmp_path / "article.txt"
    article.write_text("The Osterby ferry ran aground on Tuesday, the harbour master said.", encoding="utf-8")
    out = tmp_path / "out"

    def analyze(db: str, prefix: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, sys.executable, "-m", "newsweave.cli", "analyze", str(article), "--db", db,
                               "--out", str(out), "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                              check=False)

    if make_url(engine_url(store_db)).get_backend_name() == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="newsweave-readonly-"))
        try:
            db = folder / "store.db"
            db.write_bytes(Path(store_db).read_bytes())
            os.chmod(db, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            os.chmod(folder, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
            run = analyze(str(db), WITHOUT_ROOTS_OVERRIDE)
        finally:
            for path in folder.iterdir():
                path.unlink()
            folder.rmdir()
    else:
        admin = create_engine(engine_url(store_db), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            name = make_url(store_db).database
            connection.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
        admin.dispose()
        run = analyze(store_db, [])
    assert run.returncode == 2, run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("error: cannot write to the store") and "the database is read-only" in line
    assert not (out / "dossier.json").exists()


def test_two_ingest_runs_into_one_store_at_once_both_succeed(store_db: str, tmp_path: Path, warm_runs: WarmRuns) -> None:
    """Two `ingest` commands share a story's articles and write in small batches at the same time: both finish,
    each article is stored once, every story holds exactly its articles and is linked."""
    corpus = json.loads("[" + ",".join((write_corpus(tmp_path / "all") / "articles.jsonl").read_text().splitlines())
                        + "]")
    events = [corpus[e * 10 : e * 10 + 4] for e in (0, 4, 9)]  # four articles of three events
    inputs = []
    for name, records in (("first", events[0] + events[1]), ("second", events[1] + events[2])):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        inputs.append(folder)
    config = tmp_path / "settings.toml"
    config.write_text("[store]\nbatch_articles = 2\n", encoding="utf-8")
    open_store(store_db).close()
    runs = [warm_runs.start(["ingest", str(folder), "--db", store_db, "--quiet", "--config", str(config)],
                            folder / "run.log") for folder in inputs]
    codes = [warm_runs.wait(run, 600) for run in runs]
    said = [(folder / "run.log").read_text(encoding="utf-8") for folder in inputs]
    assert codes == [0, 0], [text_[-2000:] for text_ in said]
    added = sorted(int(text_.strip().splitlines()[-1].split()[0]) for text_ in said)
    assert added == [4, 8], said  # the shared event's four articles were added by one of the runs only
    engine = create_engine(engine_url(store_db))
    try:
        check_consistent(engine, "two runs at once", batch=1, total=12)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM articles")).scalar_one() == 12
            assert connection.execute(text("SELECT count(*) FROM stories WHERE needs_link = 1")).scalar_one() == 0
    finally:
        engine.dispose()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real filesystem of 1 MB (tmpfs), mounted for the test: only root may mount one."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True,
                             text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"a small filesystem could not be mounted (root only): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(folder: Path, leave: int) -> Path:
    """Fill the filesystem of `folder` with one file until fewer than `leave` bytes are free."""
    filler = folder / "filler"
    with filler.open("wb") as stream:
        while (free := os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize) > leave:
            stream.write(b"\0" * min(free - leave, 2**16) or b"\0")
            stream.flush()
    return filler


def test_a_store_on_a_full_disk_ends_the_run_in_one_line_and_keeps_what_it_had(
    small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A SQLite store on a disk that fills up: `analyze` says so in one line and exits 2, before the analysis
    (the store's own write check meets the full disk), and the store keeps its rows and passes its integrity
    check once space is freed. PostgreSQL's full disk is `test_a_full_disk_is_a_store_error_...`'s SQLSTATE
    53100, mapped by the same table (`store.database`)."""
    from newsweave.cli import RUN_FAILED, main

    db = str(small_disk / "store.db")
    with open_store(db) as store:
        store.save_run(one_story_run(1))
    filler = fill(small_disk, leave=0)
    article = tmp_path / "article.txt"
    article.write_text("The Osterby ferry ran aground on Tuesday, the harbour master said. " * 3, encoding="utf-8")
    code = main(["analyze", str(article), "--out", str(tmp_path / "out"), "--db", db, "--quiet"])
    err = capsys.readouterr().err
    assert code == RUN_FAILED, err
    (line,) = err.strip().splitlines()
    assert line.startswith("error: ") and "full" in line and "free space" in line, line
    assert not (tmp_path / "out" / "dossier.json").exists()
    filler.unlink()
    with open_store(db) as store:
        assert [a.id for a in store.articles()] == ["a1"]
    engine = create_engine(engine_url(db))
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    engine.dispose()
