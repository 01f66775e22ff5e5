"""Run Tarjima's Celery tasks in-process: kombu's memory transport and a worker thread.

This is what ``tarjima publish`` uses when no broker is configured: the same tasks,
queues and messages as with Redis, consumed by a solo worker in a background thread.

The transport is :class:`PromptMemoryTransport`, kombu's memory transport made prompt.
Celery's loop for transports without an event loop drains for two seconds at a time, and
kombu's virtual transports poll an empty queue once a second: a message waited up to a
second before it was taken, and stopping the worker (the end of every ``tarjima publish``
and of the web app) waited up to two, for nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from celery import Celery
from celery.worker import WorkController
from kombu.transport import memory

from publisher.core.locales import TARGET_LOCALES
from publisher.core.task_names import ASSEMBLY_QUEUE, translation_queues

# celery_app names PromptMemoryTransport as the ``broker_transport`` when no broker is
# configured. How often an idle worker looks at its queues, and the longest one drain
# lasts (the worker checks whether it should stop between two).
POLL_SECONDS = 0.01
DRAIN_SECONDS = 0.1


class PromptMemoryTransport(memory.Transport):
    """kombu's memory transport (the same in-process queues), polled every 10 ms and
    drained 0.1 s at a time, so that the worker takes a message at once and stops at
    once."""

    polling_interval = POLL_SECONDS

    def drain_events(self, connection: Any, timeout: Any = None, **kwargs: Any) -> Any:
        if timeout is not None:
            timeout = min(timeout, DRAIN_SECONDS)
        return super().drain_events(connection, timeout=timeout)  # type: ignore[no-untyped-call]


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
