"""Re-send work the broker lost: the database, not the broker, is the source of truth.

A Redis restart without persistence drops every queued task; a worker killed as a
whole keeps its unacknowledged tasks hidden until the visibility timeout. Either way,
the database still knows which segments have no translation and which editions are
missing. ``reconcile`` re-sends the batches (and the assembly) of every locale that
has outstanding work and has been idle, no work sent and nothing written, for
``stale_after`` seconds. Re-sending is always safe: batches skip settled segments and
never touch approved work, and assembly rebuilds the edition from the database.

Work lost every time it is sent (a batch whose worker process dies on it) is not re-sent
for ever: after ``max_resends`` re-sends its segments are marked failed with the reason,
and the locale is assembled as a partial edition.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from celery import Celery

from publisher.config import Settings
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
    gave_up: bool = False

    def describe(self) -> str:
        head = f"article {self.article_id} {self.locale}"
        if self.gave_up:
            return (
                f"{head}: gave up on {self.segments} segments lost at every re-send; "
                "marked failed (see `tarjima status`)"
            )
        plural = "batch" if self.batches == 1 else "batches"
        what = f"{self.segments} segments in {self.batches} {plural}" if self.batches else (
            "the assembly"
        )
        return f"{head}: re-sent {what} (idle {self.idle_seconds:.0f} s)"


GIVE_UP_ERROR = (
    "LostWork: the batch was lost {n} times after it was sent (is a worker process dying "
    "on it? see the workers' logs)"
)


def reconcile(
    database: Database,
    celery: Celery,
    *,
    batch_size: int,
    stale_after: float,
    article_id: int | None = None,
    now: datetime | None = None,
    max_resends: int = 3,
) -> list[Resent]:
    """One pass: re-send the work of every idle, unfinished locale (or of one article)."""
    moment = now or utc_now()
    with database.session() as session:
        idle = [
            work
            for work in repo.outstanding_work(session, article_id=article_id)
            if work.idle_since(moment) >= stale_after
        ]
    return [_resend(database, celery, work, batch_size, moment, max_resends) for work in idle]


def reconcile_configured(
    settings: Settings,
    database: Database,
    celery: Celery,
    *,
    stale_after: float | None = None,
    article_id: int | None = None,
) -> list[Resent]:
    """One pass with the batch size, idle time and re-send cap of ``settings``."""
    return reconcile(
        database,
        celery,
        batch_size=settings.batch_size,
        stale_after=settings.reconcile_after if stale_after is None else stale_after,
        max_resends=settings.reconcile_max_resends,
        article_id=article_id,
    )


def _resend(
    database: Database,
    celery: Celery,
    work: repo.OutstandingWork,
    batch_size: int,
    moment: datetime,
    max_resends: int,
) -> Resent:
    gave_up, given_up = False, 0
    # One transaction around the bookkeeping and the sends: a send that fails (the broker
    # is down) rolls the bookkeeping back, so the next pass tries again at once.
    with database.session() as session:
        ids = repo.untranslated_segment_ids(
            session, article_id=work.article_id, locale=work.locale
        )
        if ids and work.resends >= max_resends:
            repo.mark_failed(
                session, segment_ids=ids, locale=work.locale,
                error=GIVE_UP_ERROR.format(n=work.resends + 1),
            )
            repo.mark_dispatched(session, article_id=work.article_id, locales=[work.locale])
            gave_up, given_up, ids = True, len(ids), []
        elif ids:
            repo.count_resend(session, article_id=work.article_id, locale=work.locale)
        else:
            repo.mark_dispatched(session, article_id=work.article_id, locales=[work.locale])
        groups = batches(ids, batch_size)
        for batch in groups:
            celery.send_task(TRANSLATE_TASK, args=[work.article_id, work.locale, batch])
        if not groups:  # everything is translated: only the edition is missing or stale
            celery.send_task(ASSEMBLE_TASK, args=[work.article_id, work.locale])
    resent = Resent(
        work.article_id,
        work.locale,
        segments=given_up if gave_up else len(ids),
        batches=len(groups),
        assembly=not groups,
        idle_seconds=work.idle_since(moment),
        gave_up=gave_up,
    )
    log.warning("%s", resent.describe())
    return resent
