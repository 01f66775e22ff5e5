"""SQLAlchemy 2 declarative models, portable across SQLite and PostgreSQL.

Enumerated values are plain strings guarded by CHECK constraints; JSON columns use the
generic :class:`sqlalchemy.JSON`; timestamps are timezone-aware and written in UTC.
The migrations in ``migrations/versions/`` create exactly this schema (a test compares them).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from publisher.core.enums import EditionState, Origin, Role, Status, WorkKind, WorkState

__all__ = [
    "ApiToken",
    "Article",
    "ArticleTarget",
    "Base",
    "BlockRow",
    "EditionRow",
    "EditionState",
    "GlossaryTerm",
    "LoginFailure",
    "MemoryEntry",
    "NameDismissal",
    "Origin",
    "PublicationRow",
    "PublishOverride",
    "Role",
    "SegmentRow",
    "Status",
    "TranslationRow",
    "User",
    "WebSession",
    "WorkItem",
    "WorkState",
    "WorkerLease",
    "utc_now",
]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonList = list[Any]


def utc_now() -> datetime:
    return datetime.now(UTC)


def one_of(column: str, values: Iterable[StrEnum], name: str) -> CheckConstraint:
    """``CHECK (column IN (...))`` for the values of a string enum."""
    allowed = ", ".join(f"'{value.value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


def table_args(*items: object) -> tuple[object, ...]:
    """``__table_args__``: ``items`` plus AUTOINCREMENT on SQLite, so ids are never reused
    (a task still holding the ids of a deleted article cannot touch a newer one)."""
    return (*items, {"sqlite_autoincrement": True})


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), default=utc_now, server_default=func.now())


def _updated() -> Mapped[datetime]:
    return mapped_column(
        DateTime(timezone=True), default=utc_now, onupdate=utc_now, server_default=func.now()
    )


def _article_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


KICKER_LENGTH = 60


class Article(Base):
    """The source document; ``source_text`` keeps the raw input so no work is ever lost."""

    __tablename__ = "articles"
    __table_args__ = table_args()

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(Text)
    source_locale: Mapped[str] = mapped_column(String(16))
    published: Mapped[date] = mapped_column(Date)
    source_text: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(32))
    # The section or label over the headline, set by the editor; None: no kicker.
    kicker: Mapped[str | None] = mapped_column(String(KICKER_LENGTH))
    # The original's address (http/https) given by the editor; None: not given.
    source_url: Mapped[str | None] = mapped_column(Text)
    # Breaking news: its headline and lead are translated ahead of queued work.
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()


class ArticleTarget(Base):
    """A locale the editor asked for; ``id`` keeps the order they were asked in."""

    __tablename__ = "article_targets"
    __table_args__ = table_args(UniqueConstraint("article_id", "locale"))

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = _article_fk()
    locale: Mapped[str] = mapped_column(String(16))
    requested_at: Mapped[datetime] = _created()
    # When translation or assembly work for this locale was last sent to the broker.
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # How many times the reconciler re-sent this locale's lost batches.
    resends: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class BlockRow(Base):
    """One block of an article; ``markup`` holds its markup spans (block offsets)."""

    __tablename__ = "blocks"
    __table_args__ = table_args(UniqueConstraint("article_id", "position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = _article_fk()
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    markup: Mapped[JsonList] = mapped_column(JSON, default=list)


class SegmentRow(Base):
    """One segment of a block, at (block_index, position) within its article."""

    __tablename__ = "segments"
    __table_args__ = table_args(
        UniqueConstraint("article_id", "block_index", "position"),
        Index(None, "source_hash"),
        Index(None, "block_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = _article_fk()
    block_id: Mapped[int] = mapped_column(ForeignKey("blocks.id", ondelete="CASCADE"))
    block_index: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(64))
    spans: Mapped[JsonList] = mapped_column(JSON, default=list)
    separator: Mapped[str] = mapped_column(Text, default="")
    # When an article update replaced a changed sentence with this one: {"source": the old
    # English, "translations": {locale: the text its edition showed}} (publisher.corrections).
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class TranslationRow(Base):
    """A segment in one locale; (segment_id, locale) is the idempotency key."""

    __tablename__ = "translations"
    __table_args__ = table_args(
        UniqueConstraint("segment_id", "locale"),
        one_of("origin", Origin, "origin"),
        one_of("status", Status, "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    engine: Mapped[str | None] = mapped_column(String(200))
    # The engine's length-normalized log-probability (machine output only).
    score: Mapped[float | None] = mapped_column(Float)
    warnings: Mapped[JsonList] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # 'model' while the row awaits a human only because no worker could translate into its
    # locale: the reconciler sends it again once a worker can (publisher.services.reconcile.rules).
    blocked_on: Mapped[str | None] = mapped_column(String(16))
    # What editions show (publisher.services.editions.shown_text): a translator's unapproved draft
    # in
    # ``text`` is work in progress; readers get the last approved text, else the engine's.
    machine_text: Mapped[str | None] = mapped_column(Text)
    approved_text: Mapped[str | None] = mapped_column(Text)
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # An approval given over QA errors: their codes, who confirmed them and when.
    confirmed_errors: Mapped[JsonList | None] = mapped_column(JSON)
    confirmed_by: Mapped[str | None] = mapped_column(String(200))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()


class EditionRow(Base):
    """An article assembled in one locale; ``missing`` lists [block_index, position] pairs."""

    __tablename__ = "editions"
    __table_args__ = table_args(
        UniqueConstraint("article_id", "locale"),
        one_of("state", EditionState, "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = _article_fk()
    locale: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    html: Mapped[str] = mapped_column(Text)
    missing: Mapped[JsonList] = mapped_column(JSON, default=list)
    path: Mapped[str | None] = mapped_column(Text)
    # The localized headline (plain text) and the <article> element alone, which the web
    # app's reader pages embed in their own chrome.
    title: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str | None] = mapped_column(Text)
    assembled_at: Mapped[datetime] = _updated()
    # How many times the edition was assembled with a different result (1 = once).
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    # The moment of the database snapshot the last assembly read, changed or not: the
    # edition reflects every translation written before it.
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WorkItem(Base):
    """One task sent to the workers: the ledger the reconciler reads to tell queued work
    from lost work (publisher.services.reconcile.rules). ``task_id`` is the Celery task id."""

    __tablename__ = "work_items"
    __table_args__ = table_args(
        UniqueConstraint("task_id"),
        one_of("kind", WorkKind, "kind"),
        one_of("state", WorkState, "state"),
        Index("ix_work_items_open", "state", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    article_id: Mapped[int] = _article_fk()
    locale: Mapped[str] = mapped_column(String(16))
    segment_ids: Mapped[JsonList] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(16))
    # The broker's epoch when it was sent (publisher.services.broker): a restart that lost the
    # broker's data starts a new one.
    epoch: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime] = _created()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(String(200))  # node name running it
    instance: Mapped[str | None] = mapped_column(String(64))  # that worker's lease
    runs: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # 0 for work sent first; a replacement of lost work is one more than what it replaces.
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Why it was declared lost, or what its last run reported.
    note: Mapped[str | None] = mapped_column(Text)
    # The broker priority it was sent with (publisher.core.task_names); a re-send keeps it.
    priority: Mapped[int | None] = mapped_column(Integer)


class WorkerLease(Base):
    """A running worker: its heartbeat (``beat_at``, database time) and what it serves.
    A lease whose heartbeat stopped is the evidence that the worker is gone."""

    __tablename__ = "worker_leases"
    __table_args__ = table_args(UniqueConstraint("instance"))

    id: Mapped[int] = mapped_column(primary_key=True)
    instance: Mapped[str] = mapped_column(String(64))
    hostname: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    locales: Mapped[JsonList] = mapped_column(JSON, default=list)
    queues: Mapped[JsonList] = mapped_column(JSON, default=list)
    models_dir: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = _created()
    beat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PublicationRow(Base):
    """An edition as readers see it: a snapshot taken when an editor published it.

    Re-assembly (a translator's fix, an updated article) changes the edition, never what
    readers see: the editor publishes again. No row means readers get 404.
    """

    __tablename__ = "publications"
    __table_args__ = table_args(
        UniqueConstraint("article_id", "locale"),
        one_of("state", EditionState, "state"),
        Index(None, "locale", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = _article_fk()
    locale: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    # Passages shown in the source language, when the editor accepted a partial edition.
    missing: Mapped[int] = mapped_column(Integer, default=0)
    # "reviewed", "machine" or "partial" (publisher.core.assemble.pages.Provenance); None before
    # 0011.
    provenance: Mapped[str | None] = mapped_column(String(16))
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    first_published_at: Mapped[datetime] = _created()
    published_at: Mapped[datetime] = _created()


class MemoryEntry(Base):
    """Translation memory: an approved translation of a (masked, normalized) source text
    from one locale into another, reused wherever the same text comes again."""

    __tablename__ = "translation_memory"
    __table_args__ = table_args(
        UniqueConstraint("source_locale", "target_locale", "source_key"),
        Index(None, "source_locale", "target_locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_locale: Mapped[str] = mapped_column(String(16))
    target_locale: Mapped[str] = mapped_column(String(16))
    source_key: Mapped[str] = mapped_column(String(64))
    source_text: Mapped[str] = mapped_column(Text)
    # The source as written (numbers and dates in it), when known: a match whose numbers
    # differ is not approved for languages whose nouns agree with numbers.
    source_plain: Mapped[str | None] = mapped_column(Text)
    target_text: Mapped[str] = mapped_column(Text)
    # Where it came from: the article (kept when the article is deleted, as its slug).
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    article_slug: Mapped[str | None] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(16))
    approved: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    changed_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()


class GlossaryTerm(Base):
    """A term with its required translation for one language pair."""

    __tablename__ = "glossary_terms"
    __table_args__ = table_args(UniqueConstraint("source_locale", "target_locale", "term_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    source_locale: Mapped[str] = mapped_column(String(16))
    target_locale: Mapped[str] = mapped_column(String(16))
    term: Mapped[str] = mapped_column(String(200))
    term_key: Mapped[str] = mapped_column(String(200))
    translation: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = _created()
    # "name": a person, place or organisation, whose spelling QA enforces as an error;
    # "term": anything else (a missing translation is a warning).
    kind: Mapped[str] = mapped_column(String(16), default="term", server_default="term")
    # The article where the term was first used: where an offered name was accepted, or
    # the first article whose source contains it; None while none is known.
    first_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL")
    )
    # When the first article was searched for (None: not yet).
    first_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class NameDismissal(Base):
    """A name a translator declined to add to a language's glossary: not offered again."""

    __tablename__ = "name_dismissals"
    __table_args__ = table_args(UniqueConstraint("source_locale", "target_locale", "name_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    source_locale: Mapped[str] = mapped_column(String(16))
    target_locale: Mapped[str] = mapped_column(String(16))
    name_key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    dismissed_by: Mapped[str] = mapped_column(String(64))
    dismissed_at: Mapped[datetime] = _created()


class PublishOverride(Base):
    """An editor published an edition despite unresolved QA errors: who, when, how many."""

    __tablename__ = "publish_overrides"
    __table_args__ = table_args(Index(None, "article_id", "locale"))

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = _article_fk()
    locale: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(64))
    errors: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = _created()


class User(Base):
    """A member of staff; readers are anonymous. ``languages`` matter for translators."""

    __tablename__ = "users"
    __table_args__ = table_args(one_of("role", Role, "role"))

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(Text, default="")
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    languages: Mapped[JsonList] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()


class WebSession(Base):
    """A signed-in browser; the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "web_sessions"
    __table_args__ = table_args(Index(None, "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = _created()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A token for scripts (``Authorization: Bearer``); stored hashed, revocable."""

    __tablename__ = "api_tokens"
    __table_args__ = table_args(Index(None, "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = _created()
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    """A failed sign-in, kept for a while to throttle guessing (per account and client).

    The name typed is never stored: an attempt on an account keeps its id; one on a name
    that matches no account (often a password typed into the wrong field) keeps only
    ``name_key``, a 16-bit keyed hash, one of 65,536 buckets the name cannot be read from.
    """

    __tablename__ = "login_failures"
    __table_args__ = table_args(
        Index(None, "user_id", "client", "at"),
        Index(None, "name_key", "client", "at"),
        Index(None, "client", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name_key: Mapped[int | None] = mapped_column(Integer)
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = _created()
