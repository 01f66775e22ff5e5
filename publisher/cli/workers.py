"""The workers from the command line: ``worker`` (start a Celery worker), ``reconcile``
(re-send lost work; the loop itself is :mod:`publisher.services.reconcile.loop`) and ``health``
(check that a worker takes and runs tasks)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from publisher.cli.common import current_settings, err, out
from publisher.core.errors import InputError


def worker(
    concurrency: Annotated[int, typer.Option(min=1, help="Worker processes")] = 2,
    queues: Annotated[
        str | None,
        typer.Option(
            help="Queues to consume (default: 'translation.<lang>' and "
            "'translation.<lang>.urgent' for each language it has a model for, and "
            "'assembly'); 'urgent' alone keeps the worker free for breaking news: "
            "it takes only urgent headlines and leads"
        ),
    ] = None,
    loglevel: Annotated[str, typer.Option(help="Celery log level")] = "INFO",
    name: Annotated[str, typer.Option(help="Node name, unique per machine")] = "tarjima@%h",
) -> None:
    """Start a Celery worker (needs TARJIMA_BROKER_URL) for the translation and assembly queues."""
    settings = current_settings()
    if not settings.broker_url:
        raise InputError(
            "a worker needs a broker: set TARJIMA_BROKER_URL (e.g. redis://127.0.0.1:6379/0)"
        )
    argv = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "worker.celery_app",
        "worker",
        f"--concurrency={concurrency}",
        *([f"--queues={queues}"] if queues else []),
        f"--loglevel={loglevel}",
        "--prefetch-multiplier=1",
        f"--hostname={name}",
    ]
    os.execv(sys.executable, argv)


def reconcile(
    every: Annotated[
        float | None,
        typer.Option(min=0.5, help="Seconds between passes [TARJIMA_RECONCILE_EVERY]"),
    ] = None,
    once: Annotated[
        bool, typer.Option("--once", help="Watch for one lease TTL, act once, and exit")
    ] = False,
) -> None:
    """Re-send work that was lost (a worker gone, Redis restarted) on evidence, never
    because it waited long: runs until stopped (SIGTERM or Ctrl+C)."""
    from publisher.services.reconcile.loop import run_reconciler
    from worker.celery_app import create_celery

    settings = current_settings()
    if not settings.broker_url:
        raise InputError("reconcile needs a broker: set TARJIMA_BROKER_URL")
    every = every or settings.reconcile_every
    run_reconciler(settings, create_celery(settings), every=every, once=once, out=out, err=err)


def health(
    worker_name: Annotated[
        str | None,
        typer.Option("--worker", help="Worker node name (default: tarjima@ this host's name)"),
    ] = None,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds to wait for the answer")] = 60,
) -> None:
    """Check that a worker takes and runs tasks: exit 0 when it does (for health checks)."""
    import socket

    from worker.celery_app import create_celery
    from worker.health import check_worker

    settings = current_settings()
    if not settings.broker_url:
        raise InputError("a health check needs a broker: set TARJIMA_BROKER_URL")
    name = worker_name or f"tarjima@{socket.gethostname()}"
    seconds = check_worker(create_celery(settings), name, timeout=timeout)
    out.print(f"worker {name} ran a task in {seconds * 1000:.0f} ms", markup=False)
