"""What the broker and the workers can tell about a task: queued, held, or neither.

Three pieces of evidence, each from Redis's or Celery's own means:

* **Epoch marker.** A key (``tarjima:broker-epoch``) set once with ``SET NX`` and never
  expiring. Redis restarted without persistence comes back empty: the key is gone with
  the queues, the next caller sets a new epoch, and every task sent under the old one
  that no worker holds is known to be lost.
* **Queued.** The task ids in the queues' Redis lists (kombu keeps one list per queue,
  and one per priority step).
* **Held.** A broadcast control command (``tarjima_held``, answered by every worker's
  main process) lists the tasks each worker is running, has reserved, or keeps for a
  retry countdown. Only a complete answer counts: see :class:`Held`.

The embedded memory transport answers "not listable": the reconciler does not run there.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from celery import Celery

from publisher.core.task_names import HELD_COMMAND

log = logging.getLogger(__name__)

EPOCH_KEY = "tarjima:broker-epoch"
MEMORY_EPOCH = "memory"


def _redis_client(connection: Any) -> Any | None:
    """The redis-py client behind a kombu connection, or None for other transports."""
    if connection.transport.driver_type != "redis":
        return None
    return connection.default_channel.client


def current_epoch(celery: Celery) -> tuple[str, bool]:
    """The broker's epoch, and whether this call started it (the marker was missing:
    a new broker, or one that lost its data)."""
    with celery.connection_for_write() as connection:
        client = _redis_client(connection)
        if client is None:
            return MEMORY_EPOCH, False
        fresh = uuid.uuid4().hex
        if client.set(EPOCH_KEY, fresh, nx=True):
            return fresh, True
        value = client.get(EPOCH_KEY)
        return (value.decode() if isinstance(value, bytes) else str(value)), False


@dataclass(frozen=True)
class QueuedMessage:
    """A message waiting in a queue: the Redis list it is in and its raw payload."""

    task_id: str
    queue: str
    list_name: str
    raw: bytes


def _lists_of(channel: Any, queue: str) -> list[str]:
    """The Redis lists kombu keeps for ``queue`` (one per priority step)."""
    steps = getattr(channel, "priority_steps", None) or [0]
    make = getattr(channel, "_q_for_pri", None)
    if make is None:
        return [queue]
    return list(dict.fromkeys(make(queue, step) for step in steps))


def _task_id(raw: bytes) -> str | None:
    try:
        headers = json.loads(raw).get("headers") or {}
    except (ValueError, AttributeError):
        return None
    found = headers.get("id")
    return found if isinstance(found, str) else None


def queued_messages(celery: Celery, queues: Iterable[str]) -> dict[str, QueuedMessage] | None:
    """Every task waiting in ``queues``, by task id; None when the transport cannot list."""
    found: dict[str, QueuedMessage] = {}
    with celery.connection_for_read() as connection:
        client = _redis_client(connection)
        if client is None:
            return None
        channel = connection.default_channel
        for queue in queues:
            for name in _lists_of(channel, queue):
                for raw in client.lrange(name, 0, -1):
                    task_id = _task_id(raw)
                    if task_id is not None:
                        found[task_id] = QueuedMessage(task_id, queue, name, raw)
    return found


def remove_queued(celery: Celery, message: QueuedMessage) -> bool:
    """Take one waiting message out of its queue; False when a worker took it first."""
    with celery.connection_for_write() as connection:
        client = _redis_client(connection)
        return client is not None and bool(client.lrem(message.list_name, 1, message.raw))


@dataclass(frozen=True)
class Held:
    """The tasks the workers hold, from the hosts that answered."""

    task_ids: frozenset[str] = frozenset()
    answered: frozenset[str] = frozenset()
    by_host: dict[str, frozenset[str]] = field(default_factory=dict)

    def complete_for(self, hostnames: Iterable[str]) -> bool:
        """Did every one of ``hostnames`` answer? Only then is "held by nobody" evidence."""
        return set(hostnames) <= self.answered


def held_tasks(celery: Celery, *, expected: Sequence[str], timeout: float) -> Held:
    """Ask every worker which tasks it holds; returns as soon as ``expected`` answered.

    Once more on a connection error: kombu keeps producers in a process-wide pool, and
    the first use of one whose broker restarted fails (redis-py reconnects after that)."""
    try:
        replies = _broadcast_held(celery, expected, timeout)
    except Exception:  # kombu and redis-py raise several kinds of connection error
        replies = _broadcast_held(celery, expected, timeout)
    by_host: dict[str, frozenset[str]] = {}
    for reply in replies:
        for hostname, answer in reply.items():
            ids = answer.get("ids", []) if isinstance(answer, dict) else []
            by_host[hostname] = frozenset(str(i) for i in ids)
    every = frozenset(i for ids in by_host.values() for i in ids)
    return Held(every, frozenset(by_host), by_host)


def _broadcast_held(celery: Celery, expected: Sequence[str], timeout: float) -> list[Any]:
    replies = celery.control.broadcast(
        HELD_COMMAND,
        reply=True,
        timeout=timeout,
        limit=len(set(expected)) or None,
    )
    return list(replies or [])
