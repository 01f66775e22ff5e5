"""The one-shot ``tarjima publish`` publishes what it translated, and only published
editions are in the public output folder (issue 15, point 10), as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SLUG = "sample"


def _cli(args: list[str], data: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TARJIMA_DATA_DIR": str(data),
        "TARJIMA_OUTPUT_DIR": str(out),
        "COLUMNS": "200",
    }
    for name in ("TARJIMA_BROKER_URL", "TARJIMA_DATABASE_URL", "TARJIMA_MODELS_DIR"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
        check=False,
    )


def _pages(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.html"))


@pytest.mark.integration
def test_one_shot_publish_fills_the_public_folder_and_unpublish_empties_it(
    tmp_path: Path, sample_path: Path
) -> None:
    """Without models every edition is partial: the one-shot publish accepts that (as it
    always wrote them, marked) and publishes them, so the public pages are exactly the
    published editions; unpublishing one removes its pages (uz takes uz-Cyrl along)."""
    data, out = tmp_path / "var", tmp_path / "public"
    published = _cli(
        ["publish", str(sample_path), "--date", "2021-07-21", "--slug", SLUG, "--to", "uz,ru"],
        data,
        out,
    )
    assert published.returncode == 0, published.stderr + published.stdout
    assert _pages(out) == [f"ru/{SLUG}.html", f"uz-Cyrl/{SLUG}.html", f"uz/{SLUG}.html"]
    assert f"ru: {(out / 'ru' / f'{SLUG}.html').resolve()}" in published.stdout
    assert _pages(data / "previews") == _pages(out)  # each assembly's page, kept apart
    gone = _cli(["editions", "unpublish", SLUG, "--to", "uz"], data, out)
    assert gone.returncode == 0 and "uz: unpublished" in gone.stdout
    assert _pages(out) == [f"ru/{SLUG}.html"]
