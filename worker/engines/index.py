"""Download packages from the Argos package index (needs internet; says so plainly without).

A package is named by its pair (``en-ru``) or by the index's name for it
(``translate-en_ru``). When the index gives a checksum (``sha256``, or ``checksum`` as
``sha256:<hex>``) the downloaded bytes are verified before anything is installed; a
download that breaks off, a checksum that differs or an archive that does not open
installs nothing and leaves an installed package of the same pair as it was.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from worker.engines.packages import InstalledPackage, PackageError, install_package

TIMEOUT_S = 30
CHUNK_BYTES = 1 << 16
HEX_DIGEST = re.compile(r"[0-9a-f]+")
PAIR_NAME = re.compile(r"([a-z]{2,3})-([a-z]{2,3})")


class IndexUnavailableError(Exception):
    """The package index or a package could not be fetched (usually: no internet)."""


class DownloadError(IndexUnavailableError):
    """The package download failed or broke off: nothing was installed."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    return str(getattr(exc, "reason", exc))


def _fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            return bytes(response.read())
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
        raise IndexUnavailableError(f"cannot fetch {url}: {_reason(exc)}") from exc


def _download(url: str, target: Path) -> None:
    """Write ``url`` to ``target``; a body shorter than its Content-Length is an error."""
    received = 0
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response, target.open("wb") as out:
            expected = response.headers.get("Content-Length")
            while chunk := response.read(CHUNK_BYTES):
                out.write(chunk)
                received += len(chunk)
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
        raise DownloadError(f"cannot download {url}: {_reason(exc)}") from exc
    if expected is not None and expected.isdigit() and int(expected) != received:
        raise DownloadError(
            f"the download of {url} broke off after {received} of {expected} bytes"
        )


def _index_entries(index_url: str) -> list[dict[str, Any]]:
    try:
        entries = json.loads(_fetch(index_url))
    except ValueError as exc:
        raise IndexUnavailableError(f"{index_url} is not a package index: {exc}") from exc
    if not isinstance(entries, list):
        raise IndexUnavailableError(f"{index_url} is not a package index (not a list)")
    return [dict(entry) for entry in entries if isinstance(entry, dict)]


def find_in_index(index_url: str, from_code: str, to_code: str) -> dict[str, Any]:
    """The index entry of the from->to package."""
    for entry in _index_entries(index_url):
        if entry.get("from_code") == from_code and entry.get("to_code") == to_code:
            return entry
    raise PackageError(f"the Argos index has no {from_code}->{to_code} package")


def _names_of(entry: dict[str, Any]) -> set[str]:
    names = {entry.get(key) for key in ("code", "name", "package_name")}
    from_code, to_code = entry.get("from_code"), entry.get("to_code")
    names |= {f"{from_code}-{to_code}", f"translate-{from_code}_{to_code}"}
    return {name for name in names if isinstance(name, str)}


def find_by_name(index_url: str, name: str) -> dict[str, Any]:
    """The index entry named ``name``: a pair (``en-ru``) or the index's package name."""
    pair = PAIR_NAME.fullmatch(name)
    if pair is not None:
        return find_in_index(index_url, pair[1], pair[2])
    for entry in _index_entries(index_url):
        if name in _names_of(entry):
            return entry
    raise PackageError(f"the Argos index has no package named {name!r}")


def expected_checksum(entry: dict[str, Any]) -> tuple[str, str] | None:
    """``(algorithm, hex digest)`` from an index entry, or None when it gives none."""
    value = entry.get("sha256") or entry.get("checksum")
    if value is None:
        return None
    if not isinstance(value, str):
        raise PackageError(f"the index entry's checksum is not text: {value!r}")
    algorithm, _, digest = value.strip().lower().rpartition(":")
    algorithm = algorithm or "sha256"
    if algorithm not in hashlib.algorithms_guaranteed or not HEX_DIGEST.fullmatch(digest):
        raise PackageError(f"the index entry's checksum is not usable: {value!r}")
    return algorithm, digest


def verify_checksum(path: Path, algorithm: str, digest: str) -> None:
    """Refuse ``path`` unless its ``algorithm`` digest is ``digest``."""
    hasher = hashlib.new(algorithm)
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            hasher.update(chunk)
    actual = hasher.hexdigest()
    if actual != digest:
        raise PackageError(
            f"checksum mismatch: the index says {algorithm} {digest}, the download has "
            f"{actual}; nothing installed"
        )


def install_entry(entry: dict[str, Any], models_dir: Path) -> InstalledPackage:
    """Download the package of an index entry, verify its checksum, and install it."""
    links = [str(link) for link in entry.get("links", [])]
    label = f"{entry.get('from_code')}->{entry.get('to_code')}"
    if not links:
        raise PackageError(f"the index entry for {label} has no download link")
    checksum = expected_checksum(entry)
    with tempfile.TemporaryDirectory(prefix="tarjima-download-") as tmp:
        archive = Path(tmp) / "package.argosmodel"
        _download(links[0], archive)
        if checksum is not None:
            verify_checksum(archive, *checksum)
        return install_package(archive, models_dir)


def install_from_index(index_url: str, name: str, models_dir: Path) -> InstalledPackage:
    """Find ``name`` (``en-ru`` or ``translate-en_ru``) in the index and install it."""
    return install_entry(find_by_name(index_url, name), models_dir)


def download_and_install(
    index_url: str, from_code: str, to_code: str, models_dir: Path
) -> InstalledPackage:
    """Fetch the from->to package named in the index and install it."""
    return install_entry(find_in_index(index_url, from_code, to_code), models_dir)
