"""Sign-in throttling: guessing stays slow, nobody can lock a colleague out, and the names
typed at failed sign-ins are never stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from publisher.core.enums import Role
from publisher.db import models
from publisher.db.repository import StoredUser
from publisher.db.session import Database
from publisher.services import accounts
from publisher.services.throttle import Throttle

PASSWORD = "correct horse battery"
SECRET = b"throttle test key"


class SignIns:
    """Sign-ins against one database; ``waits`` records every slow-down asked for."""

    def __init__(self, database: Database, throttle: Throttle) -> None:
        self.database, self.throttle = database, throttle
        self.waits: list[float] = []

    def __call__(self, username: str, password: str, client: str) -> StoredUser:
        return accounts.authenticate(
            self.database,
            username=username,
            password=password,
            client=client,
            secret=SECRET,
            throttle=self.throttle,
            wait=self.waits.append,
        )

    def fail(self, username: str, client: str, times: int = 1) -> None:
        for _ in range(times):
            with pytest.raises(accounts.SignInError):
                self(username, "wrong password!", client)


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    accounts.create_user(db, username="admin", password=PASSWORD, role=Role.ADMIN)
    accounts.create_user(db, username="aziza", password=PASSWORD, role=Role.EDITOR)
    yield db
    db.dispose()


@pytest.fixture()
def sign_in(database: Database) -> SignIns:
    return SignIns(database, Throttle(per_user=5, per_client=20))


def test_failures_from_one_address_do_not_stop_the_right_password_from_another(
    sign_in: SignIns,
) -> None:
    """Attack: five wrong passwords for "admin" from anywhere locked the account for 15
    minutes, and repeating them kept the admin out for good."""
    sign_in.fail("admin", "203.0.113.7", times=5)
    for _ in range(10):  # the attacker keeps at it
        with pytest.raises(accounts.SignInThrottled):
            sign_in("admin", "wrong again!", "203.0.113.7")
    # Their own right guess from that address would be refused too ...
    with pytest.raises(accounts.SignInThrottled):
        sign_in("admin", PASSWORD, "203.0.113.7")
    # ... but the admin, from their own address, signs in.
    assert sign_in("admin", PASSWORD, "10.1.2.3").username == "admin"


def test_guesses_from_many_addresses_slow_the_account_down_without_blocking_it(
    sign_in: SignIns,
) -> None:
    """Attack: guessing one account's password from many addresses, each under its own
    limit. Past five failures in all, every attempt waits, longer and longer (capped)."""
    for n in range(5):
        sign_in.fail("aziza", f"198.51.100.{n}")
    assert sign_in.waits == []
    for n in range(5, 12):
        sign_in.fail("aziza", f"198.51.100.{n}")
    assert sign_in.waits == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0]
    # The owner waits too, then gets in: a slow-down, not a lockout.
    assert sign_in("aziza", PASSWORD, "10.9.9.9").username == "aziza"
    assert sign_in.waits[-1] == 10.0
    # Others are not slowed down by the guessing at aziza.
    sign_in.waits.clear()
    assert sign_in("admin", PASSWORD, "198.51.100.1").username == "admin"
    assert sign_in.waits == []


def test_one_address_guessing_many_names_is_stopped(sign_in: SignIns) -> None:
    """Attack: one address trying a password against every user name it can think of."""
    for n in range(20):
        sign_in.fail(f"user{n}", "203.0.113.9")
    with pytest.raises(accounts.SignInThrottled):
        sign_in("admin", PASSWORD, "203.0.113.9")
    assert sign_in("admin", PASSWORD, "203.0.113.10").username == "admin"


def test_names_that_match_no_account_are_never_stored(
    sign_in: SignIns,
    database: Database,
) -> None:
    """Attack on the database: a password typed into the user name field was kept, in
    plain text, with the failed sign-in."""
    typed = "my-secret-password-2024"
    sign_in.fail(typed, "10.0.0.5")
    sign_in.fail("aziza", "10.0.0.5")
    with database.session() as session:
        rows = list(session.scalars(select(models.LoginFailure)))
        aziza = session.scalar(select(models.User.id).where(models.User.username == "aziza"))
    assert len(rows) == 2
    stranger, known = rows
    assert stranger.user_id is None and stranger.name_key is not None
    assert 0 <= stranger.name_key < 2**16  # a bucket shared by thousands of names
    assert known.user_id == aziza and known.name_key is None
    stored = " ".join(str(value) for row in rows for value in vars(row).values())
    assert typed not in stored and "aziza" not in stored


def test_unknown_names_are_throttled_like_real_ones(sign_in: SignIns) -> None:
    """Attack: telling which user names exist by which ones get throttled."""
    for name in ("aziza", "nobody-here"):
        sign_in.fail(name, "192.0.2.1", times=5)
        with pytest.raises(accounts.SignInThrottled):
            sign_in(name, "wrong password!", "192.0.2.1")
    assert sign_in.waits == []


def test_a_right_password_clears_only_its_own_addresss_failures(
    sign_in: SignIns,
    database: Database,
) -> None:
    """Attack: riding on the owner's sign-in to get a fresh set of guesses everywhere."""
    sign_in.fail("aziza", "203.0.113.7", times=5)
    sign_in.fail("aziza", "10.9.9.9", times=2)
    sign_in("aziza", PASSWORD, "10.9.9.9")
    with pytest.raises(accounts.SignInThrottled):
        sign_in("aziza", "wrong password!", "203.0.113.7")
    with database.session() as session:
        clients = set(session.scalars(select(models.LoginFailure.client)))
    assert clients == {"203.0.113.7"}
