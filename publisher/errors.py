"""Errors the publisher reports to people. ``InputError`` means bad input: exit status 2."""

from __future__ import annotations


class TarjimaError(Exception):
    """Base class of Tarjima's own errors; the message is meant for the user."""


class InputError(TarjimaError):
    """The input cannot be accepted (empty, not UTF-8, binary, too large, bad locale...)."""


class NotFoundError(TarjimaError):
    """An article, segment or edition that was asked for does not exist."""
