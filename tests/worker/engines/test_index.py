"""Downloading from an Argos package index, served from 127.0.0.1 by the test."""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from worker.engines.index import (
    DownloadError,
    DownloadRefusedError,
    IndexUnavailableError,
    check_url,
    expected_checksum,
    install_from_index,
)
from worker.engines.model_limits import ModelLimits
from worker.engines.packages import (
    InstalledPackage,
    PackageError,
    check_loads,
    install_package,
    installed_packages,
)

# The index is served over plain http on 127.0.0.1: allowed only with this explicit setting.
LOOPBACK = ModelLimits(allow_loopback_http=True)


@dataclass
class FakeIndex:
    """An Argos index on 127.0.0.1: ``files`` by URL path, ``broken`` paths fail on purpose
    ("500": an HTTP error; "cut": the connection closes halfway through the body;
    "no-length": the body comes without a Content-Length), ``redirects`` answer 302 with
    a Location; ``requests`` records every path asked for."""

    base: str = ""
    entries: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.base}/index.json"

    def add(self, name: str, data: bytes, from_code: str, to_code: str, **extra: Any) -> None:
        self.files[f"/{name}"] = data
        link = f"{self.base}/{name}"
        self.entries.append(
            {
                "from_code": from_code,
                "to_code": to_code,
                "links": [link],
                "code": f"translate-{from_code}_{to_code}",
                **extra,
            }
        )


def _handler(index: FakeIndex) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            index.requests.append(self.path)
            if self.path in index.redirects:
                self.send_response(302)
                self.send_header("Location", index.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if self.path == "/index.json":
                return self._send(json.dumps(index.entries).encode())
            if index.broken.get(self.path) == "500":
                return self.send_error(500, "broken on purpose")
            if self.path not in index.files:
                return self.send_error(404)
            mode = index.broken.get(self.path, "")
            return self._send(index.files[self.path], cut=mode == "cut", length=mode != "no-length")

        def _send(self, body: bytes, cut: bool = False, length: bool = True) -> None:
            self.send_response(200)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # A client that hangs up early is what the tests of an oversized download want.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body[: len(body) // 2] if cut else body)
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextlib.contextmanager
def _serving(index: FakeIndex) -> Iterator[FakeIndex]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(index))
    index.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield index
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def fake_index(package_dir: dict[str, Path]) -> Iterator[FakeIndex]:
    with _serving(FakeIndex()) as index:
        index.add("en_ru.argosmodel", package_dir["en-ru"].read_bytes(), "en", "ru")
        yield index


@pytest.fixture()
def index_server(fake_index: FakeIndex) -> str:
    return fake_index.url


def _leftovers(models: Path) -> list[str]:
    return [p.name for p in models.iterdir() if p.name.startswith(".")] if models.is_dir() else []


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_download_installs_the_indexed_package(tmp_path: Path, index_server: str) -> None:
    package = install_from_index(index_server, "en-ru", tmp_path / "models", limits=LOOPBACK)
    assert package.pair == ("en", "ru") and package.path.is_dir()


def test_pair_missing_from_index(tmp_path: Path, index_server: str) -> None:
    with pytest.raises(PackageError, match="the Argos index has no en->uz package"):
        install_from_index(index_server, "en-uz", tmp_path / "models", limits=LOOPBACK)


def test_unreachable_index_says_so(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailableError, match="cannot fetch"):
        install_from_index(
            "http://127.0.0.1:9/index.json", "en-ru", tmp_path / "models", limits=LOOPBACK
        )
    assert not (tmp_path / "models").exists()


@pytest.mark.parametrize("name", ["en-ru", "translate-en_ru"])
def test_install_by_pair_or_index_name(tmp_path: Path, fake_index: FakeIndex, name: str) -> None:
    models = tmp_path / "models"
    package = install_from_index(fake_index.url, name, models, limits=LOOPBACK)
    assert package.pair == ("en", "ru")
    assert [p.pair for p in installed_packages(models)] == [("en", "ru")]
    assert _leftovers(models) == []


def test_unknown_index_name_is_refused(tmp_path: Path, fake_index: FakeIndex) -> None:
    with pytest.raises(PackageError, match="no package named 'translate-en_xx'"):
        install_from_index(fake_index.url, "translate-en_xx", tmp_path / "models", limits=LOOPBACK)
    assert not (tmp_path / "models").exists()


@pytest.mark.parametrize("key", ["sha256", "checksum", "checksum-prefixed"])
def test_matching_checksum_installs(
    tmp_path: Path, fake_index: FakeIndex, package_dir: dict[str, Path], key: str
) -> None:
    digest = _sha256(package_dir["en-ky"])
    extra = (
        {"checksum": f"sha256:{digest.upper()}"} if key == "checksum-prefixed" else {key: digest}
    )
    fake_index.add("en_ky.argosmodel", package_dir["en-ky"].read_bytes(), "en", "ky", **extra)
    package = install_from_index(fake_index.url, "en-ky", tmp_path / "models", limits=LOOPBACK)
    assert package.pair == ("en", "ky")


@pytest.mark.parametrize("key", ["sha256", "checksum"])
def test_checksum_mismatch_refuses_and_leaves_nothing(
    tmp_path: Path, fake_index: FakeIndex, package_dir: dict[str, Path], key: str
) -> None:
    wrong = _sha256(package_dir["en-ru"])  # a real digest, of another file
    value = wrong if key == "sha256" else f"sha256:{wrong}"
    fake_index.add(
        "en_ky.argosmodel", package_dir["en-ky"].read_bytes(), "en", "ky", **{key: value}
    )
    models = tmp_path / "models"
    with pytest.raises(PackageError, match=r"checksum mismatch.*nothing installed"):
        install_from_index(fake_index.url, "en-ky", models, limits=LOOPBACK)
    assert installed_packages(models) == []
    assert _leftovers(models) == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"sha256": "zz"}, "not usable"),
        ({"checksum": "crc99:abcd"}, "not usable"),
        ({"checksum": 12}, "not text"),
        ({}, None),
        ({"checksum": "md5:abcd"}, None),
    ],
)
def test_checksum_forms(entry: dict[str, Any], message: str | None) -> None:
    if message is None:
        expected_checksum(entry)
        return
    with pytest.raises(PackageError, match=message):
        expected_checksum(entry)


def _install_old(tmp_path: Path, package_dir: dict[str, Path]) -> tuple[Path, InstalledPackage]:
    models = tmp_path / "models"
    return models, install_package(package_dir["en-ky"], models)


def _assert_old_kept(models: Path, old: InstalledPackage) -> None:
    assert installed_packages(models) == [old]
    check_loads(old)
    assert _leftovers(models) == []


@pytest.mark.parametrize(("failure", "message"), [("500", "HTTP 500"), ("cut", "broke off")])
def test_broken_download_leaves_nothing_and_keeps_the_old_package(
    tmp_path: Path,
    fake_index: FakeIndex,
    package_dir: dict[str, Path],
    failure: str,
    message: str,
) -> None:
    models, old = _install_old(tmp_path, package_dir)
    fake_index.add("en_ky.argosmodel", package_dir["en-ky-random"].read_bytes(), "en", "ky")
    fake_index.broken["/en_ky.argosmodel"] = failure
    with pytest.raises(DownloadError, match=message):
        install_from_index(fake_index.url, "en-ky", models, limits=LOOPBACK)
    _assert_old_kept(models, old)


def test_corrupt_download_leaves_nothing_and_keeps_the_old_package(
    tmp_path: Path, fake_index: FakeIndex, package_dir: dict[str, Path]
) -> None:
    models, old = _install_old(tmp_path, package_dir)
    data = package_dir["en-ky-random"].read_bytes()
    fake_index.add("en_ky.argosmodel", data[: len(data) // 2], "en", "ky")
    with pytest.raises(PackageError, match="not a zip archive"):
        install_from_index(fake_index.url, "en-ky", models, limits=LOOPBACK)
    _assert_old_kept(models, old)


def _nothing_installed(models: Path) -> None:
    assert installed_packages(models) == [] and _leftovers(models) == []


def test_plain_http_is_refused_by_default(tmp_path: Path, fake_index: FakeIndex) -> None:
    """Tried: an index on plain http (anyone on the path could swap the package). Refused
    before a request is sent, unless loopback http is explicitly allowed."""
    models = tmp_path / "models"
    with pytest.raises(DownloadRefusedError, match="over https only"):
        install_from_index(fake_index.url, "en-ru", models)
    assert fake_index.requests == []
    _nothing_installed(models)


def test_a_plain_http_package_link_is_refused(tmp_path: Path, fake_index: FakeIndex) -> None:
    """Tried: an https-looking setup whose index entry links the package over plain http
    to another host, or as a local file: refused before anything is fetched."""
    for link in (
        "http://mirror.example.org/en_ky.argosmodel",
        "file:///etc/passwd",
        "ftp://127.0.0.1/en_ky.argosmodel",
    ):
        fake_index.entries = [{"from_code": "en", "to_code": "ky", "links": [link]}]
        with pytest.raises(DownloadRefusedError, match="over https only"):
            install_from_index(fake_index.url, "en-ky", tmp_path / "models", limits=LOOPBACK)
    assert fake_index.requests == ["/index.json"] * 3
    _nothing_installed(tmp_path / "models")


def test_the_first_allowed_link_is_used(
    tmp_path: Path, fake_index: FakeIndex, package_dir: dict[str, Path]
) -> None:
    """An entry listing an ipfs:// or plain-http mirror first downloads from the first link
    it may use; the refused ones are never asked."""
    fake_index.files["/en_ky.argosmodel"] = package_dir["en-ky"].read_bytes()
    fake_index.entries = [
        {
            "from_code": "en",
            "to_code": "ky",
            "links": [
                "ipfs://QmPackage",
                "http://mirror.example.org/en_ky.argosmodel",
                f"{fake_index.base}/en_ky.argosmodel",
            ],
        }
    ]
    package = install_from_index(fake_index.url, "en-ky", tmp_path / "models", limits=LOOPBACK)
    assert package.pair == ("en", "ky")
    assert fake_index.requests == ["/index.json", "/en_ky.argosmodel"]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://argos-net.com/v1/translate-en_ru-1_9.argosmodel", True),
        ("http://127.0.0.1:8000/index.json", True),
        ("http://localhost/index.json", True),
        ("http://[::1]/index.json", True),
        ("http://example.org/index.json", False),
        ("http://10.0.0.1/index.json", False),
        ("file:///etc/passwd", False),
        ("https:///x", False),
    ],
)
def test_which_addresses_are_allowed(url: str, allowed: bool) -> None:
    """Plain http only on loopback and only with the setting on; https everywhere."""
    if allowed:
        check_url(url, LOOPBACK)
    else:
        with pytest.raises(DownloadRefusedError):
            check_url(url, LOOPBACK)
    if not url.startswith("https://argos"):
        with pytest.raises(DownloadRefusedError):
            check_url(url, ModelLimits())


def test_a_redirect_to_plain_http_is_refused(
    tmp_path: Path, fake_index: FakeIndex, package_dir: dict[str, Path]
) -> None:
    """Tried: the package link answers 302 to a plain-http address (on another port of
    127.0.0.1, which holds the package). Even with loopback http allowed, a redirect is
    followed to https only: the second server is never asked."""
    with _serving(FakeIndex()) as other:
        other.files["/en_ky.argosmodel"] = package_dir["en-ky"].read_bytes()
        fake_index.add("en_ky.argosmodel", b"", "en", "ky")
        fake_index.redirects["/en_ky.argosmodel"] = f"{other.base}/en_ky.argosmodel"
        models = tmp_path / "models"
        with pytest.raises(DownloadRefusedError, match="refused a redirect to 'http://127"):
            install_from_index(fake_index.url, "en-ky", models, limits=LOOPBACK)
        assert other.requests == []
    _nothing_installed(models)


def test_a_redirect_to_https_is_followed(tmp_path: Path, fake_index: FakeIndex) -> None:
    """A redirect to https is followed (here to a port where nothing listens)."""
    fake_index.add("en_ky.argosmodel", b"", "en", "ky")
    fake_index.redirects["/en_ky.argosmodel"] = "https://127.0.0.1:9/en_ky.argosmodel"
    with pytest.raises(DownloadError, match="cannot download"):
        install_from_index(fake_index.url, "en-ky", tmp_path / "models", limits=LOOPBACK)


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("declared", r"en_ru.argosmodel is \d+ bytes, more than the 4096 allowed"),
        ("no-length", "sent more than the 4096 bytes allowed"),
    ],
)
def test_an_oversized_download_is_cut_off(
    tmp_path: Path, fake_index: FakeIndex, mode: str, message: str
) -> None:
    """Tried: a package larger than the limit, announced by its Content-Length or streamed
    without one: refused by the header, or cut off once the limit is passed."""
    if mode == "no-length":
        fake_index.broken["/en_ru.argosmodel"] = "no-length"
    limits = ModelLimits(allow_loopback_http=True, archive_max_bytes=4096)
    models = tmp_path / "models"
    with pytest.raises(DownloadRefusedError, match=message):
        install_from_index(fake_index.url, "en-ru", models, limits=limits)
    _nothing_installed(models)


def test_a_zip_bomb_from_the_index_is_refused(tmp_path: Path, fake_index: FakeIndex) -> None:
    """Tried: the index serves (with a matching checksum) a deflate bomb: 64 MiB of zeros
    in a 64 KB archive. The download passes the checksum; the archive checks refuse it."""
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pkg/metadata.json", json.dumps({"from_code": "en", "to_code": "ky"}))
        zf.writestr("pkg/model/model.bin", b"\0" * (64 << 20))
    fake_index.add("bomb.argosmodel", bomb.read_bytes(), "en", "ky", sha256=_sha256(bomb))
    models = tmp_path / "models"
    with pytest.raises(PackageError, match="compression ratio"):
        install_from_index(fake_index.url, "en-ky", models, limits=LOOPBACK)
    _nothing_installed(models)


def test_an_oversized_index_is_refused(
    tmp_path: Path, fake_index: FakeIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tried: an index larger than an index can be (lowered here to 64 bytes instead of
    16 MiB): refused as it streams, before it is parsed."""
    import worker.engines.index as index_module

    monkeypatch.setattr(index_module, "INDEX_MAX_BYTES", 64)
    with pytest.raises(DownloadRefusedError, match=r"64 allowed \(the limit of an index"):
        install_from_index(fake_index.url, "en-ru", tmp_path / "models", limits=LOOPBACK)
    _nothing_installed(tmp_path / "models")
