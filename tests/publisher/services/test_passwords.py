"""The password policy: no blank or well-known passwords, and no silent truncation."""

from __future__ import annotations

import pytest

from publisher.core.errors import InputError
from publisher.services import passwords


@pytest.mark.parametrize("password", [" " * 12, "\t \u3000 \n    ", " " * 1024])
def test_whitespace_only_passwords_are_refused(password: str) -> None:
    """Attack: an account given a password of spaces, guessed at the first try."""
    with pytest.raises(InputError, match="blank or only spaces"):
        passwords.check_password(password)


@pytest.mark.parametrize(
    "password",
    [
        "password123",
        "1234567890",
        "qwertyuiop",
        "iloveyou12345",
        "Password1234",
        "trustno1trustno1",
        "sunshine2024",
        "aaaaaaaaaaaa",
        "zaq12wsxcde3",
    ],
)
def test_well_known_weak_passwords_are_refused(password: str) -> None:
    """Attack: the top of every breach list, keyboard walks and repeats, all ten
    characters or more, so the length rule alone let them through."""
    with pytest.raises(InputError, match="too easy to guess"):
        passwords.hash_password(password)


def test_a_password_made_of_the_users_own_name_is_refused() -> None:
    """Attack: guessing the user name (or the name shown beside it) as the password."""
    passwords.check_password("dilnoza.karimova7")  # fine for anyone else
    with pytest.raises(InputError, match="too easy to guess"):
        passwords.check_password("dilnoza.karimova7", user_inputs=["dilnoza.karimova7"])
    # The service's own name counts as a well-known word for everyone.
    with pytest.raises(InputError, match="too easy to guess"):
        passwords.check_password("tarjima2024!")


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "a typed secret 1234",
        "Tr0ub4dor&3x-mountain",
        "x7#Qv!p2Lm9@" + "z" * 1000,  # long passwords are estimated by their start
    ],
)
def test_strong_passwords_are_accepted(password: str) -> None:
    assert passwords.verify_password(passwords.hash_password(password), password)


def test_length_limits_are_said_not_applied_by_cutting() -> None:
    with pytest.raises(InputError, match="at least 10"):
        passwords.check_password("Qx7#vL2!")
    with pytest.raises(InputError, match="at most 1024"):
        passwords.check_password("Qx7#vL2!p" * 200)


def test_sign_in_checks_the_whole_password() -> None:
    """Attack: a 1024-character password signed in with anything appended, because only
    the first 1024 characters were checked."""
    password = ("Qx7#vL2!pRm9" * 86)[: passwords.MAX_PASSWORD]
    stored = passwords.hash_password(password)
    assert passwords.verify_password(stored, password)
    assert not passwords.verify_password(stored, password + "anything")
    assert not passwords.verify_password(stored, password[:-1])
