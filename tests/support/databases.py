"""Databases for tests and benchmarks, each private to one test (or one run).

* :func:`sqlite_url`: a SQLite file in a folder of the test's own.
* :func:`find_postgres`: the PostgreSQL URL that works on 127.0.0.1:5432 (user postgres,
  then root), or why none does.
* :func:`postgres_schema`: a fresh schema in the shared ``test`` database, as the
  ``search_path`` of the URL it yields; dropped afterwards. Cheap: most tests use this.
* :func:`fresh_postgres_database`: a whole database of its own (processes that connect
  on their own, clones of a template), dropped afterwards.
* :data:`BACKENDS` and :func:`backends`: which backends a run covers (``--db`` /
  ``TARJIMA_TEST_DB``: ``sqlite``, the default, ``postgres`` or ``both``).

Every name carries a random suffix: concurrent runs (and pytest-xdist workers) never
share a schema or a database.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

POSTGRES_URL = os.environ.get(
    "TARJIMA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
POSTGRES_CANDIDATES = tuple(
    dict.fromkeys(
        (
            POSTGRES_URL,
            "postgresql+psycopg://postgres@127.0.0.1:5432/test",
            "postgresql+psycopg://root@127.0.0.1:5432/test",
        )
    )
)
ADMIN_URL = os.environ.get(
    "TARJIMA_TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test"
)

BACKENDS = ("sqlite", "postgres")
DB_OPTION_ENV = "TARJIMA_TEST_DB"


def backends(choice: str) -> tuple[str, ...]:
    """The backends of ``--db`` (``sqlite``, ``postgres`` or ``both``)."""
    if choice == "both":
        return BACKENDS
    if choice not in BACKENDS:
        raise ValueError(f"--db/{DB_OPTION_ENV} must be sqlite, postgres or both, not {choice!r}")
    return (choice,)


def sqlite_url(folder: Path) -> str:
    """A SQLite file in ``folder`` (created by the app when it first opens it)."""
    return f"sqlite:///{(folder / 'tarjima.db').as_posix()}"


def _libpq(url: str) -> str:
    """A SQLAlchemy URL as psycopg takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _reachable(url: str) -> str | None:
    """None when ``url`` accepts connections, else why not."""
    import psycopg

    try:
        with psycopg.connect(_libpq(url), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return None
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def find_postgres() -> str:
    """A PostgreSQL URL that works (user postgres, then root); ServiceUnavailable when
    none does."""
    from sqlalchemy.engine import make_url

    reasons = []
    for url in POSTGRES_CANDIDATES:
        reason = _reachable(url)
        if reason is None:
            return url
        reasons.append(f"{make_url(url).username}: {reason}")
    from tests.support.services import ServiceUnavailable

    raise ServiceUnavailable(
        "PostgreSQL on 127.0.0.1:5432 is unreachable (" + "; ".join(reasons) + ")"
    )


@contextlib.contextmanager
def postgres_schema(url: str, prefix: str = "tarjima_db_test") -> Iterator[str]:
    """``url`` with a fresh schema as its search_path; the schema is dropped after."""
    import psycopg
    from sqlalchemy.engine import make_url

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(url), autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq(url), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextlib.contextmanager
def fresh_postgres_database(
    prefix: str = "tarjima_t", template: str | None = None
) -> Iterator[str]:
    """A new PostgreSQL database (a copy of the database ``template``, if given; nobody
    may be connected to that one); yields its SQLAlchemy URL and drops it afterwards."""
    import psycopg

    from tests.support.services import ServiceUnavailable

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    try:
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
    except psycopg.OperationalError as exc:
        raise ServiceUnavailable(f"PostgreSQL on 127.0.0.1:5432 is not reachable: {exc}") from exc
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def disconnect_all(database: str) -> None:
    """Close every session on ``database`` (pools left behind by in-process workers), so
    that it can be a template."""
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        )


def database_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    assert name, url
    return name
