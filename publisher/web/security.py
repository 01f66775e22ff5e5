"""Request-level security: CSRF tokens, cookies, body size limits and response headers.

CSRF uses signed double-submit tokens: a random nonce in an HttpOnly cookie, and in each
form an HMAC under the installation's secret of that nonce and, once signed in, of the
session too. A page on another site can neither read the cookies nor compute the HMAC,
and SameSite=Lax keeps the cookies off its cross-site POSTs in the first place. Someone
who can plant a cookie (a sibling subdomain, a plain-HTTP man in the middle) can pair a
nonce they know with the victim's browser, but not with the victim's session, whose
token they never see; over HTTPS both cookies carry the ``__Host-`` prefix, which
browsers accept only from this very host, Secure, with Path=/ and no Domain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from fastapi import Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from publisher.core.config import Settings
from publisher.core.errors import TarjimaError
from publisher.core.messages import N_
from publisher.web.state import state_of

CSRF_COOKIE = "tarjima_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "tarjima_session"
#: Browsers keep a cookie so named only when it is Secure, for Path=/ and without Domain.
HOST_PREFIX = "__Host-"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_MAX_COOKIE = 200


class CsrfError(TarjimaError):
    """A form or cookie-authenticated API call without a valid CSRF token."""


EXPIRED_FORM = N_("the form has expired or came from another site; reload and try again")


def sign_nonce(secret: bytes, nonce: str, session: str | None = None) -> str:
    """The CSRF token for ``nonce``, and for the session cookie's value once signed in:
    the HMAC over both (the session by its SHA-256), so a token is worth nothing in
    another browser's session."""
    if session is None:
        message = b"csrf\x00anonymous\x00" + nonce.encode()
    else:
        bound = hashlib.sha256(session.encode()).hexdigest()
        message = b"csrf\x00session\x00" + bound.encode() + b"\x00" + nonce.encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def cookie_name(request: Request, name: str) -> str:
    """``name`` as this request's cookies carry it: ``__Host-`` prefixed when Secure."""
    secure = secure_cookies(request, state_of(request).settings)
    return HOST_PREFIX + name if secure else name


def read_cookie(request: Request, name: str, *, limit: int = _MAX_COOKIE) -> str | None:
    """The value of our cookie ``name`` (under its prefixed name when cookies are Secure:
    an unprefixed one could have been planted by another host), if it is plausible: shorter
    than ``limit`` characters."""
    value = request.cookies.get(cookie_name(request, name))
    return value if value and len(value) < limit else None


def csrf_nonce(request: Request) -> str:
    """The request's CSRF nonce: the cookie's, or a new one (set on the response later)."""
    nonce = getattr(request.state, "new_csrf_nonce", None) or read_cookie(request, CSRF_COOKIE)
    if not nonce:
        nonce = secrets.token_urlsafe(24)
        request.state.new_csrf_nonce = nonce
    return nonce


def csrf_token(request: Request) -> str:
    """The token forms carry (``csrf_token``) and scripts send (``X-CSRF-Token``)."""
    return sign_nonce(
        state_of(request).secret, csrf_nonce(request), read_cookie(request, SESSION_COOKIE)
    )


def check_csrf(request: Request, submitted: str | None) -> None:
    nonce = read_cookie(request, CSRF_COOKIE)
    if not nonce or not submitted:
        raise CsrfError(EXPIRED_FORM)
    expected = sign_nonce(state_of(request).secret, nonce, read_cookie(request, SESSION_COOKIE))
    if not hmac.compare_digest(expected, submitted):
        raise CsrfError(EXPIRED_FORM)


def rotate_csrf(request: Request) -> None:
    """A fresh nonce at sign-in and sign-out, so a token seen before cannot be replayed."""
    request.state.new_csrf_nonce = secrets.token_urlsafe(24)


def secure_cookies(request: Request, settings: Settings) -> bool:
    if settings.cookie_secure is not None:
        return settings.cookie_secure
    return request.url.scheme == "https"


def set_cookie(
    response: Response,
    request: Request,
    name: str,
    value: str,
    *,
    max_age: int | None,
    http_only: bool = True,
) -> None:
    """Set our cookie ``name`` (prefixed ``__Host-`` when Secure), for the whole site."""
    response.set_cookie(
        cookie_name(request, name),
        value,
        max_age=max_age,
        path="/",
        httponly=http_only,
        samesite="lax",
        secure=secure_cookies(request, state_of(request).settings),
    )


def delete_cookie(response: Response, request: Request, name: str) -> None:
    """Remove our cookie ``name``; a ``__Host-`` one only goes with the same attributes."""
    response.delete_cookie(
        cookie_name(request, name),
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request, state_of(request).settings),
    )


def finish_cookies(request: Request, response: Response) -> None:
    """Set the CSRF cookie when this request made a new nonce."""
    nonce = getattr(request.state, "new_csrf_nonce", None)
    if nonce:
        set_cookie(response, request, CSRF_COOKIE, nonce, max_age=None)


# Paths of staff screens and the API: never cached, and their errors are the staff's pages
# (or JSON), never the readers' missing page.
STAFF_PREFIXES = ("/editor", "/translate", "/admin", "/account", "/login", "/api/")

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data: https:; style-src 'self'; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
        "object-src 'none'"
    ),
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, whether or not they say their
    length up front: a body without Content-Length is read (at most ``limit`` bytes)
    before the app sees it, so the app never parses a truncated body."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _refuse(send, 400, "invalid Content-Length header")
                return
            if int(declared) > self.limit:
                await _too_large(send, self.limit)
                return
            await self.app(scope, receive, send)
            return
        chunks = await self._read_body(receive, send)
        if chunks is None:
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read_body(self, receive: Receive, send: Send) -> list[bytes] | None:
        chunks = await _read_limited(receive, self.limit)
        if chunks is None:
            await _too_large(send, self.limit)
        return chunks


async def _read_limited(receive: Receive, limit: int) -> list[bytes] | None:
    """The body's chunks, or None when it grows past ``limit``."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return chunks
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks


async def _too_large(send: Send, limit: int) -> None:
    await _refuse(
        send,
        413,
        f"request body too large: the limit is {limit} bytes; split the "
        "article or raise TARJIMA_MAX_UPLOAD_BYTES",
    )


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def csrf_form(request: Request) -> None:
    """Router dependency: every unsafe request to an HTML route carries ``csrf_token``."""
    if request.method in SAFE_METHODS:
        return
    form = await request.form()
    submitted = form.get(CSRF_FIELD)
    check_csrf(request, submitted if isinstance(submitted, str) else None)


def local_path(target: str | None, default: str) -> str:
    """``target`` when it is a path on this site (no open redirects), else ``default``."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default
