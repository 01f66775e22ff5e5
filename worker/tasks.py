"""Celery tasks: thin adapters that take ids and locale codes and call one domain function.

Both tasks are idempotent: translations are upserts keyed by (segment, locale) that
never overwrite approved work, and an assembly that finds nothing new writes nothing.
Each task marks its row in the work ledger running when it starts and done when it ends
(publisher.db.repository.ledger), which is what lets the reconciler tell lost work from
queued work.

Two kinds of failure, two policies:

* The database unreachable (refused, timed out, dropped): the task waits for it,
  retrying with exponential backoff and full jitter up to ``db_retry_max_delay`` seconds
  between tries, for ``db_retry_for`` seconds (30 minutes by default). Nothing is marked
  failed for an outage.
* The engine failing: a few quick retries, then the batch's segments are marked failed
  with the error, so the locale still completes (as a partial edition).
"""

from __future__ import annotations

import logging
import os
import random
import time
from typing import Any, cast

from celery import Task, current_app, shared_task
from celery.exceptions import TimeLimitExceeded
from celery.signals import worker_process_init
from sqlalchemy.pool import NullPool

from publisher.core.config import Settings
from publisher.core.task_names import ASSEMBLE_TASK, BACKLOG_PRIORITY, PING_TASK, TRANSLATE_TASK
from publisher.db import repository as repo
from publisher.db.session import Database, is_outage, outage_message
from publisher.services.dispatch import send_assembly, send_translation
from publisher.services.headline_publish import assemble_and_follow
from publisher.services.urgent import assembly_priority
from worker import lease
from worker.app_settings import settings_of
from worker.runtime import WorkerRuntime, runtime_for
from worker.translate import BatchOutcome, record_batch_failure, translate_segments

log = logging.getLogger(__name__)

ENGINE_RETRIES = 3  # quick retries of an engine error before the batch's segments fail


def _assemble_later(task: Task, database: Database, article_id: int, locale: str) -> None:
    # Through task.app, not assemble_edition.delay(): a shared task's .delay() uses the
    # *current* app, which need not be the one this worker runs.
    send_assembly(
        task.app,
        database,
        article_id=article_id,
        locale=locale,
        priority=assembly_priority(database, article_id=article_id),
    )


def _sent_priority(database: Database, task_id: str) -> int:
    """The broker priority the ledger says a task was sent with (a re-send keeps it)."""
    with database.session() as session:
        found = repo.work_by_task(session, task_ids=[task_id]).get(task_id)
    return BACKLOG_PRIORITY if found is None or found.priority is None else found.priority


def _start(task: Task, database: Database) -> None:
    """Mark the task running on this worker in the ledger (a late redelivery of a task
    that was declared lost and replaced runs all the same: the work is idempotent)."""
    with database.session() as session:
        repo.start_work(
            session,
            task_id=task.request.id,
            worker=task.request.hostname or "?",
            instance=lease.current_instance(),
        )


def _finish(task: Task, database: Database, note: str | None = None) -> None:
    with database.session() as session:
        repo.finish_work(session, task_id=task.request.id, note=note)


def _wait_for_database(task: Task, settings: Settings, exc: BaseException) -> Exception:
    """Retry later while the database is down: backoff with full jitter, for
    ``db_retry_for`` seconds from the first failure. Returns what the task must raise."""
    kwargs = dict(task.request.kwargs or {})
    since = float(kwargs.get("db_since") or time.time())
    waits = int(kwargs.get("db_waits") or 0)
    if time.time() - since > settings.db_retry_for:
        log.error(
            "%s: gave up after waiting %.0f s for the database; the reconciler sends "
            "the work again once it is back",
            task.name,
            settings.db_retry_for,
        )
        return exc if isinstance(exc, Exception) else RuntimeError(str(exc))
    delay = random.uniform(0.0, min(settings.db_retry_max_delay, 2.0**waits))
    log.warning("%s: %s; retrying in %.1f s", task.name, outage_message(exc), delay)
    kwargs.update(db_since=since, db_waits=waits + 1)
    return _retry(task, exc, countdown=delay, kwargs=kwargs)


def _retry(
    task: Task, exc: BaseException, *, countdown: float, kwargs: dict[str, Any]
) -> Exception:
    """Retry with our own bound, not the task's ``max_retries`` (which bounds the re-runs
    after a lost worker process): Celery reads ``max_retries=None`` as "the task's"."""
    retry = task.retry(
        exc=exc, countdown=countdown, kwargs=kwargs, max_retries=task.request.retries + 1
    )
    return cast(Exception, retry)


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
            _after_hard_time_limit(
                self, task_id, list(args), int((kwargs or {}).get("overruns", 0))
            )


def backoff(settings: Settings, tries: int) -> float:
    """Seconds before retry number ``tries + 1``: ``retry_delay``, doubled for each try
    before (1, 2, 4 s by default; tests set a short delay so they never wait on it)."""
    return settings.retry_delay * 2.0**tries


def _after_hard_time_limit(task: Task, task_id: str, args: list[Any], overruns: int) -> None:
    article_id, locale, segment_ids = args
    settings = settings_of(task.app)
    limit = settings.task_time_limit
    # The main process never keeps a connection: its children would inherit it.
    database = Database.for_settings(settings, upgrade=False, poolclass=NullPool)
    try:
        priority = _sent_priority(database, task_id)
        with database.session() as session:
            repo.finish_work(
                session, task_id=task_id, note=f"ran past the {limit} s hard time limit"
            )
        if overruns < (task.max_retries or 0):
            log.warning(
                "batch %s/%s ran past the %s s hard time limit; sending it again",
                article_id,
                locale,
                limit,
            )
            send_translation(
                task.app,
                database,
                article_id=article_id,
                locale=locale,
                groups=[segment_ids],
                countdown=backoff(settings, overruns),
                overruns=overruns + 1,
                priority=priority,
            )
            return
        done = record_batch_failure(
            database,
            article_id=article_id,
            locale=locale,
            segment_ids=segment_ids,
            error=f"TimeLimitExceeded: the engine ran past the {limit} s hard time limit "
            f"{overruns + 1} times",
        )
        if done:
            _assemble_later(task, database, article_id, locale)
    finally:
        database.dispose()


# default_retry_delay also spaces the re-run of a batch whose worker process died;
# max_retries bounds those re-runs (task_retry_on_worker_lost) and the hard-limit overruns.
@shared_task(
    bind=True,
    base=_TranslateBatchTask,
    name=TRANSLATE_TASK,
    acks_late=True,
    max_retries=3,
    default_retry_delay=2,
)
def translate_batch(
    self: Task,
    article_id: int,
    locale: str,
    segment_ids: list[int],
    overruns: int = 0,
    failures: int = 0,
    db_since: float | None = None,
    db_waits: int = 0,
) -> dict[str, Any]:
    """Translate one batch. ``overruns`` counts earlier runs killed by the hard time limit,
    ``failures`` earlier engine errors; ``db_since`` and ``db_waits`` track a wait for the
    database."""
    runtime = runtime_for(self.app)
    try:
        _start(self, runtime.database)
        outcome = _translate(runtime, article_id, locale, segment_ids, failures)
        _finish(self, runtime.database, note=outcome.summary())
    except Exception as exc:
        if is_outage(exc):
            raise _wait_for_database(self, runtime.settings, exc) from exc
        if failures < ENGINE_RETRIES:
            kwargs = {**(self.request.kwargs or {}), "failures": failures + 1}
            raise _retry(
                self, exc, countdown=backoff(runtime.settings, failures), kwargs=kwargs
            ) from exc
        _record_failure(self, runtime, article_id, locale, segment_ids, exc)
        raise
    if outcome.locale_done and outcome.changed and _last_batch(self, runtime.database):
        _assemble_later(self, runtime.database, article_id, locale)
    return outcome.as_dict()


def _last_batch(task: Task, database: Database) -> bool:
    """Is no other batch of this article and language still open? Only the last one to
    finish assembles (this one is marked done first, so of two finishing at once, the
    later sees the other done); a duplicate that changed nothing never does."""
    article_id, locale = task.request.args[0], task.request.args[1]
    with database.session() as session:
        return (
            repo.others_open(session, task_id=task.request.id, article_id=article_id, locale=locale)
            == 0
        )


def _translate(
    runtime: WorkerRuntime,
    article_id: int,
    locale: str,
    segment_ids: list[int],
    failures: int,
) -> BatchOutcome:
    return translate_segments(
        runtime.database,
        runtime.engine,
        article_id=article_id,
        locale=locale,
        segment_ids=segment_ids,
        final_attempt=failures >= ENGINE_RETRIES,
        review_below=runtime.settings.review_threshold(locale),
    )


def _record_failure(
    task: Task,
    runtime: WorkerRuntime,
    article_id: int,
    locale: str,
    segment_ids: list[int],
    exc: Exception,
) -> None:
    error = f"{type(exc).__name__}: {exc}"
    if record_batch_failure(
        runtime.database, article_id=article_id, locale=locale, segment_ids=segment_ids, error=error
    ):
        _assemble_later(task, runtime.database, article_id, locale)
    _finish(task, runtime.database, note=f"failed: {error}")


# A full or unmounted output disk may pass: a few retries with backoff. What stays broken
# is sent again by the reconciler, which sees the edition older than its translations.
@shared_task(bind=True, name=ASSEMBLE_TASK, acks_late=True, max_retries=3)
def assemble_edition(
    self: Task,
    article_id: int,
    locale: str,
    db_since: float | None = None,
    db_waits: int = 0,
) -> dict[str, Any]:
    runtime = runtime_for(self.app)
    try:
        _start(self, runtime.database)
        edition = assemble_and_follow(
            runtime.database, runtime.settings, article_id=article_id, locale=locale
        )
        _finish(self, runtime.database, note="changed" if edition.changed else "unchanged")
    except Exception as exc:
        if is_outage(exc):
            raise _wait_for_database(self, runtime.settings, exc) from exc
        if isinstance(exc, OSError):
            raise self.retry(
                exc=exc, countdown=backoff(runtime.settings, self.request.retries)
            ) from exc
        raise
    return {
        "article_id": article_id,
        "locale": locale,
        "state": edition.state,
        "path": edition.path,
        "changed": edition.changed,
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
        describe = getattr(runtime.engine, "describe", None)
        if callable(describe):
            log.info("engines: %s", describe(runtime.settings.target_locales))
        warm = getattr(runtime.engine, "warm", None)
        if callable(warm):
            warm()
    except Exception:
        log.exception("could not warm the translation models")
