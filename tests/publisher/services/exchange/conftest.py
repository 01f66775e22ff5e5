"""Fixtures for the CAT tool exchange tests: a database (SQLite, and PostgreSQL where it
runs) holding an article translated in part, and a dump of everything an import may
change, to show that a refused import changed nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from publisher.core.articles import Article, Block, BlockKind, ProtectedSpan, Segment, SpanKind
from publisher.core.config import Settings
from publisher.core.enums import Origin, Status
from publisher.db import repository as repo
from publisher.db.models import Base, EditionRow, MemoryEntry, TranslationRow
from publisher.db.session import Database
from publisher.services.exchange.xliff import unit_ids

FIRST = "On July 18, 2021, 4,000 people left."
SECOND = "They paid $1.5 million."


@dataclass(frozen=True)
class Story:
    """An article in ky and ru. In ky: the headline machine-translated, the first
    sentence needing review, the second approved, the last not translated."""

    article_id: int
    slug: str
    segment_ids: tuple[int, ...]

    @property
    def unit_ids(self) -> list[str]:
        """The XLIFF unit ids of its segments (from their content)."""
        return unit_ids(story_segments(self.slug))

    @property
    def old_unit_ids(self) -> list[str]:
        """The unit ids of files exported before ids came from content: segment ids."""
        return [f"s{i}" for i in self.segment_ids]


def story_segments(slug: str, article: Article | None = None) -> list[Segment]:
    article = article or story_article(slug)
    return [segment for block in article.blocks for segment in block.segments]


def story_article(slug: str, second: str = SECOND) -> Article:
    """The story's article; ``second`` replaces its third sentence (an editor's update)."""
    spans = (
        ProtectedSpan(SpanKind.DATE, 3, 16, "July 18, 2021", "2021-07-18", qualifier="on"),
        ProtectedSpan(SpanKind.NUMBER, 18, 23, "4,000", "4000"),
    )
    money = ProtectedSpan(SpanKind.MONEY, 10, 22, "$1.5 million", "1500000", currency="USD")
    return Article(
        slug=slug,
        title="Talks in Dushanbe",
        source_locale="en",
        published=date(2021, 7, 21),
        blocks=(
            Block(
                0,
                BlockKind.HEADLINE,
                "Talks in Dushanbe",
                segments=(Segment(0, 0, "Talks in Dushanbe"),),
            ),
            Block(
                1,
                BlockKind.PARAGRAPH,
                f"{FIRST} {second}",
                segments=(
                    Segment(1, 0, FIRST, spans, separator=" "),
                    Segment(1, 1, second, (money,) if second == SECOND else ()),
                ),
            ),
            Block(
                2,
                BlockKind.PARAGRAPH,
                "The border was closed.",
                segments=(Segment(2, 0, "The border was closed."),),
            ),
        ),
    )


def add_story(database: Database, slug: str = "dushanbe-talks") -> Story:
    with database.session() as session:
        article_id = repo.add_article(
            session,
            article=story_article(slug),
            source_text="x",
            source_format="text",
            targets=["ky", "ru"],
        )
        ids = tuple(repo.segment_ids(session, article_id=article_id))
        repo.upsert_translation(
            session,
            segment_id=ids[0],
            locale="ky",
            text="Дүйшөмбүдөгү сүйлөшүүлөр",
            origin=Origin.MACHINE,
            status=Status.MACHINE,
            engine="test",
            warnings=[],
        )
        repo.upsert_translation(
            session,
            segment_id=ids[0],
            locale="ru",
            text="Переговоры в Душанбе",
            origin=Origin.MACHINE,
            status=Status.MACHINE,
            engine="test",
            warnings=[],
        )
        for segment_id, text, approve in (
            (ids[1], "⟦1⟧ ⟦2⟧ адам кетти.", False),
            (ids[2], "Алар ⟦1⟧ төлөштү.", True),
        ):
            repo.save_human_translation(
                session,
                segment_id=segment_id,
                locale="ky",
                text=text,
                approve=approve,
                expected_version=0,
                warnings=[],
                editor="tester",
            )
    return Story(article_id, slug, ids)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings on an empty SQLite file, or on a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return Settings(data_dir=tmp_path / "var", broker_url=None)
    url: str = request.getfixturevalue("postgres_schema_url")
    return Settings(data_dir=tmp_path / "var", database_url=url, broker_url=None)


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
