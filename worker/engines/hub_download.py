"""Fetch files of one model repository from the Hugging Face Hub, resuming broken downloads.

Two kinds of request, both plain HTTP GETs a mirror can answer too:

* ``{endpoint}/api/models/{repo}/revision/{revision}?blobs=true``: the commit (``sha``) and
  the files (``siblings``: ``rfilename``, ``size``, ``lfs.sha256`` for large files);
* ``{endpoint}/{repo}/resolve/{commit}/{filename}``: one file (the Hub redirects large ones
  to its CDN; a redirect is followed to https only).

Each file is written to ``<cache>/<filename>.incomplete`` and renamed when its size (and,
for large files, its SHA-256) is right. A run that breaks off leaves the ``.incomplete``
file; the next run asks for the rest with ``Range: bytes=<size>-`` (a server that answers
200 instead of 206 is read from the start). ``huggingface_hub`` is not used for this: since
its 2.x releases it deletes a partial file when a download fails, so a second run would
start a multi-gigabyte file over.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from worker.engines.index import CHUNK_BYTES, TIMEOUT_S, _HttpsRedirects, _reason, check_url
from worker.engines.model_limits import ModelLimits

DEFAULT_HF_ENDPOINT = "https://huggingface.co"
INFO_MAX_BYTES = 16 << 20
INCOMPLETE = ".incomplete"
# Called with (filename, bytes on disk, total bytes) when a file starts, then with each chunk.
FileStarted = Callable[[str, int, int], None]
Advanced = Callable[[str, int], None]


class HubUnavailableError(Exception):
    """The Hub (or its mirror) could not be reached or broke off: usually no internet."""


class HubBrokeOffError(HubUnavailableError):
    """A file's download stopped before its end (its ``.incomplete`` file is kept)."""


class HubRefusedError(Exception):
    """The Hub answered, but not with what a model download needs (no such repository...)."""


@dataclass(frozen=True)
class HubFile:
    """One file of a repository at one commit."""

    name: str
    size: int | None
    sha256: str | None


@dataclass(frozen=True)
class HubSnapshot:
    """A repository's files at one commit."""

    repo: str
    commit: str
    files: tuple[HubFile, ...]


def _open(url: str, limits: ModelLimits, offset: int = 0) -> http.client.HTTPResponse:
    check_url(url, limits)
    request = urllib.request.Request(url, headers={"User-Agent": "tarjima"})
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    opener = urllib.request.build_opener(_HttpsRedirects())
    response: http.client.HTTPResponse = opener.open(request, timeout=TIMEOUT_S)
    return response


def _unavailable(endpoint: str, exc: BaseException) -> Exception:
    if isinstance(exc, urllib.error.HTTPError) and exc.code in (401, 403, 404):
        return HubRefusedError(f"{exc.url}: {_reason(exc)}")
    return HubUnavailableError(f"cannot reach {endpoint}: {_reason(exc)}")


_NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError)


def fetch_snapshot(
    endpoint: str, repo: str, limits: ModelLimits, revision: str = "main"
) -> HubSnapshot:
    """The commit ``revision`` points to and the files at that commit."""
    url = f"{endpoint.rstrip('/')}/api/models/{repo}/revision/{revision}?blobs=true"
    try:
        with _open(url, limits) as response:
            body = response.read(INFO_MAX_BYTES + 1)
    except _NETWORK_ERRORS as exc:
        raise _unavailable(endpoint, exc) from exc
    try:
        info = json.loads(body)
        commit = str(info["sha"])
        files = tuple(_hub_file(entry) for entry in info["siblings"])
    except (ValueError, KeyError, TypeError) as exc:
        raise HubRefusedError(f"{url}: not a model description ({exc})") from exc
    return HubSnapshot(repo=repo, commit=commit, files=files)


def _hub_file(entry: dict[str, object]) -> HubFile:
    lfs = entry.get("lfs")
    size = entry.get("size")
    sha256 = lfs.get("sha256") if isinstance(lfs, dict) else None
    return HubFile(
        name=str(entry["rfilename"]),
        size=size if isinstance(size, int) else None,
        sha256=str(sha256) if sha256 else None,
    )


def download_files(
    endpoint: str,
    snapshot: HubSnapshot,
    files: Sequence[HubFile],
    target: Path,
    limits: ModelLimits,
    *,
    started: FileStarted | None = None,
    advanced: Advanced | None = None,
) -> Path:
    """Download ``files`` of ``snapshot`` into ``target`` (kept: a later run resumes)."""
    target.mkdir(parents=True, exist_ok=True)
    for file in files:
        _download_file(endpoint, snapshot, file, target, limits, started, advanced)
    return target


def _download_file(
    endpoint: str,
    snapshot: HubSnapshot,
    file: HubFile,
    target: Path,
    limits: ModelLimits,
    started: FileStarted | None,
    advanced: Advanced | None,
) -> None:
    final = target / file.name
    if final.is_file() and (file.size is None or final.stat().st_size == file.size):
        if started:
            started(file.name, final.stat().st_size, final.stat().st_size)
        return
    partial = target / (file.name + INCOMPLETE)
    partial.parent.mkdir(parents=True, exist_ok=True)
    offset = partial.stat().st_size if partial.is_file() else 0
    if file.size is not None and offset >= file.size:  # complete, or longer than listed
        _check(partial, file)
        partial.rename(final)
        return
    url = (
        f"{endpoint.rstrip('/')}/{snapshot.repo}/resolve/{snapshot.commit}/"
        f"{urllib.parse.quote(file.name)}"
    )
    try:
        with _open(url, limits, offset) as response:
            if response.status != 206:
                offset = 0  # the server sent the whole file
            if started:
                started(file.name, offset, file.size or offset + _length(response))
            _append(
                response,
                partial,
                offset,
                limits,
                lambda n: advanced(file.name, n) if advanced else None,
            )
    except _NETWORK_ERRORS as exc:
        if isinstance(exc, urllib.error.HTTPError) and exc.code == 416:  # past the file's end
            partial.unlink(missing_ok=True)
        raise _unavailable(endpoint, exc) from exc
    _check(partial, file)
    partial.rename(final)


def _length(response: http.client.HTTPResponse) -> int:
    declared = response.headers.get("Content-Length")
    return int(declared) if declared is not None and declared.isdigit() else 0


def _append(
    response: http.client.HTTPResponse,
    partial: Path,
    offset: int,
    limits: ModelLimits,
    advanced: Callable[[int], object],
) -> None:
    with partial.open("r+b" if offset else "wb") as out:
        out.seek(offset)
        out.truncate()
        received = offset
        # read1: what has arrived, so an interrupted run keeps every byte it received.
        while chunk := response.read1(CHUNK_BYTES):
            received += len(chunk)
            if received > limits.folder_max_bytes:
                raise HubRefusedError(
                    f"{partial.name} is larger than the "
                    f"{limits.folder_max_bytes} bytes allowed "
                    "(TARJIMA_NLLB_MAX_BYTES)"
                )
            out.write(chunk)
            out.flush()  # on disk for the next run even if this one is killed
            advanced(len(chunk))
    expected = _length(response)
    if expected and received - offset != expected:
        raise HubBrokeOffError(
            f"the download of {partial.name.removesuffix(INCOMPLETE)} "
            f"broke off after {received} bytes"
        )


def _check(partial: Path, file: HubFile) -> None:
    """Refuse a finished file whose size or SHA-256 is not what the Hub listed."""
    size = partial.stat().st_size
    if file.size is not None and size != file.size:
        partial.unlink()
        raise HubRefusedError(
            f"{file.name}: {size} bytes where the Hub lists {file.size}; "
            "the partial file was removed, run the command again"
        )
    if file.sha256 is None:
        return
    digest = hashlib.sha256()
    with partial.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() != file.sha256:
        partial.unlink()
        raise HubRefusedError(
            f"{file.name}: checksum mismatch with the Hub's sha256; "
            "the file was removed, run the command again"
        )
