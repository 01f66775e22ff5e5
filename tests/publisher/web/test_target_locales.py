"""TARJIMA_TARGET_LOCALES limits a deployment: the editor is offered and may submit only
those languages, readers are offered only those (and the editions derived from them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.db import repository as repo
from publisher.services import accounts
from publisher.web import create_app
from publisher.web.i18n import reader_locales
from publisher.web.security import CSRF_COOKIE, SESSION_COOKIE, sign_nonce
from publisher.web.state import WebState
from tests.support.browser import PASSWORD

NONCE = "target-locales-nonce"


@pytest.fixture()
def newsroom(tmp_path: Path) -> Iterator[tuple[WebState, TestClient, str]]:
    settings = Settings(
        data_dir=tmp_path / "var",
        broker_url=None,
        secret_key="target locales test secret",
        allowed_hosts=("testserver",),
        target_locales=("ru", "uz"),
    )
    app = create_app(settings)
    state: WebState = app.state.tarjima
    user_id = accounts.create_user(
        state.database, username="edil", password=PASSWORD, role=Role.EDITOR
    )
    client = TestClient(app, follow_redirects=False)  # not entered: no embedded worker
    session = accounts.start_session(state.database, settings, user_id=user_id)
    client.cookies.set(SESSION_COOKIE, session)
    client.cookies.set(CSRF_COOKIE, NONCE)
    yield state, client, sign_nonce(state.secret, NONCE, session)
    state.database.dispose()


def test_readers_are_offered_the_targets_and_their_derived_editions() -> None:
    settings = Settings(target_locales=("ru", "uz"))
    assert reader_locales(settings) == ("uz", "uz_Cyrl", "ru")


def test_the_article_form_offers_only_the_deployments_languages(
    newsroom: tuple[WebState, TestClient, str],
) -> None:
    _state, client, _token = newsroom
    page = client.get("/editor/articles/new").text
    assert 'value="uz" checked' in page and 'value="ru" checked' in page
    assert 'name="targets" value="ky"' not in page and 'name="targets" value="tg"' not in page
    # The staff screens' own language menu is not the deployment's targets: every catalog.
    assert '<option value="ky">' in page


def test_a_language_the_deployment_does_not_translate_into_is_refused(
    newsroom: tuple[WebState, TestClient, str],
) -> None:
    state, client, token = newsroom
    response = client.post(
        "/editor/articles/new",
        data={
            "csrf_token": token,
            "text": "Headline\n\nThe story.",
            "format": "text",
            "date": "2021-07-21",
            "targets": ["ru", "ky"],
        },
    )
    assert response.status_code == 400
    assert "unsupported locale “ky”: choose from uz, ru" in response.text
    with state.database.session() as session:
        assert repo.list_articles(session) == []


def test_the_front_page_switcher_offers_the_deployments_languages(
    newsroom: tuple[WebState, TestClient, str],
) -> None:
    _state, client, _token = newsroom
    page = client.get("/ru/").text
    assert 'hreflang="uz-Cyrl"' in page and 'hreflang="ru"' in page
    assert 'hreflang="ky"' not in page and 'hreflang="tg"' not in page
    assert client.get("/", headers={"accept-language": "ky"}).headers["location"] == "/ru/"
