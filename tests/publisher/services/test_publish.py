"""Publishing and unpublishing editions; the Uzbek Cyrillic edition follows the Uzbek one."""

from __future__ import annotations

from typing import Any

import pytest

from publisher.core.config import Settings
from publisher.core.errors import InputError
from publisher.db import repository as repo
from publisher.db.models import EditionState, Origin, Status
from publisher.db.session import Database
from publisher.services.publish import (
    PartialEditionError,
    QAErrorsError,
    publish_edition,
    unpublish_edition,
)
from tests.support.articles import UZ_SAMPLE, UzSample


@pytest.fixture()
def stored(uz_sample: UzSample) -> tuple[Database, int]:
    return uz_sample.database, uz_sample.article_id


def _set_uz(uz_sample: UzSample, position: tuple[int, int], text: str, **fields: Any) -> None:
    row = {
        "origin": Origin.HUMAN,
        "status": Status.APPROVED,
        "engine": None,
        "warnings": [],
        **fields,
    }
    with uz_sample.database.session() as session:
        repo.upsert_translation(
            session, segment_id=uz_sample.segment_ids[position], locale="uz", text=text, **row
        )


def _published(database: Database, article_id: int) -> dict[str, repo.StoredPublication]:
    with database.session() as session:
        return repo.publications_of(session, article_id=article_id)


def test_publishing_uz_publishes_the_cyrillic_edition_under_the_same_checks(
    settings: Settings, stored: tuple[Database, int]
) -> None:
    database, article_id = stored
    with pytest.raises(PartialEditionError):
        publish_edition(database, settings, article_id=article_id, locale="uz", user_id=None)
    assert _published(database, article_id) == {}
    edition = publish_edition(
        database, settings, article_id=article_id, locale="uz", user_id=None, accept_partial=True
    )
    published = _published(database, article_id)
    assert set(published) == {"uz", "uz_Cyrl"}
    uz, cyrl = published["uz"], published["uz_Cyrl"]
    assert edition.locale == "uz" and uz.state is cyrl.state is EditionState.PARTIAL
    assert uz.missing == cyrl.missing == len(edition.missing)
    assert cyrl.title == UZ_SAMPLE[(0, 0)][1] and "21 июл, 2021" in cyrl.content


def test_both_scripts_are_published_in_one_transaction(
    settings: Settings, stored: tuple[Database, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, article_id = stored
    original = repo.publish

    def failing(session: Any, **fields: Any) -> None:
        if fields["locale"] == "uz_Cyrl":
            raise RuntimeError("disk full")
        original(session, **fields)

    monkeypatch.setattr(repo, "publish", failing)
    with pytest.raises(RuntimeError):
        publish_edition(
            database,
            settings,
            article_id=article_id,
            locale="uz",
            user_id=None,
            accept_partial=True,
        )
    assert _published(database, article_id) == {}  # uz was rolled back with it


def test_unpublishing_uz_takes_the_cyrillic_edition_away(
    settings: Settings, stored: tuple[Database, int]
) -> None:
    database, article_id = stored
    for locale in ("uz", "ky"):
        publish_edition(
            database,
            settings,
            article_id=article_id,
            locale=locale,
            user_id=None,
            accept_partial=True,
        )
    assert unpublish_edition(database, settings, article_id=article_id, locale="uz") is True
    assert set(_published(database, article_id)) == {"ky"}
    assert unpublish_edition(database, settings, article_id=article_id, locale="uz") is False


def test_qa_errors_in_uz_hold_back_both_scripts(
    settings: Settings, stored: tuple[Database, int], uz_sample: UzSample
) -> None:
    database, article_id = stored
    _set_uz(
        uz_sample,
        (3, 0),
        "Odamlar halok bo‘ldi.",
        origin=Origin.MACHINE,
        status=Status.MACHINE,
        engine="test",
        warnings=[{"code": "span_missing", "message": "⟦1⟧ is missing", "severity": "error"}],
    )
    with pytest.raises(QAErrorsError):
        publish_edition(
            database,
            settings,
            article_id=article_id,
            locale="uz",
            user_id=None,
            accept_partial=True,
        )
    assert _published(database, article_id) == {}
    publish_edition(
        database,
        settings,
        article_id=article_id,
        locale="uz",
        user_id=None,
        accept_partial=True,
        override_errors=True,
        username="amina",
    )
    assert set(_published(database, article_id)) == {"uz", "uz_Cyrl"}
    with database.session() as session:
        overrides = repo.overrides_of(session, article_id=article_id)
    assert [(o.locale, o.username) for o in overrides] == [("uz", "amina")]


def test_the_cyrillic_edition_is_never_published_on_its_own(
    settings: Settings, stored: tuple[Database, int]
) -> None:
    database, article_id = stored
    with pytest.raises(InputError, match="publish uz"):
        publish_edition(
            database,
            settings,
            article_id=article_id,
            locale="uz_Cyrl",
            user_id=None,
            accept_partial=True,
        )
    assert _published(database, article_id) == {}


def test_publishing_again_carries_a_translators_fix_into_both_scripts(
    settings: Settings, stored: tuple[Database, int], uz_sample: UzSample
) -> None:
    database, article_id = stored
    publish_edition(
        database, settings, article_id=article_id, locale="uz", user_id=None, accept_partial=True
    )
    _set_uz(uz_sample, (7, 0), "Hammasi oddiy tuyuldi.")
    assert "Ҳаммаси оддий туюлди." not in _published(database, article_id)["uz_Cyrl"].content
    publish_edition(
        database, settings, article_id=article_id, locale="uz", user_id=None, accept_partial=True
    )
    published = _published(database, article_id)
    assert "Hammasi oddiy tuyuldi." in published["uz"].content
    assert "Ҳаммаси оддий туюлди." in published["uz_Cyrl"].content
    # 17 passages of the sample, less the photo caption's 2 and the "WATCH" callout's 1:
    # no edition shows those.
    assert published["uz"].missing == published["uz_Cyrl"].missing == 14
