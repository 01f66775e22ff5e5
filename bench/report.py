"""Derived numbers (ratios, overheads, the recommended batch size) and the markdown report."""

from __future__ import annotations

from statistics import median
from typing import Any

# A smaller batch within this share of the best throughput is preferred: it loses less
# work when a worker dies, shows progress sooner and stays further from the time limits.
RECOMMEND_TOLERANCE = 0.03


def recommend(sweep: list[dict[str, Any]]) -> int:
    best = max(run["segments_per_s"] for run in sweep)
    good = [run for run in sweep if run["segments_per_s"] >= best * (1 - RECOMMEND_TOLERANCE)]
    return int(min(run["batch_size"] for run in good))


def _rate(segments: int, seconds: float) -> float:
    return segments / seconds if seconds > 0 else 0.0


def overheads(
    run: dict[str, Any], raw_seconds: float | None, concurrency: int
) -> dict[str, float | None]:
    """Per-task overhead of a pipeline run against raw translation of the same batches.

    ``raw_seconds``: the in-process time of the same batches with the same parallelism.
    ``wall``: extra wall-clock time per task, times the processes working in parallel;
    ``in_task``: logged task runtime beyond the raw translation of its batch (database
    reads and writes, masking, QA, tokenization); ``outside``: the rest (broker, waiting).
    """
    tasks = run["tasks"]
    if raw_seconds is None or not tasks:
        return {"wall_ms": None, "in_task_ms": None, "outside_task_ms": None}
    busy = run["to_assembled_s"] * concurrency
    raw_busy = raw_seconds * concurrency
    logged = run["task_runtime_sum_s"] if run["task_runtimes_logged"] == tasks else None
    return {
        "wall_ms": (busy - raw_busy) / tasks * 1000,
        "in_task_ms": None if logged is None else (logged - raw_busy) / tasks * 1000,
        "outside_task_ms": None if logged is None else (busy - logged) / tasks * 1000,
    }


def ping_summary(pings: list[float]) -> dict[str, float]:
    ordered = sorted(pings)
    return {
        "count": len(pings),
        "median_ms": median(pings) * 1000,
        "p90_ms": ordered[int(0.9 * (len(ordered) - 1))] * 1000,
    }


def _row(system: str, layout: str, batch: str, seconds: float, segments: int, limit: float) -> str:
    rate = _rate(segments, seconds)
    ratio = rate / limit if limit else 0.0
    return f"| {system} | {layout} | {batch} | {seconds:.2f} | {rate:.1f} | {ratio:.2f} |"


def markdown(results: dict[str, Any]) -> str:
    """The results table and the headline numbers."""
    n = results["article"]["segments"]
    limit = results["summary"]["limit_segments_per_s"]
    lines = [
        f"Segments: {n}; load average at start {results['meta']['loadavg_start']}",
        "",
        "| system | layout (processes x threads) | batch | seconds | segments/s | / (i) limit |",
        "|---|---|---|---|---|---|",
    ]
    for raw in results["raw"]:
        batch = "all (max 64)" if raw["chunk"] is None else str(raw["chunk"])
        system = "(i) raw translate_batch"
        lines.append(_row(system, raw["layout"], batch, raw["translate_s"], raw["segments"], limit))
    for layout in results["tarjima"]:
        for run in layout["runs"]:
            system = "(iii) task per segment" if run["batch_size"] == 1 else "(ii) Tarjima"
            lines.append(
                _row(
                    system,
                    layout["layout"],
                    str(run["batch_size"]),
                    run["to_assembled_s"],
                    run["segments"],
                    limit,
                )
            )
    lt = results.get("libretranslate") or {}
    if "seconds" in lt:
        layout = f"1 x ({lt['inter_threads']} x {lt['intra_threads']})"
        lines.append(_row("(iv) LibreTranslate", layout, "per paragraph", lt["seconds"], n, limit))
    elif lt:
        lines.append(f"| (iv) LibreTranslate | - | - | did not run: {lt.get('error')} | | |")
    lines += ["", *[f"- {key}: {value}" for key, value in results["summary"].items()]]
    return "\n".join(lines)
