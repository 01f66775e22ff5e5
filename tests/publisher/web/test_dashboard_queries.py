"""The editors' dashboard reads a fixed number of SQL statements whatever the number of
articles (no query per article or per language), on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.services import accounts
from publisher.web import create_app
from publisher.web.security import SESSION_COOKIE
from publisher.web.state import WebState
from tests.support.browser import SeededArticle, publish, seed_article


def _drops_a_number(masked: str, locale: str) -> str:
    """A machine translation that lost the first protected span: a QA error."""
    return f"[{locale}] " + masked.replace("⟦1⟧", "", 1)


def _seed(state: WebState, first: int, last: int) -> None:
    """Articles ``first``..``last - 1`` in every state the dashboard shows: translated
    and assembled, not assembled, still translating, published, published over QA errors
    (an override)."""
    for n in range(first, last):
        text = (
            f"Story number {n} from the valley\n\nOn July 18, 2021, {n} people "
            "crossed the border.\n\nThey waited for news."
        )
        errors = n % 7 == 0
        article: SeededArticle = seed_article(
            state.database,
            state.settings,
            text,
            targets=("ky", "uz", "ru")[: 1 + n % 3],
            slug=f"story-{n}",
            assemble=n % 2 == 0,
            translated=[] if n % 4 == 3 else None,
            **({"machine": _drops_a_number} if errors else {}),
        )
        if n % 5 == 0 or errors:
            publish(state.database, state.settings, article, article.targets[:1])


@pytest.fixture()
def dashboard(db_url: str, tmp_path: Path) -> Iterator[tuple[Any, TestClient]]:
    settings = Settings(
        data_dir=tmp_path / "var",
        database_url=db_url,
        broker_url=None,
        secret_key="dashboard test secret",
        allowed_hosts=("testserver",),
    )
    app = create_app(settings)
    state: WebState = app.state.tarjima
    editor = accounts.create_user(
        state.database, username="editor-user", password="correct horse battery", role=Role.EDITOR
    )
    client = TestClient(app, follow_redirects=False)  # not entered: no embedded worker
    client.cookies.set(
        SESSION_COOKIE, accounts.start_session(state.database, settings, user_id=editor)
    )
    yield state, client
    state.database.dispose()


def _statements(state: WebState, client: TestClient) -> tuple[int, str]:
    """The number of statements GET /editor/ runs, and the page."""
    executed: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        executed.append(statement)

    event.listen(state.database.engine, "before_cursor_execute", count)
    try:
        response = client.get("/editor/")
    finally:
        event.remove(state.database.engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.text
    return len(executed), response.text


def test_the_dashboard_runs_as_many_statements_for_50_articles_as_for_5(
    dashboard: tuple[WebState, TestClient],
) -> None:
    state, client = dashboard
    _seed(state, 1, 6)
    few, page = _statements(state, client)
    assert len(re.findall(r'href="/editor/articles/\d+"', page)) == 5
    _seed(state, 6, 51)
    many, page = _statements(state, client)
    assert len(re.findall(r'href="/editor/articles/\d+"', page)) == 50
    assert many == few, (few, many)
    assert few <= 12, few  # the session, the user, and one statement per kind of fact
    # What the chips say comes from those statements: published, ready, translating.
    assert page.count("chip published") >= 10 and "chip ready" in page
    assert "chip working" in page


def test_the_dashboard_shows_the_newest_50(dashboard: tuple[WebState, TestClient]) -> None:
    state, client = dashboard
    _seed(state, 1, 53)
    _count, page = _statements(state, client)
    assert len(re.findall(r'href="/editor/articles/\d+"', page)) == 50
    assert "story-52" in page and "story-3</code>" in page and "story-2</code>" not in page
