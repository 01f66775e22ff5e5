"""What a redirect says happened ("The Kyrgyz edition is published"), carried in a signed,
short-lived cookie instead of the query string, so that no link can make a page say
anything.

A handler that changed something answers ``redirect_with(request, url, done="published",
locale="ky")``; the page at ``url`` reads ``flashed(request)`` (templates get it as
``flash``) and shows it once: the page deletes the cookie. The cookie holds codes and
counts that templates word themselves, never text to show; it is signed with the
installation's secret (itsdangerous), names the one path it is for, and expires after
``FLASH_MAX_AGE`` seconds. A forged, stale or misdirected cookie says nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from itsdangerous import BadData, URLSafeTimedSerializer

from publisher.web.head import is_head
from publisher.web.security import delete_cookie, read_cookie, set_cookie
from publisher.web.state import state_of

FLASH_COOKIE = "tarjima_flash"
FLASH_MAX_AGE = 120  # seconds: the redirect is followed at once
_SALT = "tarjima.flash"


def _signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(state_of(request).secret, salt=_SALT)


def redirect_with(request: Request, url: str, **said: str | int) -> RedirectResponse:
    """A 303 to ``url`` (a path on this site) whose page will say ``said``."""
    response = RedirectResponse(url, status_code=303)
    value = _signer(request).dumps(
        {"path": urlsplit(url).path, "said": {key: str(v) for key, v in said.items()}}
    )
    set_cookie(response, request, FLASH_COOKIE, value, max_age=FLASH_MAX_AGE)
    return response


def flashed(request: Request) -> dict[str, str]:
    """What the redirect to this page said ({} if nothing, or if the cookie is forged,
    stale or for another page); the page that renders it deletes the cookie."""
    cached: dict[str, str] | None = getattr(request.state, "flash", None)
    if cached is not None:
        return cached
    request.state.flash = said = _read(request)
    return said


def _read(request: Request) -> dict[str, str]:
    raw = read_cookie(request, FLASH_COOKIE, limit=4096)  # "__Host-tarjima_flash" if Secure
    if not raw:
        return {}
    try:
        data = _signer(request).loads(raw, max_age=FLASH_MAX_AGE)
    except BadData:
        request.state.flash_taken = True  # worthless: delete it
        return {}
    if not isinstance(data, dict) or data.get("path") != request.url.path:
        return {}  # for another page: left for it
    request.state.flash_taken = True
    said = data.get("said")
    return {str(k): str(v) for k, v in said.items()} if isinstance(said, dict) else {}


def finish_flash(request: Request, response: Response) -> None:
    """Delete the flash cookie once its page (or a bad cookie) has been dealt with; a HEAD
    of the page leaves it for the GET."""
    if getattr(request.state, "flash_taken", False) and not is_head(request.scope):
        delete_cookie(response, request, FLASH_COOKIE)
