"""Rendering pages: the right language's templates, the CSRF token, the signed-in user."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from publisher.core.errors import TarjimaError
from publisher.core.locales import SOURCE_LOCALES, STAFF_LOCALES
from publisher.web.flash import finish_flash, flashed
from publisher.web.i18n import LANGUAGE_COOKIE, choose, environment
from publisher.web.security import csrf_token, finish_cookies
from publisher.web.state import state_of


def staff_locale(request: Request) -> str:
    """The language of staff screens: the switcher's cookie, else Accept-Language, else en."""
    return choose(
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
        STAFF_LOCALES,
        SOURCE_LOCALES[0],
    )


def said(request: Request, error: TarjimaError) -> str:
    """An error's words in the staff member's language, for the form it came from."""
    return error.localized(staff_locale(request))


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    locale: str | None = None,
    status_code: int = 200,
    media_type: str = "text/html",
    forms: bool = True,
) -> Response:
    """Render ``template`` in ``locale`` (staff screens: the negotiated one).

    Pages without forms (``forms=False``: readers' pages, publicly cacheable) carry no
    CSRF token and read no flash message, so they never set a cookie. Staff pages get
    ``flash``: what the redirect that led here said (``publisher.web.flash``).
    """
    state = state_of(request)
    locale = locale or staff_locale(request)
    env = environment(locale)
    principal = getattr(request.state, "principal", None)
    page = env.get_template(template).render(
        request=request,
        locale=locale,
        locale_tag=locale.replace("_", "-"),
        site_name=state.settings.site_name,
        site_url=state.settings.site_url.rstrip("/"),
        principal=principal,
        csrf_token=csrf_token(request) if forms else "",
        staff_locales=STAFF_LOCALES,
        flash=flashed(request) if forms else {},
        **(context or {}),
    )
    response: Response
    if media_type == "text/html":
        response = HTMLResponse(page, status_code=status_code)
    else:
        # Starlette names the charset of text/* only: feeds and the sitemap need it said
        # (a browser shows an Atom feed without it as Latin-1 mojibake).
        if "charset=" not in media_type:
            media_type = f"{media_type}; charset=utf-8"
        response = Response(page, status_code=status_code, media_type=media_type)
    finish_cookies(request, response)
    if forms:
        finish_flash(request, response)
    return response
