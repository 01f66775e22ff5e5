"""Download packages from the Argos package index (needs internet; says so plainly without)."""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from worker.engines.packages import InstalledPackage, PackageError, install_package

TIMEOUT_S = 30


class IndexUnavailableError(Exception):
    """The package index or a package could not be fetched (usually: no internet)."""


def _fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            return bytes(response.read())
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IndexUnavailableError(f"cannot fetch {url}: {reason}") from exc


def find_in_index(index_url: str, from_code: str, to_code: str) -> dict[str, Any]:
    """The index entry of the from->to package."""
    try:
        entries = json.loads(_fetch(index_url))
    except ValueError as exc:
        raise IndexUnavailableError(f"{index_url} is not a package index: {exc}") from exc
    for entry in entries if isinstance(entries, list) else []:
        if entry.get("from_code") == from_code and entry.get("to_code") == to_code:
            return dict(entry)
    raise PackageError(f"the Argos index has no {from_code}->{to_code} package")


def download_and_install(
    index_url: str, from_code: str, to_code: str, models_dir: Path
) -> InstalledPackage:
    """Fetch the from->to package named in the index and install it."""
    entry = find_in_index(index_url, from_code, to_code)
    links = [str(link) for link in entry.get("links", [])]
    if not links:
        raise PackageError(f"the index entry for {from_code}->{to_code} has no download link")
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / f"translate-{from_code}_{to_code}.argosmodel"
        with archive.open("wb") as handle:
            handle.write(_fetch(links[0]))
        package = install_package(archive, models_dir)
        shutil.rmtree(tmp, ignore_errors=True)
    return package
