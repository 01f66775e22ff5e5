"""Raw messages on an app's broker, for the tests of the in-memory broker: publish one
and count what waits in a queue (kombu's own calls, no Celery task)."""

from __future__ import annotations

from celery import Celery
from kombu.entity import Queue


def queue_size(celery: Celery, name: str) -> int:
    """How many messages wait in queue ``name`` of ``celery``'s broker."""
    with celery.connection_for_read() as connection:
        channel = connection.default_channel
        Queue(name)(channel).declare()  # type: ignore[no-untyped-call]
        return int(channel._size(name))


def publish_raw(celery: Celery, name: str, body: dict[str, str]) -> None:
    """Put one plain JSON message (not a task) into queue ``name``."""
    with celery.connection_for_write() as connection:
        queue = Queue(name)(connection.default_channel)  # type: ignore[no-untyped-call]
        queue.declare()  # type: ignore[no-untyped-call]
        with connection.Producer() as producer:
            producer.publish(body, routing_key=name, serializer="json")
