"""Downloading from an Argos package index, served from 127.0.0.1 by the test."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from worker.engines.index import IndexUnavailableError, download_and_install
from worker.engines.packages import PackageError


@pytest.fixture()
def index_server(tmp_path: Path, package_dir: dict[str, Path]) -> Iterator[str]:
    root = tmp_path / "www"
    root.mkdir()
    (root / "en_ru.argosmodel").write_bytes(package_dir["en-ru"].read_bytes())
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_port}"
    entries = [{"from_code": "en", "to_code": "ru", "links": [f"{base}/en_ru.argosmodel"]}]
    (root / "index.json").write_text(json.dumps(entries))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"{base}/index.json"
    server.shutdown()
    server.server_close()


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
