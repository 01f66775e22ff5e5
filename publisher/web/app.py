"""``create_app(settings)``: the FastAPI application behind ``tarjima serve``.

Without a broker (the embedded default) the app runs Tarjima's Celery tasks in a
background thread of its own, so a single process is a whole newsroom; with a broker it
only sends work, and ``tarjima worker`` processes translate.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from publisher.core.config import Settings
from publisher.core.errors import InputError, NotFoundError, TarjimaError
from publisher.db.session import Database
from publisher.services.accounts import SignInThrottled
from publisher.services.headline_publish import HeadlineNotReadyError
from publisher.services.publish import PartialEditionError, QAErrorsError
from publisher.services.review import ConfirmationNeededError, StaleVersionError
from publisher.web.api_docs import add_api_docs
from publisher.web.auth import Forbidden, NotSignedIn
from publisher.web.head import HeadAsGet
from publisher.web.not_found import is_reader_path, reader_not_found
from publisher.web.render import render, staff_locale
from publisher.web.routes import (
    account,
    admin,
    api,
    editor,
    exchange,
    glossary,
    reader,
    sign_in,
    translator,
)
from publisher.web.security import SECURITY_HEADERS, STAFF_PREFIXES, BodyLimit, CsrfError
from publisher.web.state import WebState, load_secret

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
#: Room for multipart framing and form fields around an upload of the maximum size.
FORM_OVERHEAD = 256 * 1024


def _lifespan(state: WebState):  # type: ignore[no-untyped-def]
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if state.settings.broker_url is None:
            from worker.embedded import embedded_worker

            with embedded_worker(state.celery):
                log.info("translating in this process (no broker configured)")
                yield
        else:
            yield
        state.database.dispose()

    return lifespan


def create_app(settings: Settings, *, database: Database | None = None) -> FastAPI:
    """The web application for ``settings``; the schema is upgraded when it opens."""
    from worker.celery_app import create_celery

    database = database or Database.for_settings(settings)
    state = WebState(settings, database, create_celery(settings), load_secret(settings))
    app = FastAPI(
        title="Tarjima",
        version="1.0",
        summary="Submit English news, follow its translation into Uzbek, Kyrgyz, Tajik and "
        "Russian, review it, and publish localized editions.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan(state),
    )
    app.state.tarjima = state
    _handle_errors(app)
    _add_middleware(app, settings)
    add_api_docs(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (api, sign_in, account, admin, editor, glossary, translator, exchange, reader):
        app.include_router(module.router)
    return app


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith(STAFF_PREFIXES):
            response.headers.setdefault("cache-control", "no-store")
        return response

    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + FORM_OVERHEAD)
    # An unknown Host header is refused (400) before anything can echo it, a redirect's
    # Location included.
    app.add_middleware(
        TrustedHostMiddleware,
        allowed_hosts=list(settings.resolved_allowed_hosts),
        www_redirect=False,
    )
    if settings.trusted_proxies:
        # X-Forwarded-For/-Proto only from the named proxies: the client address is what
        # sign-in throttling counts, and the scheme decides Secure cookies.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    # Outermost: everything inside sees HEAD as GET, so HEAD is answered wherever GET is.
    app.add_middleware(HeadAsGet)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(
    request: Request, status: int, message: str, *, label: str | None = None, **headers: str
) -> Response:
    """The refusal as JSON (``detail`` in English, ``label`` in the staff member's
    language) under /api/, else as a page in the staff member's language."""
    if _wants_json(request):
        body = {"detail": message} if label is None else {"detail": message, "label": label}
        return JSONResponse(body, status_code=status, headers=headers)
    response = render(
        request, "error.html", {"status": status, "message": label or message}, status_code=status
    )
    response.headers.update(headers)
    return response


def _said(request: Request, exc: Exception) -> dict[str, str]:
    """An error's English text and, for Tarjima's own errors, its words in the staff
    member's language: keywords for ``_error``."""
    if isinstance(exc, TarjimaError):
        return {"message": str(exc), "label": exc.localized(staff_locale(request))}
    return {"message": str(exc)}


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if _wants_json(request):
            return _error(request, 401, **_said(request, exc), **{"www-authenticate": "Bearer"})
        if request.method == "GET":
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return _error(request, 401, **_said(request, exc))

    handlers: list[tuple[type[Exception], int]] = [
        (Forbidden, 403),
        (CsrfError, 403),
        (InputError, 400),
        (StaleVersionError, 409),
        (PartialEditionError, 409),
        (QAErrorsError, 409),
        (HeadlineNotReadyError, 409),
        (ConfirmationNeededError, 409),
    ]
    for kind, status in handlers:
        app.add_exception_handler(kind, _handler(status))

    @app.exception_handler(SignInThrottled)
    async def throttled(request: Request, exc: SignInThrottled) -> Response:
        return _error(request, 429, **_said(request, exc), **{"retry-after": str(exc.retry_after)})

    _handle_missing(app)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and is_reader_path(request.url.path):
            return reader_not_found(request, headers=exc.headers)
        message = str(exc.detail) if exc.detail else "error"
        return _error(request, exc.status_code, message, **(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": _plain(exc.errors())}, status_code=422)
        return _error(request, 422, "; ".join(str(e["message"]) for e in _plain(exc.errors())))


def _handle_missing(app: FastAPI) -> None:
    """A missing reader page is the readers' 404 page, in the URL's language; a missing
    staff screen or API resource keeps the staff answer."""

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        if is_reader_path(request.url.path):
            return reader_not_found(request)
        return _error(request, 404, **_said(request, exc))


def _plain(errors: object) -> list[dict[str, str]]:
    """Validation errors as JSON-safe dicts (input values may be bytes or objects)."""
    out = []
    for error in errors if isinstance(errors, (list, tuple)) else []:
        location = ".".join(str(p) for p in error.get("loc", ()))
        out.append({"field": location, "message": f"{location}: {error.get('msg', 'invalid')}"})
    return out


def _handler(status: int):  # type: ignore[no-untyped-def]
    async def handle(request: Request, exc: Exception) -> Response:
        return _error(request, status, **_said(request, exc))

    return handle


def app_from_environment() -> FastAPI:
    """The app for ``TARJIMA_*`` settings (uvicorn's factory for ``tarjima serve``)."""
    from publisher.core.config import get_settings

    return create_app(get_settings())
