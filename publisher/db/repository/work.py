"""What the database says is still to do per (article, locale): the reconciler's input.

The database, not the broker, is the source of truth. A target locale has work left
while some of its segments have no translation row, while some rows await a model
(``blocked_on`` 'model'), or while its edition is missing or older than its newest
translation. Whether that work is already queued or running is the ledger's business
(:mod:`publisher.db.repository.ledger`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from publisher.core.enums import Status
from publisher.core.records import as_utc
from publisher.db.models import (
    ArticleTarget,
    EditionRow,
    SegmentRow,
    TranslationRow,
    utc_now,
)

BLOCKED_ON_MODEL = "model"


@dataclass(frozen=True)
class OutstandingWork:
    """One target locale of one article that is not finished."""

    article_id: int
    locale: str
    untranslated: int
    needs_assembly: bool


def outstanding_work(session: Session, *, article_id: int | None = None) -> list[OutstandingWork]:
    """Every (article, locale) with untranslated segments or a missing or stale edition."""
    segment_count = (
        select(func.count())
        .select_from(SegmentRow)
        .where(SegmentRow.article_id == ArticleTarget.article_id)
        .correlate(ArticleTarget)
        .scalar_subquery()
    )
    written = (
        select(TranslationRow.segment_id)
        .join(SegmentRow, SegmentRow.id == TranslationRow.segment_id)
        .where(
            SegmentRow.article_id == ArticleTarget.article_id,
            TranslationRow.locale == ArticleTarget.locale,
        )
        .correlate(ArticleTarget)
    )
    row_count = select(func.count()).select_from(written.subquery()).scalar_subquery()
    last_write = (
        select(func.max(TranslationRow.updated_at))
        .join(SegmentRow, SegmentRow.id == TranslationRow.segment_id)
        .where(
            SegmentRow.article_id == ArticleTarget.article_id,
            TranslationRow.locale == ArticleTarget.locale,
        )
        .correlate(ArticleTarget)
        .scalar_subquery()
    )
    query = (
        select(
            ArticleTarget.article_id,
            ArticleTarget.locale,
            segment_count,
            row_count,
            last_write,
            EditionRow.id,
            func.coalesce(EditionRow.checked_at, EditionRow.assembled_at),
        )
        .outerjoin(
            EditionRow,
            (EditionRow.article_id == ArticleTarget.article_id)
            & (EditionRow.locale == ArticleTarget.locale),
        )
        .order_by(ArticleTarget.article_id, ArticleTarget.id)
    )
    if article_id is not None:
        query = query.where(ArticleTarget.article_id == article_id)
    found = []
    for art, locale, total, rows, wrote, edition, checked in session.execute(query):
        stale = edition is None or (
            wrote is not None and (checked is None or as_utc(checked) < as_utc(wrote))
        )
        if rows < total or stale:
            found.append(OutstandingWork(art, locale, total - rows, stale))
    return found


def untranslated_segment_ids(session: Session, *, article_id: int, locale: str) -> list[int]:
    """Ids of the article's segments with no row in ``locale``, in document order."""
    written = exists().where(
        TranslationRow.segment_id == SegmentRow.id, TranslationRow.locale == locale
    )
    rows = session.scalars(
        select(SegmentRow.id)
        .where(SegmentRow.article_id == article_id, ~written)
        .order_by(SegmentRow.block_index, SegmentRow.position)
    )
    return list(rows)


def blocked_on_model(
    session: Session, *, locales: Sequence[str]
) -> dict[tuple[int, str], list[int]]:
    """Segments that await a human only because no worker could translate their locale
    (no text written since), by (article, locale), in document order."""
    if not locales:
        return {}
    rows = session.execute(
        select(SegmentRow.article_id, TranslationRow.locale, SegmentRow.id)
        .join(TranslationRow, TranslationRow.segment_id == SegmentRow.id)
        .where(
            TranslationRow.blocked_on == BLOCKED_ON_MODEL,
            TranslationRow.text.is_(None),
            TranslationRow.status.in_([str(Status.AWAITING_HUMAN), str(Status.FAILED)]),
            TranslationRow.locale.in_(list(locales)),
        )
        .order_by(SegmentRow.article_id, SegmentRow.block_index, SegmentRow.position)
    )
    found: dict[tuple[int, str], list[int]] = {}
    for article_id, locale, segment_id in rows:
        found.setdefault((article_id, locale), []).append(segment_id)
    return found


def mark_dispatched(session: Session, *, article_id: int, locales: Sequence[str]) -> None:
    """Record that work for these locales of the article was sent (shown by status)."""
    session.execute(
        update(ArticleTarget)
        .where(ArticleTarget.article_id == article_id, ArticleTarget.locale.in_(locales))
        .values(dispatched_at=utc_now())
    )
