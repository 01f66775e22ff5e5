"""A worker's lease: a heartbeat in the database, and what the worker serves.

The worker's main process renews its lease every ``heartbeat_every`` seconds from a
thread of its own (the pool's children are busy in native code and cannot). The lease
names the worker instance (a new one at every start, so a restarted worker with the same
node name is a different instance), its node name, and the target languages it has a
model for. The reconciler takes a lease that stopped being renewed for ``lease_ttl``
seconds as evidence that the worker is gone, and re-sends the work it had started.

Pool children are forked from the main process after the lease starts: they inherit
:data:`IDENTITY` and stamp it on the tasks they start (publisher.db.repository.ledger).
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from celery import bootsteps
from celery.signals import worker_shutdown
from sqlalchemy.pool import NullPool

from publisher.core.config import Settings
from publisher.core.errors import first_line
from publisher.core.locales import SOURCE_LOCALES
from publisher.core.task_names import ASSEMBLY_QUEUE, queue_locale, translation_queues, urgent_queue
from publisher.db import repository as repo
from publisher.db.session import Database
from worker.engines.base import Engine

log = logging.getLogger("tarjima.lease")


@dataclass
class Identity:
    """Who this worker process tree is, and what it serves."""

    instance: str = field(default_factory=lambda: uuid.uuid4().hex)
    hostname: str = ""
    locales: tuple[str, ...] = ()
    queues: tuple[str, ...] = ()


LEGACY_TRANSLATION_QUEUE = "translation"
URGENT_ALIAS = "urgent"  # `-Q urgent`: the urgent queues of the languages served, alone
IDENTITY: Identity | None = None  # set in a worker's main process; inherited by its children


def current_instance() -> str | None:
    return IDENTITY.instance if IDENTITY is not None else None


def served_locales(settings: Settings, engine: Engine) -> tuple[str, ...]:
    """The target languages ``engine`` can translate into from every source language."""
    return tuple(
        code
        for code in settings.target_locales
        if all(engine.route(source, code) is not None for source in SOURCE_LOCALES)
    )


def choose_queues(served: Sequence[str], asked: Sequence[str] | None) -> list[str]:
    """The queues to consume: those asked for (or, by default, the assembly queue and one
    translation queue per served language), less translation queues of languages this
    worker has no model for: it must never take a batch another worker could do."""
    own = [q for code in served for q in translation_queues(code)]
    urgent = [urgent_queue(code) for code in served]
    wanted = list(asked) if asked else [*own, ASSEMBLY_QUEUE]
    # "translation" (one queue for every language, before 0.2) means the languages served;
    # "urgent" their urgent queues alone: a worker kept free for breaking news.
    aliases = {LEGACY_TRANSLATION_QUEUE: own, URGENT_ALIAS: urgent}
    wanted = [name for q in wanted for name in aliases.get(q, [q])]
    return list(
        dict.fromkeys(q for q in wanted if queue_locale(q) is None or queue_locale(q) in served)
    )


class LeaseKeeper:
    """Renews the lease from a daemon thread until stopped; gives it back on a clean stop.

    Each heartbeat runs in a thread of its own and is waited on for ``beat_deadline``
    seconds at most. A database frozen mid-query (or a proxy in front of it) keeps the
    TCP connection open and answers keepalives, so a query can wait for ever: the worker
    then says the lease cannot be renewed, and starts the next heartbeat once the stuck
    one returns.
    """

    def __init__(self, settings: Settings, identity: Identity) -> None:
        self.settings, self.identity = settings, identity
        self.beat_deadline = float(settings.db_connect_timeout + settings.heartbeat_every)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._stuck: threading.Thread | None = None
        self._failing = False
        # No pool: a connection is held only during a heartbeat, so the pool children
        # forked meanwhile inherit none.
        self.database = Database.for_settings(settings, upgrade=False, poolclass=NullPool)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="tarjima-lease", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            self.beat_in_time()
            if self._stop.wait(self.settings.heartbeat_every):
                return

    def beat_in_time(self) -> bool:
        """One heartbeat, given up on after ``beat_deadline`` seconds (none is started
        while an earlier one still waits for the database). True when it renewed."""
        if self._stuck is not None and self._stuck.is_alive():
            return False
        renewed: list[bool] = []
        beat = threading.Thread(
            target=lambda: renewed.append(self.beat()), name="tarjima-lease-beat", daemon=True
        )
        beat.start()
        beat.join(self.beat_deadline)
        if beat.is_alive():
            self._stuck = beat
            self._report(f"the database did not answer within {self.beat_deadline:g} s")
            return False
        return bool(renewed and renewed[0])

    def beat(self) -> bool:
        identity = self.identity
        try:
            with self.database.session() as session:
                repo.beat(
                    session,
                    instance=identity.instance,
                    hostname=identity.hostname,
                    pid=os.getpid(),
                    locales=identity.locales,
                    queues=identity.queues,
                    models_dir=str(self.settings.resolved_models_dir),
                )
        except Exception as exc:  # the database is down: say so once, keep trying
            self._report(first_line(exc))
            return False
        if self._failing:
            log.warning("the worker's lease is renewed again")
        self._failing = False
        return True

    def _report(self, problem: str) -> None:
        """Say once, until a heartbeat succeeds again, that the lease is not renewed."""
        if not self._failing:
            log.warning("cannot renew the worker's lease (is the database down?): %s", problem)
        self._failing = True

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.settings.db_connect_timeout + 5)
        try:
            with self.database.session() as session:
                repo.drop_lease(session, instance=self.identity.instance)
        except Exception as exc:  # the lease then simply expires
            log.warning("could not give the lease back (it expires by itself): %s", first_line(exc))
        self.database.dispose()


class LeaseStep(bootsteps.StartStopStep):  # type: ignore[misc]  # celery ships no hints
    """Worker bootstep: hold a lease while the worker runs (not for the embedded worker,
    which has no reconciler watching it).

    The lease is given back on ``worker_shutdown``, which Celery sends after a warm
    shutdown has let the running batches finish: stopping it with the other bootsteps
    could let it lapse under a batch still running, which would then be sent again. A
    cold shutdown kills the running batches: the lease lapses, and they are sent again.
    """

    def start(self, parent: Any) -> None:
        from worker.app_settings import settings_of

        settings = settings_of(parent.app)
        if IDENTITY is None or not settings.broker_url or _KEEPERS:
            return
        IDENTITY.hostname = parent.hostname
        keeper = LeaseKeeper(settings, IDENTITY)
        keeper.start()
        _KEEPERS.append(keeper)


_KEEPERS: list[LeaseKeeper] = []  # the one keeper of this worker's main process


@worker_shutdown.connect  # type: ignore[untyped-decorator]  # celery ships no hints
def _give_back(**_: Any) -> None:
    while _KEEPERS:
        _KEEPERS.pop().stop()
