"""Engines, sessions and schema upgrades. Nothing happens at import time.

* :func:`create_db_engine` builds an engine for SQLite (its folder and a 0600 file made
  on the first connection; foreign keys and WAL on for every connection) or PostgreSQL
  via psycopg 3.
* :func:`upgrade_database` runs Alembic ``upgrade head`` programmatically; it is safe to
  call at every start, from several processes at once (a lock serializes upgrades).
* :class:`Database` holds an engine and its session factory; ``Database.open(url)``
  upgrades the schema once, and ``session()`` commits or rolls back.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from publisher.core.errors import first_line

if TYPE_CHECKING:
    from publisher.core.config import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30.0
# pg_advisory_xact_lock key that serializes schema upgrades: "tarjima" in ASCII.
UPGRADE_LOCK_KEY = 0x746172_6A696D61
# Seconds to wait for a PostgreSQL connection: a hung or unreachable server is reported,
# never waited on for ever. TCP keepalives notice a server that vanished mid-query.
DEFAULT_CONNECT_TIMEOUT = 5
_PG_KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}
_PG_DRIVERS = {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}


def normalize_url(url: str | URL) -> URL:
    """The URL with PostgreSQL pointed at psycopg 3 (``postgresql://`` becomes ``+psycopg``)."""
    parsed = make_url(url)
    if parsed.drivername in _PG_DRIVERS:
        return parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_outage(exc: BaseException) -> bool:
    """Is ``exc`` the database being unreachable or failing (refused, timed out, dropped,
    locked), which passes, rather than a bug or bad data, which does not?"""
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeoutError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def outage_message(exc: BaseException) -> str:
    """One line saying what is down, without the driver's hints and SQL."""
    return f"the database is unreachable: {first_line(getattr(exc, 'orig', None) or exc)}"


def _sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL, or None for in-memory databases."""
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or url.query.get("mode"):
        return None
    return Path(database)


def create_private_file(path: Path) -> None:
    """Create ``path`` (and its folder) readable and writable by its owner only (0600),
    unless it exists. SQLite would create a new database with the umask's mode (0644:
    anyone on the machine could read sessions and password hashes); an empty file is an
    empty database, and SQLite gives its -wal, -shm and -journal files the database's mode."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # another process was first
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL (it stays so). The switch does not wait for the busy
    timeout when other connections open a new file at the same moment: retry briefly."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        if cursor.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
            _use_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_engine(url: URL, **options: Any) -> Engine:
    connect_args = {
        "check_same_thread": False,
        "timeout": SQLITE_BUSY_TIMEOUT_S,
        **options.pop("connect_args", {}),
    }
    engine = create_engine(url, connect_args=connect_args, **options)
    path = _sqlite_file(url)
    if path is not None:

        def make_file(*_args: object) -> None:
            create_private_file(path)

        event.listen(engine, "do_connect", make_file)
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def create_db_engine(
    url: str | URL, *, connect_timeout: int = DEFAULT_CONNECT_TIMEOUT, **options: Any
) -> Engine:
    """An engine for ``url`` (SQLite or PostgreSQL); extra options go to ``create_engine``.
    PostgreSQL connections give up after ``connect_timeout`` seconds."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **options)
    connect_args = {
        "connect_timeout": connect_timeout,
        **_PG_KEEPALIVES,
        **options.pop("connect_args", {}),
    }
    return create_engine(parsed, **{"pool_pre_ping": True, "connect_args": connect_args, **options})


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine``; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(connection: Connection | None = None, *, url: str | None = None) -> Config:
    """An Alembic config built in code (no ini file), for ``connection`` or ``url``.

    For Alembic's own commands, e.g. a new revision:
    ``command.revision(alembic_config(url=...), "message", autogenerate=True)``.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    if url is not None:
        config.attributes["url"] = url
    return config


def _lock_for_upgrade(connection: Connection) -> None:
    """Hold a lock until the upgrade transaction ends, so concurrent starts take turns."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        # pysqlite does not begin a transaction before DDL; take the write lock explicitly.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def upgrade_engine(engine: Engine) -> None:
    """Upgrade the database behind ``engine`` to the newest revision (one transaction)."""
    with engine.connect() as connection:
        _lock_for_upgrade(connection)
        command.upgrade(alembic_config(connection), "head")
        connection.commit()


def upgrade_database(url: str | URL) -> None:
    """Run Alembic ``upgrade head`` on ``url``; a no-op when the schema is current."""
    engine = create_db_engine(url)
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Database:
    """An engine and its session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def open(
        cls,
        url: str | URL,
        *,
        upgrade: bool = True,
        connect_timeout: int = DEFAULT_CONNECT_TIMEOUT,
        **options: Any,
    ) -> Database:
        """Connect to ``url`` and (unless ``upgrade`` is false) bring its schema up to date."""
        engine = create_db_engine(url, connect_timeout=connect_timeout, **options)
        if upgrade:
            upgrade_engine(engine)
        return cls(engine, make_session_factory(engine))

    @classmethod
    def for_settings(cls, settings: Settings, *, upgrade: bool = True, **options: Any) -> Database:
        """The database ``settings`` name, with their connect timeout."""
        return cls.open(
            settings.resolved_database_url,
            upgrade=upgrade,
            connect_timeout=settings.db_connect_timeout,
            **options,
        )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed if the block succeeds, else rolled back."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read-only session that sees one consistent state of the database across all
        its statements (PostgreSQL: REPEATABLE READ; SQLite transactions already do)."""
        with self.sessions() as session:
            if self.engine.dialect.name == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
