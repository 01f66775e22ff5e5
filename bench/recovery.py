"""Recovery benchmark (issue 12, point 2): how long each fault takes to heal, with the
default settings (lease TTL 20 s, heartbeat 5 s, a reconcile pass every 5 s).

    .venv/bin/python -m bench.recovery                     # every scenario, ~8 minutes
    .venv/bin/python -m bench.recovery --only redis_restart

Scenarios, each on a fresh installation (private Redis without persistence, a fresh
PostgreSQL database behind a proxy that can refuse or hang it, real workers and a real
reconciler), translating the sample article into ru and ky in batches of 4 with the
engine taking 1 s a batch:

* ``worker_killed``: one of two workers SIGKILLed (main process and pool) mid-batch;
  measured: kill -> its batch finished by the other worker (target: 60 s).
* ``worker_killed_alone``: the only worker SIGKILLed, started again at once;
  measured: restart -> its batch finished (target: 60 s).
* ``redis_restart``: Redis killed and started empty; measured: Redis back -> every lost
  batch sent again (target: 60 s), and -> the article complete.
* ``database_refused``: PostgreSQL refused for 60 s; measured: segments failed (target:
  none), database back -> the next translation stored (target: 30 s), -> complete.
* ``database_hung``: PostgreSQL answering nothing for 30 s; measured as above.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from bench.fault_support import (
    SAMPLE,
    WORK,
    Stopwatch,
    build_packages,
    fresh_folder,
    meta,
    save,
)
from publisher.core.enums import WorkKind, WorkState
from tests.support.stack import Look, Stack, engine_double, installation

TIMEOUT = 600.0


def _running_on(stack: Stack, prefix: str) -> str | None:
    return next(
        (
            w.task_id
            for w in stack.look().work
            if w.state is WorkState.RUNNING and (w.worker or "").startswith(prefix)
        ),
        None,
    )


def _replacement_done(stack: Stack, task_id: str) -> bool:
    work = stack.look().work
    lost = next(w for w in work if w.task_id == task_id)
    if lost.state is not WorkState.LOST:
        return False
    return any(
        w.generation > 0 and w.segment_ids == lost.segment_ids and w.state is WorkState.DONE
        for w in work
    )


def _rows(stack: Stack) -> int:
    return sum(stack.look().rows.values())


def _summary(stack: Stack, look: Look) -> dict[str, Any]:
    return {
        "segments_failed": look.failed(),
        "rows": sum(look.rows.values()),
        "batches_resent": sum(1 for w in look.work if w.generation),
        "edition_revisions": sorted({e.revision for e in look.editions.values()}),
        "reconciler_actions": [
            line
            for line in stack.root.joinpath("reconciler.log").read_text().splitlines()
            if line.startswith("article")
        ],
    }


def worker_killed(stack: Stack, env: dict[str, str], alone: bool) -> dict[str, Any]:
    doomed = stack.worker("w0", env=env)
    if not alone:
        stack.worker("w1", env=env)
    stack.reconciler(env)
    stack.submit(SAMPLE, "ru,ky")
    victim = Stopwatch().until(
        lambda: _running_on(stack, "w0-"), timeout=TIMEOUT, what="a batch on w0"
    )
    doomed.kill()
    clock = Stopwatch()
    if alone:
        stack.worker("w1", env=env)
    clock.until(
        lambda: _replacement_done(stack, victim), timeout=TIMEOUT, what="the killed worker's batch"
    )
    healed = clock.elapsed()
    look = clock.until(stack.completed, timeout=TIMEOUT, what="the article")
    key = "restart_to_batch_done_s" if alone else "kill_to_batch_done_s"
    return {key: healed, "to_complete_s": clock.elapsed(), **_summary(stack, look)}


def redis_restart(stack: Stack, env: dict[str, str]) -> dict[str, Any]:
    for i in range(2):
        stack.worker(f"w{i}", env=env)
    stack.reconciler(env)
    stack.submit(SAMPLE, "ru,ky")
    Stopwatch().until(lambda: _rows(stack) >= 8, timeout=TIMEOUT, what="the first batches")
    stack.redis.restart()
    clock = Stopwatch()

    def resent() -> bool:
        work = stack.look().work
        return bool(any(w.state is WorkState.LOST for w in work)) and not any(
            w.state in WorkState.open()
            and w.generation == 0
            and w.started_at is None
            and w.kind is WorkKind.TRANSLATE
            for w in work
        )

    clock.until(resent, timeout=TIMEOUT, what="the lost batches sent again")
    healed = clock.elapsed()
    look = clock.until(stack.completed, timeout=TIMEOUT, what="the article")
    return {
        "redis_back_to_all_resent_s": healed,
        "to_complete_s": clock.elapsed(),
        **_summary(stack, look),
    }


def database_down(
    stack: Stack, env: dict[str, str], *, mode: str, seconds: float
) -> dict[str, Any]:
    stack.worker("w0", env=env)
    stack.reconciler(env)
    stack.submit(SAMPLE, "ru,ky")
    Stopwatch().until(lambda: _rows(stack) >= 8, timeout=TIMEOUT, what="the first batches")
    assert stack.proxy is not None
    (stack.proxy.refuse if mode == "refuse" else stack.proxy.hang)()
    time.sleep(seconds)  # the outage itself: a benchmark holds it for a fixed time
    before = _rows(stack)
    stack.proxy.resume()
    clock = Stopwatch()
    clock.until(lambda: _rows(stack) > before, timeout=TIMEOUT, what="the next translation")
    resumed = clock.elapsed()
    look = clock.until(stack.completed, timeout=TIMEOUT, what="the article")
    return {
        "outage_s": seconds,
        "database_back_to_next_row_s": resumed,
        "to_complete_s": clock.elapsed(),
        **_summary(stack, look),
    }


SCENARIOS: dict[str, Callable[[Stack, dict[str, str]], dict[str, Any]]] = {
    "worker_killed": lambda s, e: worker_killed(s, e, alone=False),
    "worker_killed_alone": lambda s, e: worker_killed(s, e, alone=True),
    "redis_restart": redis_restart,
    "database_refused": lambda s, e: database_down(s, e, mode="refuse", seconds=60),
    "database_hung": lambda s, e: database_down(s, e, mode="hang", seconds=30),
}


def run(name: str) -> dict[str, Any]:
    packages = build_packages(WORK / "packages")
    root = fresh_folder(WORK / "recovery" / name)
    proxy = name.startswith("database")
    with installation(root, fast=False, proxy=proxy, extra={"TARJIMA_BATCH_SIZE": "4"}) as stack:
        stack.install(packages["ru"], packages["ky"])
        env = engine_double(stack.env, "slow")
        return SCENARIOS[name](stack, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=sorted(SCENARIOS), action="append")
    options = parser.parse_args()
    names = options.only or list(SCENARIOS)
    results: dict[str, Any] = {"meta": meta(), "scenarios": {}}
    for name in names:
        print(f"{name} ...", flush=True)
        results["scenarios"][name] = found = run(name)
        print(
            "  " + ", ".join(f"{k}: {v}" for k, v in found.items() if k != "reconciler_actions"),
            flush=True,
        )
    path = save("recovery", results, official=options.only is None)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
