"""Fixtures shared by the publisher's tests: PostgreSQL, in a schema of its own per test.

PostgreSQL tests get a schema of their own (``search_path`` set through the URL), dropped
afterwards, so they never collide with other modules using the same ``test`` database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from publisher.db.session import create_db_engine

POSTGRES_CANDIDATES = tuple(dict.fromkeys((
    os.environ.get("TARJIMA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    "postgresql+psycopg://root@127.0.0.1:5432/test",
)))


def _admin_engine(url: str) -> Engine:
    return create_db_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def _reachable(url: str) -> str | None:
    """None when ``url`` accepts connections, else why not."""
    engine = _admin_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return None
    except OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0]
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL URL that works (user postgres, then root); skips when none does."""
    reasons = []
    for url in POSTGRES_CANDIDATES:
        reason = _reachable(url)
        if reason is None:
            return url
        reasons.append(f"{make_url(url).username}: {reason}")
    pytest.skip("PostgreSQL on 127.0.0.1:5432 is unreachable (" + "; ".join(reasons) + ")")


@pytest.fixture()
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """``postgres_url`` with a fresh schema as its search_path; the schema is dropped after."""
    schema = f"tarjima_db_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(postgres_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
