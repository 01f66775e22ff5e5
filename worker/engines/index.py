"""Download packages from the Argos package index (needs internet; says so plainly without).

A package is named by its pair (``en-ru``) or by the index's name for it
(``translate-en_ru``). When the index gives a checksum (``sha256``, or ``checksum`` as
``sha256:<hex>``) the downloaded bytes are verified before anything is installed; a
download that breaks off, a checksum that differs or an archive that does not open
installs nothing and leaves an installed package of the same pair as it was.

The index and the packages are fetched over https only: a plain-http address, or a
redirect to one, is refused before any request is sent to it (plain http is allowed only
to a loopback address, and only when ``ModelLimits.allow_loopback_http`` says so). A
package larger than ``archive_max_bytes`` is refused by its Content-Length or cut off as
it streams, and the archive then passes the same checks as a local file.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import ipaddress
import json
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import IO, Any

from worker.engines.model_limits import DEFAULT_LIMITS, ModelLimits
from worker.engines.nllb_models import NLLB_FOLDER
from worker.engines.packages import InstalledPackage, PackageError, install_in_session
from worker.engines.staging import install_session

TIMEOUT_S = 30
CHUNK_BYTES = 1 << 16
INDEX_MAX_BYTES = 16 << 20  # the public index is about 100 KB
HEX_DIGEST = re.compile(r"[0-9a-f]+")
PAIR_NAME = re.compile(r"([a-z]{2,3})-([a-z]{2,3})")


class IndexUnavailableError(Exception):
    """The package index or a package could not be fetched (usually: no internet)."""


class DownloadError(IndexUnavailableError):
    """The package download failed or broke off: nothing was installed."""


class DownloadRefusedError(PackageError):
    """An address is not https, a redirect leads to plain http, or a body is too large."""


def _is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_url(url: str, limits: ModelLimits, *, redirect: bool = False) -> bool:
    """https; or, where ``limits`` allow it and not for a redirect, http to loopback."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return (
        not redirect
        and parts.scheme == "http"
        and limits.allow_loopback_http
        and _is_loopback(parts.hostname)
    )


def check_url(url: str, limits: ModelLimits, *, redirect: bool = False) -> None:
    """Refuse ``url`` unless :func:`allowed_url`."""
    if not allowed_url(url, limits, redirect=redirect):
        what = "a redirect to" if redirect else "the address"
        raise DownloadRefusedError(
            f"refused {what} {url[:200]!r}: models are downloaded over https only"
        )


class _HttpsRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to https."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        check_url(urllib.parse.urljoin(req.full_url, newurl), DEFAULT_LIMITS, redirect=True)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _open(url: str, limits: ModelLimits) -> http.client.HTTPResponse:
    check_url(url, limits)
    opener = urllib.request.build_opener(_HttpsRedirects())
    response: http.client.HTTPResponse = opener.open(url, timeout=TIMEOUT_S)
    return response


def _read_bounded(
    response: http.client.HTTPResponse,
    url: str,
    limit: int,
    out: IO[bytes],
    source: str = "TARJIMA_MODEL_MAX_BYTES",
) -> int:
    """Copy the body to ``out``; refuse it as soon as it is known to pass ``limit``
    (``source`` says where the limit comes from)."""
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise DownloadRefusedError(
            f"{url} is {declared} bytes, more than the {limit} allowed ({source})"
        )
    received = 0
    while chunk := response.read(CHUNK_BYTES):
        received += len(chunk)
        if received > limit:
            raise DownloadRefusedError(f"{url} sent more than the {limit} bytes allowed ({source})")
        out.write(chunk)
    return received


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    return str(getattr(exc, "reason", exc))


def _fetch(url: str, limits: ModelLimits) -> bytes:
    buffer = io.BytesIO()
    try:
        with _open(url, limits) as response:
            _read_bounded(response, url, INDEX_MAX_BYTES, buffer, "the limit of an index")
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
        raise IndexUnavailableError(f"cannot fetch {url}: {_reason(exc)}") from exc
    return buffer.getvalue()


def _download(url: str, target: Path, limits: ModelLimits) -> None:
    """Write ``url`` to ``target``; a body shorter than its Content-Length is an error."""
    try:
        with _open(url, limits) as response, target.open("wb") as out:
            expected = response.headers.get("Content-Length")
            received = _read_bounded(response, url, limits.archive_max_bytes, out)
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
        raise DownloadError(f"cannot download {url}: {_reason(exc)}") from exc
    if expected is not None and expected.isdigit() and int(expected) != received:
        raise DownloadError(f"the download of {url} broke off after {received} of {expected} bytes")


def _index_entries(index_url: str, limits: ModelLimits) -> list[dict[str, Any]]:
    try:
        entries = json.loads(_fetch(index_url, limits))
    except ValueError as exc:
        raise IndexUnavailableError(f"{index_url} is not a package index: {exc}") from exc
    if not isinstance(entries, list):
        raise IndexUnavailableError(f"{index_url} is not a package index (not a list)")
    return [dict(entry) for entry in entries if isinstance(entry, dict)]


def find_in_index(
    index_url: str, from_code: str, to_code: str, limits: ModelLimits = DEFAULT_LIMITS
) -> dict[str, Any]:
    """The index entry of the from->to package."""
    for entry in _index_entries(index_url, limits):
        if entry.get("from_code") == from_code and entry.get("to_code") == to_code:
            return entry
    raise PackageError(f"the Argos index has no {from_code}->{to_code} package")


def _names_of(entry: dict[str, Any]) -> set[str]:
    names = {entry.get(key) for key in ("code", "name", "package_name")}
    from_code, to_code = entry.get("from_code"), entry.get("to_code")
    names |= {f"{from_code}-{to_code}", f"translate-{from_code}_{to_code}"}
    return {name for name in names if isinstance(name, str)}


def find_by_name(index_url: str, name: str, limits: ModelLimits = DEFAULT_LIMITS) -> dict[str, Any]:
    """The index entry named ``name``: a pair (``en-ru``) or the index's package name."""
    pair = PAIR_NAME.fullmatch(name)
    if pair is not None:
        return find_in_index(index_url, pair[1], pair[2], limits)
    for entry in _index_entries(index_url, limits):
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


def _first_allowed(links: list[str], limits: ModelLimits) -> str:
    """The first link that may be downloaded (an index may list ipfs:// mirrors first)."""
    for link in links:
        if allowed_url(link, limits):
            return link
    raise DownloadRefusedError(
        f"refused every link of the index entry ({links[0][:200]!r} "
        "first): models are downloaded over https only"
    )


def install_entry(
    entry: dict[str, Any], models_dir: Path, limits: ModelLimits = DEFAULT_LIMITS
) -> InstalledPackage:
    """Download the package of an index entry, verify its checksum, and install it.

    The download is staged in the models folder, so an interrupted one is removed as an
    interrupted install is."""
    links = [str(link) for link in entry.get("links", [])]
    label = f"{entry.get('from_code')}->{entry.get('to_code')}"
    if not links:
        raise PackageError(f"the index entry for {label} has no download link")
    checksum = expected_checksum(entry)
    link = _first_allowed(links, limits)
    with (
        install_session(models_dir, models_dir / NLLB_FOLDER),
        tempfile.TemporaryDirectory(dir=models_dir, prefix=".installing-download-") as tmp,
    ):
        archive = Path(tmp) / "package.argosmodel"
        _download(link, archive, limits)
        if checksum is not None:
            verify_checksum(archive, *checksum)
        return install_in_session(archive, models_dir, limits)


def install_from_index(
    index_url: str, name: str, models_dir: Path, limits: ModelLimits = DEFAULT_LIMITS
) -> InstalledPackage:
    """Find ``name`` (``en-ru`` or ``translate-en_ru``) in the index and install it."""
    return install_entry(find_by_name(index_url, name, limits), models_dir, limits)
