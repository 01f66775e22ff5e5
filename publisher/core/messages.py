"""Messages for people, in their language: an English msgid marked with ``N_`` and its
parameters, rendered through the gettext catalogs (``publisher.core.localize.catalogs``) when shown.

English is the msgid itself, so the command line, logs and the JSON API's ``detail`` say
exactly what they said before; staff screens render the same message in the staff
member's language. A parameter may itself be a message (or a language, a number, a
list of messages): it is rendered in the same language first. A catalog without the
message, or with a translation whose placeholders do not fit, gives the English text (its
parameters in English too, so one message never mixes two languages): never a crash,
never a message lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

ENGLISH = "en"


def N_(message: str) -> str:
    """Mark a string for extraction (``pybabel extract -k N_``) without translating it here."""
    return message


@runtime_checkable
class Localizable(Protocol):
    """Something that can be said in a given language."""

    def localized(self, locale: str) -> str: ...


def gettext(locale: str, msgid: str) -> str:
    """``msgid`` in ``locale`` from the catalogs (English: the msgid itself)."""
    if locale == ENGLISH or not msgid:
        return msgid
    from publisher.core.localize.catalogs import translations  # catalogs -> l10n -> errors -> here

    return translations(locale).gettext(msgid)


def localized(value: object, locale: str) -> object:
    """A parameter as it is said in ``locale``: messages rendered, the rest as it is."""
    return value.localized(locale) if isinstance(value, Localizable) else value


def render(msgid: str, params: Mapping[str, object], locale: str) -> str:
    """``msgid`` translated into ``locale`` with ``params`` filled in (each rendered in
    ``locale`` too); the English text when the translation does not fit its params."""
    translated = gettext(locale, msgid)
    if not params:
        return translated
    if translated == msgid and locale != ENGLISH:
        return render(msgid, params, ENGLISH)  # not in the catalog: all of it in English
    values = {name: localized(value, locale) for name, value in params.items()}
    try:
        return translated % values
    except (KeyError, ValueError, TypeError):
        if locale == ENGLISH:
            raise
        return render(msgid, params, ENGLISH)


@dataclass(frozen=True)
class Message:
    """A msgid and its parameters; ``str()`` is the English text."""

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def localized(self, locale: str) -> str:
        return render(self.msgid, self.params, locale)

    def __str__(self) -> str:
        return self.localized(ENGLISH)


def message(msgid: str, /, **params: object) -> Message:
    """``Message(msgid, params)``, with the params as keywords."""
    return Message(msgid, params)


@dataclass(frozen=True)
class LanguageName:
    """A language named in the language of the message ("Kyrgyz", "киргизский")."""

    code: str

    def localized(self, locale: str) -> str:
        from publisher.core.localize.catalogs import language_name

        return language_name(self.code, in_locale=locale)

    def __str__(self) -> str:
        return self.localized(ENGLISH)


@dataclass(frozen=True)
class Number:
    """A number written the way ``locale`` writes it (grouping, decimal sign):
    ``pattern`` is a CLDR number pattern ("#,##0", "0.00")."""

    value: float
    pattern: str = "#,##0"

    def localized(self, locale: str) -> str:
        from babel.numbers import format_decimal

        try:
            return str(format_decimal(self.value, format=self.pattern, locale=locale))
        except (ValueError, LookupError):
            return str(format_decimal(self.value, format=self.pattern, locale=ENGLISH))

    def __str__(self) -> str:
        return self.localized(ENGLISH)


@dataclass(frozen=True)
class Joined:
    """Several values said one after the other: "a; b; c"."""

    items: Sequence[object]
    separator: str = "; "

    def localized(self, locale: str) -> str:
        return self.separator.join(str(localized(item, locale)) for item in self.items)

    def __str__(self) -> str:
        return self.localized(ENGLISH)
