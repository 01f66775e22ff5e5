"""Staff accounts: passwords (argon2), sign-in with throttling, browser sessions and
API tokens. Readers are anonymous and never have an account.

Secrets given to clients (session cookies, API tokens) are random 256-bit values; only
their SHA-256 is stored, so a copy of the database signs no one in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.core.errors import InputError, NotFoundError, TarjimaError
from publisher.core.locales import TARGET_LOCALES
from publisher.core.messages import N_
from publisher.db import repository as repo
from publisher.db.models import utc_now
from publisher.db.session import Database
from publisher.services import passwords
from publisher.services.throttle import (
    SignInThrottled,
    Throttle,
    count_attempt,
    forget_after_success,
)
from publisher.services.throttle import name_key as throttle_key

__all__ = [
    "TOKEN_PREFIX",
    "USERNAME",
    "Attempt",
    "NewToken",
    "SignInError",
    "SignInThrottled",
    "Throttle",
    "authenticate",
    "begin_sign_in",
    "check_role_languages",
    "check_username",
    "create_token",
    "create_user",
    "digest",
    "end_session",
    "finish_sign_in",
    "require_user",
    "revoke_token",
    "session_user",
    "start_session",
    "token_user",
    "tokens_of",
    "update_account",
    "users",
]

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
TOKEN_PREFIX = "tj_"
# Verified against when the user does not exist, so timing does not reveal user names.
_DUMMY_HASH = passwords.rehash("not a password of anyone")


class SignInError(TarjimaError):
    """Wrong user name or password (which one is not said)."""


def digest(secret: str) -> str:
    """SHA-256 of a client-held secret, as stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def check_username(username: str) -> str:
    if not USERNAME.fullmatch(username):
        raise InputError(
            N_("invalid user name “%(name)s”: 2-64 lowercase letters, digits, '.', '_' or '-'"),
            name=username[:80],
        )
    return username


def check_role_languages(role: Role, languages: Sequence[str]) -> tuple[str, ...]:
    """Translators need at least one of the target languages; others have none."""
    unknown = [code for code in languages if code not in TARGET_LOCALES]
    if unknown:
        raise InputError(
            N_("unknown language “%(code)s”: choose from %(choices)s"),
            code=unknown[0][:20],
            choices=", ".join(TARGET_LOCALES),
        )
    if role is Role.TRANSLATOR and not languages:
        raise InputError(N_("a translator needs at least one language"))
    return tuple(dict.fromkeys(languages)) if role is Role.TRANSLATOR else ()


def create_user(
    database: Database,
    *,
    username: str,
    password: str,
    role: Role,
    languages: Sequence[str] = (),
    display_name: str = "",
) -> int:
    """Create an account (user name, password and languages checked first)."""
    username = check_username(username.strip().lower())
    checked = check_role_languages(role, languages)
    password_hash = passwords.hash_password(password, user_inputs=(username, display_name))
    with database.session() as session:
        return repo.add_user(
            session,
            username=username,
            display_name=display_name.strip()[:200],
            password_hash=password_hash,
            role=role,
            languages=checked,
        )


@dataclass(frozen=True)
class Attempt:
    """A sign-in counted and let through the throttle: wait ``delay`` seconds, then
    :func:`finish_sign_in`."""

    username: str
    client: str
    failure_id: int
    delay: float


def begin_sign_in(
    database: Database,
    *,
    username: str,
    client: str,
    secret: bytes,
    throttle: Throttle | None = None,
) -> Attempt:
    """Count a sign-in attempt against the throttle (raises SignInThrottled)."""
    throttle = throttle or Throttle()
    username = username.strip().lower()[:64]
    with database.session() as session:
        found = repo.find_credentials(session, username=username)
    counted = count_attempt(
        database,
        throttle,
        user_id=None if found is None else found[0].id,
        key=throttle_key(secret, username),
        client=client,
    )
    return Attempt(username, client, counted.failure_id, counted.delay)


def finish_sign_in(
    database: Database,
    attempt: Attempt,
    *,
    password: str,
    throttle: Throttle | None = None,
) -> repo.StoredUser:
    """The active user, when the password (all of it) is right; raises SignInError."""
    throttle = throttle or Throttle()
    with database.session() as session:
        found = repo.find_credentials(session, username=attempt.username)
    user, stored = found if found is not None else (None, _DUMMY_HASH)
    ok = passwords.verify_password(stored, password)
    if not ok or user is None or not user.active:
        raise SignInError(N_("wrong user name or password"))  # the attempt stays counted
    forget_after_success(database, throttle, user_id=user.id, client=attempt.client)
    if passwords.needs_rehash(stored):
        with database.session() as session:
            repo.update_user(session, user_id=user.id, password_hash=passwords.rehash(password))
    return user


def authenticate(
    database: Database,
    *,
    username: str,
    password: str,
    client: str,
    secret: bytes,
    throttle: Throttle | None = None,
    wait: Callable[[float], object] = time.sleep,
) -> repo.StoredUser:
    """The active user with these credentials, after the throttle's delay (``wait``);
    raises SignInError or SignInThrottled. The web app waits without holding a thread
    (:func:`begin_sign_in`, an async sleep, :func:`finish_sign_in`)."""
    attempt = begin_sign_in(
        database, username=username, client=client, secret=secret, throttle=throttle
    )
    if attempt.delay:
        wait(attempt.delay)
    return finish_sign_in(database, attempt, password=password, throttle=throttle)


def start_session(database: Database, settings: Settings, *, user_id: int) -> str:
    """A new browser session for the user; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    with database.session() as session:
        repo.delete_expired_sessions(session, now=now)
        repo.add_session(
            session,
            token_hash=digest(token),
            user_id=user_id,
            expires_at=now + timedelta(seconds=settings.session_lifetime),
        )
    return token


def session_user(database: Database, token: str) -> repo.StoredUser | None:
    with database.session() as session:
        return repo.session_user(session, token_hash=digest(token), now=utc_now())


def end_session(database: Database, token: str) -> None:
    with database.session() as session:
        repo.delete_session(session, token_hash=digest(token))


@dataclass(frozen=True)
class NewToken:
    id: int
    name: str
    token: str


def create_token(database: Database, *, user_id: int, name: str) -> NewToken:
    """A new API token; its secret is shown once and never stored."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InputError(N_("give the token a name of 1-100 characters"))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with database.session() as session:
        token_id = repo.add_token(
            session,
            user_id=user_id,
            name=name,
            token_hash=digest(token),
            prefix=token[: len(TOKEN_PREFIX) + 6],
        )
    return NewToken(token_id, name, token)


def token_user(database: Database, token: str) -> repo.StoredUser | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    with database.session() as session:
        return repo.token_user(session, token_hash=digest(token), now=utc_now())


def revoke_token(database: Database, *, user_id: int, token_id: int) -> bool:
    with database.session() as session:
        return repo.revoke_token(session, user_id=user_id, token_id=token_id, now=utc_now())


def update_account(
    database: Database,
    *,
    user_id: int,
    role: Role | None = None,
    languages: Sequence[str] | None = None,
    active: bool | None = None,
    password: str | None = None,
    display_name: str | None = None,
    acting_user_id: int | None = None,
) -> repo.StoredUser:
    """Change an account. A new password or a deactivation signs the user out everywhere:
    every browser session ends and every API token is revoked for good (enabling the
    account again brings none back).

    An admin (``acting_user_id``) cannot demote or deactivate their own account, so an
    installation never loses its last admin by accident.
    """
    if user_id == acting_user_id and (
        (role is not None and role is not Role.ADMIN) or active is False
    ):
        raise InputError(N_("you cannot demote or deactivate your own account; ask another admin"))
    user = require_user(database, user_id)
    new_role = role or user.role
    checked = check_role_languages(new_role, user.languages if languages is None else languages)
    password_hash = (
        None
        if password is None
        else passwords.hash_password(password, user_inputs=(user.username, user.display_name))
    )
    with database.session() as session:
        repo.update_user(
            session,
            user_id=user_id,
            role=new_role,
            languages=checked,
            active=active,
            password_hash=password_hash,
            display_name=None if display_name is None else display_name.strip()[:200],
        )
        if password_hash is not None or active is False:
            repo.delete_sessions_of(session, user_id=user_id)
            repo.revoke_tokens_of(session, user_id=user_id, now=utc_now())
        updated = repo.get_user(session, user_id=user_id)
    assert updated is not None
    return updated


def users(database: Database) -> list[repo.StoredUser]:
    with database.session() as session:
        return repo.list_users(session)


def tokens_of(database: Database, user_id: int) -> list[repo.StoredToken]:
    with database.session() as session:
        return repo.list_tokens(session, user_id=user_id)


def require_user(database: Database, user_id: int) -> repo.StoredUser:
    """The user with this id; NotFoundError when there is none."""
    with database.session() as session:
        user = repo.get_user(session, user_id=user_id)
    if user is None:
        raise NotFoundError(N_("no user with id %(id)s"), id=user_id)
    return user
