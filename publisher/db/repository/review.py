"""Translators' work: the per-language queue, the review rows, and saving human text
with a version check (a second translator's stale save is refused, nothing lost)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from publisher.core.enums import Origin, Status
from publisher.core.records import QueueItem, ReviewRow, as_utc
from publisher.db.models import Article, ArticleTarget, SegmentRow, TranslationRow, utc_now
from publisher.db.repository.dialect import upsert_insert


def review_rows(
    session: Session, *, article_id: int, locale: str, segment_ids: Collection[int] | None = None
) -> list[ReviewRow]:
    """Every segment of the article (or those of ``segment_ids``) in document order, with
    its translation (if any)."""
    query = (
        select(SegmentRow, TranslationRow)
        .outerjoin(
            TranslationRow,
            (TranslationRow.segment_id == SegmentRow.id) & (TranslationRow.locale == locale),
        )
        .where(SegmentRow.article_id == article_id)
        .order_by(SegmentRow.block_index, SegmentRow.position)
    )
    if segment_ids is not None:
        query = query.where(SegmentRow.id.in_(list(segment_ids)))
    rows = session.execute(query)
    return [
        ReviewRow(
            segment_id=segment.id,
            block_index=segment.block_index,
            position=segment.position,
            source=segment.text,
            spans=tuple(segment.spans),
            text=None if row is None else row.text,
            origin=None if row is None else Origin(row.origin),
            status=None if row is None else Status(row.status),
            version=0 if row is None else row.version,
            warnings=() if row is None else tuple(row.warnings),
            error=None if row is None else row.error,
            updated_at=None if row is None else as_utc(row.updated_at),
            score=None if row is None else row.score,
            machine_text=None if row is None else row.machine_text,
            approved_text=None if row is None else row.approved_text,
            approved_by=None if row is None else row.approved_by,
            approved_at=None if row is None or row.approved_at is None else as_utc(row.approved_at),
            confirmed_errors=() if row is None else tuple(row.confirmed_errors or ()),
            confirmed_by=None if row is None else row.confirmed_by,
            confirmed_at=None
            if row is None or row.confirmed_at is None
            else as_utc(row.confirmed_at),
            previous=segment.previous,
            engine=None if row is None else row.engine,
            blocked_on=None if row is None else row.blocked_on,
        )
        for segment, row in rows
    ]


def save_human_translation(
    session: Session,
    *,
    segment_id: int,
    locale: str,
    text: str,
    approve: bool,
    expected_version: int,
    warnings: Iterable[Mapping[str, object]],
    editor: str,
    confirmed_errors: Sequence[str] = (),
) -> int | None:
    """Store a translator's text if the row is still at ``expected_version``.

    A draft (``approve`` false) replaces only the working text: what editions show (the
    text approved before, else the engine's) is kept. An approval makes the text the
    approved one; ``confirmed_errors`` are the codes of QA errors the approver confirmed,
    recorded with their name and the time.

    Returns the new version, or None when someone else saved first (or the segment has
    gained a row since the screen was loaded, for ``expected_version`` 0).
    """
    now = utc_now()
    fields: dict[str, object] = {
        "text": text,
        "origin": str(Origin.HUMAN),
        "status": str(Status.APPROVED if approve else Status.NEEDS_REVIEW),
        "engine": f"human:{editor}",
        "warnings": [dict(w) for w in warnings],
        "error": None,
        "updated_at": now,
    }
    if approve:
        fields |= {
            "approved_text": text,
            "approved_by": editor,
            "approved_at": now,
            "confirmed_errors": list(confirmed_errors) or None,
            "confirmed_by": editor if confirmed_errors else None,
            "confirmed_at": now if confirmed_errors else None,
        }
    if expected_version == 0:
        insert = upsert_insert(session, TranslationRow).values(
            segment_id=segment_id, locale=locale, attempts=1, version=1, created_at=now, **fields
        )
        written = session.execute(
            insert.on_conflict_do_nothing(index_elements=["segment_id", "locale"]).returning(
                TranslationRow.version
            )
        ).first()
        return None if written is None else 1
    result = session.execute(
        update(TranslationRow)
        .where(
            TranslationRow.segment_id == segment_id,
            TranslationRow.locale == locale,
            TranslationRow.version == expected_version,
        )
        .values(version=TranslationRow.version + 1, attempts=TranslationRow.attempts + 1, **fields)
    )
    return expected_version + 1 if result.rowcount else None  # type: ignore[attr-defined]


def _count(status: Status) -> object:
    return func.sum(case((TranslationRow.status == str(status), 1), else_=0))


def review_queue(session: Session, *, locale: str) -> list[QueueItem]:
    """Articles asking for ``locale`` that still have segments to approve, weakest and
    oldest first."""
    per_article = (
        select(
            SegmentRow.article_id.label("article_id"),
            func.count(SegmentRow.id).label("total"),
            func.coalesce(_count(Status.APPROVED), 0).label("approved"),
            func.coalesce(_count(Status.FAILED), 0).label("failed"),
            (
                func.coalesce(_count(Status.AWAITING_HUMAN), 0)
                + func.sum(case((TranslationRow.id.is_(None), 1), else_=0))
            ).label("awaiting"),
            func.coalesce(_count(Status.NEEDS_REVIEW), 0).label("needs_review"),
            func.coalesce(func.sum(func.json_array_length(TranslationRow.warnings)), 0).label(
                "warnings"
            ),
            func.min(
                case(
                    (TranslationRow.status != str(Status.APPROVED), TranslationRow.score),
                    else_=None,
                )
            ).label("lowest_score"),
            func.sum(
                case(
                    (
                        SegmentRow.previous.is_not(None)
                        & (
                            (TranslationRow.status.is_(None))
                            | (TranslationRow.status != str(Status.APPROVED))
                        ),
                        1,
                    ),
                    else_=0,
                )
            ).label("changed"),
        )
        .outerjoin(
            TranslationRow,
            (TranslationRow.segment_id == SegmentRow.id) & (TranslationRow.locale == locale),
        )
        .group_by(SegmentRow.article_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Article.id,
            Article.slug,
            Article.title,
            Article.created_at,
            Article.published,
            ArticleTarget.requested_at,
            per_article,
        )
        .join(
            ArticleTarget,
            (ArticleTarget.article_id == Article.id) & (ArticleTarget.locale == locale),
        )
        .join(per_article, per_article.c.article_id == Article.id)
        .where(per_article.c.approved < per_article.c.total)
    )
    items = [
        QueueItem(
            article_id=row.id,
            slug=row.slug,
            title=row.title,
            created_at=as_utc(row.created_at),
            total=int(row.total),
            approved=int(row.approved),
            failed=int(row.failed),
            awaiting_human=int(row.awaiting),
            needs_review=int(row.needs_review),
            warnings=int(row.warnings),
            oldest_open=as_utc(row.requested_at),
            lowest_score=None if row.lowest_score is None else float(row.lowest_score),
            published=row.published,
            changed=int(row.changed or 0),
        )
        for row in rows
    ]
    # Weakest first: failed and untranslated work, then the lowest engine score (the
    # weakest machine output), then warnings; then the oldest.
    return sorted(
        items,
        key=lambda item: (
            -(item.failed + item.awaiting_human),
            item.lowest_score if item.lowest_score is not None else 0.0,
            -item.weakness,
            item.oldest_open,
            item.article_id,
        ),
    )


def open_warning_codes(session: Session, *, locale: str) -> dict[int, set[str]]:
    """Per article, the QA warning codes on its translations into ``locale`` that no
    person has approved yet."""
    rows = session.execute(
        select(SegmentRow.article_id, TranslationRow.warnings)
        .join(SegmentRow, SegmentRow.id == TranslationRow.segment_id)
        .where(TranslationRow.locale == locale, TranslationRow.status != str(Status.APPROVED))
    )
    codes: dict[int, set[str]] = {}
    for article_id, warnings in rows:
        for warning in warnings or []:
            if isinstance(warning, dict) and warning.get("code"):
                codes.setdefault(article_id, set()).add(str(warning["code"]))
    return codes
