"""The reconciler's loop for `tarjima reconcile`: passes until stopped, each action
printed once, an outage reported once when it starts and once when it ends."""

from __future__ import annotations

import signal
import threading

from celery import Celery
from rich.console import Console

from publisher.core.config import Settings
from publisher.core.errors import TarjimaError, first_line
from publisher.db.session import Database, is_outage, outage_message
from publisher.services.reconcile.rules import Reconciler


def _problem(exc: Exception) -> str:
    if is_outage(exc):
        return outage_message(exc)
    return f"the broker is unreachable: {first_line(exc)}"


class _Loop:
    """Passes every ``every`` seconds; with ``once``, stops after two passes that were
    allowed to judge ("neither queued nor held" needs two looks)."""

    def __init__(
        self, reconciler: Reconciler, *, every: float, once: bool, out: Console, err: Console
    ) -> None:
        self.reconciler, self.every, self.once = reconciler, every, once
        self.out, self.err = out, err
        self.failing: str | None = None
        self.judged = 0
        self.acted = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            if self.step() and self.once:
                if not self.acted:
                    self.out.print("nothing was lost")
                return
            self.stop.wait(self.every)

    def step(self) -> bool:
        """One pass; True once the loop has judged enough to stop (with ``once``)."""
        judged = self.reconciler.settled
        try:
            actions = self.reconciler.run_once()
        except Exception as exc:  # the database or the broker is down: say so once
            self._failed(_problem(exc), exc)
            return False
        if self.failing is not None:
            self.err.print("reconcile: the database and the broker answer again", markup=False)
            self.failing = None
        for action in actions:
            self.out.print(action.describe(), markup=False, soft_wrap=True)
        self.acted += len(actions)
        self.judged += int(judged)
        return self.judged >= 2

    def _failed(self, problem: str, exc: Exception) -> None:
        if self.once:
            raise TarjimaError(f"reconcile: {problem}") from exc
        if problem != self.failing:
            self.err.print(
                f"reconcile: {problem}; trying again every {self.every:g} s",
                markup=False,
                soft_wrap=True,
            )
        self.failing = problem


def run_reconciler(
    settings: Settings,
    celery: Celery,
    *,
    every: float,
    once: bool,
    out: Console,
    err: Console,
) -> None:
    """Run passes every ``every`` seconds until SIGTERM/SIGINT (or, with ``once``, until
    two passes have been allowed to judge), sending lost work again through ``celery``."""
    database = Database.for_settings(settings, upgrade=False)
    reconciler = Reconciler(settings, database, celery)
    loop = _Loop(reconciler, every=every, once=once, out=out, err=err)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: loop.stop.set())
    if once:
        out.print(f"watching for {settings.lease_ttl:g} s (a lease TTL) before judging")
    loop.run()
