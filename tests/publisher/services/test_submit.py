"""Submitting from the web app: the checks before anything is stored, the editor's
title as the headline, reserved slugs, and updates that keep the article's id."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from publisher.core.articles import BlockKind
from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.core.errors import InputError
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services import accounts
from publisher.services.submit import RESERVED_SLUGS, Submission, prepare_submission

TEXT = "Old headline\n\nOn July 18, 2021, 345 people crossed.\n\nThey waited."


def _submission(**fields: object) -> Submission:
    values: dict[str, object] = {"targets": ["ky"], "published": date(2021, 7, 21), **fields}
    return Submission.pasted(TEXT, "text", **values)  # type: ignore[arg-type]


def test_the_editors_title_replaces_the_headline_and_makes_the_slug(settings: Settings) -> None:
    prepared = prepare_submission(settings, _submission(title="Border talks in Osh"))
    article = prepared.article
    assert article.title == "Border talks in Osh" and article.slug == "border-talks-in-osh"
    headlines = [b for b in article.blocks if b.kind is BlockKind.HEADLINE]
    assert [h.text for h in headlines] == ["Border talks in Osh"]
    assert [b.index for b in article.blocks] == list(range(len(article.blocks)))
    for block in article.blocks:
        assert all(s.block_index == block.index for s in block.segments)
    assert "Old headline" not in [b.text for b in article.blocks]


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_reserved_slugs_are_refused(settings: Settings, slug: str) -> None:
    with pytest.raises(InputError, match="reserved"):
        prepare_submission(settings, _submission(slug=slug))


def test_a_title_that_makes_a_reserved_slug_is_moved_aside(settings: Settings) -> None:
    prepared = prepare_submission(settings, _submission(title="API"))
    assert prepared.article.slug == "api-article"


def test_bad_submissions_store_nothing(settings: Settings) -> None:
    with pytest.raises(InputError, match="unsupported locale"):
        prepare_submission(settings, _submission(targets=["en"]))
    with pytest.raises(InputError, match="too long"):
        prepare_submission(settings, _submission(title="x" * 301))
    assert not settings.data_dir.exists()


def test_accounts_throttle_and_tokens(tmp_path: Path) -> None:
    database = Database.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    user_id = accounts.create_user(
        database, username="Dilnoza", password="a long password", role=Role.EDITOR
    )
    with database.session() as session:
        stored = repo.get_user(session, user_id=user_id)
    assert stored is not None and stored.username == "dilnoza"  # names are lowercase
    throttle = accounts.Throttle(per_user=2, per_client=3)
    waits: list[float] = []

    def sign_in(username: str, password: str, client: str) -> repo.StoredUser:
        return accounts.authenticate(
            database,
            username=username,
            password=password,
            client=client,
            secret=b"k",
            throttle=throttle,
            wait=waits.append,
        )

    for _ in range(2):
        with pytest.raises(accounts.SignInError):
            sign_in("dilnoza", "nope nope nope", "10.0.0.1")
    # That address is refused for this account, even with the right password ...
    with pytest.raises(accounts.SignInThrottled):
        sign_in("dilnoza", "a long password", "10.0.0.1")
    # ... but another address signs in (slowed down, not refused).
    assert sign_in("dilnoza", "a long password", "10.0.0.2").id == user_id
    assert waits == [1.0]
    # Per client: one address guessing many names is stopped too.
    for name in ("a1", "a2", "a3"):
        with pytest.raises(accounts.SignInError):
            sign_in(name, "x" * 10, "10.0.0.9")
    with pytest.raises(accounts.SignInThrottled):
        sign_in("a4", "x" * 10, "10.0.0.9")
    new = accounts.create_token(database, user_id=user_id, name="script")
    assert accounts.token_user(database, new.token) is not None
    assert accounts.token_user(database, new.token + "x") is None
    assert accounts.revoke_token(database, user_id=user_id, token_id=new.id)
    assert accounts.token_user(database, new.token) is None
    assert not accounts.revoke_token(database, user_id=user_id, token_id=new.id)
