"""Staff sign-in and sign-out (readers never sign in)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from publisher import accounts
from publisher.db.enums import Role
from publisher.web.auth import MaybePrincipal
from publisher.web.render import render, staff_locale
from publisher.web.security import (
    SESSION_COOKIE,
    csrf_form,
    finish_cookies,
    local_path,
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
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=4096)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    state = state_of(request)
    throttle = accounts.Throttle(per_user=state.settings.login_attempts)
    try:
        user = accounts.authenticate(
            state.database, username=username.replace("\x00", ""),
            password=password, client=_client(request), throttle=throttle,
        )
    except accounts.SignInError as exc:
        return render(request, "login.html", {
            "error": exc.localized(staff_locale(request)), "username": username,
            "next": local_path(next, ""),
        }, status_code=401)
    token = accounts.start_session(state.database, state.settings, user_id=user.id)
    response = RedirectResponse(local_path(next, home_of(user.role)), status_code=303)
    set_cookie(response, request, SESSION_COOKIE, token,
               max_age=state.settings.session_lifetime)
    rotate_csrf(request)
    finish_cookies(request, response)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and len(cookie) < 200:
        accounts.end_session(state_of(request).database, cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    rotate_csrf(request)
    finish_cookies(request, response)
    return response
