"""An editor updates an article (``replace_article``): kept translations keep every column,
editions derived from a kept target stay published, and a sentence that changed keeps
its old English and old translations for the translator. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.sql.elements import KeyedColumnElement

from publisher.core.articles import Article, Block, Segment
from publisher.core.enums import EditionState, Origin, Status
from publisher.db import models
from publisher.db import repository as repo
from publisher.db.repository.articles import copied_columns
from publisher.db.session import Database

NewArticle = Callable[..., Article]
WHEN = datetime(2021, 7, 19, 8, 30, tzinfo=UTC)


def _store(database: Database, article: Article, targets: tuple[str, ...]) -> int:
    with database.session() as session:
        return repo.add_article(
            session, article=article, source_text="v1", source_format="text", targets=targets
        )


def _replace(
    database: Database, article_id: int, article: Article, targets: tuple[str, ...]
) -> None:
    with database.session() as session:
        repo.replace_article(
            session,
            article_id=article_id,
            article=article,
            source_text="v2",
            source_format="text",
            targets=targets,
        )


def _distinct_value(column: KeyedColumnElement[Any]) -> object:
    """A value unlike any default, chosen from the column's type: a column added to the
    table later gets one too, so this test covers it without being edited."""
    fixed: dict[str, object] = {
        "locale": "ru",
        "origin": str(Origin.HUMAN),
        "status": str(Status.NEEDS_REVIEW),
    }
    if column.key in fixed:
        return fixed[column.key]
    kind = column.type
    if isinstance(kind, sa.JSON):
        return [{"code": f"{column.key}-code", "severity": "warning", "message": "m"}]
    if isinstance(kind, sa.DateTime):
        return WHEN
    if isinstance(kind, sa.Float):
        return -1.25
    if isinstance(kind, sa.Integer):
        return 7
    if isinstance(kind, sa.String | sa.Text):
        return f"{column.key} value"[: getattr(kind, "length", None) or 200]
    raise AssertionError(f"no test value for column {column.key} of type {kind!r}")


def _comparable(value: object) -> object:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def test_every_column_of_a_kept_translation_survives_an_update(
    database: Database, new_article: NewArticle
) -> None:
    columns = [
        c for c in models.TranslationRow.__table__.columns if c.key not in ("id", "segment_id")
    ]
    assert set(copied_columns()) == {c.key for c in columns}  # built from the table itself
    article = new_article("story")
    article_id = _store(database, article, ("ru",))
    values = {c.key: _distinct_value(c) for c in columns}
    with database.session() as session:
        segment_id = repo.segment_ids(session, article_id=article_id)[0]
        session.add(models.TranslationRow(segment_id=segment_id, **values))

    # The same headline, another paragraph count: the headline's translation is kept.
    _replace(database, article_id, new_article("story", paragraphs=1), ("ru",))

    with database.session() as session:
        kept = session.scalars(select(models.TranslationRow)).one()
        assert kept.segment_id != segment_id  # a new segment row...
        for column in columns:  # ...with every column of the old translation
            assert _comparable(getattr(kept, column.key)) == _comparable(values[column.key]), (
                column.key
            )


def test_the_engine_score_survives_an_update(database: Database, new_article: NewArticle) -> None:
    """The defect found in the field: the review queue sorted kept rows as strongest."""
    article_id = _store(database, new_article("story"), ("ru",))
    with database.session() as session:
        for segment_id in repo.segment_ids(session, article_id=article_id):
            repo.upsert_translation(
                session,
                segment_id=segment_id,
                locale="ru",
                text="т",
                origin=Origin.MACHINE,
                status=Status.MACHINE,
                engine="argos",
                warnings=(),
                score=-2.5,
            )
    _replace(database, article_id, new_article("story"), ("ru",))
    with database.session() as session:
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
    assert rows and {r.score for r in rows.values()} == {-2.5}


def _publish(database: Database, article_id: int, locale: str) -> None:
    with database.session() as session:
        repo.publish(
            session,
            article_id=article_id,
            locale=locale,
            title="t",
            content="c",
            state=EditionState.COMPLETE,
            missing=0,
            user_id=None,
        )


def test_the_cyrillic_edition_stays_published_across_an_update(
    database: Database, new_article: NewArticle
) -> None:
    article_id = _store(database, new_article("story"), ("uz", "ru"))
    for locale in ("uz", "uz_Cyrl", "ru"):
        _publish(database, article_id, locale)
    _replace(database, article_id, new_article("story", paragraphs=3), ("uz",))
    with database.session() as session:
        published = set(repo.publications_of(session, article_id=article_id))
    # uz is still asked for, so uz_Cyrl (made from it) stays; ru was dropped.
    assert published == {"uz", "uz_Cyrl"}

    _replace(database, article_id, new_article("story"), ("ru",))
    with database.session() as session:
        assert set(repo.publications_of(session, article_id=article_id)) == set()


def _with_sentence(article: Article, block: int, position: int, text: str) -> Article:
    """``article`` with one sentence rewritten (its protected spans dropped)."""
    blocks = list(article.blocks)
    old = blocks[block]
    segments = list(old.segments)
    segments[position] = Segment(block, position, text, (), segments[position].separator)
    blocks[block] = Block(
        old.index, old.kind, " ".join(s.text for s in segments), old.markup, tuple(segments)
    )
    return replace(article, blocks=tuple(blocks))


def test_a_changed_sentence_keeps_its_old_english_and_translations(
    database: Database, new_article: NewArticle
) -> None:
    article = new_article("story")
    article_id = _store(database, article, ("ru", "uz"))
    with database.session() as session:
        ids = repo.segment_ids(session, article_id=article_id)
        for number, segment_id in enumerate(ids):
            repo.upsert_translation(
                session,
                segment_id=segment_id,
                locale="ru",
                text=f"ру {number}",
                origin=Origin.MACHINE,
                status=Status.MACHINE,
                engine="argos",
                warnings=(),
            )
        # uz: a translator's draft over the engine's text; the edition showed the engine's.
        repo.upsert_translation(
            session,
            segment_id=ids[2],
            locale="uz",
            text="engine uz",
            origin=Origin.MACHINE,
            status=Status.MACHINE,
            engine="argos",
            warnings=(),
        )
        version = session.scalars(
            select(models.TranslationRow.version).where(
                models.TranslationRow.segment_id == ids[2], models.TranslationRow.locale == "uz"
            )
        ).one()
        repo.save_human_translation(
            session,
            segment_id=ids[2],
            locale="uz",
            text="draft uz",
            approve=False,
            expected_version=version,
            warnings=(),
            editor="dilnoza",
        )
    # Paragraph 1's second sentence corrected; paragraph 2's replaced by unrelated text.
    corrected = _with_sentence(article, 1, 1, "They paid $1.6 million in total.")
    corrected = _with_sentence(corrected, 2, 1, "Nobody expected a ceasefire so soon.")
    _replace(database, article_id, corrected, ("ru", "uz"))

    with database.session() as session:
        rows = session.scalars(
            select(models.SegmentRow)
            .where(models.SegmentRow.article_id == article_id)
            .order_by(models.SegmentRow.block_index, models.SegmentRow.position)
        ).all()
        previous = {(r.block_index, r.position): r.previous for r in rows}
    assert previous[(1, 1)] == {
        "source": "They paid ⟦1⟧.",
        "translations": {"ru": "ру 2", "uz": "engine uz"},
    }
    # Unchanged sentences carry nothing; unrelated new text is new, not a correction.
    assert previous[(0, 0)] is None and previous[(1, 0)] is None
    assert previous[(2, 1)] is None
