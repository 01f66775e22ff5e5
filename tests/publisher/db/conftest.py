"""Fixtures for the storage tests: every test runs on each backend of ``--db`` (SQLite by
default; CI runs PostgreSQL too, each test in a schema of its own)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from publisher.core.articles import Article
from publisher.db.session import Database
from tests.support.articles import marked_article


@pytest.fixture()
def database(db_url: str) -> Iterator[Database]:
    """A migrated database; its connections are closed after the test."""
    db = Database.open(db_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture()
def new_article() -> Callable[..., Article]:
    """``new_article(slug, paragraphs=2)``: a fresh sample article."""
    return marked_article
