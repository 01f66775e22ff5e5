"""Editions: an article assembled in one locale, one row per (article, locale)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from publisher.core.enums import EditionState
from publisher.core.records import StoredEdition, as_utc
from publisher.db.models import EditionRow, utc_now
from publisher.db.repository.dialect import upsert_insert


def save_edition(
    session: Session,
    *,
    article_id: int,
    locale: str,
    state: EditionState,
    html: str,
    missing: Iterable[Sequence[int]],
    path: str | None,
    title: str | None = None,
    content: str | None = None,
    checked_at: datetime | None = None,
) -> None:
    """Insert or replace the edition of ``article_id`` in ``locale`` (one more revision).
    ``checked_at``: the moment of the snapshot it was assembled from."""
    now = utc_now()
    fields = {
        "state": str(state),
        "html": html,
        "path": path,
        "assembled_at": now,
        "title": title,
        "content": content,
        "checked_at": checked_at or now,
        "missing": [[int(block), int(position)] for block, position in missing],
    }
    insert = upsert_insert(session, EditionRow).values(
        article_id=article_id, locale=locale, revision=1, **fields
    )
    # An assembly from an older snapshot that finishes after a newer one (two approvals
    # assembled at once) never replaces it.
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["article_id", "locale"],
            set_={
                **{key: insert.excluded[key] for key in fields},
                "revision": EditionRow.revision + 1,
            },
            where=EditionRow.checked_at.is_(None)
            | (EditionRow.checked_at <= insert.excluded.checked_at),
        )
    )


def touch_edition(session: Session, *, article_id: int, locale: str, checked_at: datetime) -> None:
    """Record that the edition was found current at ``checked_at`` (nothing else changes:
    not its revision, not the moment it was assembled)."""
    session.execute(
        update(EditionRow)
        .where(
            EditionRow.article_id == article_id,
            EditionRow.locale == locale,
            EditionRow.checked_at.is_(None) | (EditionRow.checked_at <= checked_at),
        )
        .values(checked_at=checked_at, assembled_at=EditionRow.assembled_at)
    )


def _stored(row: EditionRow) -> StoredEdition:
    return StoredEdition(
        id=row.id,
        article_id=row.article_id,
        locale=row.locale,
        state=EditionState(row.state),
        html=row.html,
        missing=tuple((int(b), int(p)) for b, p in row.missing),
        path=row.path,
        assembled_at=as_utc(row.assembled_at),
        title=row.title,
        content=row.content,
        revision=row.revision,
        checked_at=None if row.checked_at is None else as_utc(row.checked_at),
    )


def get_edition(session: Session, *, article_id: int, locale: str) -> StoredEdition | None:
    """The edition of ``article_id`` in ``locale``, or None when not assembled yet."""
    row = session.scalar(
        select(EditionRow).where(EditionRow.article_id == article_id, EditionRow.locale == locale)
    )
    return None if row is None else _stored(row)


def list_editions(session: Session, *, article_id: int) -> list[StoredEdition]:
    """The article's editions, by locale."""
    rows = session.scalars(
        select(EditionRow).where(EditionRow.article_id == article_id).order_by(EditionRow.locale)
    )
    return [_stored(row) for row in rows]
