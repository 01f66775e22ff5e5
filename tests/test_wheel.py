"""The wheel ships what runs in production, and only that (issue 17, point 6).

The wheel is built from a copy of the sources (setuptools builds in the source tree, and
a stale ``build/lib`` there would leak old modules into the wheel): it must hold every
module, template, static file, migration and data file of ``publisher`` and ``worker``,
and no test or benchmark code (the model builders live in ``tests/support``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("publisher", "worker")
# Test and benchmark helpers that once lived in the shipped packages.
BUILDERS = ("package_builder.py", "nllb_builder.py")


def _source_files() -> set[str]:
    """The files of the shipped packages, as paths inside the wheel."""
    found = set()
    for package in PACKAGES:
        for path in (REPO / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                found.add(path.relative_to(REPO).as_posix())
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for package in PACKAGES:
        shutil.copytree(
            REPO / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
         "--no-build-isolation", "--disable-pip-version-check", "--no-input", "-q",
         "-w", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    (built,) = out.glob("tarjima-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_has_no_test_or_benchmark_code(wheel_names: set[str]) -> None:
    tops = {name.split("/", 1)[0] for name in wheel_names}
    assert tops == {"publisher", "worker", "tarjima-0.1.0.dist-info"}
    assert not [name for name in wheel_names if name.rsplit("/", 1)[-1] in BUILDERS]
    assert not [name for name in wheel_names if "/tests/" in name or "/bench/" in name]


def test_wheel_has_every_source_and_data_file(wheel_names: set[str]) -> None:
    missing = _source_files() - wheel_names
    assert not missing, f"not in the wheel (see [tool.setuptools.package-data]): {missing}"
    # The kinds of files production needs besides modules, spelled out.
    for needed in (
        "publisher/core/assemble/templates/edition.html",
        "publisher/web/templates/base.html",
        "publisher/web/templates/reader/feed.xml",
        "publisher/web/static/reader.css",
        "publisher/db/migrations/env.py",
        "publisher/db/migrations/script.py.mako",
        "publisher/db/migrations/versions/0001_initial.py",
        "publisher/data/glossary/uz.csv",
    ):
        assert needed in wheel_names


def test_wheel_installs_the_cli(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        entry_points = archive.read("tarjima-0.1.0.dist-info/entry_points.txt").decode()
    assert "tarjima = publisher.cli:main" in entry_points
