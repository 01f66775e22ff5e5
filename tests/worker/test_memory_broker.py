"""The in-memory broker of an installation without Redis (worker.memory_broker).

Celery's loop for transports without an event loop drains two seconds at a time, and
kombu's memory transport polls an idle queue once a second: the web app and every
`tarjima publish` waited up to two seconds to stop. kombu also keeps the memory
transport's queues process-wide: a batch one app left in a queue was taken by the next
app's worker (a web test's, against another database). These tests show the app without
a broker runs on the prompt transport, that one drain comes back long before the two
seconds Celery asks for, and that every app has a broker of its own, gone with the app.
"""

from __future__ import annotations

import gc
import socket
import threading
from pathlib import Path

from kombu.entity import Queue
from kombu.transport import memory

from publisher.core.config import Settings
from publisher.core.task_names import ASSEMBLY_QUEUE
from tests.support.queues import publish_raw, queue_size
from worker import memory_broker
from worker.celery_app import create_celery
from worker.memory_broker import PromptMemoryTransport


def _transport(settings: Settings) -> object:
    celery = create_celery(settings)
    with celery.connection_for_write() as connection:
        return connection.transport


def test_without_a_broker_the_app_runs_on_the_prompt_memory_transport(tmp_path: Path) -> None:
    transport = _transport(Settings(data_dir=tmp_path, broker_url=None))
    assert isinstance(transport, PromptMemoryTransport)
    assert isinstance(transport, memory.Transport)  # the same in-process queues


def test_with_a_broker_the_transport_is_the_brokers(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, broker_url="redis://127.0.0.1:1/0")
    assert not isinstance(_transport(settings), memory.Transport)


def test_a_drain_returns_within_its_slice_whatever_timeout_it_is_given(tmp_path: Path) -> None:
    # Tried: an idle queue drained with an hour's timeout, the way a worker waits for work.
    celery = create_celery(Settings(data_dir=tmp_path, broker_url=None))
    outcome: list[BaseException] = []
    returned = threading.Event()

    def drain() -> None:
        with celery.connection_for_read() as connection:
            queue = Queue(ASSEMBLY_QUEUE)(connection.default_channel)  # type: ignore[no-untyped-call]
            queue.declare()  # type: ignore[no-untyped-call]
            with connection.Consumer(queue, callbacks=[lambda *_: None]):
                try:
                    connection.drain_events(timeout=3600)
                except BaseException as exc:  # recorded for the assertion below
                    outcome.append(exc)
        returned.set()

    threading.Thread(target=drain, daemon=True).start()
    # An hour would mean the cap is gone; a minute is slack for a loaded machine.
    assert returned.wait(60), "the drain kept to its hour"
    assert len(outcome) == 1 and isinstance(outcome[0], socket.timeout)


def test_two_apps_in_one_process_have_brokers_of_their_own(tmp_path: Path) -> None:
    # Tried: one app leaves a message in a queue; another app in the same process, with
    # no broker either, looks at the same queue (a web test after another).
    first = create_celery(Settings(data_dir=tmp_path, broker_url=None))
    second = create_celery(Settings(data_dir=tmp_path, broker_url=None))
    assert first.conf.broker_url != second.conf.broker_url
    publish_raw(first, ASSEMBLY_QUEUE, {"left": "behind"})
    assert queue_size(second, ASSEMBLY_QUEUE) == 0
    assert queue_size(first, ASSEMBLY_QUEUE) == 1  # still there for its own app
    assert memory.Channel.queues.get(ASSEMBLY_QUEUE) is None  # not kombu's shared store


def test_a_brokers_store_goes_with_its_app(tmp_path: Path) -> None:
    celery = create_celery(Settings(data_dir=tmp_path, broker_url=None))
    url = celery.conf.broker_url
    publish_raw(celery, ASSEMBLY_QUEUE, {"left": "behind"})
    assert memory_broker.holds(url)
    del celery
    gc.collect()
    assert not memory_broker.holds(url)
