"""The web app under test (``publisher.web``): settings for one test, staff accounts of
every role, signed-in clients, and the sample article translated once per session.

:class:`SampleTemplate` is the expensive part made cheap: the sample article submitted
into all four locales and translated by the real Argos engine (copy models) takes
20 s on a loaded two-core machine. It is built once per session and backend, then each
test that asks for it gets a copy: the data folder copied, and on PostgreSQL a database
created from the template's (``CREATE DATABASE ... TEMPLATE``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, update

from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.db.models import EditionRow
from publisher.db.repository import accounts as repository
from publisher.services import accounts, passwords
from publisher.web import create_app
from publisher.web.security import CSRF_COOKIE, SESSION_COOKIE, sign_nonce
from publisher.web.state import WebState
from tests.support.databases import (
    database_name,
    disconnect_all,
    fresh_postgres_database,
    sqlite_url,
)
from tests.support.services import wait_until
from worker.engines.packages import install_package

PASSWORD = "correct horse battery"
SAMPLE_DATE = "2021-07-21"


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: Role
    languages: tuple[str, ...]


# The staff every web test has: key -> (role, languages); user names are "<key>-user".
STAFF: dict[str, tuple[Role, tuple[str, ...]]] = {
    "admin": (Role.ADMIN, ()),
    "editor": (Role.EDITOR, ()),
    "ky": (Role.TRANSLATOR, ("ky",)),
    "ru": (Role.TRANSLATOR, ("ru",)),
}
SAMPLE_TARGETS = ("uz", "ky", "tg", "ru")


def make_settings(data_dir: Path, database_url: str | None) -> Settings:
    """The web tests' settings: the TestClient's host allowed, no broker (the app's
    embedded worker translates)."""
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        broker_url=None,
        secret_key="test secret key",
        allowed_hosts=("testserver",),  # TestClient's host name
        site_url="https://news.example.org",
        # On SQLite a batch that meets "database is locked" (a request's write between its
        # read and its write) waits out the outage backoff, up to 15 s a try: seconds here.
        db_retry_max_delay=0.5,
    )


WEB_PAIRS = ("en-ky", "en-ru")  # the copy models a web test has; none for uz and tg


@functools.cache
def _installed_once(packages: tuple[Path, ...]) -> Path:
    """``packages`` installed, once per process, into a folder beside the first."""
    folder = packages[0].parent / "installed-for-web"
    for package in packages:
        install_package(package, folder)
    return folder


def link_tree(source: Path, target: Path) -> None:
    """``source`` copied to ``target`` as hard links: no file's bytes are written again.

    For model folders, which nothing writes in place (an install stages a new folder and
    renames it; a removal unlinks). A test that means to damage a model file must
    install a copy of its own: writing into a linked file changes it for every later
    test of the process."""
    shutil.copytree(source, target, copy_function=os.link, dirs_exist_ok=True)


def install_models(settings: Settings, package_dir: dict[str, Path]) -> None:
    """The copy models for en->ky and en->ru in the settings' models folder; none for uz
    and tg. Installed (unpacked and checked) once per process, then hard-linked: a web
    test's data folder used to hold 50 MB of its own unpacked models, 18 GB a run."""
    installed = _installed_once(tuple(package_dir[pair] for pair in WEB_PAIRS))
    link_tree(installed, settings.resolved_models_dir)


def state(app: FastAPI) -> WebState:
    found: WebState = app.state.tarjima
    return found


@functools.cache
def password_hash() -> str:
    """The argon2id hash of :data:`PASSWORD`, computed once per process: a hash costs
    0.15 s, and every web test has four accounts. Sign-ins still verify against it."""
    return passwords.hash_password(PASSWORD)


def create_staff(app: FastAPI) -> dict[str, Account]:
    """admin, editor, translator of ky ("ky"), translator of ru ("ru"), stored with
    :func:`password_hash` (``accounts.create_user``, which hashes, has its own tests)."""
    made = {}
    with state(app).database.session() as session:
        for key, (role, languages) in STAFF.items():
            username = f"{key}-user"
            user_id = repository.add_user(
                session,
                username=username,
                display_name="",
                password_hash=password_hash(),
                role=role,
                languages=accounts.check_role_languages(role, languages),
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
    """Poll the progress API until every locale is done and assembled (the embedded
    worker translates in threads of the app: there is no event to wait on)."""
    seen: list[dict[str, Any]] = []

    def done() -> list[dict[str, Any]] | None:
        response = client.get(f"/api/articles/{article_id}/progress", headers=headers or {})
        assert response.status_code == 200, response.text
        seen[:] = response.json()
        return seen if all(e["done"] and e["edition"] is not None for e in seen) else None

    try:
        return wait_until(done, timeout=timeout, what="the translation", every=0.05)
    except AssertionError as exc:
        raise AssertionError(f"translation did not finish: {seen}") from exc


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


def submit_sample(
    client: TestClient, headers: dict[str, str], text: str, targets: tuple[str, ...]
) -> dict[str, Any]:
    """Submit ``text`` (the sample article) into ``targets`` and wait until translated."""
    response = client.post(
        "/api/articles",
        headers=headers,
        json={"text": text, "date": SAMPLE_DATE, "targets": list(targets)},
    )
    assert response.status_code == 201, response.text
    article: dict[str, Any] = response.json()
    wait_until_done(client, article["id"], headers, timeout=600)  # once per session
    return article


@dataclass
class SampleTemplate:
    """The sample article translated in a data folder (and, on PostgreSQL, a template
    database) that tests copy; the staff that the copies hold already."""

    data_dir: Path
    database: str | None  # the PostgreSQL template database; None: SQLite in data_dir
    article: dict[str, Any]
    staff: dict[str, Account]

    @contextlib.contextmanager
    def copy(self, data_dir: Path) -> Iterator[str]:
        """A copy of the template in ``data_dir`` (its models hard-linked); yields its
        database URL."""
        models = self.data_dir / "models"
        shutil.copytree(
            self.data_dir,
            data_dir,
            ignore=lambda folder, _: ["models"] if folder == str(self.data_dir) else [],
        )
        link_tree(models, data_dir / "models")
        with contextlib.ExitStack() as stack:
            if self.database is None:
                url = sqlite_url(data_dir)
            else:
                disconnect_all(self.database)  # the template's embedded worker, if any
                url = stack.enter_context(fresh_postgres_database("tarjima_w", self.database))
            engine = create_engine(url)
            try:
                with engine.begin() as connection:  # editions record their preview's path
                    connection.execute(
                        update(EditionRow).values(
                            path=func.replace(EditionRow.path, str(self.data_dir), str(data_dir))
                        )
                    )
            finally:
                engine.dispose()
            yield url


@dataclass
class SampleTemplates:
    """Templates built on first use, one per (backend, targets), for the session."""

    root: Path
    package_dir: dict[str, Path]
    sample_text: str
    stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    built: dict[tuple[str, tuple[str, ...]], SampleTemplate] = field(default_factory=dict)

    def get(self, backend: str, targets: tuple[str, ...]) -> SampleTemplate:
        key = (backend, targets)
        if key not in self.built:
            self.built[key] = self._build(backend, targets)
        return self.built[key]

    def _build(self, backend: str, targets: tuple[str, ...]) -> SampleTemplate:
        data_dir = self.root / f"{backend}-{'-'.join(targets)}" / "var"
        database = None
        url = None
        if backend == "postgres":
            url = self.stack.enter_context(fresh_postgres_database("tarjima_wt"))
            database = database_name(url)
        settings = make_settings(data_dir, url)
        install_models(settings, self.package_dir)
        app = create_app(settings)
        try:
            with TestClient(app, follow_redirects=False) as client:
                staff = create_staff(app)
                headers = bearer(app, staff["editor"])
                article = submit_sample(client, headers, self.sample_text, targets)
        finally:
            state(app).database.dispose()  # a template database takes no connections
        return SampleTemplate(data_dir, database, article, staff)

    def close(self) -> None:
        self.stack.close()
