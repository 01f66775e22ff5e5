"""Breaking news benchmark (issue 16, point 3): one urgent article submitted behind a
queued backlog, on real `tarjima worker` processes over a real Redis.

    .venv/bin/python -m bench.urgent                   # 20 articles x 4 languages, ~3 min
    .venv/bin/python -m bench.urgent --articles 5 --batch-seconds 0.5   # a quick look

The backlog (``--articles`` ordinary articles into uz, ky, tg and ru, default batch size)
is queued with `tarjima publish`; then ``--workers`` worker processes of concurrency 1
start (one per language by default, each serving every language), and
``--urgent-workers`` (default 1) started with `-Q urgent`, which take only urgent headlines
and leads (capacity kept free for breaking news), all with the engine double
that takes a fixed time per batch (``paced``: the real Argos/CTranslate2 engine plus a
sleep). Once every process
runs a backlog batch, `tarjima publish --urgent` submits the urgent article. Measured from
the work ledger (the moment the urgent work was recorded as sent):

* **headline everywhere**: until the headline-and-lead batch is finished (its translations
  stored) in every language;
* **headline started everywhere**: until the last of those batches started (what the
  priority controls: the wait for batches already running);

and compared with **one batch plus one model load** measured in the same run: the median
run time of the backlog's batches, plus the time a fresh process takes to load the
installed models (the real loading path, ``ArgosEngine.warm``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
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
from publisher.core.enums import WorkKind, WorkState
from publisher.core.task_names import HEADLINE_PRIORITY
from publisher.db import repository as repo
from publisher.services.headline_publish import headline_ready
from tests.support.stack import Stack, engine_double, installation

DEFAULTS = {"articles": 20, "batch_seconds": 2.0, "workers": 4, "urgent_workers": 1}
URGENT_SLUG = "breaking"
LOAD_SCRIPT = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from worker.engines.argos import ArgosEngine\n"
    "engine = ArgosEngine(Path(sys.argv[1]))\n"
    "start = time.monotonic(); engine.warm(); print(time.monotonic() - start)\n"
)


def _ledger(stack: Stack) -> list[repo.WorkRecord]:
    return [w for w in stack.look().work if w.kind is WorkKind.TRANSLATE]


def _all_busy(stack: Stack, processes: int) -> bool:
    """Has every worker process taken a backlog batch (and one still runs)?"""
    work = _ledger(stack)
    started = [w for w in work if w.started_at is not None]
    return len(started) >= processes and any(w.state is WorkState.RUNNING for w in work)


def _backlog_done(stack: Stack, urgent: int) -> int:
    return sum(1 for w in _ledger(stack) if w.article_id != urgent and w.state is WorkState.DONE)


def _headline_everywhere(stack: Stack, article_id: int) -> bool:
    database = stack.database()
    try:
        return all(headline_ready(database, article_id=article_id, locale=code) for code in LOCALES)
    finally:
        database.dispose()


def _urgent_id(stack: Stack) -> int:
    database = stack.database()
    try:
        with database.session() as session:
            found = repo.find_article_id(session, slug=URGENT_SLUG)
    finally:
        database.dispose()
    assert found is not None
    return found


def model_load_seconds(models_dir: Path, env: dict[str, str]) -> float:
    """How long a fresh process takes to load every installed model (4 pairs)."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD_SCRIPT, str(models_dir)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return round(float(done.stdout.strip().splitlines()[-1]), 3)


def _figures(work: list[repo.WorkRecord], urgent: int) -> dict[str, Any]:
    mine = [w for w in work if w.article_id == urgent]
    headline = [w for w in mine if w.priority == HEADLINE_PRIORITY]
    sent = min(w.sent_at for w in mine)
    finished = max(w.finished_at for w in headline if w.finished_at)
    started = max(w.started_at for w in headline if w.started_at)
    backlog = [
        w
        for w in work
        if w.article_id != urgent and w.started_at and w.finished_at and w.state is WorkState.DONE
    ]
    runs = [
        (w.finished_at - w.started_at).total_seconds()  # type: ignore[operator]
        for w in backlog
    ]
    overtaken = [w for w in backlog if w.started_at and sent < w.started_at < started]
    return {
        "headline_everywhere_s": round((finished - sent).total_seconds(), 2),
        "headline_started_everywhere_s": round((started - sent).total_seconds(), 2),
        "headline_batches": len(headline),
        "backlog_batches_started_after_urgent_sent_before_its_headline": len(overtaken),
        "backlog_batches_queued_when_headline_done": sum(
            1
            for w in work
            if w.article_id != urgent and (w.started_at is None or w.started_at > finished)
        ),
        "batch_run_s_median": round(statistics.median(runs), 3),
        "batch_run_s_max": round(max(runs), 3),
        "batches_measured": len(runs),
    }


def run(articles: int, batch_seconds: float, workers: int, urgent_workers: int) -> dict[str, Any]:
    root = fresh_folder(WORK / "urgent")
    packages = build_packages(WORK / "packages")
    # One CTranslate2 thread per process: four processes share two cores here.
    extra = {"TARJIMA_TEST_BATCH_SECONDS": str(batch_seconds), "TARJIMA_ENGINE_THREADS": "1"}
    with installation(root / "run", fast=False, extra=extra) as stack:
        stack.env.pop("TARJIMA_BATCH_SIZE")  # the default batch size
        stack.install(*packages.values())
        load_s = model_load_seconds(stack.data_dir / "models", stack.env)
        clock = Stopwatch()
        for i in range(articles):
            stack.submit(SAMPLE, ",".join(LOCALES), slug=f"backlog-{i}")
        queued_s = clock.elapsed()
        env = engine_double(stack.env, "paced")
        for n in range(workers):
            stack.worker(f"w{n}", env=env)
        for n in range(urgent_workers):  # `tarjima worker -Q urgent`: kept for breaking news
            stack.worker(f"urgent{n}", env=env, queues="urgent")
        clock.until(
            lambda: _all_busy(stack, workers),
            timeout=300,
            what="every worker process busy with the backlog",
        )
        submit = Stopwatch()
        stack.submit(SAMPLE, ",".join(LOCALES), slug=URGENT_SLUG, urgent=True)
        urgent = _urgent_id(stack)
        submit.until(
            lambda: _headline_everywhere(stack, urgent),
            timeout=600,
            what="the urgent headline in every language",
        )
        wall_s = submit.elapsed()
        # "One batch" is measured on the backlog's batches of the same run: wait until each
        # worker process has finished one (with a free urgent worker, the headline can be
        # stored before any backlog batch ends).
        clock.until(
            lambda: _backlog_done(stack, urgent) >= workers,
            timeout=600,
            what="a finished backlog batch per worker process",
        )
        figures = _figures(_ledger(stack), urgent)
    bound = round(figures["batch_run_s_median"] + load_s, 2)
    return {
        "figures": {
            **figures,
            "model_load_s": load_s,
            "one_batch_plus_one_load_s": bound,
            "headline_within_bound": figures["headline_everywhere_s"] <= bound,
            "wait_within_bound": figures["headline_started_everywhere_s"] <= bound,
            "cli_submit_to_headline_wall_s": wall_s,
        },
        "backlog_queued_in_s": queued_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULTS["articles"])
    parser.add_argument("--batch-seconds", type=float, default=DEFAULTS["batch_seconds"])
    parser.add_argument("--workers", type=int, default=DEFAULTS["workers"])
    parser.add_argument(
        "--urgent-workers",
        type=int,
        default=DEFAULTS["urgent_workers"],
        help="workers started with `-Q urgent` (0: none kept free)",
    )
    options = parser.parse_args()
    results = {
        "meta": meta(),
        "plan": vars(options),
        **run(options.articles, options.batch_seconds, options.workers, options.urgent_workers),
    }
    path: Path = save("urgent", results, official=vars(options) == DEFAULTS)
    for key, value in results["figures"].items():
        print(f"{key:>62}: {value}")
    print(f"results: {path}")


if __name__ == "__main__":
    main()
