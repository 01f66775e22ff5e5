"""A member of staff's own account: API tokens (create, the secret shown once; list;
revoke) and their password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from publisher.core.errors import InputError, NotFoundError
from publisher.core.messages import N_
from publisher.services import accounts
from publisher.web.auth import BrowserSession, Staff
from publisher.web.render import render, said
from publisher.web.routes.sign_in import check_credentials, start_browser_session
from publisher.web.schemas import Id, form_text
from publisher.web.security import csrf_form
from publisher.web.state import state_of

router = APIRouter(prefix="/account", include_in_schema=False, dependencies=[Depends(csrf_form)])


def _page(request: Request, principal: Staff, **extra: object) -> Response:
    tokens = accounts.tokens_of(state_of(request).database, principal.user.id)
    return render(request, "account/tokens.html", {"tokens": tokens, **extra})


@router.get("/tokens")
def tokens(request: Request, principal: Staff) -> Response:
    return _page(request, principal)


@router.post("/tokens")
def create_token(
    request: Request, principal: BrowserSession, name: Annotated[str, Form(max_length=100)]
) -> Response:
    form_text(name)
    new = accounts.create_token(state_of(request).database, user_id=principal.user.id, name=name)
    return _page(request, principal, new_token=new)


@router.post("/tokens/{token_id}/revoke")
def revoke(request: Request, principal: Staff, token_id: Id) -> Response:
    if not accounts.revoke_token(
        state_of(request).database, user_id=principal.user.id, token_id=token_id
    ):
        raise NotFoundError(N_("you have no active token with id %(id)s"), id=token_id)
    return RedirectResponse("/account/tokens", status_code=303)


@router.get("/password")
def password_page(request: Request, _: BrowserSession, done: str = "") -> Response:
    return render(request, "account/password.html", {"changed": done == "changed"})


@router.post("/password")
async def change_password(
    request: Request,
    principal: BrowserSession,
    current_password: Annotated[str, Form(max_length=4096)] = "",
    new_password: Annotated[str, Form(max_length=4096)] = "",
) -> Response:
    """Change one's own password: the current one is checked (throttled like a sign-in),
    then every session and API token of the account ends; this browser gets a new session."""
    user = principal.user
    try:
        await check_credentials(request, user.username, current_password)
    except accounts.SignInError:
        return _password_refused(request, InputError(N_("the current password is wrong")))
    try:
        await run_in_threadpool(
            accounts.update_account,
            state_of(request).database,
            user_id=user.id,
            password=form_text(new_password),
        )
    except InputError as exc:
        return _password_refused(request, exc)
    response = RedirectResponse("/account/password?done=changed", status_code=303)
    await run_in_threadpool(start_browser_session, request, response, user.id)
    return response


def _password_refused(request: Request, error: InputError) -> Response:
    return render(
        request, "account/password.html", {"error": said(request, error)}, status_code=400
    )
