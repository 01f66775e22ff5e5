"""Errors the publisher reports to people. ``InputError`` means bad input: exit status 2."""

from __future__ import annotations


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (drivers add hints and SQL below it), or its
    type's name when it says nothing."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class TarjimaError(Exception):
    """Base class of Tarjima's own errors; the message is meant for the user."""


class InputError(TarjimaError):
    """The input cannot be accepted (empty, not UTF-8, binary, too large, bad locale...)."""


class NotFoundError(TarjimaError):
    """An article, segment or edition that was asked for does not exist."""
