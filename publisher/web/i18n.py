"""Languages of the web app: negotiating readers' and staff's language, and a Jinja2
environment per language with the gettext catalogs installed."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache, partial
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import parse_locale
from jinja2 import Environment, FileSystemLoader, select_autoescape

from publisher.core import qa
from publisher.core.config import Settings
from publisher.core.locales import SPECS
from publisher.core.localize import catalogs
from publisher.core.localize.l10n import base_locale, edition_locales, locale_tag

LANGUAGE_COOKIE = "tarjima_lang"
TEMPLATES = Path(__file__).resolve().parent / "templates"
_MAX_HEADER_ITEMS = 20


def reader_locales(settings: Settings) -> tuple[str, ...]:
    """The languages this deployment offers readers: its target locales
    (``Settings.target_locales``) and the editions derived from them (uz_Cyrl after uz)."""
    return edition_locales(settings.target_locales)


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


def _candidates(tag: str) -> list[str]:
    """Locale codes a tag asks for, most specific first: "uz-Cyrl-UZ" -> uz_Cyrl, uz."""
    try:
        parts = parse_locale(tag.replace("_", "-"), sep="-")
    except ValueError:
        return []
    language, script = parts[0], parts[2]
    return [f"{language}_{script}", language] if script else [language]


def negotiate(header: str | None, available: Sequence[str]) -> str | None:
    """The first of the header's tags (parsed by Babel) that names an available language
    and script: ``uz-Cyrl`` and ``uz-Cyrl-UZ`` give ``uz_Cyrl`` (``uz`` where only that is
    available), ``uz``, ``uz-UZ`` and ``uz-Latn`` give ``uz``, ``ru-KG`` gives ``ru``; None
    when nothing matches."""
    by_code = {code.lower(): code for code in available}
    for tag in parse_accept_language(header):
        for candidate in _candidates(tag):
            if candidate.lower() in by_code:
                return by_code[candidate.lower()]
    return None


def choose(cookie: str | None, header: str | None, available: Sequence[str], default: str) -> str:
    """The cookie's choice when it is available (or the language it derives from: staff
    screens for a reader of uz_Cyrl are uz), else the header's, else ``default``."""
    if cookie is not None and cookie in available:
        return cookie
    if cookie is not None and base_locale(cookie) in available:
        return base_locale(cookie)
    return negotiate(header, available) or default


def language_name(code: str) -> str:
    """The language's own name for itself (the switcher shows endonyms); a script variant
    is named by its language alone, in its own script (uz_Cyrl "Ўзбекча")."""
    spec = SPECS.get(code)
    if spec is not None and spec.endonym is not None:
        return spec.endonym
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code
    name = (locale.languages.get(locale.language) if locale.script else None) or (
        locale.get_display_name(code) or code
    )
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
    # A stored QA warning in words of this language (its English message for old rows).
    env.globals["qa_label"] = partial(qa.warning_text, locale=locale)
    env.filters["tag"] = locale_tag
    return env
