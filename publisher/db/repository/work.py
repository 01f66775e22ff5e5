"""Outstanding work per (article, locale): what a reconciler needs to re-send.

The database, not the broker, is the source of truth. A locale has outstanding work
while some of its segments have no translation row, or while its edition is missing
or older than its newest translation. ``dispatched_at`` records when work for the
locale was last sent, so that queued work is not mistaken for lost work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from publisher.db.models import ArticleTarget, EditionRow, SegmentRow, TranslationRow, utc_now
from publisher.db.repository.records import as_utc


@dataclass(frozen=True)
class OutstandingWork:
    """One target locale of one article that is not finished."""

    article_id: int
    locale: str
    untranslated: int
    needs_assembly: bool
    last_activity: datetime
    resends: int = 0

    def idle_since(self, now: datetime) -> float:
        """Seconds since work was last sent or a translation last written."""
        return (now - self.last_activity).total_seconds()


def mark_dispatched(
    session: Session, *, article_id: int, locales: Sequence[str], at: datetime | None = None
) -> None:
    """Record that work for these locales of the article was just sent."""
    session.execute(
        update(ArticleTarget)
        .where(ArticleTarget.article_id == article_id, ArticleTarget.locale.in_(locales))
        .values(dispatched_at=at or utc_now())
    )


def count_resend(session: Session, *, article_id: int, locale: str) -> None:
    """Record one re-send of the locale's lost batches (and that work was just sent)."""
    session.execute(
        update(ArticleTarget)
        .where(ArticleTarget.article_id == article_id, ArticleTarget.locale == locale)
        .values(resends=ArticleTarget.resends + 1, dispatched_at=utc_now())
    )


def outstanding_work(session: Session, *, article_id: int | None = None) -> list[OutstandingWork]:
    """Every (article, locale) with untranslated segments or a missing or stale edition."""
    segment_count = (
        select(func.count()).select_from(SegmentRow)
        .where(SegmentRow.article_id == ArticleTarget.article_id)
        .correlate(ArticleTarget).scalar_subquery()
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
        .correlate(ArticleTarget).scalar_subquery()
    )
    query = (
        select(
            ArticleTarget.article_id,
            ArticleTarget.locale,
            ArticleTarget.requested_at,
            ArticleTarget.dispatched_at,
            ArticleTarget.resends,
            segment_count,
            row_count,
            last_write,
            EditionRow.assembled_at,
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
    for row in session.execute(query):
        art, locale, requested, dispatched, resends, total, rows, wrote, assembled = row
        moments = [as_utc(m) for m in (requested, dispatched, wrote) if m is not None]
        stale = assembled is None or (wrote is not None and as_utc(assembled) < as_utc(wrote))
        if rows < total or stale:
            found.append(
                OutstandingWork(art, locale, total - rows, stale, max(moments), resends)
            )
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
