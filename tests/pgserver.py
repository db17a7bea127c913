"""PostgreSQL for the tests: one server per session (`scripts/postgres.sh`, or the URL in NEWSWEAVE_TEST_PG,
which `scripts/test.sh` sets), one fresh database per test that asks for one."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
ENV = "NEWSWEAVE_TEST_PG"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The URL of a PostgreSQL server's `newsweave` database. Run by hand without NEWSWEAVE_TEST_PG, the tests
    use the checkout's running server or start the project's own (and stop it after); when that fails (installing
    PostgreSQL needs root) they are skipped, saying why."""
    if os.environ.get(ENV):
        yield os.environ[ENV]
        return
    script = ROOT / "scripts" / "postgres.sh"
    running = subprocess.run(["bash", str(script), "status"], capture_output=True, text=True, timeout=60)
    if running.returncode == 0:
        yield running.stdout.strip().splitlines()[-1]
        return
    started = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True, timeout=600)
    if started.returncode != 0:
        pytest.skip(f"NO POSTGRESQL: {ENV} is not set and scripts/postgres.sh failed: {started.stderr.strip()[-500:]}")
    yield started.stdout.strip().splitlines()[-1]
    subprocess.run(["bash", str(script), "stop"], capture_output=True, timeout=120)


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[str]:
    """A new empty database on the test server, dropped after the test."""
    import psycopg

    admin = make_url(pg_url).set(drivername="postgresql")
    name = f"t_{uuid.uuid4().hex[:12]}"
    conninfo = admin.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield admin.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new store's `--db` value on each backend: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_database")


@pytest.fixture
def store(store_db: str):  # type: ignore[no-untyped-def]
    """An empty store on each backend."""
    from newsweave.store import open_store

    with open_store(store_db) as opened:
        yield opened
