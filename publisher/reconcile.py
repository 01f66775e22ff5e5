"""Re-send work the broker lost: the database, not the broker, is the source of truth.

A Redis restart without persistence drops every queued task; a worker killed as a
whole keeps its unacknowledged tasks hidden until the visibility timeout. Either way,
the database still knows which segments have no translation and which editions are
missing. ``reconcile`` re-sends the batches (and the assembly) of every locale that
has outstanding work and has been idle, no work sent and nothing written, for
``stale_after`` seconds. Re-sending is always safe: batches skip settled segments and
never touch approved work, and assembly rebuilds the edition from the database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from celery import Celery

from publisher.db import repository as repo
from publisher.db.models import utc_now
from publisher.db.session import Database
from publisher.publishing import batches
from publisher.task_names import ASSEMBLE_TASK, TRANSLATE_TASK

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resent:
    """What one reconcile pass re-sent for one locale of one article."""

    article_id: int
    locale: str
    segments: int
    batches: int
    assembly: bool
    idle_seconds: float

    def describe(self) -> str:
        what = (
            f"{self.segments} segments in {self.batches} batches"
            if self.batches
            else "the assembly"
        )
        return (
            f"article {self.article_id} {self.locale}: re-sent {what} "
            f"(idle {self.idle_seconds:.0f} s)"
        )


def reconcile(
    database: Database,
    celery: Celery,
    *,
    batch_size: int,
    stale_after: float,
    article_id: int | None = None,
    now: datetime | None = None,
) -> list[Resent]:
    """One pass: re-send the work of every idle, unfinished locale (or of one article)."""
    moment = now or utc_now()
    with database.session() as session:
        idle = [
            work
            for work in repo.outstanding_work(session, article_id=article_id)
            if work.idle_since(moment) >= stale_after
        ]
    return [_resend(database, celery, work, batch_size, moment) for work in idle]


def _resend(
    database: Database,
    celery: Celery,
    work: repo.OutstandingWork,
    batch_size: int,
    moment: datetime,
) -> Resent:
    with database.session() as session:
        ids = repo.untranslated_segment_ids(
            session, article_id=work.article_id, locale=work.locale
        )
        # Marked before sending: a concurrent pass (another reconciler) then sees fresh
        # activity and leaves this locale alone.
        repo.mark_dispatched(session, article_id=work.article_id, locales=[work.locale])
    groups = batches(ids, batch_size)
    for batch in groups:
        celery.send_task(TRANSLATE_TASK, args=[work.article_id, work.locale, batch])
    if not groups:  # everything is translated: only the edition is missing or stale
        celery.send_task(ASSEMBLE_TASK, args=[work.article_id, work.locale])
    resent = Resent(
        work.article_id,
        work.locale,
        segments=len(ids),
        batches=len(groups),
        assembly=not groups,
        idle_seconds=work.idle_since(moment),
    )
    log.warning("%s", resent.describe())
    return resent
