"""Fixtures for worker tests: a stored article (the engine double the tests plug in is
``tests.support.fake_engine.FakeEngine``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.db import repository as repo
from publisher.db.session import Database
from tests.support.articles import make_article


@pytest.fixture()
def database(tmp_path: Path) -> Database:
    return Database.open(f"sqlite:///{tmp_path / 'tarjima.db'}")


@pytest.fixture()
def article_id(database: Database) -> int:
    with database.session() as session:
        return repo.add_article(
            session,
            article=make_article(),
            source_text="...",
            source_format="text",
            targets=["ru", "ky", "uz"],
        )


@pytest.fixture()
def all_ids(database: Database, article_id: int) -> list[int]:
    with database.session() as session:
        return repo.segment_ids(session, article_id=article_id)
