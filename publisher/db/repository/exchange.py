"""Writes for files imported from CAT tools (XLIFF translations)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.orm import Session

from publisher.core.enums import Origin, Status
from publisher.db.models import TranslationRow, utc_now
from publisher.db.repository.dialect import upsert_insert


def write_imported_translation(
    session: Session,
    *,
    segment_id: int,
    locale: str,
    text: str,
    approve: bool,
    warnings: Iterable[Mapping[str, object]],
    engine: str,
) -> bool:
    """Store a translator's text from an imported file (origin human), approved or
    needing review; returns whether the row was written.

    An import that does not approve never replaces an approved row, even one approved
    after the file was checked: the database decides, in the caller's transaction.
    """
    now = utc_now()
    fields: dict[str, object] = {
        "text": text,
        "origin": str(Origin.HUMAN),
        "status": str(Status.APPROVED if approve else Status.NEEDS_REVIEW),
        "engine": engine,
        "warnings": [dict(w) for w in warnings],
        "error": None,
    }
    if approve:  # an unapproved import is a draft: editions keep what they showed
        fields |= {
            "approved_text": text,
            "approved_by": engine,
            "approved_at": now,
            "confirmed_errors": None,
            "confirmed_by": None,
            "confirmed_at": None,
        }
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
        set_={
            **{key: insert.excluded[key] for key in fields},
            "attempts": TranslationRow.attempts + 1,
            "version": TranslationRow.version + 1,
            "updated_at": now,
        },
        where=None if approve else TranslationRow.status != str(Status.APPROVED),
    ).returning(TranslationRow.id)
    return session.execute(statement).first() is not None
