"""The Celery application: ``create_celery(settings)`` builds one; ``app`` is the only global.

``app`` (used by ``celery -A worker.celery_app worker``) reads
its Settings from the environment the first time its configuration is needed, not at
import. With no broker configured, Tarjima runs the same tasks on kombu's in-memory
transport with an embedded worker thread (see ``worker.embedded``).
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from celery.signals import celeryd_after_setup
from celery.utils import worker_direct

from publisher.core.config import Settings, get_settings
from publisher.core.task_names import ASSEMBLE_TASK, ASSEMBLY_QUEUE, PRIORITY_STEPS, TRANSLATE_TASK
from worker import lease, memory_broker
from worker.app_settings import settings_of
from worker.memory_broker import PromptMemoryTransport

log = logging.getLogger("tarjima.worker")


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery configuration derived from Tarjima's Settings."""
    return {
        # In-process: an in-memory broker of this app's own, made prompt (worker.memory_broker).
        "broker_url": settings.broker_url or memory_broker.private_broker_url(),
        **({} if settings.broker_url else {"broker_transport": PromptMemoryTransport}),
        "result_backend": settings.result_backend,
        "task_ignore_result": True,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        # Translation batches are sent to their language's queue (publisher.services.dispatch).
        "task_default_queue": ASSEMBLY_QUEUE,
        "task_routes": {ASSEMBLE_TASK: {"queue": ASSEMBLY_QUEUE}},
        "task_acks_late": True,
        # A task whose worker process died is requeued (not marked failed), and re-runs of
        # a task that keeps killing its process stop after the task's max_retries.
        "task_reject_on_worker_lost": True,
        "task_retry_on_worker_lost": True,
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_time_limit": settings.task_time_limit,
        # The pause before a batch whose worker process died runs again (Celery's own
        # retry on worker loss); the other retries use worker.tasks.backoff.
        "task_annotations": {TRANSLATE_TASK: {"default_retry_delay": 2 * settings.retry_delay}},
        # Broker priorities (publisher.core.task_names): kombu keeps one Redis list per step and
        # queue, and pops the highest step across all of a worker's queues first; within a
        # step it takes the queues in turn. With a prefetch of one and late
        # acknowledgement, a free worker process takes the highest-priority message next:
        # an urgent article's headline and lead go ahead of the backlog.
        "broker_transport_options": {
            "visibility_timeout": settings.visibility_timeout,
            "priority_steps": list(PRIORITY_STEPS),
            "queue_order_strategy": "round_robin",
        },
        "worker_deduplicate_successful_tasks": bool(settings.result_backend),
        "worker_proc_alive_timeout": settings.worker_proc_alive_timeout,
        "worker_prefetch_multiplier": 1,
        # Each worker also consumes its own queue, so a health check can reach it.
        "worker_direct": True,
        "broker_connection_retry_on_startup": True,
        # A worker outlives a broker outage of any length and reconnects by itself.
        "broker_connection_max_retries": None,
        # On a connection loss, running batches finish and store their results: the
        # database is the source of truth. Their acks are lost; a persistent broker
        # redelivers them after the visibility timeout, and they skip settled segments.
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        "worker_hijack_root_logger": False,
        "tarjima_settings": settings,
    }


def _import_tasks(app: Celery) -> None:
    app.conf.update(include=["worker.tasks", "worker.control"])


def create_celery(settings: Settings) -> Celery:
    """A Celery app configured from ``settings``, with Tarjima's tasks registered."""
    celery = Celery("tarjima", set_as_current=False)
    celery.conf.update(celery_config(settings))
    memory_broker.release_when_gone(celery, celery.conf.broker_url)
    _import_tasks(celery)
    celery.steps["worker"].add(lease.LeaseStep)
    import worker.tasks  # noqa: F401  (shared tasks bind to every app)

    return celery


app = Celery("tarjima", set_as_current=False)
app.steps["worker"].add(lease.LeaseStep)


@app.on_configure.connect
def _configure_from_environment(sender: Celery, **_: Any) -> None:
    sender.conf.update(celery_config(get_settings()))
    _import_tasks(sender)


@celeryd_after_setup.connect
def _choose_queues(sender: str, instance: Any, **_: Any) -> None:
    """A worker consumes the translation queues of the languages it has a model for (and
    the assembly queue), unless given queues with -Q; even then, never a language it
    cannot translate. Runs in the worker's main process, before its pool starts: the
    models folder is scanned, no model is loaded (CTranslate2 is not fork-safe)."""
    from worker.engines.factory import create_engine

    settings = settings_of(instance.app)
    served = lease.served_locales(settings, create_engine(settings))
    queues = instance.app.amqp.queues
    explicit = getattr(queues, "_consume_from", None)  # set by -Q, else None
    chosen = lease.choose_queues(served, list(explicit) if explicit else None)
    if not chosen:
        log.error(
            "none of the queues asked for can be served here: consuming %s only", ASSEMBLY_QUEUE
        )
        chosen = [ASSEMBLY_QUEUE]
    if instance.app.conf.worker_direct:  # the worker's own queue (health checks) stays
        chosen = list(dict.fromkeys([*chosen, worker_direct(instance.hostname).name]))
    queues._consume_from = None
    queues.select(chosen)
    lease.IDENTITY = lease.Identity(locales=served, queues=tuple(chosen))
    if not served:
        log.error(
            "no translation models installed in %s: this worker takes no translation "
            "work until models are installed there (`tarjima models download en-ru`, "
            "`tarjima models download nllb-200-distilled-600M` for every language, or "
            "`tarjima models install FILE`) and it is restarted",
            settings.resolved_models_dir,
        )
    log.info("translates into %s; consumes %s", ", ".join(served) or "nothing", ", ".join(chosen))
