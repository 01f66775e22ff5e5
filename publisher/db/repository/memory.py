"""The translation memory and the glossaries: rows keyed by language pair."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from publisher.core.records import MemoryRecord, TermRecord, as_utc
from publisher.db.models import GlossaryTerm, MemoryEntry, utc_now
from publisher.db.repository.dialect import upsert_insert


def _memory(row: MemoryEntry) -> MemoryRecord:
    return MemoryRecord(
        id=row.id,
        source_locale=row.source_locale,
        target_locale=row.target_locale,
        source_key=row.source_key,
        source_text=row.source_text,
        source_plain=row.source_plain,
        target_text=row.target_text,
        article_id=row.article_id,
        article_slug=row.article_slug,
        origin=row.origin,
        approved=row.approved,
        changed_by=row.changed_by,
        updated_at=as_utc(row.updated_at),
    )


def remember(
    session: Session,
    *,
    source_locale: str,
    target_locale: str,
    source_key: str,
    source_text: str,
    target_text: str,
    article_id: int | None,
    article_slug: str | None,
    origin: str,
    approved: bool,
    changed_by: str | None,
    source_plain: str | None = None,
) -> bool:
    """Insert or replace the memory entry for this source text and language pair.

    An approved entry is never replaced by an unapproved one, and a translator's entry
    (origin human) never by an imported one. Returns whether the entry was written.
    """
    now = utc_now()
    fields = {
        "source_text": source_text,
        "source_plain": source_plain,
        "target_text": target_text,
        "article_id": article_id,
        "article_slug": article_slug,
        "origin": origin,
        "approved": approved,
        "changed_by": changed_by,
        "updated_at": now,
    }
    insert = upsert_insert(session, MemoryEntry).values(
        source_locale=source_locale,
        target_locale=target_locale,
        source_key=source_key,
        created_at=now,
        **fields,
    )
    new = insert.excluded
    statement = insert.on_conflict_do_update(
        index_elements=["source_locale", "target_locale", "source_key"],
        set_={key: new[key] for key in fields},
        where=or_(
            MemoryEntry.approved.is_(False),
            and_(new.approved.is_(True), or_(MemoryEntry.origin != "human", new.origin == "human")),
        ),
    ).returning(MemoryEntry.id)
    return session.execute(statement).first() is not None


def exact_matches(
    session: Session, *, source_locale: str, target_locale: str, keys: Sequence[str]
) -> dict[str, MemoryRecord]:
    """Memory entries for these source keys, by key."""
    if not keys:
        return {}
    rows = session.scalars(
        select(MemoryEntry).where(
            MemoryEntry.source_locale == source_locale,
            MemoryEntry.target_locale == target_locale,
            MemoryEntry.source_key.in_(list(dict.fromkeys(keys))),
        )
    )
    return {row.source_key: _memory(row) for row in rows}


def memory_entries(
    session: Session, *, source_locale: str | None = None, target_locale: str | None = None
) -> list[MemoryRecord]:
    """Every entry (of one language pair, when given), oldest first."""
    query = select(MemoryEntry).order_by(MemoryEntry.id)
    if source_locale is not None:
        query = query.where(MemoryEntry.source_locale == source_locale)
    if target_locale is not None:
        query = query.where(MemoryEntry.target_locale == target_locale)
    return [_memory(row) for row in session.scalars(query)]


def _term(row: GlossaryTerm) -> TermRecord:
    return TermRecord(
        id=row.id,
        source_locale=row.source_locale,
        target_locale=row.target_locale,
        term=row.term,
        translation=row.translation,
        note=row.note,
        kind=row.kind,
        first_article_id=row.first_article_id,
    )


def glossary(session: Session, *, source_locale: str, target_locale: str) -> list[TermRecord]:
    """The pair's terms, alphabetically."""
    rows = session.scalars(
        select(GlossaryTerm)
        .where(
            GlossaryTerm.source_locale == source_locale,
            GlossaryTerm.target_locale == target_locale,
        )
        .order_by(GlossaryTerm.term_key)
    )
    return [_term(row) for row in rows]


def put_term(
    session: Session,
    *,
    source_locale: str,
    target_locale: str,
    term: str,
    translation: str,
    note: str = "",
    kind: str | None = None,
    first_article_id: int | None = None,
) -> None:
    """Add a term, or change the translation and note of the same term (any case); its
    ``kind`` and first article too, when given."""
    fields: dict[str, object] = {"term": term, "translation": translation, "note": note}
    if kind is not None:
        fields["kind"] = kind
    if first_article_id is not None:
        fields.update(first_article_id=first_article_id, first_checked_at=utc_now())
    insert = upsert_insert(session, GlossaryTerm).values(
        source_locale=source_locale,
        target_locale=target_locale,
        term_key=term.casefold(),
        created_at=utc_now(),
        **fields,
    )
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["source_locale", "target_locale", "term_key"],
            set_={key: insert.excluded[key] for key in fields},
        )
    )


def delete_term(session: Session, *, term_id: int) -> bool:
    result = session.execute(delete(GlossaryTerm).where(GlossaryTerm.id == term_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
