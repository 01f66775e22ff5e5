"""Fixtures for the web app's tests: the app on each backend of ``--db`` (SQLite by
default) with the real Argos engine (copy models for en->ky and en->ru, none for uz and
tg), staff accounts of every role, and clients signed in as each of them.

What they build comes from ``tests.support.webapp``. A test that takes
``sample_article`` starts from a copy of the sample translated once per session (a
module's ``SAMPLE_TARGETS`` picks other locales than all four).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from publisher.core.config import Settings
from publisher.web import create_app
from tests.support.webapp import (
    SAMPLE_TARGETS,
    Account,
    SampleTemplate,
    SampleTemplates,
    Web,
    create_staff,
    install_models,
    make_settings,
    state,
)


@pytest.fixture(scope="session")
def sample_templates(
    tmp_path_factory: pytest.TempPathFactory, package_dir: dict[str, Path], sample_text: str
) -> Iterator[SampleTemplates]:
    templates = SampleTemplates(tmp_path_factory.mktemp("web-samples"), package_dir, sample_text)
    yield templates
    templates.close()


@pytest.fixture()
def sample_template(
    request: pytest.FixtureRequest, db_backend: str, sample_templates: SampleTemplates
) -> SampleTemplate:
    targets = tuple(getattr(request.module, "SAMPLE_TARGETS", SAMPLE_TARGETS))
    return sample_templates.get(db_backend, targets)


@pytest.fixture()
def web_settings(
    request: pytest.FixtureRequest, db_backend: str, tmp_path: Path, package_dir: dict[str, Path]
) -> Iterator[Settings]:
    """Settings on ``db_backend`` (a parameter: every web test runs on each of ``--db``)."""
    data_dir = tmp_path / "var"
    if "sample_article" in request.fixturenames:
        template: SampleTemplate = request.getfixturevalue("sample_template")
        with template.copy(data_dir) as url:
            yield make_settings(data_dir, url)
        return
    settings = make_settings(data_dir, request.getfixturevalue("db_url"))
    install_models(settings, package_dir)
    yield settings


@pytest.fixture()
def app(web_settings: Settings) -> Iterator[FastAPI]:
    application = create_app(web_settings)
    yield application
    state(application).database.dispose()


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    """An anonymous client; entering it runs the app's lifespan (the embedded worker)."""
    with TestClient(app, follow_redirects=False) as anonymous:
        yield anonymous


@pytest.fixture()
def staff(request: pytest.FixtureRequest, app: FastAPI) -> dict[str, Account]:
    """admin, editor, translator of ky ("ky"), translator of ru ("ru")."""
    if "sample_article" in request.fixturenames:
        template: SampleTemplate = request.getfixturevalue("sample_template")
        return dict(template.staff)  # in the copied database already
    return create_staff(app)


@pytest.fixture()
def web(app: FastAPI, client: TestClient, staff: dict[str, Account]) -> Web:
    return Web(app, client, staff)


@pytest.fixture()
def sample_article(sample_template: SampleTemplate, client: TestClient) -> dict[str, Any]:
    """The sample article submitted by the editor into all four locales (or the module's
    ``SAMPLE_TARGETS``), translated: a copy of the session's template."""
    return dict(sample_template.article)


# -- the light browser harness (tests/support/browser.py): the app in a thread, seeded
# without workers, driven by headless Chromium --------------------------------------------

from tests.support.browser import browser_app, chromium_browser  # noqa: E402,F401


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the browser harness needs Chromium: mark it ``integration``."""
    for item in items:
        if "browser_app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.integration)
