"""Incremental republishing: after an editor changes one paragraph of the sample, only
that paragraph's segments reach the engine, and approved work elsewhere survives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.testclient import TestClient

from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.services import accounts
from publisher.web import create_app
from tests.support.webapp import wait_until_done
from worker.engines.packages import install_package

DOUBLES = Path(__file__).resolve().parents[2] / "worker"
SAMPLE_DATE = "2021-07-21"


@pytest.fixture()
def recorded(
    tmp_path: Path,
    db_url: str,
    package_dir: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[TestClient, dict[str, str], Any]]:
    """The app translating in-process through the real Argos engine, wrapped so that
    every text sent to it is recorded."""
    monkeypatch.syspath_prepend(str(DOUBLES))
    if TYPE_CHECKING:  # the module, as mypy finds it from the repository root
        from tests.worker import tarjima_engine_doubles as doubles
    else:  # the module the engine factory loads (TARJIMA_ENGINE below), from sys.path
        import tarjima_engine_doubles as doubles

    doubles.Recording.calls.clear()
    settings = Settings(
        data_dir=tmp_path / "var",
        database_url=db_url,
        broker_url=None,
        secret_key="test secret key",
        allowed_hosts=("testserver",),  # TestClient's host name
        engine="tarjima_engine_doubles:recording",
        db_retry_max_delay=0.5,  # see tests.support.webapp.make_settings
    )
    install_package(package_dir["en-ky"], settings.resolved_models_dir)
    app = create_app(settings)
    database = app.state.tarjima.database
    editor = accounts.create_user(
        database, username="editor", password="a long password", role=Role.EDITOR
    )
    translator = accounts.create_user(
        database,
        username="kanykei",
        password="a long password",
        role=Role.TRANSLATOR,
        languages=["ky"],
    )
    headers = {
        "editor": "Bearer " + accounts.create_token(database, user_id=editor, name="t").token,
        "ky": "Bearer " + accounts.create_token(database, user_id=translator, name="t").token,
    }
    with TestClient(app) as client:
        yield client, headers, doubles.Recording
    database.dispose()


def _wait(client: TestClient, article_id: int, headers: dict[str, str]) -> None:
    wait_until_done(client, article_id, {"Authorization": headers["editor"]}, timeout=300)


def _segments(client: TestClient, article_id: int, headers: dict[str, str]) -> list[Any]:
    response = client.get(
        f"/api/review/ky/articles/{article_id}", headers={"Authorization": headers["ky"]}
    )
    assert response.status_code == 200
    segments: list[Any] = response.json()
    return segments


def test_editing_one_paragraph_sends_only_its_segments_to_the_engine(
    recorded: tuple[TestClient, dict[str, str], Any], sample_text: str
) -> None:
    client, headers, recording = recorded
    editor = {"Authorization": headers["editor"]}
    body = {"text": sample_text, "date": SAMPLE_DATE, "targets": ["ky"], "slug": "sample"}
    article = client.post("/api/articles", headers=editor, json=body).json()
    _wait(client, article["id"], headers)
    first_pass = [text for _, texts in recording.calls for text in texts]
    segments = _segments(client, article["id"], headers)
    assert len(first_pass) == len(segments)

    # A translator approves the headline.
    headline = segments[0]
    approved = client.put(
        f"/api/review/ky/articles/{article['id']}/segments/{headline['segment_id']}",
        headers={"Authorization": headers["ky"]},
        json={"text": "Тажикстан чоң мүмкүнчүлүктү колдон чыгарды.", "version": 1, "approve": True},
    )
    assert approved.status_code == 200

    # The editor rewrites one paragraph.
    old = "It seemed simple enough."
    assert sample_text.count(old) == 1
    new = "It seemed simple enough. Then the border closed again."
    recording.calls.clear()
    updated = client.put(
        f"/api/articles/{article['id']}",
        headers=editor,
        json={**body, "text": sample_text.replace(old, new)},
    )
    assert updated.status_code == 200, updated.text
    _wait(client, article["id"], headers)

    sent = [text for _, texts in recording.calls for text in texts]
    # Only the changed paragraph's sentences; the unchanged first one kept its translation.
    assert sent == ["Then the border closed again."]
    after = _segments(client, article["id"], headers)
    assert after[0]["text"] == "Тажикстан чоң мүмкүнчүлүктү колдон чыгарды."
    assert (after[0]["status"], after[0]["origin"]) == ("approved", "human")
    assert len(after) == len(segments) + 1
    assert all(s["status"] in ("machine", "approved") for s in after)
