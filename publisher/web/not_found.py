"""The readers' missing page: a 404 that speaks the URL's language, in the readers' layout.

``/ky/no-such-story`` answers in Kyrgyz and ``/uz-Cyrl/...`` in Uzbek in Cyrillic script,
whatever the browser asks for; a path with no language of ours in it (``/no-such-story``,
``/de/some-story``) answers in the reader's language (cookie, Accept-Language, default).
When the article the path names is published in other languages, the page links to each
of those editions, by its headline; otherwise it offers the newest stories of the
language and its front page. Only published editions are ever named: a draft's slug gets
the same page as a slug that never existed.

Staff screens and the API keep their own error answers (``STAFF_PREFIXES``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from publisher.core.locales import EDITION_LOCALES
from publisher.core.localize.l10n import locale_tag
from publisher.db import repository as repo
from publisher.services.intake import SLUG_PATTERN
from publisher.web.i18n import language_name, reader_locales
from publisher.web.render import render
from publisher.web.routes.reader import BY_TAG, CACHE, _reader_locale, _switcher
from publisher.web.security import STAFF_PREFIXES
from publisher.web.state import state_of

LATEST = 5  # the newest stories a missing page offers instead
_MAX_SLUG = 80


@dataclass(frozen=True)
class Elsewhere:
    """An edition of the missing article in another language."""

    tag: str
    href: str
    language: str
    title: str


def is_reader_path(path: str) -> bool:
    """Whether a missing ``path`` gets the readers' page (not a staff screen, the API or a
    static file)."""
    return not path.startswith((*STAFF_PREFIXES, "/static/"))


def _parts(path: str) -> tuple[str | None, str | None]:
    """The URL's locale (None: no language of ours) and the article slug a path names."""
    segments = [s for s in path.split("/") if s]
    locale = BY_TAG.get(segments[0]) if segments else None
    slug = segments[-1] if 1 <= len(segments) <= 2 else None
    if slug is not None and (
        slug in BY_TAG or len(slug) > _MAX_SLUG or not SLUG_PATTERN.fullmatch(slug)
    ):
        slug = None
    return locale, slug


def _editions(session: Session, slug: str) -> dict[str, repo.StoredPublication]:
    """The article's published editions by locale, in the readers' order."""
    published = repo.locales_of_slug(session, slug=slug)
    found = {
        code: repo.get_publication(session, slug=slug, locale=code)
        for code in EDITION_LOCALES
        if code in published
    }
    return {code: p for code, p in found.items() if p is not None}


def reader_not_found(request: Request, *, headers: Mapping[str, str] | None = None) -> Response:
    """The 404 page for a reader's path."""
    url_locale, slug = _parts(request.url.path)
    offered = reader_locales(state_of(request).settings)
    locale = url_locale or _reader_locale(request, offered)
    with state_of(request).database.session() as session:
        editions = _editions(session, slug) if slug else {}
        latest = repo.latest_publications(session, locale=locale, limit=LATEST)
    elsewhere = [
        Elsewhere(locale_tag(code), f"/{locale_tag(code)}/{slug}", language_name(code), p.title)
        for code, p in editions.items()
    ]
    paths = {
        code: f"/{locale_tag(code)}/{slug}" if code in editions else f"/{locale_tag(code)}/"
        for code in offered
    }
    response = render(
        request,
        "reader/not_found.html",
        {
            "elsewhere": elsewhere,
            "latest": latest,
            "switcher": _switcher(list(offered), locale, paths),
        },
        locale=locale,
        status_code=404,
        forms=False,
    )
    response.headers.update(headers or {})
    response.headers.update(CACHE)
    if url_locale is None:  # the language came from the cookie or Accept-Language
        response.headers["vary"] = "accept-language, cookie"
    return response
