"""Fixtures for the web app's tests: the app on PostgreSQL with the real Argos engine
(copy models for en->ky and en->ru, none for uz and tg), staff accounts of every role,
and clients signed in as each of them."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.services import accounts
from publisher.web import create_app
from publisher.web.security import CSRF_COOKIE, SESSION_COOKIE, sign_nonce
from publisher.web.state import WebState
from worker.engines.packages import install_package

PASSWORD = "correct horse battery"
SAMPLE_DATE = "2021-07-21"


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: Role
    languages: tuple[str, ...]


@pytest.fixture()
def web_settings(
    tmp_path: Path, postgres_schema_url: str, package_dir: dict[str, Path]
) -> Settings:
    settings = Settings(
        data_dir=tmp_path / "var",
        database_url=postgres_schema_url,
        broker_url=None,
        secret_key="test secret key",
        allowed_hosts=("testserver",),  # TestClient's host name
        site_url="https://news.example.org",
    )
    for pair in ("en-ky", "en-ru"):
        install_package(package_dir[pair], settings.resolved_models_dir)
    return settings


@pytest.fixture()
def app(web_settings: Settings) -> Iterator[FastAPI]:
    application = create_app(web_settings)
    yield application
    state(application).database.dispose()


def state(app: FastAPI) -> WebState:
    found: WebState = app.state.tarjima
    return found


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    """An anonymous client; entering it runs the app's lifespan (the embedded worker)."""
    with TestClient(app, follow_redirects=False) as anonymous:
        yield anonymous


@pytest.fixture()
def staff(app: FastAPI) -> dict[str, Account]:
    """admin, editor, translator of ky ("ky"), translator of ru ("ru")."""
    database = state(app).database
    wanted = {
        "admin": (Role.ADMIN, ()),
        "editor": (Role.EDITOR, ()),
        "ky": (Role.TRANSLATOR, ("ky",)),
        "ru": (Role.TRANSLATOR, ("ru",)),
    }
    made = {}
    for key, (role, languages) in wanted.items():
        username = f"{key}-user"
        user_id = accounts.create_user(
            database, username=username, password=PASSWORD, role=role, languages=languages
        )
        made[key] = Account(user_id, username, role, languages)
    return made


def csrf_for(app: FastAPI, client: TestClient) -> str:
    """Give ``client`` a CSRF cookie (if it has none) and return the matching token (bound
    to the client's session, when it has one)."""
    nonce = next((c.value for c in client.cookies.jar if c.name == CSRF_COOKIE), None)
    if nonce is None:
        nonce = "test-nonce-" + str(id(client))
        client.cookies.set(CSRF_COOKIE, nonce, domain="testserver.local", path="/")
    session = next((c.value for c in client.cookies.jar if c.name == SESSION_COOKIE), None)
    return sign_nonce(state(app).secret, nonce, session)


def signed_in(
    app: FastAPI, account: Account | None, *, base_url: str = "http://testserver"
) -> TestClient:
    """A client with a session of ``account`` (None: anonymous) and a CSRF cookie."""
    client = TestClient(app, follow_redirects=False, base_url=base_url)
    if account is not None:
        token = accounts.start_session(state(app).database, state(app).settings, user_id=account.id)
        client.cookies.set(SESSION_COOKIE, token)
    csrf_for(app, client)
    return client


def bearer(app: FastAPI, account: Account) -> dict[str, str]:
    new = accounts.create_token(state(app).database, user_id=account.id, name="tests")
    return {"Authorization": f"Bearer {new.token}"}


def form_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def wait_until_done(
    client: TestClient,
    article_id: int,
    headers: dict[str, str] | None = None,
    timeout: float = 120.0,
) -> list[dict[str, Any]]:
    """Poll the progress API until every locale is done and assembled."""
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"/api/articles/{article_id}/progress", headers=headers or {})
        assert response.status_code == 200, response.text
        editions: list[dict[str, Any]] = response.json()
        if all(e["done"] and e["edition"] is not None for e in editions):
            return editions
        if time.monotonic() > deadline:
            raise AssertionError(f"translation did not finish: {editions}")
        time.sleep(0.2)


@dataclass
class Web:
    """The app under test, its staff, and helpers (tests import nothing from conftest)."""

    app: FastAPI
    client: TestClient
    staff: dict[str, Account]

    @property
    def state(self) -> WebState:
        return state(self.app)

    def as_user(self, key: str | None, *, base_url: str = "http://testserver") -> TestClient:
        """A client signed in as ``staff[key]`` (None: anonymous), with a CSRF cookie."""
        return signed_in(self.app, None if key is None else self.staff[key], base_url=base_url)

    def bearer(self, key: str) -> dict[str, str]:
        return bearer(self.app, self.staff[key])

    def csrf(self, client: TestClient) -> str:
        return csrf_for(self.app, client)

    def form_token(self, page: str) -> str:
        return form_token(page)

    def wait_until_done(self, article_id: int, timeout: float = 120.0) -> list[dict[str, Any]]:
        return wait_until_done(self.client, article_id, self.bearer("editor"), timeout)

    def submit(self, text: str, targets: list[str], **fields: Any) -> dict[str, Any]:
        response = self.client.post(
            "/api/articles",
            headers=self.bearer("editor"),
            json={
                "text": text,
                "date": SAMPLE_DATE,
                "targets": targets,
                **fields,
            },
        )
        assert response.status_code == 201, response.text
        article: dict[str, Any] = response.json()
        return article


@pytest.fixture()
def web(app: FastAPI, client: TestClient, staff: dict[str, Account]) -> Web:
    return Web(app, client, staff)


@pytest.fixture()
def sample_article(
    app: FastAPI, client: TestClient, staff: dict[str, Account], sample_text: str
) -> dict[str, Any]:
    """The sample article submitted by the editor into all four locales, translated."""
    headers = bearer(app, staff["editor"])
    response = client.post(
        "/api/articles",
        headers=headers,
        json={
            "text": sample_text,
            "date": SAMPLE_DATE,
            "targets": ["uz", "ky", "tg", "ru"],
        },
    )
    assert response.status_code == 201, response.text
    article: dict[str, Any] = response.json()
    wait_until_done(client, article["id"], headers)
    return article


# -- the light browser harness (tests/support/browser.py): the app in a thread, seeded
# without workers, driven by headless Chromium --------------------------------------------

from tests.support.browser import browser_app, chromium_browser  # noqa: E402,F401


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the browser harness needs Chromium: mark it ``integration``."""
    for item in items:
        if "browser_app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.integration)
