"""Staff accounts, browser sessions, API tokens and failed sign-ins.

Secrets never reach the database in the clear: sessions and tokens are stored as the
SHA-256 of the random value the client holds; passwords as argon2 hashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from publisher.core.enums import Role
from publisher.core.errors import InputError
from publisher.core.records import StoredToken, StoredUser, as_utc
from publisher.db.models import ApiToken, LoginFailure, User, WebSession, utc_now


def _user(row: User) -> StoredUser:
    return StoredUser(
        id=row.id,
        username=row.username,
        display_name=row.display_name or row.username,
        role=Role(row.role),
        languages=tuple(row.languages),
        active=row.active,
    )


def add_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    password_hash: str,
    role: Role,
    languages: Sequence[str],
) -> int:
    """Store a new account; a taken user name is an InputError."""
    row = User(
        username=username,
        display_name=display_name,
        password_hash=password_hash,
        role=str(role),
        languages=list(languages),
        active=True,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise InputError(f"the user name {username!r} is taken") from exc
    return row.id


def get_user(session: Session, *, user_id: int) -> StoredUser | None:
    row = session.get(User, user_id)
    return None if row is None else _user(row)


def find_credentials(session: Session, *, username: str) -> tuple[StoredUser, str] | None:
    """The account called ``username`` and its password hash, or None."""
    row = session.scalar(select(User).where(User.username == username))
    return None if row is None else (_user(row), row.password_hash)


def list_users(session: Session) -> list[StoredUser]:
    return [_user(row) for row in session.scalars(select(User).order_by(User.username))]


def update_user(
    session: Session,
    *,
    user_id: int,
    role: Role | None = None,
    languages: Sequence[str] | None = None,
    active: bool | None = None,
    password_hash: str | None = None,
    display_name: str | None = None,
) -> bool:
    """Change the given fields; returns whether the user exists."""
    values: dict[str, object] = {"updated_at": utc_now()}
    if role is not None:
        values["role"] = str(role)
    if languages is not None:
        values["languages"] = list(languages)
    if active is not None:
        values["active"] = active
    if password_hash is not None:
        values["password_hash"] = password_hash
    if display_name is not None:
        values["display_name"] = display_name
    result = session.execute(update(User).where(User.id == user_id).values(**values))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def add_session(session: Session, *, token_hash: str, user_id: int, expires_at: datetime) -> None:
    session.add(WebSession(token_hash=token_hash, user_id=user_id, expires_at=expires_at))
    session.flush()


def session_user(session: Session, *, token_hash: str, now: datetime) -> StoredUser | None:
    """The active user signed in with this session, when it has not expired."""
    row = session.execute(
        select(User, WebSession.expires_at)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.token_hash == token_hash)
    ).first()
    if row is None or not row[0].active or as_utc(row[1]) <= now:
        return None
    return _user(row[0])


def delete_session(session: Session, *, token_hash: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == token_hash))


def delete_sessions_of(session: Session, *, user_id: int) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))


def delete_expired_sessions(session: Session, *, now: datetime) -> None:
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))


def _token(row: ApiToken) -> StoredToken:
    return StoredToken(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        prefix=row.prefix,
        created_at=as_utc(row.created_at),
        last_used_at=None if row.last_used_at is None else as_utc(row.last_used_at),
        revoked_at=None if row.revoked_at is None else as_utc(row.revoked_at),
    )


def add_token(session: Session, *, user_id: int, name: str, token_hash: str, prefix: str) -> int:
    row = ApiToken(user_id=user_id, name=name, token_hash=token_hash, prefix=prefix)
    session.add(row)
    session.flush()
    return row.id


def token_user(session: Session, *, token_hash: str, now: datetime) -> StoredUser | None:
    """The active user owning this unrevoked token; records when it was last used."""
    row = session.execute(
        select(User, ApiToken)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
    ).first()
    if row is None or not row[0].active:
        return None
    row[1].last_used_at = now
    return _user(row[0])


def list_tokens(session: Session, *, user_id: int) -> list[StoredToken]:
    rows = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
    )
    return [_token(row) for row in rows]


def revoke_token(session: Session, *, user_id: int, token_id: int, now: datetime) -> bool:
    """Revoke one of the user's tokens; False when it is not theirs or already revoked."""
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def revoke_tokens_of(session: Session, *, user_id: int, now: datetime) -> int:
    """Revoke every active token of the user (a password reset, a deactivation); returns
    how many. Revoked tokens stay revoked whatever happens to the account later."""
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def record_login_failure(
    session: Session, *, user_id: int | None, name_key: int | None, client: str
) -> int:
    """Record a failed sign-in of an account (``user_id``), or of a name that matches no
    account (``name_key`` only: the name itself is never stored)."""
    row = LoginFailure(
        user_id=user_id,
        name_key=None if user_id is not None else name_key,
        client=client[:64],
        at=utc_now(),
    )
    session.add(row)
    session.flush()
    return row.id


def forget_login_failure(session: Session, *, failure_id: int) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.id == failure_id))


def count_login_failures(
    session: Session,
    *,
    since: datetime,
    user_id: int | None = None,
    name_key: int | None = None,
    client: str | None = None,
) -> int:
    """Failures since ``since`` of the account ``user_id`` (or, without one, of the name
    bucket ``name_key``), from ``client``; a filter left out counts them all."""
    query = select(func.count()).select_from(LoginFailure).where(LoginFailure.at >= since)
    if user_id is not None:
        query = query.where(LoginFailure.user_id == user_id)
    elif name_key is not None:
        query = query.where(LoginFailure.user_id.is_(None), LoginFailure.name_key == name_key)
    if client is not None:
        query = query.where(LoginFailure.client == client[:64])
    return session.scalar(query) or 0


def forget_login_failures(
    session: Session,
    *,
    user_id: int | None = None,
    client: str | None = None,
    before: datetime | None = None,
) -> None:
    """Clear an account's failures from one client (after a good sign-in there), or all
    failures older than ``before``."""
    statement = delete(LoginFailure)
    if user_id is not None:
        statement = statement.where(LoginFailure.user_id == user_id)
    if client is not None:
        statement = statement.where(LoginFailure.client == client[:64])
    if before is not None:
        statement = statement.where(LoginFailure.at < before)
    session.execute(statement)
