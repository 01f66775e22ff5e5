"""Fixtures for the storage tests: every test runs on SQLite and on PostgreSQL.

PostgreSQL tests get a schema of their own (``search_path`` set through the URL), dropped
afterwards, so they never collide with other modules using the same ``test`` database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from publisher.core.articles import Article, Block, BlockKind, ProtectedSpan, Segment, SpanKind
from publisher.db.session import Database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file in a folder not created yet, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'var' / 'tarjima.db').as_posix()}"
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


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
    return make_article


def make_article(slug: str = "afghan-kyrgyz", *, paragraphs: int = 2) -> Article:
    """An article with markup spans, protected spans of every shape and separators."""
    link = ProtectedSpan(
        SpanKind.MARKUP,
        4,
        11,
        "Kyrgyz",
        "a",
        attrs=(("href", "https://example.org/ky"), ("title", "Kyrgyz")),
    )
    headline = Block(
        0,
        BlockKind.HEADLINE,
        "The Kyrgyz of the Pamirs",
        markup=(link,),
        segments=(Segment(0, 0, "The Kyrgyz of the Pamirs"),),
    )
    return Article(
        slug=slug,
        title="The Kyrgyz of the Pamirs",
        source_locale="en",
        published=date(2021, 7, 21),
        blocks=(headline, *(_paragraph(i) for i in range(1, paragraphs + 1))),
    )


def _paragraph(index: int) -> Block:
    first = "On July 18, 2021, 4,000 people left."
    second = "They paid $1.5 million."
    spans = (
        ProtectedSpan(SpanKind.DATE, 3, 16, "July 18, 2021", "2021-07-18", governor="on"),
        ProtectedSpan(SpanKind.NUMBER, 18, 23, "4,000", "4000"),
    )
    money = ProtectedSpan(SpanKind.MONEY, 10, 22, "$1.5 million", "1500000", currency="USD")
    return Block(
        index,
        BlockKind.PARAGRAPH,
        f"{first}  {second}",
        segments=(
            Segment(index, 0, first, spans, separator="  "),
            Segment(index, 1, second, (money,)),
        ),
    )
