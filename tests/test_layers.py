"""The layers of pyproject.toml's import-linter contract (docs/development.md): every
module sits in exactly one layer, the core imports without storage or Celery, and the
contracts hold (the same check scripts/test.sh runs with ``lint-imports``)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import publisher
import worker
from bench.structure import layer_table

ROOT = Path(__file__).resolve().parents[1]
LAYERS = layer_table()


def _modules() -> list[str]:
    found = []
    for package in (publisher, worker):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".migrations" not in info.name:
                found.append(info.name)
    return found


def _layers_of(module: str) -> list[int]:
    """Every layer ``module`` falls in (more than one: the layers overlap)."""
    return [
        i
        for i, layer in enumerate(LAYERS)
        for top in layer
        if module == top or module.startswith(top + ".")
    ]


def test_every_module_sits_in_exactly_one_layer() -> None:
    placed = {m: _layers_of(m) for m in _modules()}
    misplaced = {m: layers for m, layers in placed.items() if len(layers) != 1}
    assert misplaced == {}, "add these modules to a layer in pyproject.toml (or fix overlaps)"


def test_the_layers_are_entry_points_worker_services_storage_core() -> None:
    tops = [layer[0] for layer in LAYERS]
    assert tops == [
        "publisher.cli",
        "worker.tasks",
        "publisher.services",
        "publisher.db",
        "publisher.core",
    ]


def test_the_core_imports_without_sqlalchemy_or_celery() -> None:
    core = [m for m in _modules() if m.startswith("publisher.core.")]
    script = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'alembic', 'celery', 'kombu', 'redis',"
        " 'fastapi', 'psycopg') if m in sys.modules)\n"
        "print(len(sys.modules), heavy)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(core) > 30  # the walk found the core, not an empty package


def test_the_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout
