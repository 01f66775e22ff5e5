"""Re-send lost work, on evidence, never on a timer: the database is the source of truth.

Every task is written into the work ledger before it is sent (:mod:`publisher.services.dispatch`).
A pass of the reconciler looks at every open task (queued or running) and asks where it
is. A task **waiting in its broker queue** or **held by a worker that answered** (running,
reserved, or waiting for a retry countdown) is never touched, however long the backlog.
A task is declared lost, and sent again, only on one of three pieces of evidence:

1. **Its worker is gone.** The ledger says a worker started it, and that worker's lease in
   the database stopped being renewed (``lease_ttl`` seconds without a heartbeat). A
   worker killed as a whole keeps its unacknowledged messages hidden in Redis until the
   visibility timeout; the lease tells within seconds.
2. **The broker lost its data.** It was sent under a broker epoch that no longer exists
   (:mod:`publisher.services.broker`: a marker key that vanishes with Redis's data), it is not in
   the queue, and no worker holds it.
3. **It is nowhere.** Not in the queue, and not held by any worker, with every live worker
   having answered, in two passes at least ``reconcile_confirm`` seconds apart (the two
   looks rule out a message caught between the queue and a worker). Each pass reads the
   queues before and again after the workers answer, so a task that a worker sends back
   to its queue meanwhile (a retry) is held at one look or queued at the other, unless a
   worker takes it again between its answer and the second read: a moment, and two
   passes must both meet one.

No judgment is made until the reconciler has seen the database healthy for a whole
``lease_ttl``: leases cannot be renewed while the database is down, so right after an
outage every lease looks stale.

Work no task covers (an article stored but never dispatched, a batch that finished its
locale but died before sending the assembly) is sent when two passes agree. Batches of a
language no live worker can translate are taken out of the queue and their segments go to
human translators, marked as waiting for a model; once a worker that serves the language
holds a lease, those segments are sent again. Work lost ``reconcile_max_resends`` times
in a row is marked failed, so a batch that kills every worker cannot loop for ever.

A task re-sent keeps the broker priority the ledger says it was sent with; work sent for
uncovered segments is planned like new work (an urgent article's headline and lead first,
publisher.services.urgent).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from celery import Celery

from publisher.core.config import Settings
from publisher.core.enums import WorkKind, WorkState
from publisher.core.task_names import ASSEMBLY_QUEUE, BACKLOG_PRIORITY, translation_queues
from publisher.db import repository as repo
from publisher.db.session import Database, is_outage
from publisher.services.broker import (
    Held,
    QueuedMessage,
    current_epoch,
    held_tasks,
    queued_messages,
    remove_queued,
)
from publisher.services.dispatch import (
    no_model_reason,
    route_to_translators,
    send_assembly,
    send_translation,
)
from publisher.services.urgent import assembly_priority, plan, send_planned

GIVE_UP_ERROR = (
    "LostWork: the batch was lost {n} times after it was sent (is a worker process dying "
    "on it? see the workers' logs)"
)
FORGET_LEASES_AFTER = 24 * 3600.0


@dataclass(frozen=True)
class Action:
    """One thing a pass did, and the evidence it acted on."""

    article_id: int
    locale: str
    what: str
    why: str

    def describe(self) -> str:
        return f"article {self.article_id} {self.locale}: {self.what} ({self.why})"


@dataclass(frozen=True)
class Fleet:
    """The workers' leases, and which of them are alive."""

    leases: tuple[repo.LeaseRecord, ...]
    ttl: float

    @property
    def live(self) -> tuple[repo.LeaseRecord, ...]:
        return tuple(lease for lease in self.leases if lease.age <= self.ttl)

    def alive(self, instance: str | None) -> bool:
        return any(lease.instance == instance for lease in self.live)

    def serves(self, locale: str) -> bool:
        return any(locale in lease.locales for lease in self.live)

    def served(self) -> set[str]:
        return {code for lease in self.live for code in lease.locales}


@dataclass(frozen=True)
class Observation:
    """What one pass saw: open tasks, the fleet, the broker's epoch, its queues, and what
    the workers hold (None when a live worker did not answer)."""

    items: tuple[repo.WorkRecord, ...]
    fleet: Fleet
    epoch: str
    queued: dict[str, QueuedMessage] | None
    held: Held | None


def _either(
    before: dict[str, QueuedMessage] | None, after: dict[str, QueuedMessage] | None
) -> dict[str, QueuedMessage] | None:
    """The tasks seen in the queues at either look (the later look's message for a task
    in both); None when the transport cannot list."""
    if before is None or after is None:
        return None
    return {**before, **after}


class Reconciler:
    """Runs passes; remembers, between passes, what it suspects and since when the
    database has been healthy."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        celery: Celery,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings, self.database, self.celery, self.clock = settings, database, celery, clock
        self.healthy_since: float | None = None
        self._previous: dict[str, float] = {}
        self._current: dict[str, float] = {}

    @property
    def settled(self) -> bool:
        """Has the database been seen healthy for a whole lease TTL (judgments allowed)?"""
        return self.healthy_since is not None and (
            self.clock() - self.healthy_since >= self.settings.lease_ttl
        )

    def run_once(self, *, article_id: int | None = None) -> list[Action]:
        """One pass (over every article, or one); raises when the database or the broker
        cannot be reached, and then makes no judgment for a lease TTL afterwards."""
        started = self.clock()
        self._current = {}
        try:
            seen = self._observe(article_id)
        except Exception as exc:
            if is_outage(exc):  # leases cannot be renewed while the database is down
                self.healthy_since = None
            raise
        if self.healthy_since is None or self.clock() - started > self.settings.lease_ttl / 2:
            self.healthy_since = self.clock()  # first pass, or one that hung
        settled = self.settled
        actions = [*self._recover_lost(seen, settled), *self._route_unserved(seen, settled)]
        actions += self._cover_outstanding(article_id, seen.fleet)
        self._previous = self._current
        self._housekeeping()
        return actions

    # -- looking ------------------------------------------------------------------

    def _observe(self, article_id: int | None) -> Observation:
        with self.database.session() as session:
            items = repo.open_work(session, article_id=article_id)
            fleet = Fleet(tuple(repo.leases(session)), self.settings.lease_ttl)
        epoch, _ = current_epoch(self.celery)
        queues = self._queues(items)
        queued = queued_messages(self.celery, queues)
        held = self._held(fleet)
        # The queues again, now that the workers answered: a task a worker sent back to
        # its queue meanwhile (a retry) was held at the first look and is queued now.
        queued = _either(queued, queued_messages(self.celery, queues))
        with self.database.session() as session:  # what finished while we looked is done
            still = {w.task_id for w in repo.open_work(session, article_id=article_id)}
        return Observation(
            tuple(w for w in items if w.task_id in still), fleet, epoch, queued, held
        )

    def _queues(self, items: Iterable[repo.WorkRecord]) -> list[str]:
        locales = dict.fromkeys([*self.settings.target_locales, *(w.locale for w in items)])
        return [*(q for code in locales for q in translation_queues(code)), ASSEMBLY_QUEUE]

    def _held(self, fleet: Fleet) -> Held | None:
        hostnames = [lease.hostname for lease in fleet.live]
        if not hostnames:
            return Held()
        held = held_tasks(self.celery, expected=hostnames, timeout=self.settings.inspect_timeout)
        return held if held.complete_for(hostnames) else None

    def _confirmed(self, key: str) -> bool:
        """Suspect ``key`` now; True when the previous pass suspected it too, long enough ago."""
        now = self.clock()
        first = self._previous.get(key, now)
        self._current[key] = first
        return key in self._previous and now - first >= self.settings.reconcile_confirm

    # -- lost tasks ---------------------------------------------------------------

    def _recover_lost(self, seen: Observation, settled: bool) -> list[Action]:
        if not settled or seen.queued is None:
            return []
        found = [(item, self._evidence(item, seen)) for item in seen.items]
        return list(
            chain.from_iterable(self._replace(item, why) for item, why in found if why is not None)
        )

    def _evidence(self, item: repo.WorkRecord, seen: Observation) -> str | None:
        """Why ``item`` is lost, or None while it is (or may be) queued or held."""
        queued = seen.queued is not None and item.task_id in seen.queued
        if queued or (seen.held is not None and item.task_id in seen.held.task_ids):
            return None
        if (
            item.state is WorkState.RUNNING
            and item.instance
            and not seen.fleet.alive(item.instance)
        ):
            return f"its worker {item.worker} stopped renewing its lease"
        if seen.held is None:
            return None  # a live worker did not answer: it may hold the task
        if item.epoch is not None and item.epoch != seen.epoch:
            return "the broker lost its queues: it restarted without its data"
        if self._confirmed(f"task:{item.task_id}"):
            return "neither queued nor held by any worker"
        return None

    def _replace(self, item: repo.WorkRecord, why: str) -> list[Action]:
        with self.database.session() as session:
            if not repo.mark_lost(session, task_id=item.task_id, note=why):
                return []  # it finished meanwhile, or another reconciler took it
        if item.generation >= self.settings.reconcile_max_resends:
            return [self._give_up(item, why)]
        generation = item.generation + 1
        priority = BACKLOG_PRIORITY if item.priority is None else item.priority  # kept
        if item.kind is WorkKind.ASSEMBLE:
            send_assembly(
                self.celery,
                self.database,
                article_id=item.article_id,
                locale=item.locale,
                generation=generation,
                priority=priority,
            )
            return [Action(item.article_id, item.locale, "re-sent the assembly", why)]
        send_translation(
            self.celery,
            self.database,
            article_id=item.article_id,
            locale=item.locale,
            groups=[item.segment_ids],
            generation=generation,
            priority=priority,
        )
        what = f"re-sent a batch of {len(item.segment_ids)} segments"
        return [Action(item.article_id, item.locale, what, why)]

    def _give_up(self, item: repo.WorkRecord, why: str) -> Action:
        error = GIVE_UP_ERROR.format(n=item.generation + 1)
        with self.database.session() as session:
            repo.mark_failed(session, segment_ids=item.segment_ids, locale=item.locale, error=error)
        self._assemble_if_done(item.article_id, item.locale)
        what = (
            f"gave up on {len(item.segment_ids)} segments lost at every re-send; "
            "marked failed (see `tarjima status`)"
        )
        return Action(item.article_id, item.locale, what, why)

    def _assemble_if_done(self, article_id: int, locale: str) -> None:
        with self.database.session() as session:
            progress = repo.locale_progress(session, article_id=article_id).get(locale)
        if progress is not None and progress.done:
            send_assembly(
                self.celery,
                self.database,
                article_id=article_id,
                locale=locale,
                priority=assembly_priority(self.database, article_id=article_id),
            )

    # -- languages nobody can translate -------------------------------------------

    def _route_unserved(self, seen: Observation, settled: bool) -> list[Action]:
        """Batches waiting in the queue of a language no live worker serves go to human
        translators (one action per article and language)."""
        if not settled or seen.queued is None or not seen.fleet.live:
            return []
        taken: dict[tuple[int, str], list[repo.WorkRecord]] = {}
        for item in seen.items:
            message = seen.queued.get(item.task_id)
            if item.kind is not WorkKind.TRANSLATE or message is None:
                continue
            if not seen.fleet.serves(item.locale) and remove_queued(self.celery, message):
                taken.setdefault((item.article_id, item.locale), []).append(item)
        return [self._to_translators(key, items) for key, items in taken.items()]

    def _to_translators(self, key: tuple[int, str], items: list[repo.WorkRecord]) -> Action:
        article_id, locale = key
        reason = no_model_reason(locale)
        written = route_to_translators(
            self.database,
            article_id=article_id,
            locale=locale,
            segment_ids=[i for item in items for i in item.segment_ids],
            reason=reason,
        )
        with self.database.session() as session:
            for item in items:
                repo.finish_work(session, task_id=item.task_id, note=reason)
        self._assemble_if_done(article_id, locale)
        return Action(
            article_id,
            locale,
            f"{written} segments await a human translator",
            f"no live worker serves {locale}",
        )

    # -- work no task covers ------------------------------------------------------

    def _cover_outstanding(self, article_id: int | None, fleet: Fleet) -> list[Action]:
        with self.database.session() as session:
            items = repo.open_work(session, article_id=article_id)
            work = repo.outstanding_work(session, article_id=article_id)
            missing = {
                (w.article_id, w.locale): repo.untranslated_segment_ids(
                    session, article_id=w.article_id, locale=w.locale
                )
                for w in work
                if w.untranslated
            }
            blocked = repo.blocked_on_model(session, locales=sorted(fleet.served()))
        if article_id is not None:
            blocked = {key: ids for key, ids in blocked.items() if key[0] == article_id}
        covered = _covered(items)
        actions = []
        for key in dict.fromkeys([*missing, *blocked]):
            ids = [
                i
                for i in [*missing.get(key, []), *blocked.get(key, [])]
                if i not in covered.get(key, set())
            ]
            if ids and self._confirmed(f"segments:{key}:{len(ids)}"):
                actions.append(self._send_uncovered(key, ids, bool(blocked.get(key))))
        busy = {(w.article_id, w.locale) for w in items} | set(missing)
        due = [(w.article_id, w.locale) for w in work if w.needs_assembly and not w.untranslated]
        for key in due:
            if key not in busy and self._confirmed(f"assembly:{key}"):
                send_assembly(
                    self.celery,
                    self.database,
                    article_id=key[0],
                    locale=key[1],
                    priority=assembly_priority(self.database, article_id=key[0]),
                )
                actions.append(
                    Action(*key, "sent the assembly", "the edition is older than its translations")
                )
        return actions

    def _send_uncovered(self, key: tuple[int, str], ids: Sequence[int], model: bool) -> Action:
        article_id, locale = key
        waves = plan(
            self.database,
            article_id=article_id,
            segment_ids=ids,
            batch_size=self.settings.batch_size,
        )  # an urgent article's lead first
        groups = [group for wave in waves for group in wave.groups]
        send_planned(self.celery, self.database, article_id=article_id, locale=locale, waves=waves)
        why = (
            ("a worker can now translate into " + locale)
            if model
            else ("no task was working on them")
        )
        plural = "batch" if len(groups) == 1 else "batches"
        return Action(
            article_id, locale, f"sent {len(ids)} segments in {len(groups)} {plural}", why
        )

    def _housekeeping(self) -> None:
        with self.database.session() as session:
            repo.forget_leases(session, older_than=FORGET_LEASES_AFTER)


def _covered(items: Iterable[repo.WorkRecord]) -> dict[tuple[int, str], set[int]]:
    covered: dict[tuple[int, str], set[int]] = {}
    for item in items:
        if item.kind is WorkKind.TRANSLATE:
            covered.setdefault((item.article_id, item.locale), set()).update(item.segment_ids)
    return covered
