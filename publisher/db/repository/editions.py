"""Editions: an article assembled in one locale, one row per (article, locale)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.db.enums import EditionState
from publisher.db.models import EditionRow, utc_now
from publisher.db.repository.dialect import upsert_insert
from publisher.db.repository.records import StoredEdition, as_utc


def save_edition(
    session: Session, *, article_id: int, locale: str, state: EditionState, html: str,
    missing: Iterable[Sequence[int]], path: str | None, title: str | None = None,
    content: str | None = None,
) -> None:
    """Insert or replace the edition of ``article_id`` in ``locale``."""
    fields = {"state": str(state), "html": html, "path": path, "assembled_at": utc_now(),
              "title": title, "content": content,
              "missing": [[int(block), int(position)] for block, position in missing]}
    insert = upsert_insert(session, EditionRow).values(
        article_id=article_id, locale=locale, **fields
    )
    session.execute(insert.on_conflict_do_update(
        index_elements=["article_id", "locale"],
        set_={key: insert.excluded[key] for key in fields},
    ))


def _stored(row: EditionRow) -> StoredEdition:
    return StoredEdition(
        id=row.id, article_id=row.article_id, locale=row.locale, state=EditionState(row.state),
        html=row.html, missing=tuple((int(b), int(p)) for b, p in row.missing), path=row.path,
        assembled_at=as_utc(row.assembled_at), title=row.title, content=row.content,
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
