"""The Celery application: ``create_celery(settings)`` builds one; ``app`` is the only global.

``app`` (used by ``celery -A worker.celery_app worker``) reads
its Settings from the environment the first time its configuration is needed, not at
import. With no broker configured, Tarjima runs the same tasks on kombu's in-memory
transport with an embedded worker thread (see ``worker.embedded``).
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from publisher.config import Settings, get_settings
from publisher.task_names import ASSEMBLE_TASK, TRANSLATE_TASK

TRANSLATION_QUEUE = "translation"
ASSEMBLY_QUEUE = "assembly"
EMBEDDED_BROKER = "memory://"


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery configuration derived from Tarjima's Settings."""
    return {
        "broker_url": settings.broker_url or EMBEDDED_BROKER,
        "result_backend": settings.result_backend,
        "task_ignore_result": True,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_default_queue": TRANSLATION_QUEUE,
        "task_routes": {
            TRANSLATE_TASK: {"queue": TRANSLATION_QUEUE},
            ASSEMBLE_TASK: {"queue": ASSEMBLY_QUEUE},
        },
        "task_acks_late": True,
        # A task whose worker process died is requeued (not marked failed), and re-runs of
        # a task that keeps killing its process stop after the task's max_retries.
        "task_reject_on_worker_lost": True,
        "task_retry_on_worker_lost": True,
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_time_limit": settings.task_time_limit,
        "broker_transport_options": {"visibility_timeout": settings.visibility_timeout},
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
    app.conf.update(include=["worker.tasks"])


def create_celery(settings: Settings) -> Celery:
    """A Celery app configured from ``settings``, with Tarjima's tasks registered."""
    celery = Celery("tarjima", set_as_current=False)
    celery.conf.update(celery_config(settings))
    _import_tasks(celery)
    import worker.tasks  # noqa: F401  (shared tasks bind to every app)

    return celery


def settings_of(celery: Celery) -> Settings:
    """The Settings an app was configured with."""
    settings = celery.conf.get("tarjima_settings")
    if not isinstance(settings, Settings):
        settings = get_settings()
        celery.conf.update(tarjima_settings=settings)
    return settings


app = Celery("tarjima", set_as_current=False)


@app.on_configure.connect
def _configure_from_environment(sender: Celery, **_: Any) -> None:
    sender.conf.update(celery_config(get_settings()))
    _import_tasks(sender)
