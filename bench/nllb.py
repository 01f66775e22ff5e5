"""NLLB-200-distilled-600M on a CPU through Tarjima's NLLB engine: memory and speed.

Run from the repository root: ``.venv/bin/python -m bench.nllb`` (see bench/README.md,
"NLLB-200-distilled-600M on a CPU"). No model can be downloaded here, so the model has the
real architecture and random weights (``nllb_600m_shape`` of tests/support/nllb_builder.py:
12+12 layers, d_model 1024, feed-forward 4096, 16 heads, 256,206 tokens, int8) and the
parameter layout of a converted model: one embedding matrix shared by the encoder, the
decoder and the output projection, stored once (``shared_embeddings``). Its SentencePiece
model is the Argos benchmark model's (bench/model.py: same corpus, 32,000 pieces), so the
source pieces are those of the Argos benchmark; the rest of the 256,206 tokens are padding.
``LENGTH_GAIN`` makes outputs about as long as their sources (see bench/model.py).

Every measurement runs in a fresh subprocess (``--child``) that does what a worker child
does: ``NllbEngine(...).load()``, then ``translate_scored`` on consecutive batches of
``TARJIMA_BATCH_SIZE`` (32) masked segments of the benchmark article, en -> uz. It reports
its resident memory (VmRSS, VmHWM from /proc/self/status) after imports, after loading,
after its first batch and at the end. Layouts as in bench/run.py: 1x2 is one process with
``intra_threads=2``; 2x1 is two processes with one thread each, started together, taking
alternate batches (what docker-compose.yml's ``--concurrency=2`` with
``TARJIMA_ENGINE_THREADS=1`` does). The Argos transformer-base model of bench/model.py is
measured on the same segments with bench/raw.py at the same batch size, for comparison.

The model is built once (about a minute; the build peaks at 7 GiB of memory) and cached in
``bench/.work/cache/nllb-<hash of the recipe and of the builders' code>/``.

The development machine is shared: each run waits until other processes are quiet, records
the CPU time they used while it ran (``contention``: /proc/stat less this benchmark's own
processes) and is run again when they took 0.2 cores or more (see ``measured``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = BENCH / ".work" / "cache"
WORK = BENCH / ".work" / "nllb"
MODEL_NAME = "nllb-600m-random"

LENGTH_GAIN = 35.5
VOCABULARY = 256_206  # facebook/nllb-200-distilled-600M's shared vocabulary
MAX_POSITIONS = 1024  # the converted model's position table (1026 minus M2M100's offset 2)
SEED = 2021
SOURCE, TARGET = "en", "uz"
WARM_SEGMENTS = 4  # one small untimed call first: the Translator's first-call allocations
# Other processes' CPU use, in cores: below QUIET_CORES a run starts; a run during which
# they used CONTENDED_CORES or more is tried again (see ``measured``).
QUIET_CORES = 0.2
CONTENDED_CORES = 0.2


@dataclass(frozen=True)
class Run:
    """One measurement: a layout (processes x threads) and a beam size."""

    processes: int
    threads: int
    beam: int

    @property
    def label(self) -> str:
        return f"{self.processes}x{self.threads} beam {self.beam}"


# --- the model ---------------------------------------------------------------------------


def nllb_bench_spec(sample_text: str, *, length_gain: float = LENGTH_GAIN) -> Any:
    """The 600M shape with the Argos benchmark's tokenizer corpus (padding set at build)."""
    from bench.model import bench_spec
    from tests.support.nllb_builder import nllb_600m_shape

    argos = bench_spec(sample_text)
    return nllb_600m_shape(
        corpus=argos.corpus,
        vocab_size=argos.vocab_size,
        max_positions=MAX_POSITIONS,
        seed=SEED,
        length_gain=length_gain,
        shared_embeddings=True,
        padding_tokens=0,
    )


def _recipe_key(spec: Any) -> str:
    recipe = asdict(replace(spec, corpus=()))
    recipe["corpus_sha256"] = hashlib.sha256("\n".join(spec.corpus).encode()).hexdigest()
    recipe["token_map"] = dict(spec.token_map)
    recipe["vocabulary"] = VOCABULARY
    builders = ("nllb_builder.py", "package_builder.py")  # the code that writes the weights
    recipe["builders_sha256"] = [
        hashlib.sha256((REPO / "tests" / "support" / name).read_bytes()).hexdigest()
        for name in builders
    ]
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:16]


def padded(spec: Any) -> Any:
    """The spec with the padding that brings the vocabulary to VOCABULARY tokens."""
    from tests.support.nllb_builder import nllb_vocabulary
    from tests.support.package_builder import train_sentencepiece

    tokens = nllb_vocabulary(train_sentencepiece(spec.corpus, spec.vocab_size), spec)
    return replace(spec, padding_tokens=VOCABULARY - len(tokens))


def ensure_model(sample_text: str, *, length_gain: float = LENGTH_GAIN) -> tuple[Path, Any]:
    """The cached model folder (built if missing) and its spec."""
    from tests.support.nllb_builder import build_nllb_model

    spec = nllb_bench_spec(sample_text, length_gain=length_gain)
    folder = CACHE / f"nllb-{_recipe_key(spec)}"
    model = folder / MODEL_NAME
    spec_file = folder / "spec.json"
    if not (model / "model.bin").is_file() or not spec_file.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        spec = padded(spec)
        started = time.perf_counter()
        print(
            f"building the model ({spec.padding_tokens} padding tokens)...",
            file=sys.stderr,
            flush=True,
        )
        build_nllb_model(folder / "partial", spec)
        (folder / "partial").rename(model)
        summary = {**spec_summary(spec), "build_s": round(time.perf_counter() - started, 1)}
        spec_file.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return model, json.loads(spec_file.read_text(encoding="utf-8"))


def spec_summary(spec: Any) -> dict[str, Any]:
    return {
        "layers": f"{spec.num_layers}+{spec.num_layers}",
        "d_model": spec.d_model,
        "ffn": spec.ffn_dim,
        "heads": spec.num_heads,
        "sentencepiece_pieces": spec.vocab_size,
        "padding_tokens": spec.padding_tokens,
        "max_positions": spec.max_positions,
        "shared_embeddings": spec.shared_embeddings,
        "length_gain": spec.length_gain,
        "quantization": spec.quantization,
        "seed": spec.seed,
    }


def model_facts(model: Path) -> dict[str, Any]:
    tokens = json.loads((model / "shared_vocabulary.json").read_text(encoding="utf-8"))
    return {
        "vocabulary": len(tokens),
        "model_bin_bytes": (model / "model.bin").stat().st_size,
        "model_bin_mib": (model / "model.bin").stat().st_size / 2**20,
        "folder_mib": sum(p.stat().st_size for p in model.iterdir()) / 2**20,
    }


# --- the child: one worker process -------------------------------------------------------


def memory_kib() -> dict[str, int]:
    """VmRSS and VmHWM of this process (KiB), from /proc/self/status."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


class _Counting:
    """Wraps the engine's Translator: counts output pieces (the forced target token out)."""

    def __init__(self, translator: Any, target_token: str) -> None:
        self.translator = translator
        self.target_token = target_token
        self.lengths: list[int] = []

    def translate_batch(self, tokens: list[list[str]], **options: Any) -> Any:
        results = self.translator.translate_batch(tokens, **options)
        for result in results:
            pieces = result.hypotheses[0]
            self.lengths.append(len(pieces) - int(bool(pieces) and pieces[0] == self.target_token))
        return results


def batches(count: int, size: int) -> list[range]:
    return [range(i, min(i + size, count)) for i in range(0, count, size)]


def _timed_batches(
    engine: Any,
    loaded: Any,
    counting: _Counting,
    texts: list[str],
    mine: list[range],
    memory: dict[str, dict[str, int]],
) -> list[dict[str, Any]]:
    """Translate this child's batches, timing each (wall and CPU) and counting pieces."""
    timed = []
    for n, indices in enumerate(mine):
        chunk = [texts[i] for i in indices]
        wall, cpu = time.perf_counter(), time.process_time()
        scored = engine.translate_scored(chunk, source=SOURCE, target=TARGET)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        source_pieces = [len(loaded.processor.encode(t.strip(), out_type=str)) for t in chunk]
        timed.append(
            {
                "first": indices.start,
                "segments": len(chunk),
                "seconds": wall,
                "cpu_s": cpu,
                "source_pieces": source_pieces,
                "output_pieces": counting.lengths[-len(chunk) :],
                "scores": [s.score for s in scored],
            }
        )
        if n == 0:
            memory["after_first_batch"] = memory_kib()
    return timed


def child(
    model_dir: Path,
    texts: list[str],
    *,
    beam: int,
    threads: int,
    batch: int,
    part: int,
    parts: int,
) -> dict[str, Any]:
    """Translate every ``parts``-th batch (from ``part``) as a worker child does."""
    import ctranslate2  # noqa: F401  (imported before the first reading, as a worker has it)
    import sentencepiece  # noqa: F401

    from publisher.core.locales import NLLB_CODES
    from worker.engines.nllb import NllbEngine
    from worker.engines.nllb_models import read_nllb_model

    memory = {"after_import": memory_kib()}
    engine = NllbEngine(read_nllb_model(model_dir), beam_size=beam, intra_threads=threads)
    started = time.perf_counter()
    loaded = engine.load()
    load_s = time.perf_counter() - started
    memory["after_load"] = memory_kib()
    counting = _Counting(loaded.translator, NLLB_CODES[TARGET])
    loaded.translator = counting
    started = time.perf_counter()
    engine.translate_scored(texts[:WARM_SEGMENTS], source=SOURCE, target=TARGET)
    warm_s = time.perf_counter() - started
    counting.lengths.clear()
    mine = batches(len(texts), batch)[part::parts]
    began = time.time()
    timed = _timed_batches(engine, loaded, counting, texts, mine, memory)
    ended = time.time()
    memory["end"] = memory_kib()
    return {
        "beam": beam,
        "threads": threads,
        "batch": batch,
        "part": part,
        "parts": parts,
        "device": engine.device,
        "load_s": load_s,
        "warm_s": warm_s,
        "started_at": began,
        "ended_at": ended,
        "batches": timed,
        "memory_kib": memory,
        "ctranslate2_threads": threads,
    }


# --- the parent --------------------------------------------------------------------------


def busy_s() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_s() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_quiet(limit_s: float) -> float:
    """Wait (at most ``limit_s``) until other processes use under QUIET_CORES; the wait."""
    began = time.monotonic()
    while time.monotonic() - began < limit_s:
        busy = busy_s()
        time.sleep(3.0)
        if (busy_s() - busy) / 3.0 < QUIET_CORES:
            break
    return time.monotonic() - began


@contextmanager
def watched() -> Iterator[dict[str, Any]]:
    """The CPU that processes other than this benchmark's children use meanwhile."""
    found: dict[str, Any] = {"loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    busy, mine, began = busy_s(), children_cpu_s(), time.monotonic()
    yield found
    elapsed = time.monotonic() - began
    other = max(0.0, (busy_s() - busy) - (children_cpu_s() - mine))
    found.update(elapsed_s=elapsed, other_cpu_s=other, other_cores=other / elapsed)


def measured(
    label: str, attempt: Callable[[], dict[str, Any]], *, tries: int, quiet_wait: float
) -> dict[str, Any]:
    """Run ``attempt`` when the machine is quiet; again (up to ``tries`` in all) when other
    processes used CONTENDED_CORES or more meanwhile. The least contended attempt is kept;
    the others are listed, without their per-batch detail, under ``discarded_attempts``."""
    attempts = []
    for _ in range(tries):
        waited = wait_quiet(quiet_wait)
        with watched() as contention:
            result = attempt()
        result["contention"] = {**contention, "waited_s": waited}
        attempts.append(result)
        if contention["other_cores"] < CONTENDED_CORES:
            break
        print(
            f"  {label}: other processes used {contention['other_cores']:.2f} cores meanwhile",
            flush=True,
        )
    best = min(attempts, key=lambda a: float(a["contention"]["other_cores"]))
    best["discarded_attempts"] = [
        {k: v for k, v in a.items() if k != "children"} for a in attempts if a is not best
    ]
    return best


def run_children(model: Path, texts: Path, run: Run, batch: int) -> list[dict[str, Any]]:
    """Start ``run.processes`` children at once and collect their JSON."""
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.nllb",
                "--child",
                str(model),
                str(texts),
                "--beam",
                str(run.beam),
                "--threads",
                str(run.threads),
                "--batch",
                str(batch),
                "--part",
                str(part),
                "--parts",
                str(run.processes),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in range(run.processes)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=1800)
        if proc.returncode != 0:
            raise RuntimeError(f"child failed ({proc.returncode}): {err[-2000:]}")
        results.append(json.loads(out))
    return results


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float:
    return statistics.correlation(xs, ys) if len(xs) > 2 else math.nan


def summarize_run(run: Run, children: list[dict[str, Any]]) -> dict[str, Any]:
    """Throughput, per-batch times, lengths and memory of one run."""
    timed = [b for c in children for b in c["batches"]]
    timed.sort(key=lambda b: b["first"])
    source = [p for b in timed for p in b["source_pieces"]]
    output = [p for b in timed for p in b["output_pieces"]]
    wall = max(c["ended_at"] for c in children) - min(c["started_at"] for c in children)
    full = [b["seconds"] for b in timed if b["segments"] == children[0]["batch"]]
    segments = len(source)
    mib = {
        stage: [c["memory_kib"][stage]["VmRSS"] / 1024 for c in children]
        for stage in ("after_import", "after_load", "after_first_batch", "end")
    }
    return {
        "layout": f"{run.processes}x{run.threads}",
        "processes": run.processes,
        "threads": run.threads,
        "beam": run.beam,
        "batch": children[0]["batch"],
        "device": children[0]["device"],
        "segments": segments,
        "batches": len(timed),
        "wall_s": wall,
        "segments_per_s": segments / wall,
        "source_pieces": sum(source),
        "output_pieces": sum(output),
        "source_pieces_per_s": sum(source) / wall,
        "output_pieces_per_s": sum(output) / wall,
        "batch_s_mean": statistics.fmean(full) if full else math.nan,
        "batch_s_median": statistics.median(full) if full else math.nan,
        "batch_s_max": max(full) if full else math.nan,
        "batch_cpu_s_mean": statistics.fmean(
            [b["cpu_s"] for b in timed if b["segments"] == children[0]["batch"]] or [math.nan]
        ),
        "cpu_per_wall": sum(b["cpu_s"] for b in timed) / sum(b["seconds"] for b in timed),
        "output_over_source": sum(output) / sum(source),
        "length_correlation": _correlation(source, output),
        "median_source_pieces": statistics.median(source),
        "median_output_pieces": statistics.median(output),
        "outputs_at_cap": sum(p >= 255 for p in output),
        "load_s": [c["load_s"] for c in children],
        "warm_s": [c["warm_s"] for c in children],
        "rss_mib": mib,
        "peak_rss_mib": [c["memory_kib"]["end"]["VmHWM"] / 1024 for c in children],
    }


def argos_package() -> Path:
    """The Argos benchmark package (bench/model.py), unpacked into the work folder."""
    from bench.article import SAMPLE
    from bench.model import ensure_package
    from bench.run import unpack

    model = ensure_package(SAMPLE.read_text(encoding="utf-8"))
    shutil.rmtree(WORK / "argos", ignore_errors=True)
    return unpack(model.archive, WORK / "argos")


def argos_reference(package: Path, texts: Path, batch: int, limit: int) -> dict[str, Any]:
    """The Argos transformer-base benchmark model, raw CTranslate2, one process x 2
    threads, one call per ``batch`` consecutive segments (bench/raw.py)."""
    from bench.run import Layout, run_raw

    result = run_raw(package, texts, Layout(1, 2), batch, limit=limit)
    result.pop("outputs")
    seconds = result["translate_s"]
    return {
        **result,
        "model_bin_mib": (package / "model" / "model.bin").stat().st_size / 2**20,
        "segments_per_s": result["segments"] / seconds,
        "source_pieces_per_s": result["source_pieces"] / seconds,
        "output_pieces_per_s": result["output_pieces"] / seconds,
        "batch_s_mean": seconds / math.ceil(result["segments"] / batch),
        "output_over_source": result["output_pieces"] / result["source_pieces"],
    }


def markdown(results: dict[str, Any]) -> str:
    rows = [
        "| model | layout | beam | segments/s | source pieces/s | output pieces/s "
        "| s per 32-segment batch (mean / max) | output/source | peak RSS per process "
        "| others' CPU |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["runs"]:
        rows.append(
            f"| NLLB 600M shape | {r['layout']} | {r['beam']} | {r['segments_per_s']:.2f} "
            f"| {r['source_pieces_per_s']:.0f} | {r['output_pieces_per_s']:.0f} "
            f"| {r['batch_s_mean']:.1f} / {r['batch_s_max']:.1f} "
            f"| {r['output_over_source']:.2f} | {max(r['peak_rss_mib']):.0f} MiB "
            f"| {r['contention']['other_cores']:.2f} cores |"
        )
    argos = results.get("argos")
    if argos:
        rows.append(
            f"| Argos transformer-base (raw) | 1x2 | {argos['decoding']['beam_size']} "
            f"| {argos['segments_per_s']:.1f} | {argos['source_pieces_per_s']:.0f} "
            f"| {argos['output_pieces_per_s']:.0f} | {argos['batch_s_mean']:.2f} | "
            f"{argos['output_over_source']:.2f} | {argos['max_rss_mib']:.0f} MiB "
            f"| {argos['contention']['other_cores']:.2f} cores |"
        )
    return "\n".join(rows)


def machine() -> dict[str, Any]:
    from bench.run import machine as bench_machine

    found = bench_machine()
    found.pop("celery", None)
    # What CTranslate2's int8 CPU kernels can use: AVX-512 and VNNI make them much faster.
    cpuinfo: dict[str, str] = {}
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        key, _, value = line.partition(":")
        cpuinfo.setdefault(key.strip(), value.strip())
    found["cpu_family_model"] = f"{cpuinfo.get('cpu family')}/{cpuinfo.get('model')}"
    found["cpu_flags"] = [
        f for f in cpuinfo.get("flags", "").split() if f.startswith(("avx", "amx")) or f == "fma"
    ]
    return found


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    from publisher.core.config import Settings

    fields = Settings.model_fields
    parser = argparse.ArgumentParser(description="NLLB-200-distilled-600M shape on a CPU")
    parser.add_argument("--segments", type=int, default=192, help="segments to translate")
    parser.add_argument(
        "--runs", default="1x2:2,1x2:1,2x1:2", help="processes x threads : beam, comma-separated"
    )
    parser.add_argument("--batch", type=int, default=fields["batch_size"].default)
    parser.add_argument("--length-gain", type=float, default=LENGTH_GAIN)
    parser.add_argument("--skip-argos", action="store_true")
    parser.add_argument(
        "--tries",
        type=int,
        default=2,
        help="attempts per run while other processes load the machine",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=120.0,
        help="seconds to wait for a quiet machine before each attempt",
    )
    parser.add_argument("--out", type=Path, default=None, help="folder for the JSON")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=2, metavar=("MODEL", "TEXTS"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--beam", type=int, default=fields["beam_size"].default, help=argparse.SUPPRESS
    )
    parser.add_argument("--threads", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--parts", type=int, default=1, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def parse_runs(text: str) -> list[Run]:
    runs = []
    for item in text.split(","):
        layout, _, beam = item.strip().partition(":")
        processes, _, threads = layout.partition("x")
        runs.append(Run(int(processes), int(threads), int(beam or 2)))
    return runs


def default_run(args: argparse.Namespace) -> bool:
    return (
        args.segments == 192
        and args.length_gain == LENGTH_GAIN
        and args.runs == "1x2:2,1x2:1,2x1:2"
        and not args.skip_argos
    )


def _run_child(args: argparse.Namespace) -> None:
    texts = json.loads(Path(args.child[1]).read_text(encoding="utf-8"))
    result = child(
        Path(args.child[0]),
        texts,
        beam=args.beam,
        threads=args.threads,
        batch=args.batch,
        part=args.part,
        parts=args.parts,
    )
    json.dump(result, sys.stdout)


def _build(args: argparse.Namespace) -> None:
    """In a subprocess: the build's 7 GiB peak stays out of the measurements."""
    from bench.article import SAMPLE

    model, spec = ensure_model(SAMPLE.read_text(encoding="utf-8"), length_gain=args.length_gain)
    if not args.skip_argos:
        from bench.model import ensure_package

        ensure_package(SAMPLE.read_text(encoding="utf-8"))
    json.dump({"model": str(model), "spec": spec}, sys.stdout)


def _built_model(args: argparse.Namespace, results: dict[str, Any]) -> Path:
    build = [sys.executable, "-m", "bench.nllb", "--build", "--length-gain", str(args.length_gain)]
    built = subprocess.run(
        build + (["--skip-argos"] if args.skip_argos else []),
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    found = json.loads(built.stdout.splitlines()[-1])
    model, spec = Path(found["model"]), found["spec"]
    results["model"] = {**spec, **model_facts(model)}
    print(f"model: {results['model']['model_bin_mib']:.0f} MiB model.bin", flush=True)
    return model


def _texts(args: argparse.Namespace, results: dict[str, Any]) -> tuple[Path, int]:
    """The article's first ``--segments`` segments, written for the children to read."""
    from bench.article import build_article

    # The article is built at 500 segments (the Argos benchmark's) and its first N are used.
    article = build_article(500)
    WORK.mkdir(parents=True, exist_ok=True)
    texts = WORK / "texts.json"
    chosen = list(article.masked[: args.segments])
    texts.write_text(json.dumps(chosen, ensure_ascii=False), encoding="utf-8")
    results["article"] = {
        "segments": len(chosen),
        "of": article.segments,
        "distinct_segments": len(set(chosen)),
    }
    return texts, len(chosen)


def _measure_runs(
    args: argparse.Namespace, model: Path, texts: Path, retry: dict[str, Any]
) -> list[dict[str, Any]]:
    summaries = []
    for run in parse_runs(args.runs):
        print(f"{run.label}...", flush=True)

        def attempt(run: Run = run) -> dict[str, Any]:
            children = run_children(model, texts, run, args.batch)
            return {**summarize_run(run, children), "children": children}

        summary = measured(run.label, attempt, **retry)
        summaries.append(summary)
        print(
            f"  {summary['segments_per_s']:.2f} segments/s, "
            f"{summary['batch_s_mean']:.1f} s per batch, "
            f"output/source {summary['output_over_source']:.3f}, "
            f"peak {max(summary['peak_rss_mib']):.0f} MiB, "
            f"others {summary['contention']['other_cores']:.2f} cores",
            flush=True,
        )
    return summaries


def _save(args: argparse.Namespace, results: dict[str, Any], segments: int) -> None:
    out = args.out or (BENCH / "results" if default_run(args) else BENCH / ".work" / "results")
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if default_run(args) else f"-{segments}"
    path = out / f"nllb-600m-cpu-{date.today().isoformat()}{suffix}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))
    print(f"\nwritten: {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        _run_child(args)
        return
    if args.build:
        _build(args)
        return
    started = time.monotonic()
    results: dict[str, Any] = {"meta": machine()}
    print(f"load average at start: {results['meta']['loadavg_start']}", flush=True)
    model = _built_model(args, results)
    texts, segments = _texts(args, results)
    results["plan"] = {
        "batch": args.batch,
        "runs": args.runs,
        "source": SOURCE,
        "target": TARGET,
        "warm_segments": WARM_SEGMENTS,
    }
    retry = {"tries": args.tries, "quiet_wait": args.quiet_wait}
    results["runs"] = _measure_runs(args, model, texts, retry)
    if not args.skip_argos:
        print("Argos transformer-base, raw CTranslate2...", flush=True)
        package = argos_package()
        results["argos"] = measured(
            "Argos", lambda: argos_reference(package, texts, args.batch, segments), **retry
        )
    results["meta"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    results["meta"]["wall_s"] = time.monotonic() - started
    _save(args, results, segments)


if __name__ == "__main__":
    main()
