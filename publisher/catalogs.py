"""gettext catalogs for the page chrome of editions (locales/<locale>/LC_MESSAGES/messages.po).

Catalogs are compiled with ``pybabel compile -d locales`` at build time (.mo files are
not committed). When a compiled catalog is missing, the .po file is compiled in
memory, so a fresh checkout still renders translated chrome.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"
DEFAULT_LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


LANGUAGE_NAMES: dict[str, str] = {
    "uz": N_("Uzbek"),
    "ky": N_("Kyrgyz"),
    "tg": N_("Tajik"),
    "ru": N_("Russian"),
    "en": N_("English"),
}

AWAITS_TRANSLATION = N_("This passage awaits translation")


@lru_cache(maxsize=32)
def translations(locale: str, locales_dir: Path = DEFAULT_LOCALES_DIR) -> NullTranslations:
    """The catalog of ``locale`` (compiled .mo, else the .po compiled in memory)."""
    folder = locales_dir / locale / "LC_MESSAGES"
    mo_path, po_path = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo_path.is_file():
        with mo_path.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if po_path.is_file():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=DOMAIN)
    return NullTranslations()


def language_name(code: str, *, in_locale: str) -> str:
    """The name of language ``code`` written in ``in_locale`` (its endonym when equal)."""
    return translations(in_locale).gettext(LANGUAGE_NAMES.get(code, code))
