"""A test session leaves nothing in the system's temporary folder: the home it gives
argostranslate (``tarjima-argos-home-*``) is removed when the session ends, and so are the
passing tests' ``tmp_path`` folders (pytest's ``tmp_path_retention_policy = "failed"``;
the default kept three whole runs, 18 GB each, and filled CI's disk)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_a_session_removes_its_temporary_home(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/publisher/core/test_ingest.py",  # its tests write files in tmp_path
        ],
        cwd=REPO,
        env={**os.environ, "TMPDIR": str(scratch)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert not list(scratch.glob("tarjima-argos-home-*"))
    assert "passed" in done.stdout
    left = [path for path in scratch.rglob("*") if path.is_file()]
    assert left == [], left
