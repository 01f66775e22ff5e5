"""Send work to the workers, writing each task into the ledger first.

Every translation batch and every assembly goes through here, so the ledger knows every
task that was ever sent: its id, what it covers, and the broker epoch it was sent in.
The ledger rows are committed before the messages are sent; a send that fails leaves
queued rows that the broker never saw, which the reconciler finds and sends again.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from celery import Celery

from publisher.core.enums import WorkKind
from publisher.core.task_names import (
    ASSEMBLE_TASK,
    ASSEMBLY_QUEUE,
    BACKLOG_PRIORITY,
    HEADLINE_PRIORITY,
    TRANSLATE_TASK,
    translation_queue,
    urgent_queue,
)
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.broker import current_epoch


def batches(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


@dataclass(frozen=True)
class Sent:
    """One task sent: its Celery id and the ledger's view of it."""

    task_id: str
    kind: WorkKind
    article_id: int
    locale: str
    segment_ids: tuple[int, ...] = ()
    priority: int = BACKLOG_PRIORITY


def _new_id() -> str:
    return str(uuid.uuid4())


def send_translation(
    celery: Celery,
    database: Database,
    *,
    article_id: int,
    locale: str,
    groups: Sequence[Sequence[int]],
    generation: int = 0,
    countdown: float | None = None,
    overruns: int = 0,
    priority: int = BACKLOG_PRIORITY,
) -> list[Sent]:
    """Record, then send, one translation batch per group of segment ids, all with the
    broker ``priority`` (publisher.core.task_names: 0 is the highest)."""
    epoch, _ = current_epoch(celery)
    sent = [
        Sent(_new_id(), WorkKind.TRANSLATE, article_id, locale, tuple(group), priority)
        for group in groups
        if group
    ]
    with database.session() as session:
        for item in sent:
            repo.record_sent(
                session,
                task_id=item.task_id,
                kind=item.kind,
                article_id=article_id,
                locale=locale,
                segment_ids=item.segment_ids,
                epoch=epoch,
                generation=generation,
                priority=priority,
            )
    options = {} if countdown is None else {"countdown": countdown}
    kwargs = {"overruns": overruns} if overruns else {}
    for item in sent:
        celery.send_task(
            TRANSLATE_TASK,
            args=[article_id, locale, list(item.segment_ids)],
            kwargs=kwargs,
            task_id=item.task_id,
            priority=priority,
            queue=urgent_queue(locale)
            if priority == HEADLINE_PRIORITY
            else translation_queue(locale),
            **options,
        )
    return sent


def send_assembly(
    celery: Celery,
    database: Database,
    *,
    article_id: int,
    locale: str,
    generation: int = 0,
    priority: int = BACKLOG_PRIORITY,
) -> Sent:
    """Record, then send, the assembly of one edition."""
    epoch, _ = current_epoch(celery)
    item = Sent(_new_id(), WorkKind.ASSEMBLE, article_id, locale, (), priority)
    with database.session() as session:
        repo.record_sent(
            session,
            task_id=item.task_id,
            kind=item.kind,
            article_id=article_id,
            locale=locale,
            epoch=epoch,
            generation=generation,
            priority=priority,
        )
    celery.send_task(
        ASSEMBLE_TASK,
        args=[article_id, locale],
        task_id=item.task_id,
        queue=ASSEMBLY_QUEUE,
        priority=priority,
    )
    return item


def no_model_reason(locale: str, source: str = "en") -> str:
    """What `tarjima status` and the error on passages that await a model say: no worker
    translates into ``locale``, the engine that covers it and the command that installs it.
    (Translators read one plain line per article instead: the review screen.)"""
    from publisher.core.coverage import install_hint

    hint = install_hint(source, locale)
    if hint.command is None:
        return f"no live worker can translate into {locale}: {hint.sentence()}"
    return (
        f"no live worker can translate into {locale}: {hint.sentence()}, then restart "
        "a worker; these passages are sent again then"
    )


def route_to_translators(
    database: Database,
    *,
    article_id: int,
    locale: str,
    segment_ids: Sequence[int],
    reason: str,
) -> int:
    """Hand segments that no model can translate to human translators, marked as waiting
    for a model (the reconciler sends them again once a worker can translate them).
    Segments of an article updated meanwhile are skipped; returns how many were written."""
    with database.session() as session:
        if locale not in repo.list_targets(session, article_id=article_id):
            return 0
        alive = [
            s.id
            for s in repo.load_segments(session, segment_ids=segment_ids)
            if s.article_id == article_id
        ]
        return repo.await_model(
            session,
            segment_ids=alive,
            locale=locale,
            error=reason,
            blocked_on=repo.BLOCKED_ON_MODEL,
        )
