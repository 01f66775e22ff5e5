"""Fixtures for the CAT tool exchange tests: a database (each backend of ``--db``)
holding an article translated in part (``tests.support.articles.add_story``), and a dump
of everything an import may change, to show that a refused import changed nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from publisher.core.config import Settings
from publisher.db import repository as repo
from publisher.db.models import Base, EditionRow, MemoryEntry, TranslationRow
from publisher.db.session import Database
from tests.support.articles import Story, add_story, story_article


@pytest.fixture()
def db_settings(db_url: str, tmp_path: Path) -> Settings:
    """Settings on an empty database of ``--db``'s backend (SQLite by default)."""
    return Settings(data_dir=tmp_path / "var", database_url=db_url, broker_url=None)


@pytest.fixture()
def database(db_settings: Settings) -> Iterator[Database]:
    db = Database.open(db_settings.resolved_database_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture()
def story(database: Database) -> Story:
    return add_story(database)


def _rows(database: Database, model: type[Base]) -> list[tuple[Any, ...]]:
    columns = list(model.__table__.columns)
    with database.session() as session:
        found = session.execute(select(*columns).order_by(*model.__table__.primary_key))
        return [tuple(row) for row in found]


@pytest.fixture()
def dump() -> Callable[[Database], dict[str, list[tuple[Any, ...]]]]:
    """``dump(database)``: every row of the tables an import writes, every column."""

    def take(database: Database) -> dict[str, list[tuple[Any, ...]]]:
        return {
            model.__tablename__: _rows(database, model)
            for model in (TranslationRow, MemoryEntry, EditionRow)
        }

    return take


@pytest.fixture()
def make_story(database: Database) -> Callable[[str], Story]:
    """``make_story(slug)``: another article like ``story``."""
    return lambda slug: add_story(database, slug)


@pytest.fixture()
def update_story(database: Database) -> Callable[[Story, str], list[int]]:
    """``update_story(story, second)``: the editor replaces the story's third sentence
    with ``second`` (every segment row is replaced); the new segment ids."""

    def update(story: Story, second: str) -> list[int]:
        with database.session() as session:
            repo.replace_article(
                session,
                article_id=story.article_id,
                article=story_article(story.slug, second),
                source_text="x",
                source_format="text",
                targets=["ky", "ru"],
            )
            return repo.segment_ids(session, article_id=story.article_id)

    return update
