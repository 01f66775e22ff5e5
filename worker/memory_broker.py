"""The in-memory broker of an installation without Redis: one per Celery app, and prompt.

``tarjima publish`` without a broker and the web app without one run the same tasks on
kombu's memory transport, consumed by a worker thread (:mod:`worker.embedded`). Two
things about kombu's transport are changed here:

* **One broker per app.** kombu keeps the memory transport's queues and bindings in one
  process-wide store, so two apps in one process (one web test after another) took each
  other's messages: a batch one app left in a queue was translated by the next app's
  worker, against another database. Here a store belongs to a virtual host, and
  :func:`private_broker_url` gives every app a virtual host of its own; the store goes
  when the app does (:func:`release_when_gone`).
* **Prompt.** Celery's loop for transports without an event loop drains for two seconds
  at a time, and kombu's virtual transports poll an empty queue once a second: a message
  waited up to a second before it was taken, and stopping the worker (the end of every
  ``tarjima publish`` and of the web app) waited up to two, for nothing.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from typing import Any

from kombu.transport import memory, virtual

# celery_app makes PromptMemoryTransport the ``broker_transport`` when no broker is
# configured. How often an idle worker looks at its queues, and the longest one drain
# lasts (the worker checks whether it should stop between two).
POLL_SECONDS = 0.01
DRAIN_SECONDS = 0.1
SCHEME = "memory://"


class _Store:
    """One in-memory broker: its queues, exchanges and bindings."""

    def __init__(self) -> None:
        self.queues: dict[str, Any] = {}
        self.state = virtual.BrokerState()  # type: ignore[no-untyped-call]


_STORES: dict[str, _Store] = {}  # by virtual host
_STORES_LOCK = threading.Lock()


def _store(virtual_host: str) -> _Store:
    with _STORES_LOCK:
        found = _STORES.get(virtual_host)
        if found is None:
            found = _STORES[virtual_host] = _Store()
        return found


def _release(virtual_host: str) -> None:
    with _STORES_LOCK:
        _STORES.pop(virtual_host, None)


def private_broker_url() -> str:
    """A memory broker URL no other app shares: its virtual host names its store."""
    return f"{SCHEME}localhost/{uuid.uuid4().hex}"


def _virtual_host(url: str) -> str:
    return url.removeprefix(SCHEME).partition("/")[2]


def release_when_gone(owner: object, url: str) -> None:
    """Drop the store of ``url`` (from :func:`private_broker_url`) once ``owner`` (its
    app) is garbage: what was left in its queues can never be taken."""
    if url.startswith(SCHEME):
        weakref.finalize(owner, _release, _virtual_host(url))


def holds(url: str) -> bool:
    """Does this process hold a store for the broker at ``url``?"""
    with _STORES_LOCK:
        return _virtual_host(url) in _STORES


class _PrivateMemoryChannel(memory.Channel):
    """kombu's memory channel on its connection's store, not the process-wide one."""

    def __init__(self, connection: Any, **kwargs: Any) -> None:
        self.queues = connection.store.queues
        super().__init__(connection, **kwargs)  # type: ignore[no-untyped-call]


class PromptMemoryTransport(memory.Transport):
    """kombu's memory transport with a store per virtual host (per app), polled every
    10 ms and drained 0.1 s at a time, so that the worker takes a message at once and
    stops at once."""

    Channel = _PrivateMemoryChannel
    polling_interval = POLL_SECONDS

    def __init__(self, client: Any, **kwargs: Any) -> None:
        self.store = _store(client.virtual_host or "/")
        super().__init__(client, **kwargs)  # type: ignore[no-untyped-call]
        self.state = self.store.state

    def drain_events(self, connection: Any, timeout: Any = None, **kwargs: Any) -> Any:
        if timeout is not None:
            timeout = min(timeout, DRAIN_SECONDS)
        return super().drain_events(connection, timeout=timeout)  # type: ignore[no-untyped-call]
