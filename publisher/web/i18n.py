"""Languages of the web app: negotiating readers' and staff's language, and a Jinja2
environment per language with the gettext catalogs installed."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import negotiate_locale
from jinja2 import Environment, FileSystemLoader, select_autoescape

from publisher import catalogs
from publisher.config import TARGET_LOCALES

STAFF_LOCALES: tuple[str, ...] = ("en", *TARGET_LOCALES)
LANGUAGE_COOKIE = "tarjima_lang"
TEMPLATES = Path(__file__).resolve().parent / "templates"
_MAX_HEADER_ITEMS = 20


def parse_accept_language(header: str | None) -> list[str]:
    """Language tags of an Accept-Language header, most wanted first (q=0 dropped)."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for index, item in enumerate(header.split(",")[:_MAX_HEADER_ITEMS]):
        tag, _, params = item.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*" or len(tag) > 35:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if 0 < quality <= 1:
            weighted.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(header: str | None, available: Sequence[str]) -> str | None:
    """Babel's negotiation over the header's tags: ``uz-Cyrl`` and ``uz-UZ`` give ``uz``,
    ``ru-KG`` gives ``ru``; None when nothing matches."""
    preferred = parse_accept_language(header)
    for tag in preferred:
        found = negotiate_locale([tag.replace("_", "-")], list(available), sep="-")
        if found is not None:
            return next(code for code in available if code.lower() == found.lower())
    return None


def choose(cookie: str | None, header: str | None, available: Sequence[str], default: str) -> str:
    """The cookie's choice when it is available, else the header's, else ``default``."""
    if cookie is not None and cookie in available:
        return cookie
    return negotiate(header, available) or default


def language_name(code: str) -> str:
    """The language's own name for itself (the switcher shows endonyms)."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=16)
def environment(locale: str) -> Environment:
    """Templates rendered in ``locale``: autoescaped HTML/XML, gettext from locales/."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(catalogs.translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.globals["language_name"] = language_name
    return env
