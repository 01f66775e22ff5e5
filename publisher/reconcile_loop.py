"""The reconciler's loop for `tarjima reconcile`: passes until stopped, each action
printed once, an outage reported once when it starts and once when it ends."""

from __future__ import annotations

import signal
import threading

from rich.console import Console

from publisher.config import Settings
from publisher.db.session import Database, is_outage, outage_message
from publisher.reconcile import Reconciler


def _problem(exc: Exception) -> str:
    if is_outage(exc):
        return outage_message(exc)
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return f"the broker is unreachable: {first}"


def run_reconciler(
    settings: Settings, *, every: float, once: bool, out: Console, err: Console
) -> None:
    """Run passes every ``every`` seconds until SIGTERM/SIGINT (or, with ``once``, until one
    pass has been allowed to judge)."""
    from worker.celery_app import create_celery

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    database = Database.for_settings(settings, upgrade=False)
    reconciler = Reconciler(settings, database, create_celery(settings))
    if once:
        out.print(f"watching for {settings.lease_ttl:.0f} s (a lease TTL) before judging")
    failing: str | None = None
    judged_passes = 0  # "neither queued nor held" needs two looks
    while not stop.is_set():
        judged = reconciler.settled
        try:
            actions = reconciler.run_once()
        except Exception as exc:  # the database or the broker is down: say so once
            problem = _problem(exc)
            if problem != failing:
                err.print(f"reconcile: {problem}; trying again every {every:.0f} s",
                          markup=False, soft_wrap=True)
            failing = problem
            stop.wait(every)
            continue
        if failing is not None:
            err.print("reconcile: the database and the broker answer again", markup=False)
            failing = None
        for action in actions:
            out.print(action.describe(), markup=False, soft_wrap=True)
        judged_passes += int(judged)
        if once and judged_passes >= 2:
            if not actions:
                out.print("nothing was lost")
            return
        stop.wait(every)
