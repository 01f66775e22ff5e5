"""Frozen records the repository returns instead of ORM rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from publisher.core.articles import Segment
from publisher.core.enums import USABLE_STATUSES, EditionState, Origin, Role, Status


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; SQLite hands back naive datetimes, which were written in UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class StoredSegment:
    """A segment with its database id and article."""

    id: int
    article_id: int
    segment: Segment


@dataclass(frozen=True)
class StoredTranslation:
    """One segment in one locale, as stored."""

    id: int
    segment_id: int
    locale: str
    text: str | None
    origin: Origin
    status: Status
    engine: str | None
    warnings: tuple[Mapping[str, object], ...]
    error: str | None
    attempts: int
    version: int
    created_at: datetime
    updated_at: datetime
    score: float | None = None
    machine_text: str | None = None  # the engine's (or memory's) text, kept under drafts
    approved_text: str | None = None  # the text a person last approved

    @property
    def shown_text(self) -> str | None:
        """What an edition shows: approved text, else the engine's, never a draft."""
        return shown_text(
            self.status, self.origin, self.text, self.approved_text, self.machine_text
        )


def shown_text(
    status: Status | None,
    origin: Origin | None,
    text: str | None,
    approved_text: str | None,
    machine_text: str | None,
) -> str | None:
    """The text readers get for a translation: the approved text; while a translator's
    draft waits for approval, the text approved before it, else the engine's; else
    nothing (the edition shows the source, marked as awaiting translation)."""
    if status is Status.APPROVED and text:
        return text
    if approved_text:
        return approved_text
    if machine_text:
        return machine_text
    if origin in (Origin.MACHINE, Origin.MEMORY) and status in USABLE_STATUSES:
        return text or None
    return None


@dataclass(frozen=True)
class LocaleProgress:
    """Counts of one target locale's segments.

    ``machine``/``memory``/``human`` count translated rows by origin (status machine,
    needs_review or approved); ``approved`` .. ``failed`` count rows by status;
    ``pending`` counts segments with no row yet; ``warnings`` is the number of QA
    warnings over all rows.
    """

    locale: str
    total: int = 0
    machine: int = 0
    memory: int = 0
    human: int = 0
    approved: int = 0
    needs_review: int = 0
    awaiting_human: int = 0
    failed: int = 0
    pending: int = 0
    warnings: int = 0

    @property
    def translated(self) -> int:
        """Segments with a usable translation (machine, needs_review or approved)."""
        return self.machine + self.memory + self.human

    @property
    def done(self) -> bool:
        """Every segment has a row (translated, awaiting a human or failed)."""
        return self.pending == 0


@dataclass(frozen=True)
class StoredEdition:
    """An article assembled in one locale."""

    id: int
    article_id: int
    locale: str
    state: EditionState
    html: str
    missing: tuple[tuple[int, int], ...]
    path: str | None
    assembled_at: datetime
    title: str | None = None
    content: str | None = None
    revision: int = 1  # assemblies that changed it (1: assembled once)
    checked_at: datetime | None = None  # snapshot moment of the last assembly, changed or not


@dataclass(frozen=True)
class StoredUser:
    """A member of staff (never with the password hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    languages: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class StoredToken:
    """An API token as listed to its owner: the prefix only, never the secret."""

    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class StoredPublication:
    """An edition as readers see it."""

    article_id: int
    slug: str
    locale: str
    title: str
    content: str
    state: EditionState
    missing: int
    article_date: date
    first_published_at: datetime
    published_at: datetime
    #: "reviewed", "machine" or "partial"; None for publications from before it was kept.
    provenance: str | None = None


@dataclass(frozen=True)
class ArticleSummary:
    """One line of the editors' article list."""

    id: int
    slug: str
    title: str
    published: date
    created_at: datetime
    updated_at: datetime
    targets: tuple[str, ...]
    kicker: str | None = None
    source_url: str | None = None
    urgent: bool = False  # breaking news: headline and lead first


@dataclass(frozen=True)
class ReviewRow:
    """One segment on the review screen: the source and its translation in one locale."""

    segment_id: int
    block_index: int
    position: int
    source: str
    spans: tuple[Mapping[str, object], ...]
    text: str | None
    origin: Origin | None
    status: Status | None
    version: int
    warnings: tuple[Mapping[str, object], ...]
    error: str | None
    updated_at: datetime | None
    score: float | None = None
    machine_text: str | None = None
    approved_text: str | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    confirmed_errors: tuple[str, ...] = ()
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    #: {"source": old English, "translations": {locale: text}} when an article update
    #: replaced a changed sentence with this one.
    previous: Mapping[str, object] | None = None
    engine: str | None = None
    #: Why it waits for a person: "model" when no model translates into the language.
    blocked_on: str | None = None

    @property
    def updated_by(self) -> str | None:
        """Who wrote ``text``: a person's name, or the engine or memory entry."""
        if self.engine and self.engine.startswith("human:"):
            return self.engine.removeprefix("human:")
        return self.engine

    @property
    def shown_text(self) -> str | None:
        """What the edition shows for this segment (never an unapproved draft)."""
        return shown_text(
            self.status, self.origin, self.text, self.approved_text, self.machine_text
        )

    @property
    def is_draft(self) -> bool:
        """A translator's text saved but not approved, which readers do not get."""
        return (
            self.origin is Origin.HUMAN
            and self.status is Status.NEEDS_REVIEW
            and self.text != self.shown_text
        )


@dataclass(frozen=True)
class QueueItem:
    """An article with work for translators of one locale."""

    article_id: int
    slug: str
    title: str
    created_at: datetime
    total: int
    approved: int
    failed: int
    awaiting_human: int
    needs_review: int
    warnings: int
    oldest_open: datetime
    #: The weakest engine score among segments not approved (None: no scored output).
    lowest_score: float | None = None
    published: date | None = None  # the article's date
    #: Segments not approved whose English was corrected in the last article update.
    changed: int = 0

    @property
    def open(self) -> int:
        """Segments not approved yet."""
        return self.total - self.approved

    @property
    def weakness(self) -> int:
        """Higher is weaker: failures and untranslated passages first, then warnings."""
        return 1000 * (self.failed + self.awaiting_human) + 10 * self.needs_review + self.warnings


@dataclass(frozen=True)
class MemoryRecord:
    """A translation memory entry."""

    id: int
    source_locale: str
    target_locale: str
    source_key: str
    source_text: str
    source_plain: str | None
    target_text: str
    article_id: int | None
    article_slug: str | None
    origin: str
    approved: bool
    changed_by: str | None
    updated_at: datetime


@dataclass(frozen=True)
class TermRecord:
    """A glossary term with its required translation."""

    id: int
    source_locale: str
    target_locale: str
    term: str
    translation: str
    note: str
    #: "name" (a person, place or organisation: QA errors) or "term" (QA warnings).
    kind: str = "term"
    #: The article where it was first used, when known.
    first_article_id: int | None = None

    @property
    def is_name(self) -> bool:
        return self.kind == "name"


@dataclass(frozen=True)
class OverrideRecord:
    """An edition published despite unresolved QA errors."""

    locale: str
    username: str
    errors: int
    at: datetime
