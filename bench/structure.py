"""The shape of the code (issue 17: measure before and after with the same script).

    .venv/bin/python -m bench.structure            # sizes and imports: a few seconds
    .venv/bin/python -m bench.structure --suite    # and the whole test suite's time

Reports, from the source alone (``ast``; nothing is imported but the core check):

* **sizes**: modules and lines per package, the largest modules, functions per package
  (median and largest, and how many exceed 60 lines);
* **imports between packages**: each import of ``worker`` from ``publisher`` and back, at
  the top of a module or inside a function (lazy), and whether the packages import each
  other (a cycle, lazy ones included);
* **core without storage**: for each core module, whether importing it in a fresh
  interpreter loads SQLAlchemy or Celery;
* **layers** (where pyproject.toml states them for import-linter): imports between the
  layers (entry points, worker, services, storage, core), and any that point upward;
* **suite time** (``--suite``): the wall time of ``pytest`` over the whole suite.
"""

from __future__ import annotations

import argparse
import ast
import re
import statistics
import subprocess
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.fault_support import meta, save

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("publisher", "worker", "bench")
CORE = (
    "publisher.core.ingest",
    "publisher.core.segment.segmenter",
    "publisher.core.protect",
    "publisher.core.localize.l10n",
    "publisher.core.localize.transliterate",
    "publisher.core.qa",
    "publisher.core.glossary",
)
LONG_FUNCTION = 60
LAYER_NAMES = ("entry points", "worker", "services", "storage", "core")


@dataclass(frozen=True)
class Import:
    """One import of another top-level package."""

    module: str
    target: str
    lazy: bool


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def _imports(module: str, tree: ast.Module) -> list[Import]:
    """Imports of another top-level package; lazy when inside a function."""
    own = module.split(".", maxsplit=1)[0]
    lazy_nodes = {
        id(node)
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(fn)
    }
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            target = name.split(".")[0]
            if target in PACKAGES and target != own:
                found.append(Import(module, name, id(node) in lazy_nodes))
    return found


def _internal_imports(module: str, tree: ast.Module) -> list[str]:
    """Every import of a publisher or worker module, lazy ones included."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return [n for n in names if n.split(".")[0] in ("publisher", "worker") and n != module]


def layer_table() -> list[list[str]]:
    """The layers of pyproject.toml's import-linter contract, top first (empty before it)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for contract in config.get("tool", {}).get("importlinter", {}).get("contracts", []):
        if contract["type"] == "layers":
            return [[m.strip() for m in re.split(r"[|:]", row)] for row in contract["layers"]]
    return []


def _layer(name: str, table: list[list[str]]) -> int | None:
    for index, row in enumerate(table):
        if any(name == top or name.startswith(top + ".") for top in row):
            return index
    return None


def layers() -> dict[str, Any]:
    """Imports between the contract's layers, counted by direction."""
    table = layer_table()
    if not table:
        return {"layers": None}
    edges: Counter[tuple[int, int]] = Counter()
    upward: set[str] = set()
    for package in ("publisher", "worker"):
        for path in _sources(package):
            module = _module_name(path)
            tree = ast.parse(path.read_text(encoding="utf-8"))
            source = _layer(module, table)
            for target in _internal_imports(module, tree):
                layer = _layer(target, table)
                if source is None or layer is None or layer == source:
                    continue
                edges[(source, layer)] += 1
                if layer < source:
                    upward.add(f"{module} -> {target}")
    names = list(LAYER_NAMES) if len(table) == len(LAYER_NAMES) else [r[0] for r in table]
    return {
        "layers": [" | ".join(row) for row in table],
        "imports_between_layers": [
            {"from": names[a], "to": names[b], "count": n} for (a, b), n in sorted(edges.items())
        ],
        "upward_imports": sorted(upward),
        # publisher's entry points (cli, web) sit above worker; nothing below them may
        # import it: that is what "no cycle" means once the layers are stated.
        "publisher_below_entry_points_importing_worker": sorted(
            m
            for m in upward
            if m.startswith("publisher.") and m.split(" -> ")[1].startswith("worker.")
        ),
        "cycle_between_layers": any((b, a) in edges for a, b in edges),
    }


def _functions(tree: ast.Module) -> list[int]:
    return [
        (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def sizes_and_imports() -> dict[str, Any]:
    packages: dict[str, Any] = {}
    modules: list[tuple[str, int]] = []
    imports: list[Import] = []
    for package in PACKAGES:
        lengths: list[int] = []
        lines = 0
        files = _sources(package)
        for path in files:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
            count = len(text.splitlines())
            lines += count
            modules.append((_module_name(path), count))
            lengths += _functions(tree)
            imports += _imports(_module_name(path), tree)
        packages[package] = {
            "modules": len(files),
            "lines": lines,
            "functions": len(lengths),
            "function_lines_median": statistics.median(lengths) if lengths else 0,
            "function_lines_max": max(lengths, default=0),
            f"functions_over_{LONG_FUNCTION}_lines": sum(1 for n in lengths if n > LONG_FUNCTION),
        }
    edges = Counter((i.module.split(".")[0], i.target.split(".")[0], i.lazy) for i in imports)
    pairs = {(a, b) for a, b, _ in edges}
    return {
        "packages": packages,
        "largest_modules": [
            {"module": m, "lines": n} for m, n in sorted(modules, key=lambda x: -x[1])[:10]
        ],
        "imports_between_packages": [
            {"from": a, "to": b, "lazy": lazy, "count": n}
            for (a, b, lazy), n in sorted(edges.items())
        ],
        "modules_importing_another_package": sorted(
            {
                f"{i.module} -> {i.target.split('.')[0]}{' (lazy)' if i.lazy else ''}"
                for i in imports
                if i.module.split(".")[0] != "bench"
            }
        ),
        "cycle_between_publisher_and_worker": {("publisher", "worker"), ("worker", "publisher")}
        <= pairs,
    }


def core_without_storage() -> dict[str, dict[str, bool]]:
    """What importing each core module loads, in a fresh interpreter."""
    script = (
        "import importlib, sys; importlib.import_module(sys.argv[1]); "
        "print(int('sqlalchemy' in sys.modules), int('celery' in sys.modules))"
    )
    found = {}
    for module in CORE:
        done = subprocess.run(
            [sys.executable, "-c", script, module],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        storage, celery = done.stdout.split()
        found[module] = {"loads_sqlalchemy": storage == "1", "loads_celery": celery == "1"}
    return found


def suite_seconds() -> dict[str, Any]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return {
        "wall_s": round(time.monotonic() - start, 1),
        "summary": last,
        "returncode": done.returncode,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", action="store_true", help="also time the whole suite")
    options = parser.parse_args()
    results: dict[str, Any] = {
        "meta": meta(),
        **sizes_and_imports(),
        "core_imports": core_without_storage(),
        **layers(),
    }
    if options.suite:
        results["suite"] = suite_seconds()
    path = save("structure", results, official=True)
    for name, figures in results["packages"].items():
        print(f"{name}: {figures}")
    for line in results["modules_importing_another_package"]:
        print(f"  {line}")
    print(f"cycle between publisher and worker: {results['cycle_between_publisher_and_worker']}")
    for module, loads in results["core_imports"].items():
        print(f"  {module}: {loads}")
    if results["layers"]:
        print(f"layers: {results['layers']}")
        print(f"upward imports between layers: {len(results['upward_imports'])}")
        print(f"cycle between layers: {results['cycle_between_layers']}")
    print(f"results: {path}")


if __name__ == "__main__":
    main()
