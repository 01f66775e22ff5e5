"""What the backlog and recovery benchmarks share: the packages, the paced engine, a
stopwatch over database state, and the results file.

Both run a whole installation from ``tests/support/stack.py`` (a private Redis without
persistence, a fresh PostgreSQL database, real `tarjima worker` and `tarjima reconcile`
processes) with Tarjima's *default* settings; only the engine is a double: the real
Argos/CTranslate2 engine made to take a fixed time per batch, a stand-in for a slower
model (NLLB on a CPU runs at about 1.7 segments per second).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from tests.support.services import wait_until

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
RESULTS = ROOT / "bench" / "results"
SAMPLE = ROOT.parent / "shared" / "samples" / "qishloq-ovozi-afghan-kyrgyz.txt"
LOCALES = ("uz", "ky", "tg", "ru")
T = TypeVar("T")


def build_packages(out: Path) -> dict[str, Path]:
    """Copy-model Argos packages for en->uz, ky, tg and ru (built once, then reused)."""
    from tests.support.package_builder import PackageSpec, build_package

    corpus = tuple(SAMPLE.read_text(encoding="utf-8").splitlines())
    found = {}
    for code in LOCALES:
        archive = out / f"en-{code}" / f"translate-en_{code}-copy.argosmodel"
        if not archive.exists():
            build_package(out / f"en-{code}", PackageSpec("en", code, "copy", corpus=corpus))
        found[code] = archive
    return found


def fresh_folder(path: Path) -> Path:
    """An empty folder at ``path`` (logs of an earlier run are removed)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def meta() -> dict[str, Any]:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    ).stdout.strip()
    return {
        "date": date.today().isoformat(),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "git_head": head,
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


class Stopwatch:
    """Seconds since a moment, and how long a condition on the database took to hold."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def elapsed(self) -> float:
        return round(time.monotonic() - self.start, 1)

    def until(self, condition: Callable[[], T | None], *, timeout: float, what: str) -> T:
        return wait_until(condition, timeout=timeout, what=what, every=0.2)


def save(name: str, results: dict[str, Any], *, official: bool) -> Path:
    """``bench/results/<name>-<date>.json`` for a run with the documented options, else
    ``bench/.work/results/``."""
    folder = RESULTS if official else WORK / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{date.today().isoformat()}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
