"""Readers' pages: published editions only, straight from the publications table (the
translation pipeline is never touched here). Drafts and unpublished editions are 404.

``/`` and ``/{slug}`` pick the reader's language: the switcher's cookie, else the
browser's Accept-Language (Babel's negotiation), else the configured default.

Readers are offered the deployment's target languages (``Settings.target_locales``) plus
the editions derived from them; an edition published in another registry locale stays at
its address. Uzbek in
Cyrillic script lives at ``/uz-Cyrl/`` (URLs use BCP 47 tags, the database Babel's
``uz_Cyrl``), beside Uzbek in Latin script at ``/uz/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from publisher.core.enums import EditionState
from publisher.core.errors import NotFoundError
from publisher.core.locales import EDITION_LOCALES, STAFF_LOCALES
from publisher.core.localize.l10n import formatter_for, locale_tag
from publisher.db import repository as repo
from publisher.services.intake import SLUG_PATTERN
from publisher.web.i18n import (
    LANGUAGE_COOKIE,
    choose,
    language_name,
    reader_locales,
)
from publisher.web.render import render
from publisher.web.security import set_cookie
from publisher.web.state import state_of

router = APIRouter(include_in_schema=False)
ONE_YEAR = 365 * 24 * 3600
STAFF_HOMES = {
    "editor": "/editor/",
    "translate": "/translate/",
    "admin": "/admin/users",
    "account": "/account/tokens",
}
FEED_SIZE = 30
PAGE_SIZE = 50
# Reader pages may be cached briefly by browsers and proxies; staff pages never.
CACHE = {"cache-control": "public, max-age=60"}
# URL segment (BCP 47 tag) -> locale code: "uz-Cyrl" -> "uz_Cyrl".
BY_TAG = {locale_tag(code): code for code in EDITION_LOCALES}


@dataclass(frozen=True)
class SwitchLink:
    tag: str
    href: str
    label: str
    current: bool


def _switcher(locales: list[str], current: str, path_for: dict[str, str]) -> list[SwitchLink]:
    return [
        SwitchLink(
            locale_tag(code),
            f"/language?to={code}&next={quote(path_for[code])}",
            language_name(code),
            code == current,
        )
        for code in locales
    ]


def _locale_of(tag: str) -> str:
    """The locale of a URL segment ("uz-Cyrl" -> "uz_Cyrl"). Readers get 404, not a
    validation error, for a language we do not publish in."""
    if tag not in BY_TAG:
        raise NotFoundError(f"no edition in {tag[:16]!r}")
    return BY_TAG[tag]


def _paths(locales: list[str], slug: str = "") -> dict[str, str]:
    return {code: f"/{locale_tag(code)}/{slug}" for code in locales}


def _check_slug(slug: str) -> None:
    if len(slug) > 80 or not SLUG_PATTERN.fullmatch(slug):
        raise NotFoundError("no such article")


def _reader_locale(request: Request, available: list[str] | tuple[str, ...]) -> str:
    settings = state_of(request).settings
    default = settings.default_locale if settings.default_locale in available else available[0]
    return choose(
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
        available,
        default,
    )


@router.get("/")
def home(request: Request) -> Response:
    """The front page in the reader's language."""
    locale = _reader_locale(request, reader_locales(state_of(request).settings))
    return RedirectResponse(
        f"/{locale_tag(locale)}/", status_code=303, headers={"vary": "accept-language, cookie"}
    )


@router.get("/robots.txt")
def robots(request: Request) -> Response:
    site = state_of(request).settings.site_url.rstrip("/")
    body = (
        "User-agent: *\nDisallow: /editor/\nDisallow: /translate/\nDisallow: /admin/\n"
        f"Disallow: /account/\nDisallow: /api/\nSitemap: {site}/sitemap.xml\n"
    )
    return PlainTextResponse(body)


@router.get("/language")
def switch_language(
    request: Request,
    to: Annotated[str, Query(max_length=16)] = "",
    next: Annotated[str, Query(max_length=2000)] = "/",
) -> Response:
    """Remember the reader's (or staff member's) language in a cookie and go back."""
    if to not in STAFF_LOCALES and to not in EDITION_LOCALES:
        raise NotFoundError(f"unknown language {to!r}")
    target = next if next.startswith("/") and not next.startswith(("//", "/\\")) else "/"
    response = RedirectResponse(target, status_code=303)
    set_cookie(response, request, LANGUAGE_COOKIE, to, max_age=ONE_YEAR, http_only=False)
    return response


@router.get("/sitemap.xml")
def sitemap(request: Request) -> Response:
    """Every complete published edition, with its other complete languages as hreflang
    alternates: a partial edition stays out until it is complete."""
    with state_of(request).database.session() as session:
        publications = repo.all_publications(session)
    by_article: dict[int, list[repo.StoredPublication]] = {}
    for p in publications:
        if p.state is not EditionState.COMPLETE:
            continue
        by_article.setdefault(p.article_id, []).append(p)
    return render(
        request,
        "reader/sitemap.xml",
        {"articles": list(by_article.values())},
        locale="en",
        media_type="application/xml",
        forms=False,
    )


@router.get("/{locale}/")
def front_page(request: Request, locale: str) -> Response:
    """The locale's published editions, newest first."""
    locale = _locale_of(locale)  # the URL's tag -> the locale code
    with state_of(request).database.session() as session:
        items = repo.latest_publications(session, locale=locale, limit=PAGE_SIZE)
    fmt = formatter_for(locale)
    entries = [{"p": p, "date": fmt.date(p.article_date)} for p in items]
    offered = list(reader_locales(state_of(request).settings))
    paths = _paths(offered)
    switcher = _switcher(offered, locale, paths)
    response = render(
        request,
        "reader/front.html",
        {
            "entries": entries,
            "switcher": switcher,
            "alternates": [{"tag": locale_tag(c), "href": paths[c]} for c in offered],
        },
        locale=locale,
        forms=False,
    )
    response.headers.update(CACHE)
    return response


@router.get("/{locale}/feed.xml")
def feed(request: Request, locale: str) -> Response:
    """An Atom feed of the locale's newest editions."""
    locale = _locale_of(locale)  # the URL's tag -> the locale code
    with state_of(request).database.session() as session:
        items = repo.latest_publications(session, locale=locale, limit=FEED_SIZE)
    updated = max((p.published_at for p in items), default=None)
    response = render(
        request,
        "reader/feed.xml",
        {"items": items, "updated": updated},
        locale=locale,
        media_type="application/atom+xml",
        forms=False,
    )
    response.headers.update(CACHE)
    return response


@router.get("/{locale}/{slug}")
def article(request: Request, locale: str, slug: str) -> Response:
    """One published edition."""
    locale = _locale_of(locale)  # the URL's tag -> the locale code
    _check_slug(slug)
    with state_of(request).database.session() as session:
        publication = repo.get_publication(session, slug=slug, locale=locale)
        locales = repo.locales_of_slug(session, slug=slug) if publication else []
        complete = repo.locales_of_slug(session, slug=slug, complete_only=True)
    if publication is None:
        raise NotFoundError("this article is not published in this language")
    ordered = [c for c in EDITION_LOCALES if c in locales]
    paths = _paths(ordered, slug)
    switcher = _switcher(ordered, locale, paths)
    # hreflang alternates: complete editions only, and none on a partial edition's page.
    linked = [c for c in ordered if c in complete] if locale in complete else []
    response = render(
        request,
        "reader/article.html",
        {
            "p": publication,
            "switcher": switcher,
            "alternates": [{"tag": locale_tag(c), "href": paths[c]} for c in linked],
            "x_default": f"/{slug}" if linked else None,
        },
        locale=locale,
        forms=False,
    )
    response.headers.update(CACHE)
    return response


@router.get("/{slug}")
def article_any_language(request: Request, slug: str) -> Response:
    """An article in the reader's language, among those it is published in; ``/ky`` is
    the Kyrgyz front page. (One route for both: a separate ``/{locale}`` route would take
    every ``/{slug}`` first and answer 422 for it.)"""
    if slug in BY_TAG:
        return RedirectResponse(f"/{slug}/", status_code=308)
    if slug in STAFF_HOMES:
        return RedirectResponse(STAFF_HOMES[slug], status_code=308)
    _check_slug(slug)
    with state_of(request).database.session() as session:
        locales = repo.locales_of_slug(session, slug=slug)
    available = [c for c in EDITION_LOCALES if c in locales]
    if not available:
        raise NotFoundError("no such article")
    locale = _reader_locale(request, available)
    return RedirectResponse(
        f"/{locale_tag(locale)}/{slug}",
        status_code=303,
        headers={"vary": "accept-language, cookie"},
    )
