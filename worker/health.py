"""Health check of one worker with a real task through the worker's own queue.

A control-channel ping only shows that the worker's main process is alive; after a
broker outage a worker can answer pings and still consume nothing. This check sends a
task to the worker's direct queue and waits for its result, so it passes only when
the worker takes and runs work. It needs a result backend (TARJIMA_RESULT_BACKEND).
"""

from __future__ import annotations

import time

from celery import Celery
from celery.exceptions import TimeoutError as CeleryTimeoutError
from celery.utils import worker_direct

from publisher.core.errors import InputError, TarjimaError
from publisher.core.task_names import PING_TASK


def check_worker(celery: Celery, hostname: str, *, timeout: float) -> float:
    """Seconds the worker ``hostname`` took to run a ping task; raises when it did not."""
    if not celery.conf.result_backend:
        raise InputError("a health check needs a result backend: set TARJIMA_RESULT_BACKEND")
    started = time.monotonic()
    try:
        result = celery.send_task(PING_TASK, queue=worker_direct(hostname), expires=timeout)
    except Exception as exc:  # kombu raises transport-specific errors
        raise TarjimaError(f"cannot reach the broker: {exc}") from exc
    try:
        answer = result.get(timeout=timeout)
    except CeleryTimeoutError as exc:
        raise TarjimaError(
            f"worker {hostname} ran no task within {timeout:.0f} s (down, stuck, or every "
            "process busy for that long)"
        ) from exc
    finally:
        result.forget()
    if not isinstance(answer, dict) or answer.get("hostname") != hostname:
        raise TarjimaError(f"unexpected answer to the health check: {answer!r}")
    return time.monotonic() - started
