"""Where a store lives and how to reach it: the `--db` value, the engine, and the schema migrations on open.

One value names a store for every command: a file path (or `sqlite:///path`) is an embedded SQLite file, a
`postgresql://user@host/name` URL a shared PostgreSQL database. Opening a store brings its schema to the
newest revision (Alembic, `migrations/`), so a store written by an older newsweave keeps working.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

LOCK_WAIT_SECONDS = 30.0
"""How long a writer waits for another writer's transaction (an `ingest` beside `analyze`) before giving up
with "locked"; each transaction is one run or one batch of articles, so a turn takes seconds. Readers never
wait (SQLite WAL, PostgreSQL snapshots)."""

FIRST_REVISION = "0001"
"""The schema of stores written before migrations existed (they have no `alembic_version` table)."""

WRITE_LOCK = 7_262_015
"""PostgreSQL advisory-lock key every write transaction (and a migration) holds, so writers take turns as they
do on SQLite: two commands opening one new database do not both create its tables, and a batch of `ingest`
groups its articles against the stories as the previous writer left them."""

FAILED_WRITES = {
    "locked": ("SQLITE_BUSY", "SQLITE_LOCKED", "55P03"),
    "full": ("SQLITE_FULL", "53100"),
    "read-only": ("SQLITE_READONLY", "25006"),
}
"""Why a write failed, by the driver's error code (SQLite result code names, prefixes included; PostgreSQL
SQLSTATE), never by its message text."""

FULL = "the disk (or the database's size limit) is full; free space and run again"
"""What a failed write or open says when the disk is full, however the driver reported it."""

WAL_INDEX_BYTES = 32 * 1024
"""SQLite's WAL index (the `-shm` file beside the store) grows in regions of this size; with less free space
than that, opening or writing the store fails with a generic "disk I/O error" rather than SQLITE_FULL."""

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """A store that cannot be used, with what to do about it; commands print it instead of a traceback."""


def engine_url(db: str | Path) -> str:
    """The SQLAlchemy URL for a `--db` value. A path stays a SQLite file (parent folders are created when
    the store is opened); an unsupported scheme is an error that names the accepted forms."""
    value = str(db)
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser()}"
    try:
        url = make_url(value)
    except ArgumentError as error:
        raise StoreError(f"cannot read the database URL {value!r}: {error}") from None
    if url.get_backend_name() == "sqlite" and url.database:
        return value
    if url.get_backend_name() in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    raise StoreError(
        f"unsupported database {value!r}: give a file path, sqlite:///PATH or postgresql://USER@HOST/NAME"
    )


def shown_name(db: str | Path) -> str:
    """The store's name for messages: a path as given, a URL without its password."""
    value = str(db)
    return make_url(value).render_as_string(hide_password=True) if "://" in value else value


def sqlite_path(db: str | Path) -> Path | None:
    """The file of a SQLite store, None for a server database."""
    url = make_url(engine_url(db))
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def engine_for(db: str | Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Engine:
    """An engine for the store. SQLite: WAL, so readers see the last commit while a writer works, and a busy
    timeout for writers; transactions are begun by us, `BEGIN IMMEDIATE` for writes (`Store._write`), so a
    writer never fails half-way on a lock it could not upgrade. WAL with `synchronous=FULL`: a commit is on
    disk when it returns, so a crash or power cut after it loses nothing."""
    url = engine_url(db)
    path = sqlite_path(db)
    if path is None:
        return create_engine(url, pool_pre_ping=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": wait_seconds})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=FULL")
        dbapi_connection.execute(f"PRAGMA busy_timeout={int(wait_seconds * 1000)}")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("newsweave_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def take_write_turn(connection: Connection, wait_seconds: float = LOCK_WAIT_SECONDS) -> None:
    """Wait for the other writers of a PostgreSQL store (SQLite's `BEGIN IMMEDIATE` already did), for at most
    `wait_seconds`; held until the transaction ends, also when the process is killed."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SET LOCAL lock_timeout = {int(wait_seconds * 1000)}"))
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})


def write_error(error: DBAPIError, name: str, wait_seconds: float = LOCK_WAIT_SECONDS) -> StoreError:
    """A failed write as one line that says what to do. The transaction was rolled back: earlier commits
    (batches of `ingest`) are kept and a rerun continues from them."""
    code = str(getattr(error.orig, "sqlite_errorname", None) or getattr(error.orig, "sqlstate", None) or "")
    why = next((kind for kind, codes in FAILED_WRITES.items() if code.startswith(codes)), None)
    what = {
        "locked": f"another newsweave run is writing to it (waited {wait_seconds:g} s); run again when it has finished",
        "full": FULL,
        "read-only": "the database is read-only; give a store you may write to with --db",
        None: FULL if _sqlite_disk_full(error, name) else _reason(error),
    }[why]
    return StoreError(f"cannot write to the store {name}: {what} (nothing of the failed write was stored)")


def _sqlite_disk_full(error: DBAPIError, db: str | Path) -> bool:
    """An I/O error of a SQLite store whose folder has less free space than its WAL index needs: SQLite says
    SQLITE_FULL only when a page write meets the full disk, not when making its `-shm` or WAL file does."""
    path = sqlite_path(db)
    if path is None or not str(getattr(error.orig, "sqlite_errorname", "")).startswith("SQLITE_IOERR"):
        return False
    try:
        space = os.statvfs(path.parent)
    except OSError:
        return False
    return space.f_bavail * space.f_frsize < WAL_INDEX_BYTES


def _reason(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig and str(error.orig).strip() else str(error)


def connect_checked(engine: Engine, db: str | Path) -> None:
    """Fail early, with what to do, when the server cannot be reached or the file cannot be opened."""
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        reason = FULL if _sqlite_disk_full(error, db) else _reason(error)
        if sqlite_path(db) is not None:
            raise StoreError(f"cannot open the SQLite store {db}: {reason}") from None
        raise StoreError(
            f"cannot connect to PostgreSQL at {shown_name(db)}: {reason}. Is the server running and does the database "
            "exist? (`bash scripts/postgres.sh` starts a local one and prints its URL)"
        ) from None


def migrate(engine: Engine) -> str | None:
    """Bring the schema to the newest revision in one transaction; returns the revision the store had before
    (None for a new store). A store made before migrations existed is recognised by its tables and upgraded."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:  # up to date: no write lock, so opening never waits for a writer
        if MigrationContext.configure(connection).get_current_revision() == head:
            return head
    with engine.connect().execution_options(newsweave_write=True) as connection, connection.begin():
        take_write_turn(connection)
        before = MigrationContext.configure(connection).get_current_revision()
        if before is None and inspect(connection).has_table("articles"):
            before = FIRST_REVISION
            _run(command.stamp, config, connection, FIRST_REVISION)
        if before != head:
            _run(command.upgrade, config, connection, "head")
    return before


def _run(step, config: Config, connection: Connection, revision: str) -> None:  # type: ignore[no-untyped-def]
    config.attributes["connection"] = connection
    try:
        step(config, revision)
    except CommandError as error:
        raise StoreError(
            f"the store's schema is not one this newsweave knows ({error}); it was probably written by a newer "
            "version: upgrade newsweave"
        ) from None
