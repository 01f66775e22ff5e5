"""Staff sign-in and sign-out (readers never sign in)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from publisher.core.enums import Role
from publisher.db import repository as repo
from publisher.services import accounts
from publisher.web.auth import MaybePrincipal
from publisher.web.render import render, staff_locale
from publisher.web.security import (
    SESSION_COOKIE,
    csrf_form,
    delete_cookie,
    finish_cookies,
    local_path,
    read_cookie,
    rotate_csrf,
    set_cookie,
)
from publisher.web.state import state_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_form)])


def home_of(role: Role) -> str:
    return "/translate/" if role is Role.TRANSLATOR else "/editor/"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login")
def login_page(request: Request, principal: MaybePrincipal, next: str = "") -> Response:
    if principal is not None:
        return RedirectResponse(local_path(next, home_of(principal.role)), status_code=303)
    return render(request, "login.html", {"next": local_path(next, "")})


@router.post("/login")
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=4096)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Sign in. An account under attack from elsewhere is slowed down, not locked: the
    wait is an async sleep, so waiting sign-ins hold no worker thread."""
    try:
        user = await check_credentials(request, username.replace("\x00", ""), password)
    except accounts.SignInError as exc:
        return render(
            request,
            "login.html",
            {
                "error": exc.localized(staff_locale(request)),
                "username": username,
                "next": local_path(next, ""),
            },
            status_code=401,
        )
    response = RedirectResponse(local_path(next, home_of(user.role)), status_code=303)
    await run_in_threadpool(start_browser_session, request, response, user.id)
    return response


async def check_credentials(request: Request, username: str, password: str) -> repo.StoredUser:
    """The user, when the password is right: throttled (SignInThrottled) and slowed down
    like every sign-in; SignInError otherwise."""
    state = state_of(request)
    throttle = accounts.Throttle(per_user=state.settings.login_attempts)
    attempt = await run_in_threadpool(
        accounts.begin_sign_in,
        state.database,
        username=username,
        client=_client(request),
        secret=state.secret,
        throttle=throttle,
    )
    if attempt.delay:
        await state.sleep(attempt.delay)
    return await run_in_threadpool(
        accounts.finish_sign_in, state.database, attempt, password=password, throttle=throttle
    )


def start_browser_session(request: Request, response: Response, user_id: int) -> None:
    """A new session for the user in this browser (its cookie on ``response``), with a new
    CSRF nonce, so a token seen before cannot be replayed."""
    state = state_of(request)
    token = accounts.start_session(state.database, state.settings, user_id=user_id)
    set_cookie(response, request, SESSION_COOKIE, token, max_age=state.settings.session_lifetime)
    rotate_csrf(request)
    finish_cookies(request, response)


@router.post("/logout")
def logout(request: Request) -> Response:
    cookie = read_cookie(request, SESSION_COOKIE)
    if cookie:
        accounts.end_session(state_of(request).database, cookie)
    response = RedirectResponse("/login", status_code=303)
    delete_cookie(response, request, SESSION_COOKIE)
    rotate_csrf(request)
    finish_cookies(request, response)
    return response
