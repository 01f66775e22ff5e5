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


#: Statuses whose translation is usable in an edition (a machine translation, a draft
#: awaiting review, an approved text); ``awaiting_human`` and ``failed`` are not.
USABLE_STATUSES: frozenset[Status] = frozenset(
    {Status.MACHINE, Status.NEEDS_REVIEW, Status.APPROVED}
)


class EditionState(StrEnum):
    """Whether an edition has every segment translated."""

    COMPLETE = "complete"
    PARTIAL = "partial"


class Role(StrEnum):
    """What a member of staff may do; translators also have their languages."""

    ADMIN = "admin"
    EDITOR = "editor"
    TRANSLATOR = "translator"


class WorkKind(StrEnum):
    """What a task in the work ledger does."""

    TRANSLATE = "translate"
    ASSEMBLE = "assemble"


class WorkState(StrEnum):
    """Where a task in the work ledger stands.

    queued: sent, not started; running: a worker started it; done: finished (whatever
    its segments' outcome); lost: the reconciler found evidence it was lost and sent a
    replacement.
    """

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    LOST = "lost"

    @classmethod
    def open(cls) -> tuple[WorkState, ...]:
        return (cls.QUEUED, cls.RUNNING)
