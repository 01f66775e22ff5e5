"""Errors the publisher reports to people. ``InputError`` means bad input: exit status 2.

An error's text is a message (``publisher.core.messages``): raised as
``InputError(N_("the title is too long (over %(limit)s characters)"), limit=200)``, its
``str()`` is the English text (the command line, logs, the JSON API's ``detail``) and
``localized(locale)`` says it in a staff member's language. An error raised with plain
text (no params) is that text in every language, unless a catalog happens to have it.
"""

from __future__ import annotations

from publisher.core.messages import Message


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (drivers add hints and SQL below it), or its
    type's name when it says nothing."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class TarjimaError(Exception):
    """Base class of Tarjima's own errors; the message is meant for the user."""

    def __init__(self, text: str | Message = "", /, **params: object) -> None:
        self.message = text if isinstance(text, Message) else Message(text, params)
        super().__init__(str(self.message))

    def localized(self, locale: str) -> str:
        """The message in ``locale`` (a staff member's language), English as a fallback."""
        return self.message.localized(locale)


class InputError(TarjimaError):
    """The input cannot be accepted (empty, not UTF-8, binary, too large, bad locale...)."""


class OfflineError(TarjimaError):
    """A network the command needs (a model index, the Hugging Face Hub) cannot be reached.

    Expected on a machine without internet, so it is not reported as an error: the
    command line prints the message as a plain line and exits 1 (nothing was done).
    """


class NotFoundError(TarjimaError):
    """An article, segment or edition that was asked for does not exist."""
