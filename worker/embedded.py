"""Run Tarjima's Celery tasks in-process: a worker thread on the app's in-memory broker.

This is what ``tarjima publish`` uses when no broker is configured: the same tasks,
queues and messages as with Redis, consumed by a solo worker in a background thread. The
broker is :class:`worker.memory_broker.PromptMemoryTransport`: one per app, and prompt.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from celery import Celery
from celery.worker import WorkController

from publisher.core.locales import TARGET_LOCALES
from publisher.core.task_names import ASSEMBLY_QUEUE, translation_queues


class _EmbeddedWorkController(WorkController):  # type: ignore[misc]
    """A WorkController that tells its starter when it consumes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.started = threading.Event()
        super().__init__(*args, **kwargs)

    def on_consumer_ready(self, consumer: Any) -> None:
        self.started.set()


@dataclass(frozen=True)
class EmbeddedWorker:
    controller: WorkController
    thread: threading.Thread

    def alive(self) -> bool:
        return self.thread.is_alive()


@contextmanager
def embedded_worker(celery: Celery, *, start_timeout: float = 30.0) -> Iterator[EmbeddedWorker]:
    """Consume every queue in a daemon thread until the block exits (the one process is
    the whole installation: a language with no model goes to human translators).

    The app becomes the process's default and current app: Celery resolves a task's
    ``self.app`` through the (thread-local) current app, and the worker thread would
    otherwise see Celery's own default app.
    """
    celery.set_default()
    celery.set_current()
    worker = _EmbeddedWorkController(
        app=celery,
        concurrency=1,
        pool="solo",
        hostname="embedded@tarjima",
        queues=[*(q for code in TARGET_LOCALES for q in translation_queues(code)), ASSEMBLY_QUEUE],
        loglevel="WARNING",
        without_heartbeat=True,
        without_mingle=True,
        without_gossip=True,
        ready_callback=None,
    )
    thread = threading.Thread(target=worker.start, name="tarjima-embedded-worker", daemon=True)
    thread.start()
    if not worker.started.wait(start_timeout):
        raise RuntimeError("the embedded worker did not start")
    try:
        yield EmbeddedWorker(worker, thread)
    finally:
        worker.stop(in_sighandler=False, exitcode=0)
        thread.join(10)
