"""Backlog benchmark (issue 12, point 3): 30 articles x 4 languages queued at once on one
worker process, with the reconciler running on its default settings.

    .venv/bin/python -m bench.backlog                  # 30 articles, 3.5 s a batch: ~15 min
    .venv/bin/python -m bench.backlog --articles 5 --batch-seconds 0.5   # a quick look

Counts what must hold however long the queue: engine runs equal the batches needed (no
queued batch sent twice), no segment failed, each edition assembled once, every article
complete; and the time to drain. With 3.5 s a batch the last batch waits about 14
minutes in the queue: far longer than the 6 minutes after which the old timer-based
reconciler re-sent queued work and finally marked it failed.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from bench.fault_support import (
    LOCALES,
    SAMPLE,
    WORK,
    Stopwatch,
    build_packages,
    fresh_folder,
    meta,
    save,
)
from publisher.core.config import Settings
from publisher.core.enums import Status, WorkKind
from tests.support.stack import Look, engine_double, installation

SEGMENTS = 24  # of the sample article
DEFAULTS = {"articles": 30, "batch_seconds": 3.5}


def _counts(look: Look, articles: int, batch_size: int) -> dict[str, Any]:
    batches = [w for w in look.work if w.kind is WorkKind.TRANSLATE]
    assemblies = [w for w in look.work if w.kind is WorkKind.ASSEMBLE]
    waits = [(w.started_at - w.sent_at).total_seconds() for w in batches if w.started_at]
    return {
        "batches_needed": articles * len(LOCALES) * math.ceil(SEGMENTS / batch_size),
        "batches_sent": len(batches),
        "engine_runs": sum(w.runs for w in batches),
        "batches_resent": sum(1 for w in batches if w.generation),
        "segments_translated": look.rows.get(str(Status.MACHINE), 0),
        "segments_failed": look.failed(),
        "editions": len(look.editions),
        "editions_expected": articles * (len(LOCALES) + 1),  # uz brings uz_Cyrl
        "edition_revisions": sorted({e.revision for e in look.editions.values()}),
        "assembly_tasks": len(assemblies),
        "assemblies_that_changed_an_edition": sum(1 for w in assemblies if w.note == "changed"),
        "longest_queue_wait_s": round(max(waits, default=0.0), 1),
    }


def run(articles: int, batch_seconds: float) -> dict[str, Any]:
    root = fresh_folder(WORK / "backlog")
    packages = build_packages(WORK / "packages")
    extra = {"TARJIMA_TEST_BATCH_SECONDS": str(batch_seconds)}
    with installation(root / "run", fast=False, extra=extra) as stack:
        stack.env.pop("TARJIMA_BATCH_SIZE")  # the default batch size
        stack.install(*packages.values())
        env = engine_double(stack.env, "paced")
        stack.worker("only", env=env)
        reconciler = stack.reconciler(env)
        clock = Stopwatch()
        for i in range(articles):
            stack.submit(SAMPLE, ",".join(LOCALES), slug=f"backlog-{i}")
        queued_s = clock.elapsed()
        look = clock.until(
            stack.completed, what="the backlog", timeout=articles * 40 * batch_seconds + 600
        )
        drained_s = clock.elapsed()
        actions = [line for line in reconciler.output().splitlines() if line.startswith("article")]
    batch_size = int(Settings.model_fields["batch_size"].default)
    return {
        "counts": _counts(look, articles, batch_size),
        "queued_in_s": queued_s,
        "drain_s": drained_s,
        "reconciler_actions": actions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULTS["articles"])
    parser.add_argument("--batch-seconds", type=float, default=DEFAULTS["batch_seconds"])
    options = parser.parse_args()
    results = {
        "meta": meta(),
        "plan": vars(options),
        **run(options.articles, options.batch_seconds),
    }
    official = vars(options) == DEFAULTS
    path: Path = save("backlog", results, official=official)
    counts = results["counts"]
    for key, value in counts.items():
        print(f"{key:>36}: {value}")
    print(f"{'queued in (s)':>36}: {results['queued_in_s']}")
    print(f"{'drained in (s)':>36}: {results['drain_s']}")
    print(f"{'reconciler actions':>36}: {len(results['reconciler_actions'])}")
    print(f"results: {path}")


if __name__ == "__main__":
    main()
