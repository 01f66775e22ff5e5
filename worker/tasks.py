"""Celery tasks: thin adapters that take ids and locale codes and call one domain function.

Both tasks are idempotent: translations are upserts keyed by (segment, locale) that
never overwrite approved work, and assembly rebuilds the edition from the database.
A batch that keeps failing is retried with exponential backoff, then its segments are
marked failed with the error, so the locale still completes (as a partial edition).
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, current_app, shared_task
from celery.signals import worker_process_init

from publisher.editions import assemble_and_store
from publisher.task_names import ASSEMBLE_TASK, TRANSLATE_TASK
from worker.engines.base import NoModelsInstalledError
from worker.runtime import WorkerRuntime, runtime_for
from worker.translate import record_batch_failure, translate_segments

log = logging.getLogger(__name__)



def _assemble_later(task: Task, article_id: int, locale: str) -> None:
    # Through task.app, not assemble_edition.delay(): a shared task's .delay() uses the
    # *current* app, which need not be the one this worker runs.
    task.app.send_task(ASSEMBLE_TASK, args=[article_id, locale])


# default_retry_delay also spaces the re-run of a batch whose worker process died.
@shared_task(bind=True, name=TRANSLATE_TASK, acks_late=True, max_retries=3, default_retry_delay=2)
def translate_batch(
    self: Task, article_id: int, locale: str, segment_ids: list[int]
) -> dict[str, Any]:
    runtime = runtime_for(self.app)
    final = self.request.retries >= (self.max_retries or 0)
    try:
        _check_models(self, runtime)
        outcome = translate_segments(
            runtime.database,
            runtime.engine,
            article_id=article_id,
            locale=locale,
            segment_ids=segment_ids,
            final_attempt=final,
        )
    except Exception as exc:
        if not final:
            raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
        error = f"{type(exc).__name__}: {exc}"
        if record_batch_failure(
            runtime.database,
            article_id=article_id,
            locale=locale,
            segment_ids=segment_ids,
            error=error,
        ):
            _assemble_later(self, article_id, locale)
        raise
    if outcome.locale_done:
        _assemble_later(self, article_id, locale)
    return outcome.as_dict()


def _check_models(task: Task, runtime: WorkerRuntime) -> None:
    """A worker on a shared broker with no model at all fails its batches loudly.

    Embedded, the one process is the whole installation: no model means no language has
    one, and its segments go to human translators. With a broker, workers are meant to
    be interchangeable, so an empty models folder is a deployment fault that must not
    quietly turn an article into translators' work.
    """
    if runtime.settings.broker_url and not runtime.engine.pairs:
        raise NoModelsInstalledError(
            task.request.hostname or "?", str(runtime.settings.resolved_models_dir)
        )


@shared_task(bind=True, name=ASSEMBLE_TASK, acks_late=True, max_retries=3)
def assemble_edition(self: Task, article_id: int, locale: str) -> dict[str, Any]:
    runtime = runtime_for(self.app)
    edition = assemble_and_store(
        runtime.database, runtime.settings, article_id=article_id, locale=locale
    )
    return {
        "article_id": article_id,
        "locale": locale,
        "state": edition.state,
        "path": edition.path,
    }


@worker_process_init.connect
def _warm_models(**_: Any) -> None:
    """Load the models when a worker child starts, not in the parent (CTranslate2 is not
    fork-safe) and not on the first task. A model that fails to load is reported here and
    again, as a failed batch, when a task needs it."""
    try:
        runtime = runtime_for(current_app._get_current_object())
        if not runtime.engine.pairs:
            log.error(
                "no translation models installed in %s: this worker's batches will fail "
                "until packages are installed there (`tarjima models install`)",
                runtime.settings.resolved_models_dir,
            )
        warm = getattr(runtime.engine, "warm", None)
        if callable(warm):
            warm()
    except Exception:
        log.exception("could not warm the translation models")
