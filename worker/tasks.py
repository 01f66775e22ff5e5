"""Celery tasks: thin adapters that take ids and locale codes and call one domain function.

Both tasks are idempotent: translations are upserts keyed by (segment, locale) that
never overwrite approved work, and assembly rebuilds the edition from the database.
"""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from publisher.editions import assemble_and_store
from worker.engines.base import EngineError
from worker.runtime import runtime_for
from worker.translate import translate_segments


TRANSLATE_TASK = "tarjima.translate_batch"
ASSEMBLE_TASK = "tarjima.assemble_edition"


@shared_task(bind=True, name=TRANSLATE_TASK, acks_late=True, max_retries=3)
def translate_batch(self: Task, article_id: int, locale: str, segment_ids: list[int]) -> dict[str, Any]:
    runtime = runtime_for(self.app)
    try:
        outcome = translate_segments(
            runtime.database, runtime.engine,
            article_id=article_id, locale=locale, segment_ids=segment_ids,
            final_attempt=self.request.retries >= (self.max_retries or 0),
        )
    except EngineError as exc:
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc
    if outcome.locale_done:
        # Through self.app, not assemble_edition.delay(): a shared task's .delay() uses the
        # *current* app, which need not be the one this worker runs.
        self.app.send_task(ASSEMBLE_TASK, args=[article_id, locale])
    return outcome.as_dict()


@shared_task(bind=True, name=ASSEMBLE_TASK, acks_late=True, max_retries=3)
def assemble_edition(self: Task, article_id: int, locale: str) -> dict[str, Any]:
    runtime = runtime_for(self.app)
    edition = assemble_and_store(runtime.database, runtime.settings, article_id=article_id, locale=locale)
    return {"article_id": article_id, "locale": locale, "state": edition.state, "path": edition.path}
