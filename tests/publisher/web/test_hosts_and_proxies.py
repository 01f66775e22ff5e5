"""Unknown Host headers are refused, and proxy headers are believed only from the proxies
the operator names (issue 15, point 8)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from publisher.core.config import Settings
from publisher.web import create_app
from tests.support.services import free_port, wait_until

EVIL = "evil.example"


def test_unknown_host_is_refused_before_a_redirect_can_echo_it(web: Any) -> None:
    """Host poisoning: a request for /editor with ``Host: evil.example`` was redirected to
    http://evil.example/editor/ (the trailing-slash redirect builds its URL from the
    Host). Now it is refused with 400 and the name appears nowhere in the answer."""
    known = web.client.get("/editor")
    assert known.status_code in (307, 308) and known.headers["location"].endswith("/editor/")
    for path in ("/editor", "/login", "/api/openapi.json"):
        poisoned = web.client.get(path, headers={"host": EVIL})
        assert poisoned.status_code == 400, path
        assert EVIL not in poisoned.text and EVIL not in str(poisoned.headers), path


def _app(tmp_path: Path, **overrides: Any) -> FastAPI:
    settings = Settings.model_validate(
        {
            "data_dir": tmp_path / "var",
            "broker_url": None,
            "secret_key": "hosts test secret",
            **overrides,
        }
    )
    app = create_app(settings)

    async def seen(request: Request) -> dict[str, str]:
        client = request.client.host if request.client else ""
        return {"client": client, "scheme": request.url.scheme}

    # First, ahead of the readers' catch-all /{slug}.
    app.router.routes.insert(0, APIRoute("/seen-by-the-app", seen))
    return app


@pytest.fixture()
def default_app(tmp_path: Path) -> Iterator[FastAPI]:
    app = _app(tmp_path, site_url="https://news.example.org")
    yield app
    app.state.tarjima.database.dispose()


def test_default_hosts_are_this_machine_and_the_public_site(default_app: FastAPI) -> None:
    """Without TARJIMA_ALLOWED_HOSTS the app answers for localhost, 127.0.0.1, [::1] and
    the host of TARJIMA_SITE_URL, and for no other name (here the test client's own)."""
    state = default_app.state.tarjima
    assert state.settings.resolved_allowed_hosts == (
        "localhost",
        "127.0.0.1",
        "[::1]",
        "news.example.org",
    )
    for base in (
        "http://localhost:8000",
        "http://127.0.0.1:8000",
        "http://[::1]:8000",
        "https://news.example.org",
    ):
        assert TestClient(default_app, base_url=base).get("/login").status_code == 200, base
    assert TestClient(default_app).get("/login").status_code == 400  # "testserver"


def test_allowed_hosts_setting_replaces_the_default(tmp_path: Path) -> None:
    app = _app(tmp_path, allowed_hosts="tarjima.example.org, *.newsroom.example")
    try:
        ok = ("https://tarjima.example.org", "https://edit.newsroom.example")
        for base in ok:
            assert TestClient(app, base_url=base).get("/login").status_code == 200, base
        for base in ("http://127.0.0.1", "https://news.example.org"):
            assert TestClient(app, base_url=base).get("/login").status_code == 400, base
    finally:
        app.state.tarjima.database.dispose()


FORWARDED = {"x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https"}


def test_forwarded_headers_from_an_unnamed_client_are_ignored(default_app: FastAPI) -> None:
    """A local client claims another address and HTTPS: with no proxy named it stays
    itself, so it cannot pick the address that sign-in throttling counts."""
    client = TestClient(default_app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000))
    assert client.get("/seen-by-the-app", headers=FORWARDED).json() == {
        "client": "127.0.0.1",
        "scheme": "http",
    }


def test_forwarded_headers_from_a_named_proxy_are_believed(tmp_path: Path) -> None:
    app = _app(tmp_path, trusted_proxies="10.0.0.0/8")
    try:
        proxy = TestClient(app, base_url="http://127.0.0.1", client=("10.1.2.3", 50000))
        assert proxy.get("/seen-by-the-app", headers=FORWARDED).json() == {
            "client": "203.0.113.9",
            "scheme": "https",
        }
        other = TestClient(app, base_url="http://127.0.0.1", client=("192.0.2.1", 50000))
        assert other.get("/seen-by-the-app", headers=FORWARDED).json() == {
            "client": "192.0.2.1",
            "scheme": "http",
        }
    finally:
        app.state.tarjima.database.dispose()


def test_trusting_every_client_is_refused() -> None:
    with pytest.raises(ValueError, match="not \\*"):
        Settings(trusted_proxies="*")  # type: ignore[arg-type]


def _get(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[str]:
    """``tarjima serve`` on a free port, as an operator starts it (default settings)."""
    port = free_port()
    env = {**os.environ, "TARJIMA_DATA_DIR": str(tmp_path / "var")}
    for name in (
        "TARJIMA_BROKER_URL",
        "TARJIMA_DATABASE_URL",
        "TARJIMA_TRUSTED_PROXIES",
        "TARJIMA_ALLOWED_HOSTS",
        "FORWARDED_ALLOW_IPS",
    ):
        env.pop(name, None)
    server = subprocess.Popen(
        [sys.executable, "-m", "publisher", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        assert server.poll() is None, "tarjima serve exited"
        try:
            return _get(f"{base}/login", {})[0] == 200
        except OSError:
            return False

    try:
        wait_until(answers, timeout=60, what="tarjima serve to answer")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_tarjima_serve_believes_no_local_client_about_forwarding(served: str) -> None:
    """Against the real server: a client on 127.0.0.1 (trusted by uvicorn's default)
    claimed HTTPS through X-Forwarded-Proto and got a Secure cookie, and could name any
    address in X-Forwarded-For. Now neither header is believed; a poisoned Host is 400."""
    status, headers, _ = _get(f"{served}/login", FORWARDED)
    assert status == 200
    assert "secure" not in headers["set-cookie"].lower()
    status, headers, body = _get(f"{served}/editor", {"Host": EVIL})
    assert status == 400 and EVIL not in body and EVIL not in str(headers)
