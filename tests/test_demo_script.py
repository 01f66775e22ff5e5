"""scripts/demo.sh downloads an NLLB model first when asked (flag or environment), before
it publishes; run against a stand-in ``tarjima`` that records its arguments."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _demo_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with demo.sh, a no-op setup.sh and a ``tarjima`` that logs its calls."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "demo.sh", root / "scripts" / "demo.sh")
    (root / "scripts" / "setup.sh").write_text("exit 0\n")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    log = tmp_path / "calls.log"
    tarjima = bin_dir / "tarjima"
    tarjima.write_text(f'#!/bin/sh\necho "$*" >> {log}\n')
    tarjima.chmod(0o755)
    return root, log


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, None),
        (["--download-nllb"], {}, "nllb-200-distilled-600M"),
        (["--download-nllb=nllb-200-1.3B"], {}, "nllb-200-1.3B"),
        ([], {"TARJIMA_DEMO_DOWNLOAD": "nllb-200-distilled-1.3B"}, "nllb-200-distilled-1.3B"),
    ],
)
def test_demo_downloads_nllb_first_when_asked(
    tmp_path: Path, args: list[str], env: dict[str, str], expected: str | None
) -> None:
    root, log = _demo_copy(tmp_path)
    base = {k: v for k, v in os.environ.items() if k != "TARJIMA_DEMO_DOWNLOAD"}
    done = subprocess.run(
        ["bash", str(root / "scripts" / "demo.sh"), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    downloads = [c for c in calls if c.startswith("models download nllb")]
    assert downloads == ([f"models download {expected}"] if expected else [])
    publish = next(i for i, c in enumerate(calls) if c.startswith("publish"))
    assert all(calls.index(d) < publish for d in downloads)


def test_demo_refuses_an_unknown_argument(tmp_path: Path) -> None:
    root, _log = _demo_copy(tmp_path)
    done = subprocess.run(
        ["bash", str(root / "scripts" / "demo.sh"), "--bogus"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "--download-nllb" in done.stderr
