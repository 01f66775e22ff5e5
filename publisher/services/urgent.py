"""Breaking news first: the order and broker priority of an article's translation work.

An article an editor marks urgent has its headline and lead (publisher.core.breaking) sent as
one batch per language at the top broker priority, and the rest of it in ordinary
batches at a priority still above the backlog; every other article's batches go at the
backlog priority (publisher.core.task_names). Workers run with a prefetch of one and late
acknowledgement, so each free worker process takes the highest-priority message waiting
in any of its queues next: the headline and lead wait at most for the batches running
when they arrive. No scheduler of our own: the broker's priority lists do the ordering.

Marking a queued article urgent takes its batches still waiting in the broker out of
their queues and sends them again with the urgent priorities (ledger first, as always).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from celery import Celery

from publisher.core.breaking import headline_and_lead
from publisher.core.enums import WorkKind, WorkState
from publisher.core.task_names import (
    BACKLOG_PRIORITY,
    HEADLINE_PRIORITY,
    URGENT_PRIORITY,
    translation_queues,
)
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.broker import queued_messages, remove_queued
from publisher.services.dispatch import Sent, batches, send_translation

RESENT_NOTE = "sent again ahead of the backlog: the article was marked urgent"


@dataclass(frozen=True)
class Wave:
    """Batches of segment ids sent with one broker priority."""

    priority: int
    groups: tuple[tuple[int, ...], ...]


def plan(
    database: Database, *, article_id: int, segment_ids: Sequence[int], batch_size: int
) -> list[Wave]:
    """The batches to send for ``segment_ids`` of the article, highest priority first: for
    an urgent article, its headline and lead in one batch, then the rest; otherwise
    ordinary batches at the backlog priority."""
    with database.session() as session:
        if not repo.is_urgent(session, article_id=article_id):
            return _waves((BACKLOG_PRIORITY, batches(segment_ids, batch_size)))
        article = repo.get_article(session, article_id=article_id)
        every = repo.segment_ids(session, article_id=article_id)
    positions = [(s.block_index, s.index) for b in article.blocks for s in b.segments]
    wanted = headline_and_lead(article)
    lead = {i for position, i in zip(positions, every, strict=True) if position in wanted}
    first = [i for i in segment_ids if i in lead]
    rest = [i for i in segment_ids if i not in lead]
    return _waves((HEADLINE_PRIORITY, [first]), (URGENT_PRIORITY, batches(rest, batch_size)))


def _waves(*parts: tuple[int, list[list[int]]]) -> list[Wave]:
    found = [Wave(p, tuple(tuple(g) for g in groups if g)) for p, groups in parts]
    return [wave for wave in found if wave.groups]


def send_planned(
    celery: Celery,
    database: Database,
    *,
    article_id: int,
    locale: str,
    waves: Sequence[Wave],
    generation: int = 0,
) -> list[Sent]:
    """Record and send each wave's batches into ``locale``, in order."""
    return [
        sent
        for wave in waves
        for sent in send_translation(
            celery,
            database,
            article_id=article_id,
            locale=locale,
            groups=wave.groups,
            generation=generation,
            priority=wave.priority,
        )
    ]


def assembly_priority(database: Database, *, article_id: int) -> int:
    """The priority of an article's assemblies: an urgent one's go ahead of the backlog."""
    with database.session() as session:
        urgent = repo.is_urgent(session, article_id=article_id)
    return URGENT_PRIORITY if urgent else BACKLOG_PRIORITY


def mark_urgent(celery: Celery, database: Database, *, article_id: int, batch_size: int) -> int:
    """Mark the article urgent and send its batches still waiting in the broker again
    ahead of the backlog (batches already running finish as they are). Returns the
    number of batches sent again (none with the embedded broker, which keeps no backlog).
    Raises NotFoundError when there is no such article."""
    with database.session() as session:
        repo.set_urgent(session, article_id=article_id, urgent=True)
    with database.session() as session:
        items = [
            w
            for w in repo.open_work(session, article_id=article_id)
            if w.kind is WorkKind.TRANSLATE and w.state is WorkState.QUEUED
        ]
    queued = queued_messages(
        celery, sorted({q for w in items for q in translation_queues(w.locale)})
    )
    if queued is None:
        return 0
    taken: dict[str, list[int]] = {}
    for item in items:
        message = queued.get(item.task_id)
        if message is None or not remove_queued(celery, message):
            continue  # a worker took it meanwhile (or it was never queued): leave it be
        with database.session() as session:
            repo.finish_work(session, task_id=item.task_id, note=RESENT_NOTE)
        taken.setdefault(item.locale, []).extend(item.segment_ids)
    sent = 0
    for locale, ids in taken.items():
        waves = plan(database, article_id=article_id, segment_ids=ids, batch_size=batch_size)
        sent += len(
            send_planned(celery, database, article_id=article_id, locale=locale, waves=waves)
        )
    return sent
