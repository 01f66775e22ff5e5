"""Translations of segments: idempotent upserts, failures and per-locale progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from publisher.core.enums import USABLE_STATUSES, Origin, Status
from publisher.core.records import LocaleProgress, StoredTranslation, as_utc
from publisher.db.models import ArticleTarget, SegmentRow, TranslationRow, utc_now
from publisher.db.repository.dialect import upsert_insert

TRANSLATED_ORIGINS = frozenset({Origin.MACHINE, Origin.MEMORY, Origin.HUMAN})
#: Origins whose text is kept as ``machine_text``: what an edition shows until a person
#: approves a translation, whatever drafts are saved over it.
AUTOMATIC = frozenset({Origin.MACHINE, Origin.MEMORY})


def upsert_translation(
    session: Session,
    *,
    segment_id: int,
    locale: str,
    text: str | None,
    origin: Origin,
    status: Status,
    engine: str | None,
    warnings: Iterable[Mapping[str, object]],
    error: str | None = None,
    score: float | None = None,
    blocked_on: str | None = None,
) -> bool:
    """Insert or update the (segment, locale) row; an approved row, or a translator's
    text, is never overwritten.

    Returns whether the row was written. Each update increments ``attempts`` and
    ``version``. Safe when several processes write the same key at once.
    """
    now = utc_now()
    fields: dict[str, object] = {
        "text": text,
        "origin": str(origin),
        "status": str(status),
        "engine": engine,
        "warnings": [dict(w) for w in warnings],
        "error": error,
        "score": score,
        "blocked_on": blocked_on,
    }
    if origin in AUTOMATIC and text is not None:
        fields["machine_text"] = text
    if status is Status.APPROVED and text:  # a memory match approved as it stands
        fields |= {"approved_text": text, "approved_by": engine, "approved_at": now}
    insert = upsert_insert(session, TranslationRow).values(
        segment_id=segment_id,
        locale=locale,
        attempts=1,
        version=1,
        created_at=now,
        updated_at=now,
        **fields,
    )
    statement = insert.on_conflict_do_update(
        index_elements=["segment_id", "locale"],
        set_={**{key: insert.excluded[key] for key in fields}, **_bumped(now)},
        where=(TranslationRow.status != str(Status.APPROVED))
        & (TranslationRow.origin != str(Origin.HUMAN)),
    ).returning(TranslationRow.id)
    return session.execute(statement).first() is not None


def _bumped(now: object) -> dict[str, object]:
    return {
        "attempts": TranslationRow.attempts + 1,
        "version": TranslationRow.version + 1,
        "updated_at": now,
    }


def mark_failed(session: Session, *, segment_ids: Sequence[int], locale: str, error: str) -> None:
    """Record ``error`` for segments with no row yet or a failed one; others are kept."""
    if not segment_ids:
        return
    now = utc_now()
    insert = upsert_insert(session, TranslationRow).values(
        [
            {
                "segment_id": segment_id,
                "locale": locale,
                "text": None,
                "origin": str(Origin.NONE),
                "status": str(Status.FAILED),
                "engine": None,
                "warnings": [],
                "error": error,
                "attempts": 1,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for segment_id in dict.fromkeys(segment_ids)
        ]
    )
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["segment_id", "locale"],
            set_={"error": insert.excluded.error, **_bumped(now)},
            where=TranslationRow.status == str(Status.FAILED),
        )
    )


def await_model(
    session: Session, *, segment_ids: Sequence[int], locale: str, error: str, blocked_on: str
) -> int:
    """Store segments as awaiting a human because nothing can translate them (``blocked_on``
    says what is missing). Only segments with no row, or a failed or awaiting row with no
    text, are written: a translation is never replaced. Returns how many were written."""
    if not segment_ids:
        return 0
    now = utc_now()
    insert = upsert_insert(session, TranslationRow).values(
        [
            {
                "segment_id": segment_id,
                "locale": locale,
                "text": None,
                "origin": str(Origin.NONE),
                "status": str(Status.AWAITING_HUMAN),
                "engine": None,
                "warnings": [],
                "error": error,
                "blocked_on": blocked_on,
                "attempts": 1,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for segment_id in dict.fromkeys(segment_ids)
        ]
    )
    statement = insert.on_conflict_do_update(
        index_elements=["segment_id", "locale"],
        set_={
            "status": insert.excluded.status,
            "error": insert.excluded.error,
            "blocked_on": insert.excluded.blocked_on,
            **_bumped(now),
        },
        where=TranslationRow.status.in_([str(Status.AWAITING_HUMAN), str(Status.FAILED)])
        & TranslationRow.text.is_(None),
    ).returning(TranslationRow.id)
    return len(session.execute(statement).all())


def _stored(row: TranslationRow) -> StoredTranslation:
    return StoredTranslation(
        id=row.id,
        segment_id=row.segment_id,
        locale=row.locale,
        text=row.text,
        origin=Origin(row.origin),
        status=Status(row.status),
        engine=row.engine,
        score=row.score,
        machine_text=row.machine_text,
        approved_text=row.approved_text,
        warnings=tuple(row.warnings),
        error=row.error,
        attempts=row.attempts,
        version=row.version,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )


def translations_for(
    session: Session, *, article_id: int, locale: str
) -> dict[int, StoredTranslation]:
    """The article's translations into ``locale``, keyed by segment id."""
    rows = session.scalars(
        select(TranslationRow)
        .join(SegmentRow, SegmentRow.id == TranslationRow.segment_id)
        .where(SegmentRow.article_id == article_id, TranslationRow.locale == locale)
    )
    return {row.segment_id: _stored(row) for row in rows}


def _tally(counts: Counter[str], origin: str, status: str, rows: int, warnings: int) -> None:
    counts["rows"] += rows
    counts["warnings"] += warnings
    if status in USABLE_STATUSES and origin in TRANSLATED_ORIGINS:
        counts[origin] += rows
    if status != Status.MACHINE:
        counts[status] += rows


def _progress(locale: str, total: int, counts: Counter[str]) -> LocaleProgress:
    return LocaleProgress(
        locale=locale,
        total=total,
        machine=counts[Origin.MACHINE],
        memory=counts[Origin.MEMORY],
        human=counts[Origin.HUMAN],
        approved=counts[Status.APPROVED],
        needs_review=counts[Status.NEEDS_REVIEW],
        awaiting_human=counts[Status.AWAITING_HUMAN],
        failed=counts[Status.FAILED],
        pending=total - counts["rows"],
        warnings=counts["warnings"],
    )


def _counts_by_locale(session: Session, article_id: int) -> dict[str, Counter[str]]:
    warnings = func.coalesce(func.sum(func.json_array_length(TranslationRow.warnings)), 0)
    grouped = session.execute(
        select(
            TranslationRow.locale,
            TranslationRow.origin,
            TranslationRow.status,
            func.count(),
            warnings,
        )
        .join(SegmentRow, SegmentRow.id == TranslationRow.segment_id)
        .where(SegmentRow.article_id == article_id)
        .group_by(TranslationRow.locale, TranslationRow.origin, TranslationRow.status)
    )
    counts: dict[str, Counter[str]] = {}
    for locale, origin, status, rows, warning_count in grouped:
        _tally(counts.setdefault(locale, Counter()), origin, status, rows, int(warning_count))
    return counts


def locale_progress(session: Session, *, article_id: int) -> dict[str, LocaleProgress]:
    """Progress per target locale (and any other locale with rows), counted in SQL."""
    total = (
        session.scalar(
            select(func.count()).select_from(SegmentRow).where(SegmentRow.article_id == article_id)
        )
        or 0
    )
    targets = session.scalars(
        select(ArticleTarget.locale)
        .where(ArticleTarget.article_id == article_id)
        .order_by(ArticleTarget.id)
    )
    counts = _counts_by_locale(session, article_id)
    locales = dict.fromkeys([*targets, *counts])
    return {code: _progress(code, total, counts.get(code, Counter())) for code in locales}
