"""Sign-in throttling that keeps guessing slow without letting anyone lock a colleague out.

- Per (account, client address): ``per_user`` failures in ``window``, then that address
  is refused (429) for that account. The right password from another address still works.
- Per client address: ``per_client`` failures over all names in ``window``, then refused.
- Per account, from everywhere: past ``per_user`` failures each further attempt waits
  (1 s, then 2 s, 4 s ... at most ``max_delay``) before its password is checked. It slows
  guessing spread over many addresses and never refuses anyone.

Every attempt is recorded as a failure *before* its password is checked, then counted:
a burst of parallel guesses all see each other, so none slips past a limit. A name that
matches no account is recorded under a 16-bit keyed hash of it, never the name itself
(it is often a password typed into the wrong field); the hash also makes unknown names
throttle like real ones, so throttling does not tell which names exist.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from publisher.core.errors import TarjimaError
from publisher.core.messages import N_
from publisher.db import repository as repo
from publisher.db.models import utc_now
from publisher.db.session import Database


class SignInThrottled(TarjimaError):
    """Too many failed sign-ins; ``retry_after`` seconds to wait."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            N_("too many failed sign-ins; try again in %(minutes)s minutes"),
            minutes=max(1, retry_after // 60),
        )
        self.retry_after = retry_after


@dataclass(frozen=True)
class Throttle:
    """Failed sign-ins allowed per (account, address) and per address in ``window``, and
    the per-account slow-down past ``per_user`` failures from all addresses."""

    per_user: int = 5
    per_client: int = 20
    window: timedelta = timedelta(minutes=15)
    first_delay: float = 1.0
    max_delay: float = 10.0

    def delay(self, account_failures: int) -> float:
        """Seconds the attempt waits, given the account's failures in the window (this
        attempt included)."""
        extra = account_failures - self.per_user
        if extra <= 0:
            return 0.0
        return float(min(self.max_delay, self.first_delay * 2 ** min(extra - 1, 30)))


@dataclass(frozen=True)
class Counted:
    """An attempt recorded (as a failure until its password proves right) and let through."""

    failure_id: int
    delay: float


def name_key(secret: bytes, username: str) -> int:
    """A 16-bit keyed hash of a typed user name: 65,536 buckets, so even with the key a
    stored value names no one (a guessed password would share it with thousands)."""
    mac = hmac.new(secret, b"sign-in name\x00" + username.encode(), hashlib.sha256).digest()
    return int.from_bytes(mac[:2], "big")


def count_attempt(
    database: Database,
    throttle: Throttle,
    *,
    user_id: int | None,
    key: int,
    client: str,
) -> Counted:
    """Record the attempt, then count it against the limits; raises SignInThrottled."""
    since = utc_now() - throttle.window
    with database.session() as session:
        failure_id = repo.record_login_failure(
            session, user_id=user_id, name_key=key, client=client
        )
    with database.session() as session:
        by_pair = repo.count_login_failures(
            session, since=since, user_id=user_id, name_key=key, client=client
        )
        by_client = repo.count_login_failures(session, since=since, client=client)
        by_account = repo.count_login_failures(session, since=since, user_id=user_id, name_key=key)
        throttled = by_pair > throttle.per_user or by_client > throttle.per_client
        if throttled:
            # Refused attempts do not extend the refusal: it ends one window after the
            # last real guess.
            repo.forget_login_failure(session, failure_id=failure_id)
    if throttled:
        raise SignInThrottled(int(throttle.window.total_seconds()))
    return Counted(failure_id, throttle.delay(by_account))


def forget_after_success(
    database: Database,
    throttle: Throttle,
    *,
    user_id: int,
    client: str,
) -> None:
    """A good sign-in clears the account's failures from that address only: guesses from
    elsewhere keep slowing the account down. Old failures of everyone are dropped too."""
    with database.session() as session:
        repo.forget_login_failures(session, user_id=user_id, client=client)
        repo.forget_login_failures(session, before=utc_now() - throttle.window)
