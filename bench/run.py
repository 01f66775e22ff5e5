"""Run the whole benchmark: ``.venv/bin/python -m bench.run`` from the repository root.

Builds (or reuses) the transformer-base package, then on the same N segments measures
(i) raw CTranslate2, (ii) Tarjima end to end through real workers over Redis and
PostgreSQL for a sweep of batch sizes, (iii) one task per segment, and (iv)
LibreTranslate; writes JSON (``bench/results/<date>.json`` for a full run) and prints a
markdown table. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench import libretranslate
from bench.article import SAMPLE, BenchArticle, build_article
from bench.model import ensure_package
from bench.pipeline import PublishRun, publish_and_wait
from bench.report import markdown, overheads, ping_summary, recommend
from bench.services import (
    Worker,
    cli,
    flush_redis,
    fresh_database,
    ping_round_trips,
    running_worker,
    service_env,
)

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work" / "run"
DEFAULT_BATCH = 16
RAW_SINGLE_SUBSET = 100


@dataclass(frozen=True)
class Layout:
    """Worker processes x CTranslate2 threads per process (2 x 1 = 2 x 1 = 2 cores)."""

    processes: int
    threads: int

    @property
    def label(self) -> str:
        return f"{self.processes}x{self.threads}"


@dataclass(frozen=True)
class Plan:
    segments: int
    sweep: tuple[int, ...]
    main: Layout
    others: tuple[Layout, ...]
    libretranslate: bool
    pings: int
    out: Path
    resummarize: Path | None = None


def parse_args(argv: Sequence[str] | None) -> Plan:
    parser = argparse.ArgumentParser(description="Tarjima throughput benchmark (issue 3.6)")
    parser.add_argument("--segments", type=int, default=500, help="segments to translate")
    parser.add_argument("--quick", action="store_true", help="smoke run: 50 segments, 2 sizes")
    parser.add_argument("--batch-sizes", default="4,8,16,32,64", help="(ii) sweep")
    parser.add_argument("--skip-libretranslate", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="folder for the JSON")
    parser.add_argument(
        "--resummarize",
        type=Path,
        default=None,
        metavar="JSON",
        help="measure nothing: recompute the derived numbers of a results file and print it",
    )
    args = parser.parse_args(argv)
    segments = 50 if args.quick else args.segments
    sweep = (4, 16) if args.quick else tuple(int(b) for b in args.batch_sizes.split(","))
    full = segments == 500 and not args.quick
    out = args.out or (BENCH / "results" if full else BENCH / ".work" / "results")
    return Plan(
        segments=segments,
        sweep=sweep,
        main=Layout(2, 1),
        others=(Layout(1, 2),),
        libretranslate=not args.skip_libretranslate,
        pings=20 if args.quick else 50,
        out=out,
        resummarize=args.resummarize,
    )


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    import celery
    import ctranslate2

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory) / 2**20, 1),
        "python": platform.python_version(),
        "ctranslate2": ctranslate2.__version__,
        "celery": celery.__version__,
        "git_head": _git("rev-parse", "--short", "HEAD"),
        "git_dirty": bool(_git("status", "--porcelain", "--", "publisher", "worker")),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


def unpack(archive: Path, target: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    return folder


def run_raw(
    package: Path, texts: Path, layout: Layout, chunk: int | None, limit: int | None = None
) -> dict[str, Any]:
    args = [
        sys.executable,
        "-m",
        "bench.raw",
        str(package),
        str(texts),
        "--inter",
        str(layout.processes),
        "--intra",
        str(layout.threads),
    ]
    if chunk is not None:
        args += ["--chunk", str(chunk)]
    if limit is not None:
        args += ["--limit", str(limit)]
    done = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=900, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    result["layout"] = layout.label
    print(
        f"  (i) {layout.label} chunk={chunk} limit={limit}: {result['translate_s']:.2f} s",
        flush=True,
    )
    return result


def raw_runs(package: Path, texts: Path, plan: Plan) -> list[dict[str, Any]]:
    runs = []
    for layout in (plan.main, *plan.others):
        runs.append(run_raw(package, texts, layout, None))
        runs.append(run_raw(package, texts, layout, DEFAULT_BATCH))
    subset = min(plan.segments, RAW_SINGLE_SUBSET)
    runs.append(run_raw(package, texts, plan.main, 1, limit=subset))
    return runs


def _matches(run: PublishRun, reference: list[str]) -> int:
    return sum(a == b for a, b in zip(run.outputs, reference, strict=True))


def _publish(
    ctx: tuple[Any, Any, Worker], article: BenchArticle, batch: int, slug: str, ref: list[str]
) -> dict[str, Any]:
    celery, database, worker = ctx
    timeout = 120 + article.segments * 1.5
    run = publish_and_wait(
        celery, database, worker, article, batch_size=batch, slug=slug, timeout=timeout
    )
    result = run.as_dict()
    result["outputs_equal_to_raw"] = _matches(run, ref)
    print(f"  (ii) batch {batch}: {run.to_assembled_s:.2f} s, {run.tasks} tasks", flush=True)
    return result


def layout_runs(
    env: dict[str, str],
    layout: Layout,
    sizes: Sequence[int],
    article: BenchArticle,
    warm: BenchArticle,
    reference: list[str],
    pings: int,
) -> dict[str, Any]:
    from publisher.core.config import get_settings
    from publisher.db.session import Database
    from worker.celery_app import create_celery

    env = {**env, "TARJIMA_ENGINE_THREADS": str(layout.threads)}
    log = WORK / f"worker-{layout.label}.log"
    celery = create_celery(get_settings(broker_url=env["TARJIMA_BROKER_URL"]))
    database = Database.open(env["TARJIMA_DATABASE_URL"])
    with running_worker(env, concurrency=layout.processes, log=log) as worker:
        trips = ping_round_trips(worker.hostname, pings)
        ctx = (celery, database, worker)
        publish_and_wait(
            celery,
            database,
            worker,
            warm,
            batch_size=DEFAULT_BATCH,
            slug=f"warm-{layout.label}",
            timeout=300,
        )
        runs = [_publish(ctx, article, b, f"bench-{layout.label}-{b}", reference) for b in sizes]
        memory = worker.peak_memory_mib()
    database.dispose()
    return {
        "layout": layout.label,
        "processes": layout.processes,
        "threads": layout.threads,
        "ping": ping_summary(trips),
        "peak_memory_mib": memory,
        "runs": runs,
    }


def tarjima_runs(
    package_archive: Path, article: BenchArticle, plan: Plan, reference: list[str]
) -> list[dict[str, Any]]:
    warm = build_article(32)
    results = []
    with fresh_database() as url:
        flush_redis()
        env = service_env(url, WORK / "var", threads=plan.main.threads)
        cli(["db", "upgrade"], env)
        cli(["models", "install", str(package_archive)], env)
        main_sizes = sorted({*plan.sweep, 1}, reverse=True)
        results.append(
            layout_runs(env, plan.main, main_sizes, article, warm, reference, plan.pings)
        )
        for layout in plan.others:
            sizes = sorted({DEFAULT_BATCH, max(plan.sweep)})
            results.append(layout_runs(env, layout, sizes, article, warm, reference, plan.pings))
        flush_redis()
    return results


def _lt_checks(
    outputs: list[str], article: BenchArticle, reference: list[str], package: Path
) -> dict[str, Any]:
    """How much work LibreTranslate did compared with the others: output length in pieces
    (its texts re-encoded) and paragraphs equal to the raw outputs of their segments."""
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(
        model_file=str(package / "sentencepiece.model")
    )
    sizes = [len(block.segments) for block in article.prepared.article.blocks]
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    joined = [" ".join(reference[a : a + n]) for a, n in zip(starts, sizes, strict=True)]
    return {
        "empty_outputs": sum(1 for text in outputs if not text.strip()),
        "output_pieces_reencoded": sum(len(processor.encode(t)) for t in outputs),
        "reference_pieces_reencoded": sum(len(processor.encode(t)) for t in reference),
        "paragraphs_equal_to_raw": sum(a == b for a, b in zip(outputs, joined, strict=True)),
    }


def libretranslate_run(
    archive: Path, article: BenchArticle, plan: Plan, reference: list[str], package: Path
) -> dict[str, Any]:
    try:
        result = libretranslate.run(
            archive,
            article.masked_paragraphs,
            WORK / "libretranslate",
            inter=plan.main.processes,
            intra=plan.main.threads,
            install_log=BENCH / ".work" / "libretranslate-install.log",
        )
    except Exception as exc:  # record exactly why it could not run
        return {"error": f"{type(exc).__name__}: {exc}"}
    result.update(_lt_checks(result.pop("outputs"), article, reference, package))
    print(f"  (iv) LibreTranslate: {result['seconds']:.2f} s", flush=True)
    return result


def _raw(results: dict[str, Any], layout: str, chunk: int | None) -> dict[str, Any]:
    return next(r for r in results["raw"] if r["layout"] == layout and r["chunk"] == chunk)


def _main_runs(results: dict[str, Any]) -> list[dict[str, Any]]:
    return list(results["tarjima"][0]["runs"])


def _layout_summary(
    results: dict[str, Any], layout: dict[str, Any], limit: float
) -> dict[str, Any]:
    """Per worker layout: (ii) at the default batch size against raw translation of the
    very same batches (the pipeline's own cost) and against the limit; pings; memory."""
    label, n = layout["layout"], results["article"]["segments"]
    run = next(r for r in layout["runs"] if r["batch_size"] == DEFAULT_BATCH)
    same_batches = _raw(results, label, DEFAULT_BATCH)["translate_s"]
    return {
        f"{label}_b{DEFAULT_BATCH}_ii_over_i": run["segments_per_s"] / limit,
        f"{label}_b{DEFAULT_BATCH}_ii_over_raw_same_batches": same_batches / run["to_assembled_s"],
        f"{label}_b{DEFAULT_BATCH}_overhead_per_task": overheads(
            run, same_batches, layout["processes"]
        ),
        f"{label}_ping_median_ms": layout["ping"]["median_ms"],
        f"{label}_worker_peak_mib": layout["peak_memory_mib"],
        f"{label}_raw_one_call_segments_per_s": n / _raw(results, label, None)["translate_s"],
    }


def summarize(results: dict[str, Any], plan: Plan) -> dict[str, Any]:
    n = results["article"]["segments"]
    main = plan.main.label
    sweep = [r for r in _main_runs(results) if r["batch_size"] != 1]
    naive = next(r for r in _main_runs(results) if r["batch_size"] == 1)
    best_batch = recommend(sweep)
    ii = next(r for r in sweep if r["batch_size"] == best_batch)
    complete = [r for r in results["raw"] if r["segments"] == n]
    limit = max(n / r["translate_s"] for r in complete)
    single = _raw(results, main, 1)
    same_layout = n / _raw(results, main, None)["translate_s"]
    single_ms = single["translate_s"] / single["segments"] * plan.main.processes * 1000
    summary: dict[str, Any] = {
        "limit_segments_per_s": limit,
        "recommended_batch_size": best_batch,
        "ii_segments_per_s": ii["segments_per_s"],
        "ii_over_i": ii["segments_per_s"] / limit,
        "ii_over_i_same_layout_one_call": ii["segments_per_s"] / same_layout,
        "ii_over_iii": ii["segments_per_s"] / naive["segments_per_s"],
        "raw_single_segment_ms": single_ms,
        "naive_task_runtime_mean_ms": naive["task_runtime_mean_s"] * 1000,
        # raw batch-1 time measured on the first segments, scaled to all of them
        "iii_overhead_per_task": overheads(
            naive, single["translate_s"] * n / single["segments"], plan.main.processes
        ),
    }
    for layout in results["tarjima"]:
        summary.update(_layout_summary(results, layout, limit))
    lt = results.get("libretranslate") or {}
    if "seconds" in lt:
        summary["ii_over_iv"] = ii["segments_per_s"] / (n / lt["seconds"])
    return summary


def resummarize(path: Path, plan: Plan) -> None:
    results = json.loads(path.read_text(encoding="utf-8"))
    results["summary"] = summarize(results, plan)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))


def main(argv: Sequence[str] | None = None) -> None:
    plan = parse_args(argv)
    if plan.resummarize is not None:
        resummarize(plan.resummarize, plan)
        return
    started = time.monotonic()
    results: dict[str, Any] = {
        "meta": machine(),
        "plan": {
            "segments": plan.segments,
            "sweep": plan.sweep,
            "main_layout": plan.main.label,
            "other_layouts": [x.label for x in plan.others],
        },
    }
    print(f"load average at start: {results['meta']['loadavg_start']}", flush=True)
    article = build_article(plan.segments)
    model = ensure_package(SAMPLE.read_text(encoding="utf-8"))
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    package = unpack(model.archive, WORK / "package")
    texts = WORK / "texts.json"
    texts.write_text(json.dumps(list(article.masked), ensure_ascii=False), encoding="utf-8")
    results["model"] = {**model.spec_summary, **_model_facts(package, model.archive)}
    results["article"] = {
        "segments": article.segments,
        "distinct_segments": article.distinct,
        "paragraphs": len(article.masked_paragraphs),
    }
    results["raw"] = raw_runs(package, texts, plan)
    reference = _raw(results, plan.main.label, DEFAULT_BATCH)["outputs"]
    results["tarjima"] = tarjima_runs(model.archive, article, plan, reference)
    if plan.libretranslate:
        results["libretranslate"] = libretranslate_run(
            model.archive, article, plan, reference, package
        )
    for raw in results["raw"]:
        raw.pop("outputs")
    results["summary"] = summarize(results, plan)
    results["meta"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    results["meta"]["wall_s"] = time.monotonic() - started
    write(results, plan)


def _model_facts(package: Path, archive: Path) -> dict[str, Any]:
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(
        model_file=str(package / "sentencepiece.model")
    )
    return {
        "vocab_size": processor.get_piece_size(),
        "model_bin_mib": (package / "model" / "model.bin").stat().st_size / 2**20,
        "archive_mib": archive.stat().st_size / 2**20,
    }


def write(results: dict[str, Any], plan: Plan) -> None:
    plan.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if plan.out == BENCH / "results" else f"-{plan.segments}"
    path = plan.out / f"{date.today().isoformat()}{suffix}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(results))
    print(f"\nwritten: {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


if __name__ == "__main__":
    main()
