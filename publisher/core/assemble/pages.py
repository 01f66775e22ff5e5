"""Jinja2 rendering of edition pages, with gettext chrome bound to the page's locale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from publisher.core.articles import Article, BlockKind
from publisher.core.config import Settings
from publisher.core.localize import catalogs
from publisher.core.localize.l10n import formatter_for, locale_tag

if TYPE_CHECKING:
    from publisher.core.assemble.render import RenderedBlock

BODY_KINDS = frozenset(BlockKind) - {BlockKind.HEADLINE, BlockKind.ASIDE}


@dataclass(frozen=True)
class LanguageLink:
    tag: str
    href: str
    label: str
    title: str
    current: bool


def _new_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("publisher", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    return env


def _links(
    settings: Settings, slug: str, locale: str, locales: Sequence[str], alternates_of: Sequence[str]
) -> dict[str, object]:
    """Alternates, switcher, canonical and home links; URLs and folders use BCP 47 tags."""
    alternates = [
        {"tag": locale_tag(code), "href": f"{settings.site_url}/{locale_tag(code)}/{slug}"}
        for code in alternates_of
    ]
    switcher = [
        LanguageLink(
            tag=locale_tag(code),
            href=f"../{locale_tag(code)}/{slug}.html",
            label=catalogs.endonym(code),
            title=catalogs.language_name(code, in_locale=locale),
            current=code == locale,
        )
        for code in locales
    ]
    return {
        "alternates": alternates,
        "switcher": switcher,
        "canonical": f"{settings.site_url}/{locale_tag(locale)}/{slug}",
        "home": f"{settings.site_url}/{locale_tag(locale)}/",
    }


Provenance = Literal["reviewed", "machine", "partial"]


def provenance_of(*, awaiting: int, machine: bool) -> Provenance:
    """Where an edition's text comes from, as its reader is told: some passages still in
    the source language ("partial"), else some text an engine wrote ("machine"), else
    every passage a translator's (approved, or from the memory of approved ones)."""
    if awaiting:
        return "partial"
    return "machine" if machine else "reviewed"


@dataclass(frozen=True)
class EditionContent:
    """An edition's localized headline (plain text), its ``<article>`` element and where
    its text comes from."""

    title: str
    html: Markup
    provenance: Provenance = "machine"


@lru_cache(maxsize=16)
def _localized_environment(locale: str) -> Environment:
    """An environment of its own per locale, with that locale's catalog, kept: a new
    overlay per page compiled every template again (20 ms per edition), and overlays
    share one ``globals`` dict, so cached overlays would all speak the last language
    installed (nor would concurrent renders be safe)."""
    env = _new_environment()
    env.install_gettext_translations(catalogs.translations(locale), newstyle=True)  # type: ignore[attr-defined]
    return env


def render_edition_content(
    article: Article,
    locale: str,
    blocks: Sequence[RenderedBlock],
    *,
    awaiting: int,
    machine: bool = True,
    kicker: str | None = None,
) -> EditionContent:
    """The ``<article>`` element of one edition: what the static page and the web app's
    reader pages both show, each in its own chrome."""
    headline = next((b.html for b in blocks if b.kind is BlockKind.HEADLINE), escape(article.title))
    page = {
        "headline": headline,
        "published": formatter_for(locale).date(article.published),
        "published_iso": article.published.isoformat(),
        "body": [b for b in blocks if b.kind in BODY_KINDS],
        "aside": [b for b in blocks if b.kind is BlockKind.ASIDE],
        "awaiting": awaiting,
        "machine": machine,
        "kicker": kicker,  # the article's label in the edition's language; None: none
        "original": article.source_url,  # the English original's address, if given
        "provenance": (provenance := provenance_of(awaiting=awaiting, machine=machine)),
    }
    html = _localized_environment(locale).get_template("edition_content.html").render(page=page)
    return EditionContent(Markup(headline).striptags(), Markup(html.strip()), provenance)


def render_edition_page(
    settings: Settings,
    slug: str,
    locale: str,
    locales: Sequence[str],
    content: EditionContent,
    *,
    complete: Sequence[str] | None = None,
) -> str:
    """The whole static HTML page of one edition; ``locales``: the editions its language
    links point to; ``complete``: those declared as hreflang alternates (default: all of
    ``locales``). A partial edition's page declares no hreflang alternates until it is
    complete."""
    alternates_of = locales if complete is None else complete
    page = {
        "locale_tag": locale_tag(locale),
        "title": content.title,
        "content": content.html,
        "provenance": content.provenance,
        **_links(
            settings,
            slug,
            locale,
            locales,
            () if content.provenance == "partial" else alternates_of,
        ),
    }
    site = {"name": settings.site_name}
    return _localized_environment(locale).get_template("edition.html").render(page=page, site=site)
