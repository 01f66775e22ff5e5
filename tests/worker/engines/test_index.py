"""Downloading from an Argos package index, served from 127.0.0.1 by the test."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from worker.engines.index import (
    DownloadError,
    IndexUnavailableError,
    download_and_install,
    expected_checksum,
    install_from_index,
)
from worker.engines.packages import (
    InstalledPackage,
    PackageError,
    check_loads,
    install_package,
    installed_packages,
)


@dataclass
class FakeIndex:
    """An Argos index on 127.0.0.1: ``files`` by URL path, ``broken`` paths fail on purpose
    ("500": an HTTP error; "cut": the connection closes halfway through the body)."""

    base: str = ""
    entries: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"{self.base}/index.json"

    def add(self, name: str, data: bytes, from_code: str, to_code: str, **extra: Any) -> None:
        self.files[f"/{name}"] = data
        link = f"{self.base}/{name}"
        self.entries.append({"from_code": from_code, "to_code": to_code, "links": [link],
                             "code": f"translate-{from_code}_{to_code}", **extra})


def _handler(index: FakeIndex) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/index.json":
                return self._send(json.dumps(index.entries).encode())
            if index.broken.get(self.path) == "500":
                return self.send_error(500, "broken on purpose")
            if self.path not in index.files:
                return self.send_error(404)
            return self._send(index.files[self.path], cut=index.broken.get(self.path) == "cut")

        def _send(self, body: bytes, cut: bool = False) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if cut else body)
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture()
def fake_index(package_dir: dict[str, Path]) -> Iterator[FakeIndex]:
    index = FakeIndex()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(index))
    index.base = f"http://127.0.0.1:{server.server_port}"
    index.add("en_ru.argosmodel", package_dir["en-ru"].read_bytes(), "en", "ru")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield index
    server.shutdown()
    server.server_close()


@pytest.fixture()
def index_server(fake_index: FakeIndex) -> str:
    return fake_index.url


def _leftovers(models: Path) -> list[str]:
    return [p.name for p in models.iterdir() if p.name.startswith(".")] if models.is_dir() else []


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_download_installs_the_indexed_package(tmp_path: Path, index_server: str) -> None:
    package = download_and_install(index_server, "en", "ru", tmp_path / "models")
    assert package.pair == ("en", "ru") and package.path.is_dir()


def test_pair_missing_from_index(tmp_path: Path, index_server: str) -> None:
    with pytest.raises(PackageError, match="no en->uz package"):
        download_and_install(index_server, "en", "uz", tmp_path / "models")


def test_unreachable_index_says_so(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailableError, match="cannot fetch"):
        download_and_install("http://127.0.0.1:9/index.json", "en", "ru", tmp_path / "models")
    assert not (tmp_path / "models").exists()


@pytest.mark.parametrize("name", ["en-ru", "translate-en_ru"])
def test_install_by_pair_or_index_name(tmp_path: Path, fake_index: FakeIndex, name: str) -> None:
    models = tmp_path / "models"
    package = install_from_index(fake_index.url, name, models)
    assert package.pair == ("en", "ru")
    assert [p.pair for p in installed_packages(models)] == [("en", "ru")]
    assert _leftovers(models) == []


def test_unknown_index_name_is_refused(tmp_path: Path, fake_index: FakeIndex) -> None:
    with pytest.raises(PackageError, match="no package named 'translate-en_xx'"):
        install_from_index(fake_index.url, "translate-en_xx", tmp_path / "models")
    assert not (tmp_path / "models").exists()


@pytest.mark.parametrize("key", ["sha256", "checksum", "checksum-prefixed"])
def test_matching_checksum_installs(
    tmp_path: Path, fake_index: FakeIndex, package_dir: dict[str, Path], key: str
) -> None:
    digest = _sha256(package_dir["en-ky"])
    extra = {"checksum": f"sha256:{digest.upper()}"} if key == "checksum-prefixed" else {
        key: digest}
    fake_index.add("en_ky.argosmodel", package_dir["en-ky"].read_bytes(), "en", "ky", **extra)
    package = install_from_index(fake_index.url, "en-ky", tmp_path / "models")
    assert package.pair == ("en", "ky")


@pytest.mark.parametrize("key", ["sha256", "checksum"])
def test_checksum_mismatch_refuses_and_leaves_nothing(
    tmp_path: Path, fake_index: FakeIndex, package_dir: dict[str, Path], key: str
) -> None:
    wrong = _sha256(package_dir["en-ru"])  # a real digest, of another file
    value = wrong if key == "sha256" else f"sha256:{wrong}"
    fake_index.add("en_ky.argosmodel", package_dir["en-ky"].read_bytes(), "en", "ky",
                   **{key: value})
    models = tmp_path / "models"
    with pytest.raises(PackageError, match=r"checksum mismatch.*nothing installed"):
        install_from_index(fake_index.url, "en-ky", models)
    assert installed_packages(models) == []
    assert _leftovers(models) == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [({"sha256": "zz"}, "not usable"), ({"checksum": "crc99:abcd"}, "not usable"),
     ({"checksum": 12}, "not text"), ({}, None), ({"checksum": "md5:abcd"}, None)],
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
    tmp_path: Path, fake_index: FakeIndex, package_dir: dict[str, Path], failure: str,
    message: str,
) -> None:
    models, old = _install_old(tmp_path, package_dir)
    fake_index.add("en_ky.argosmodel", package_dir["en-ky-random"].read_bytes(), "en", "ky")
    fake_index.broken["/en_ky.argosmodel"] = failure
    with pytest.raises(DownloadError, match=message):
        install_from_index(fake_index.url, "en-ky", models)
    _assert_old_kept(models, old)


def test_corrupt_download_leaves_nothing_and_keeps_the_old_package(
    tmp_path: Path, fake_index: FakeIndex, package_dir: dict[str, Path]
) -> None:
    models, old = _install_old(tmp_path, package_dir)
    data = package_dir["en-ky-random"].read_bytes()
    fake_index.add("en_ky.argosmodel", data[: len(data) // 2], "en", "ky")
    with pytest.raises(PackageError, match="not a zip archive"):
        install_from_index(fake_index.url, "en-ky", models)
    _assert_old_kept(models, old)


def test_download_command_name_still_works(tmp_path: Path, fake_index: FakeIndex) -> None:
    package = download_and_install(fake_index.url, "en", "ru", tmp_path / "models")
    assert package.identity.startswith("argos:en-ru:")
