"""``INSERT ... ON CONFLICT`` for the backends Tarjima runs on (SQLite, PostgreSQL)."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session

UpsertInsert = postgresql.Insert | sqlite.Insert


def upsert_insert(session: Session, entity: type[DeclarativeBase]) -> UpsertInsert:
    """An INSERT for ``entity`` that supports ``on_conflict_do_update`` on this backend.

    The conflict clause makes concurrent writers of one key safe: the database, not a
    read-then-write in Python, decides between insert and update.
    """
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(entity)
    if name == "sqlite":
        return sqlite.insert(entity)
    raise NotImplementedError(f"upserts are not implemented for the {name!r} backend")
