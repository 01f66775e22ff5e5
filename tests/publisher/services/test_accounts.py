"""Accounts: whatever changes a password or takes the right to sign in ends every way in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.core.errors import InputError
from publisher.db.session import Database
from publisher.services import accounts

PASSWORD = "correct horse battery"


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    yield db
    db.dispose()


@pytest.mark.parametrize("change", [{"password": "a new passphrase here"}, {"active": False}])
def test_a_reset_or_a_deactivation_ends_sessions_and_tokens_for_good(
    database: Database,
    tmp_path: Path,
    change: dict[str, object],
) -> None:
    """Attack: a token (or a browser session) stolen before a password reset or a
    deactivation kept working after it, or came back when the account was enabled again.
    ``tarjima users password``, the admin's form and the API all change accounts here."""
    user_id = accounts.create_user(database, username="aziz", password=PASSWORD, role=Role.EDITOR)
    settings = Settings(data_dir=tmp_path / "var", broker_url=None)
    session = accounts.start_session(database, settings, user_id=user_id)
    tokens = [accounts.create_token(database, user_id=user_id, name=f"t{n}") for n in (1, 2)]
    accounts.update_account(database, user_id=user_id, **change)  # type: ignore[arg-type]
    accounts.update_account(database, user_id=user_id, active=True)
    assert accounts.session_user(database, session) is None
    assert all(accounts.token_user(database, t.token) is None for t in tokens)
    assert all(t.revoked_at is not None for t in accounts.tokens_of(database, user_id))
    # New tokens work as before.
    fresh = accounts.create_token(database, user_id=user_id, name="after")
    assert accounts.token_user(database, fresh.token) is not None


def test_changing_a_role_keeps_the_tokens(database: Database) -> None:
    user_id = accounts.create_user(database, username="aziz", password=PASSWORD, role=Role.EDITOR)
    token = accounts.create_token(database, user_id=user_id, name="script")
    accounts.update_account(database, user_id=user_id, display_name="Aziz R.")
    assert accounts.token_user(database, token.token) is not None


def test_a_new_or_reset_password_must_not_be_weak(database: Database) -> None:
    """Attack: an account created or reset with a password from the top of breach lists."""
    with pytest.raises(InputError, match="too easy to guess"):
        accounts.create_user(database, username="aziz", password="password1234", role=Role.EDITOR)
    user_id = accounts.create_user(database, username="aziz", password=PASSWORD, role=Role.EDITOR)
    with pytest.raises(InputError, match="blank or only spaces"):
        accounts.update_account(database, user_id=user_id, password=" " * 16)
    with pytest.raises(InputError, match="too easy to guess"):
        accounts.update_account(database, user_id=user_id, password="aziz1234567")
