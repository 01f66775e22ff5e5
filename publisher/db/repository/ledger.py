"""The work ledger (one row per task sent to the workers) and the workers' leases.

The ledger is what lets the reconciler tell queued work from lost work: every task is
written here before it is sent, marked running by the worker that starts it, and done
when it ends. A worker's lease is its heartbeat, written in database time so that
machines with different clocks agree on how old it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from publisher.core.enums import WorkKind, WorkState
from publisher.core.records import as_utc
from publisher.db.models import WorkerLease, WorkItem, utc_now
from publisher.db.repository.dialect import upsert_insert


@dataclass(frozen=True)
class WorkRecord:
    """One task of the ledger."""

    task_id: str
    kind: WorkKind
    article_id: int
    locale: str
    segment_ids: tuple[int, ...]
    state: WorkState
    epoch: str | None
    sent_at: datetime
    worker: str | None
    instance: str | None
    runs: int
    generation: int = 0
    note: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    priority: int | None = None  # the broker priority it was sent with


@dataclass(frozen=True)
class LeaseRecord:
    """A worker's lease; ``age`` is seconds since its last heartbeat (database time)."""

    instance: str
    hostname: str
    pid: int
    locales: tuple[str, ...]
    queues: tuple[str, ...]
    models_dir: str
    started_at: datetime
    age: float


def database_now(session: Session) -> datetime:
    """The database's clock (PostgreSQL's ``now()``), or this machine's for SQLite, whose
    writers all run on one machine."""
    if session.get_bind().dialect.name == "postgresql":
        moment = session.scalar(select(func.now()))
        if moment is not None:
            return as_utc(moment)
    return utc_now()


def record_sent(
    session: Session,
    *,
    task_id: str,
    kind: WorkKind,
    article_id: int,
    locale: str,
    segment_ids: Sequence[int] = (),
    epoch: str | None,
    generation: int = 0,
    priority: int | None = None,
) -> None:
    """Write a task into the ledger (before it is sent: a send that fails leaves a queued
    task the broker never saw, which the reconciler finds and sends again)."""
    session.add(
        WorkItem(
            task_id=task_id,
            kind=str(kind),
            article_id=article_id,
            locale=locale,
            segment_ids=[int(i) for i in segment_ids],
            state=str(WorkState.QUEUED),
            epoch=epoch,
            sent_at=utc_now(),
            runs=0,
            generation=generation,
            priority=priority,
        )
    )


def start_work(session: Session, *, task_id: str, worker: str, instance: str | None) -> bool:
    """Mark an open task running on ``worker``; False when it is not open (done, or lost
    and replaced: a late redelivery then runs without touching the ledger)."""
    result = session.execute(
        update(WorkItem)
        .where(WorkItem.task_id == task_id, WorkItem.state.in_([str(s) for s in WorkState.open()]))
        .values(
            state=str(WorkState.RUNNING),
            worker=worker,
            instance=instance,
            started_at=utc_now(),
            runs=WorkItem.runs + 1,
        )
    )
    return bool(getattr(result, "rowcount", 0))


def finish_work(session: Session, *, task_id: str, note: str | None = None) -> None:
    """Mark a task done (also a lost one whose late redelivery did the work)."""
    session.execute(
        update(WorkItem)
        .where(WorkItem.task_id == task_id, WorkItem.state != str(WorkState.DONE))
        .values(state=str(WorkState.DONE), finished_at=utc_now(), note=note)
    )


def mark_lost(session: Session, *, task_id: str, note: str) -> bool:
    """Declare an open task lost; False when it is no longer open (it finished meanwhile,
    or another reconciler got there first): only the caller that gets True re-sends."""
    result = session.execute(
        update(WorkItem)
        .where(WorkItem.task_id == task_id, WorkItem.state.in_([str(s) for s in WorkState.open()]))
        .values(state=str(WorkState.LOST), finished_at=utc_now(), note=note)
    )
    return bool(getattr(result, "rowcount", 0))


def _record(row: WorkItem) -> WorkRecord:
    return WorkRecord(
        task_id=row.task_id,
        kind=WorkKind(row.kind),
        article_id=row.article_id,
        locale=row.locale,
        segment_ids=tuple(int(i) for i in row.segment_ids),
        state=WorkState(row.state),
        epoch=row.epoch,
        sent_at=as_utc(row.sent_at),
        worker=row.worker,
        instance=row.instance,
        runs=row.runs,
        generation=row.generation,
        note=row.note,
        started_at=None if row.started_at is None else as_utc(row.started_at),
        finished_at=None if row.finished_at is None else as_utc(row.finished_at),
        priority=row.priority,
    )


def open_work(session: Session, *, article_id: int | None = None) -> list[WorkRecord]:
    """Tasks queued or running, oldest first."""
    query = select(WorkItem).where(WorkItem.state.in_([str(s) for s in WorkState.open()]))
    if article_id is not None:
        query = query.where(WorkItem.article_id == article_id)
    return [_record(row) for row in session.scalars(query.order_by(WorkItem.id))]


def others_open(session: Session, *, task_id: str, article_id: int, locale: str) -> int:
    """Open translation batches of the same article and language, ``task_id`` aside."""
    return (
        session.scalar(
            select(func.count())
            .select_from(WorkItem)
            .where(
                WorkItem.article_id == article_id,
                WorkItem.locale == locale,
                WorkItem.kind == str(WorkKind.TRANSLATE),
                WorkItem.task_id != task_id,
                WorkItem.state.in_([str(s) for s in WorkState.open()]),
            )
        )
        or 0
    )


def work_of(session: Session, *, article_id: int) -> list[WorkRecord]:
    """Every task sent for the article, oldest first."""
    rows = session.scalars(
        select(WorkItem).where(WorkItem.article_id == article_id).order_by(WorkItem.id)
    )
    return [_record(row) for row in rows]


def work_by_task(session: Session, *, task_ids: Iterable[str]) -> dict[str, WorkRecord]:
    ids = list(task_ids)
    if not ids:
        return {}
    rows = session.scalars(select(WorkItem).where(WorkItem.task_id.in_(ids)))
    return {row.task_id: _record(row) for row in rows}


def beat(
    session: Session,
    *,
    instance: str,
    hostname: str,
    pid: int,
    locales: Sequence[str],
    queues: Sequence[str],
    models_dir: str,
) -> None:
    """Write (or renew) a worker's lease, stamped with the database's clock."""
    now = database_now(session)
    fields = {
        "hostname": hostname,
        "pid": pid,
        "locales": list(locales),
        "queues": list(queues),
        "models_dir": models_dir,
        "beat_at": now,
    }
    insert = upsert_insert(session, WorkerLease).values(instance=instance, started_at=now, **fields)
    session.execute(
        insert.on_conflict_do_update(index_elements=["instance"], set_={"beat_at": now})
    )


def drop_lease(session: Session, *, instance: str) -> None:
    """A worker that stops cleanly gives its lease back."""
    session.execute(delete(WorkerLease).where(WorkerLease.instance == instance))


def leases(session: Session) -> list[LeaseRecord]:
    """Every lease with its age, youngest first."""
    now = database_now(session)
    rows = session.scalars(select(WorkerLease).order_by(WorkerLease.beat_at.desc()))
    return [
        LeaseRecord(
            instance=row.instance,
            hostname=row.hostname,
            pid=row.pid,
            locales=tuple(row.locales),
            queues=tuple(row.queues),
            models_dir=row.models_dir,
            started_at=as_utc(row.started_at),
            age=max(0.0, (now - as_utc(row.beat_at)).total_seconds()),
        )
        for row in rows
    ]


def forget_leases(session: Session, *, older_than: float) -> int:
    """Delete leases whose heartbeat stopped ``older_than`` seconds ago (housekeeping)."""
    stale = [lease.instance for lease in leases(session) if lease.age > older_than]
    if stale:
        session.execute(delete(WorkerLease).where(WorkerLease.instance.in_(stale)))
    return len(stale)
