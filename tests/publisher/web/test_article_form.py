"""The editor's article form refuses pasted text together with an uploaded file (neither
silently wins), on the form, with everything typed kept."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.db import repository as repo
from publisher.services import accounts
from publisher.web import create_app
from publisher.web.security import CSRF_COOKIE, SESSION_COOKIE, sign_nonce
from publisher.web.state import WebState
from tests.support.browser import PASSWORD, seed_article

PASTED = "Pasted headline\n\nThe pasted story <with> 3 people & more."
FILE = ("story.md", b"# File headline\n\nThe file's story.", "text/markdown")


@pytest.fixture()
def editor(tmp_path: Path) -> Iterator[tuple[WebState, TestClient, str]]:
    settings = Settings(
        data_dir=tmp_path / "var",
        broker_url=None,
        secret_key="article form test secret",
        allowed_hosts=("testserver",),
    )
    app = create_app(settings)
    state: WebState = app.state.tarjima
    user_id = accounts.create_user(
        state.database, username="edil", password=PASSWORD, role=Role.EDITOR
    )
    client = TestClient(app, follow_redirects=False)  # not entered: no embedded worker
    session = accounts.start_session(state.database, settings, user_id=user_id)
    client.cookies.set(SESSION_COOKIE, session)
    client.cookies.set(CSRF_COOKIE, "form-test-nonce")
    yield state, client, sign_nonce(state.secret, "form-test-nonce", session)
    state.database.dispose()


def _fields(token: str, **extra: object) -> dict[str, object]:
    return {
        "csrf_token": token,
        "text": PASTED,
        "format": "text",
        "date": "2021-07-21",
        "slug": "kept-slug",
        "title": "Kept title",
        "targets": ["ky", "tg"],
        **extra,
    }


def _assert_refused_and_kept(page: str) -> None:
    assert 'class="flash error" role="alert"' in page
    assert "both pasted text and a file (story.md) were given" in page
    assert html.escape(PASTED, quote=False) in page  # the textarea keeps the text
    assert 'value="kept-slug"' in page and 'value="Kept title"' in page
    assert 'value="2021-07-21"' in page
    assert 'value="ky" checked' in page and 'value="tg" checked' in page
    assert 'value="uz" checked' not in page
    assert '<option value="text" selected>' in page


def _articles(state: WebState) -> list[str]:
    with state.database.session() as session:
        return [a.slug for a in repo.list_articles(session)]


def test_a_new_article_with_both_text_and_a_file_is_refused_on_the_form(
    editor: tuple[WebState, TestClient, str],
) -> None:
    state, client, token = editor
    response = client.post("/editor/articles/new", data=_fields(token), files={"upload": FILE})
    assert response.status_code == 400
    _assert_refused_and_kept(response.text)
    assert "Submit for translation" in response.text  # the same form, not an error page
    assert _articles(state) == []


def test_an_update_with_both_text_and_a_file_is_refused_on_the_form(
    editor: tuple[WebState, TestClient, str],
) -> None:
    state, client, token = editor
    article = seed_article(state.database, state.settings, slug="the-story")
    with state.database.session() as session:
        before = repo.get_source(session, article_id=article.id)
    response = client.post(
        f"/editor/articles/{article.id}/edit", data=_fields(token), files={"upload": FILE}
    )
    assert response.status_code == 400
    _assert_refused_and_kept(response.text)
    assert f'action="/editor/articles/{article.id}/edit"' in response.text
    with state.database.session() as session:
        assert repo.get_source(session, article_id=article.id) == before
    assert _articles(state) == ["the-story"]


def test_an_empty_file_field_or_blank_text_is_not_both(
    editor: tuple[WebState, TestClient, str],
) -> None:
    """Browsers send an empty file part when no file is chosen; blank text is no text."""
    state, client, token = editor
    response = client.post(
        "/editor/articles/new",
        data=_fields(token, slug="from-text"),
        files={"upload": ("", b"", "application/octet-stream")},
    )
    assert response.status_code == 303, response.text
    response = client.post(
        "/editor/articles/new",
        data=_fields(token, text="  \n ", slug="from-file"),
        files={"upload": FILE},
    )
    assert response.status_code == 303, response.text
    with state.database.session() as session:
        titles = {a.slug: a.title for a in repo.list_articles(session)}
    assert titles == {"from-text": "Kept title", "from-file": "Kept title"}


def test_the_editor_sets_the_kicker_on_the_form_and_finds_it_when_editing(
    editor: tuple[WebState, TestClient, str],
) -> None:
    state, client, token = editor
    assert 'name="kicker"' in client.get("/editor/articles/new").text
    response = client.post(
        "/editor/articles/new",
        data=_fields(token, kicker="  Analysis ", source_url="https://www.rferl.org/a/1.html"),
    )
    assert response.status_code == 303, response.text
    with state.database.session() as session:
        (summary,) = repo.list_articles(session)
    assert summary.kicker == "Analysis"
    assert summary.source_url == "https://www.rferl.org/a/1.html"
    page = client.get(f"/editor/articles/{summary.id}/edit").text
    assert 'name="kicker" maxlength="60" value="Analysis"' in page
    assert 'value="https://www.rferl.org/a/1.html"' in page
    response = client.post(f"/editor/articles/{summary.id}/edit", data=_fields(token, kicker=""))
    assert response.status_code == 303, response.text
    with state.database.session() as session:
        assert repo.article_summary(session, article_id=summary.id).kicker is None


def test_a_kicker_too_long_is_refused_on_the_form_and_kept(
    editor: tuple[WebState, TestClient, str],
) -> None:
    state, client, token = editor
    response = client.post("/editor/articles/new", data=_fields(token, kicker="K" * 61))
    assert response.status_code == 400
    assert "the kicker is too long (over 60 characters)" in response.text
    assert f'value="{"K" * 61}"' in response.text
    bad_url = client.post("/editor/articles/new", data=_fields(token, source_url="javascript:x"))
    assert bad_url.status_code == 400
    assert "address must be an http or https URL" in bad_url.text
    assert _articles(state) == []
