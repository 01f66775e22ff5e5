"""gettext catalogs for the page chrome of editions (locales/<locale>/LC_MESSAGES/messages.po).

Catalogs are compiled with ``pybabel compile -d locales`` at build time (.mo files are
not committed). When a compiled catalog is missing, the .po file is compiled in
memory, so a fresh checkout still renders translated chrome.

A derived locale (uz_Cyrl, see ``publisher.core.localize.l10n.DERIVED``) has no catalog of its own:
its
catalog is its base locale's (uz), transliterated when loaded, so the two scripts always
say the same thing and translators keep one Uzbek catalog. Format placeholders
(``%(num)d``) are kept as written. A folder ``locales/uz_Cyrl`` would take precedence.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from publisher.core.locales import LOCALES, TARGET_LOCALES
from publisher.core.localize.l10n import DERIVED, base_locale
from publisher.core.messages import N_

DOMAIN = "messages"
DEFAULT_LOCALES_DIR = Path(__file__).resolve().parents[3] / "locales"


#: Each registry locale's English name (marked for translation in the registry).
LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType({s.code: s.english_name for s in LOCALES})
#: The locales with a catalog of their own (locales/<code>/LC_MESSAGES/messages.po): the
#: targets. A derived locale reads its base's; the source language is the msgids.
CATALOG_LOCALES: tuple[str, ...] = TARGET_LOCALES

AWAITS_TRANSLATION = N_("This passage awaits translation")
FOLLOWS_EDITION = N_(
    "Made from the %(language)s edition by transliteration; published and unpublished with it."
)


# printf-style placeholders of gettext messages: "%(num)d", "%s", "%%".
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[a-zA-Z%]")


def _read_catalog(folder: Path, locale: str) -> Catalog | None:
    """The catalog in ``folder`` (compiled .mo first, else .po), or None."""
    mo_path, po_path = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo_path.is_file():
        with mo_path.open("rb") as handle:
            return read_mo(handle)
    if po_path.is_file():
        with po_path.open("rb") as handle:
            return read_po(handle, locale=locale)
    return None


def _compiled(catalog: Catalog) -> Translations:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _keeping_placeholders(convert: Callable[[str], str], text: str) -> str:
    """``convert(text)`` with its format placeholders left exactly as they are."""
    parts, position = [], 0
    for match in _PLACEHOLDER.finditer(text):
        parts += [convert(text[position : match.start()]), match.group()]
        position = match.end()
    return "".join([*parts, convert(text[position:])])


def _transliterated(catalog: Catalog, convert: Callable[[str], str]) -> Catalog:
    for message in catalog:
        if not message.id:
            continue  # the header
        if isinstance(message.string, (tuple, list)):
            message.string = tuple(_keeping_placeholders(convert, s) for s in message.string)
        elif message.string:
            message.string = _keeping_placeholders(convert, message.string)
    return catalog


@lru_cache(maxsize=32)
def translations(locale: str, locales_dir: Path = DEFAULT_LOCALES_DIR) -> NullTranslations:
    """The catalog of ``locale`` (compiled .mo, else the .po compiled in memory); for a
    derived locale without a folder of its own, its base locale's, transliterated."""
    folder = locales_dir / locale / "LC_MESSAGES"
    derived = DERIVED.get(locale)
    if derived is not None and not folder.is_dir():
        base = _read_catalog(locales_dir / derived.base / "LC_MESSAGES", derived.base)
        if base is None:
            return NullTranslations()
        return _compiled(_transliterated(base, derived.transliterate))
    mo_path = folder / f"{DOMAIN}.mo"
    if mo_path.is_file():
        with mo_path.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    catalog = _read_catalog(folder, locale)
    return NullTranslations() if catalog is None else _compiled(catalog)


def language_name(code: str, *, in_locale: str) -> str:
    """The name of language ``code`` written in ``in_locale`` (its endonym when equal)."""
    return translations(in_locale).gettext(LANGUAGE_NAMES.get(code, code))


def endonym(code: str) -> str:
    """The language's name for itself, as a language switcher shows it; a derived locale
    is named like its base, in its own script (uz "Oʻzbekcha", uz_Cyrl "Ўзбекча")."""
    return language_name(base_locale(code), in_locale=code)
