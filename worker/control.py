"""The ``tarjima_held`` control command: which tasks this worker holds.

The reconciler broadcasts it and counts a task as held when any worker names it: running
in a pool process, reserved (prefetched), or kept in the timer for a retry countdown.
The worker's main process answers, so a worker busy translating still answers.
"""

from __future__ import annotations

from typing import Any

from celery.worker import state as worker_state
from celery.worker.control import inspect_command

from publisher.core.task_names import HELD_COMMAND


def _scheduled_ids(timer: Any) -> set[str]:
    found = set()
    for waiting in getattr(getattr(timer, "schedule", None), "queue", []):
        args = getattr(getattr(waiting, "entry", None), "args", None) or ()
        request_id = getattr(args[0], "id", None) if args else None
        if isinstance(request_id, str):
            found.add(request_id)
    return found


@inspect_command(name=HELD_COMMAND)  # type: ignore[untyped-decorator]  # celery: no hints
def held(state: Any, **_: Any) -> dict[str, list[str]]:
    """Ids of the tasks this worker runs, has reserved, or waits to retry."""
    ids = {request.id for request in worker_state.active_requests}
    ids |= {request.id for request in worker_state.reserved_requests}
    ids |= _scheduled_ids(state.consumer.timer)
    return {"ids": sorted(ids)}
