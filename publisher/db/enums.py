"""String enums stored as plain strings (checked by CHECK constraints in the schema)."""

from __future__ import annotations

from enum import StrEnum


class Origin(StrEnum):
    """Where a translation's text came from."""

    MACHINE = "machine"
    MEMORY = "memory"
    HUMAN = "human"
    NONE = "none"


class Status(StrEnum):
    """Where a translation stands in review."""

    MACHINE = "machine"
    NEEDS_REVIEW = "needs_review"
    APPROVED = "approved"
    AWAITING_HUMAN = "awaiting_human"
    FAILED = "failed"


class EditionState(StrEnum):
    """Whether an edition has every segment translated."""

    COMPLETE = "complete"
    PARTIAL = "partial"


class Role(StrEnum):
    """What a member of staff may do; translators also have their languages."""

    ADMIN = "admin"
    EDITOR = "editor"
    TRANSLATOR = "translator"
