"""The password policy (OWASP ASVS 2.1): length, no blank passwords, no well-known or
easily guessed ones, no composition rules; and argon2id hashes.

Strength is judged by zxcvbn (the maintained Python port of Dropbox's estimator): it
knows the most common passwords of public breaches, English words, names, keyboard
walks, repeats, sequences and dates, and the user's own name. A password passes when
its estimate is at least 10^8 guesses (zxcvbn's score 3).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from publisher.core.errors import InputError
from publisher.core.messages import N_

MIN_PASSWORD = 10
#: Longer passwords are refused, never cut: sign-in checks the whole of what was typed.
MAX_PASSWORD = 1024
MIN_SCORE = 3
#: zxcvbn's own bound on what it estimates (its time grows fast with length). A longer
#: password is judged by its first 72 characters: more characters only add guesses.
ESTIMATED_CHARS = 72
#: Words of this service that make a password easier to guess here (ASVS 6.2.11), with
#: the user's own names.
CONTEXT_WORDS = ("tarjima",)
_HASHER = PasswordHasher()
# zxcvbn keeps the user's own words in a module-level dictionary while it estimates.
_ESTIMATOR_LOCK = threading.Lock()


def check_password(password: str, *, user_inputs: Sequence[str] = ()) -> None:
    """Raise InputError unless ``password`` may be set. ``user_inputs`` (the user name,
    the display name) count as well-known words for this user, as the service's name
    does for everyone."""
    if not password.strip():
        raise InputError(N_("the password cannot be blank or only spaces"))
    if len(password) < MIN_PASSWORD:
        raise InputError(
            N_("the password must have at least %(count)s characters"), count=MIN_PASSWORD
        )
    if len(password) > MAX_PASSWORD:
        raise InputError(
            N_("the password must have at most %(count)s characters"), count=MAX_PASSWORD
        )
    if strength(password, user_inputs=user_inputs) < MIN_SCORE:
        raise InputError(
            N_(
                "this password is too easy to guess (a common password, word, name or "
                "pattern); choose a longer one, for example a few unrelated words"
            )
        )


def strength(password: str, *, user_inputs: Sequence[str] = ()) -> int:
    """zxcvbn's score, 0 (trivial) to 4 (very hard to guess)."""
    from zxcvbn import zxcvbn  # its word lists load in ~0.1 s: only when a password is set

    words = [word for word in (*CONTEXT_WORDS, *user_inputs) if word]
    with _ESTIMATOR_LOCK:
        result = zxcvbn(password[:ESTIMATED_CHARS], user_inputs=words)
    return int(result["score"])


def hash_password(password: str, *, user_inputs: Sequence[str] = ()) -> str:
    """The argon2id hash of a password the policy accepts."""
    check_password(password, user_inputs=user_inputs)
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password``, all of it, matches the hash. A password longer than any that
    can be set never matches (it is not cut to length first)."""
    if len(password) > MAX_PASSWORD:
        return False
    try:
        return bool(_HASHER.verify(stored_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return bool(_HASHER.check_needs_rehash(stored_hash))


def rehash(password: str) -> str:
    """A fresh hash of a password already verified (its policy is not checked again)."""
    return _HASHER.hash(password)
