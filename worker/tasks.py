"""Celery tasks: thin adapters that take ids and locale codes and call one domain function.

Both tasks are idempotent: translations are upserts keyed by (segment, locale) that
never overwrite approved work, and assembly rebuilds the edition from the database.
A batch that keeps failing is retried with exponential backoff, then its segments are
marked failed with the error, so the locale still completes (as a partial edition).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Task, current_app, shared_task
from celery.exceptions import TimeLimitExceeded
from celery.signals import worker_process_init
from sqlalchemy.exc import OperationalError as SQLAlchemyOperationalError

from publisher.db.session import Database
from publisher.editions import assemble_and_store
from publisher.task_names import ASSEMBLE_TASK, PING_TASK, TRANSLATE_TASK
from worker.celery_app import settings_of
from worker.engines.base import NoModelsInstalledError
from worker.runtime import WorkerRuntime, runtime_for
from worker.translate import record_batch_failure, translate_segments

log = logging.getLogger(__name__)



def _assemble_later(task: Task, article_id: int, locale: str) -> None:
    # Through task.app, not assemble_edition.delay(): a shared task's .delay() uses the
    # *current* app, which need not be the one this worker runs.
    task.app.send_task(ASSEMBLE_TASK, args=[article_id, locale])


class _TranslateBatchTask(Task):  # type: ignore[misc]  # celery ships no type hints
    """Runs a batch past the hard time limit again, a bounded number of times.

    The soft time limit interrupts Python code (the batch is retried like any error), but
    not native code such as CTranslate2: only the hard limit stops a hung engine, by
    killing its process. Celery then marks the task failed and acknowledges it; this
    hook, which Celery calls in the worker's main process, sends the batch again, and
    after ``max_retries`` overruns marks its segments failed so the locale completes.
    """

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        if isinstance(exc, TimeLimitExceeded) and len(args) == 3:
            _after_hard_time_limit(self, list(args), int((kwargs or {}).get("overruns", 0)))


def _after_hard_time_limit(task: Task, args: list[Any], overruns: int) -> None:
    article_id, locale, segment_ids = args
    settings = settings_of(task.app)
    limit = settings.task_time_limit
    if overruns < (task.max_retries or 0):
        log.warning("batch %s/%s ran past the %s s hard time limit; sending it again",
                    article_id, locale, limit)
        task.app.send_task(
            TRANSLATE_TASK, args=args, kwargs={"overruns": overruns + 1},
            countdown=2**overruns,
        )
        return
    # The main process never keeps a connection: its children would inherit it.
    database = Database.open(settings.resolved_database_url, upgrade=False)
    try:
        done = record_batch_failure(
            database, article_id=article_id, locale=locale, segment_ids=segment_ids,
            error=f"TimeLimitExceeded: the engine ran past the {limit} s hard time limit "
            f"{overruns + 1} times",
        )
    finally:
        database.dispose()
    if done:
        _assemble_later(task, article_id, locale)


# default_retry_delay also spaces the re-run of a batch whose worker process died.
@shared_task(
    bind=True, base=_TranslateBatchTask, name=TRANSLATE_TASK, acks_late=True, max_retries=3,
    default_retry_delay=2,
)
def translate_batch(
    self: Task, article_id: int, locale: str, segment_ids: list[int], overruns: int = 0
) -> dict[str, Any]:
    """Translate one batch; ``overruns`` counts earlier runs killed by the hard time limit."""
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
            review_below=runtime.settings.review_threshold(locale),
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


# Database trouble and a full or unmounted output disk may pass: retry with backoff. What
# stays broken is re-sent later by the reconciler, which sees the edition missing.
@shared_task(
    bind=True, name=ASSEMBLE_TASK, acks_late=True, max_retries=3,
    autoretry_for=(SQLAlchemyOperationalError, OSError), retry_backoff=1, retry_jitter=False,
)
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


@shared_task(bind=True, name=PING_TASK, ignore_result=False)
def ping(self: Task) -> dict[str, Any]:
    """Answer a health check: proves the worker still consumes and runs tasks (a worker
    that reconnected after a broker outage may answer control pings but take no work)."""
    return {"hostname": self.request.hostname, "pid": os.getpid()}


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
        describe = getattr(runtime.engine, "describe", None)
        if callable(describe):
            log.info("engines: %s", describe(runtime.settings.target_locales))
        warm = getattr(runtime.engine, "warm", None)
        if callable(warm):
            warm()
    except Exception:
        log.exception("could not warm the translation models")
