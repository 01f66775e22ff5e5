"""Administrators manage staff accounts: roles, translators' languages, sign-in rights,
and every user's API tokens (listed, revoked).

A change that went through redirects to the list, whose flash message says what was
done and to whom (``publisher.web.flash``: never the query string); one that was
refused shows the list again (400) with the error next to the form it came from and
what the admin had typed, passwords left out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from publisher.core.enums import Role
from publisher.core.errors import InputError, NotFoundError
from publisher.core.messages import N_
from publisher.services import accounts
from publisher.web.auth import Admin
from publisher.web.flash import flashed, redirect_with
from publisher.web.render import render, said
from publisher.web.schemas import Id, form_text
from publisher.web.security import csrf_form
from publisher.web.state import state_of

router = APIRouter(prefix="/admin", include_in_schema=False, dependencies=[Depends(csrf_form)])
#: What a redirect back to the list may say was done (the template words each).
DONE = ("added", "saved", "password", "disabled", "enabled")


def _role(value: str) -> Role:
    if not value:
        raise InputError(N_("choose a role for the user"))
    try:
        return Role(value)
    except ValueError as exc:
        raise InputError(N_("unknown role “%(role)s”"), role=value[:16]) from exc


def _users_page(request: Request, status_code: int = 200, **context: Any) -> Response:
    listed = context.pop("users", None)
    return render(
        request,
        "admin/users.html",
        {
            "users": accounts.users(state_of(request).database) if listed is None else listed,
            "roles": list(Role),
            "languages": state_of(request).settings.target_locales,
            "done": [],
            "done_user": "",
            "add_error": "",
            "add_values": {"username": "", "display_name": "", "role": "", "languages": []},
            "row_errors": {},
            "row_values": {},
            **context,
        },
        status_code=status_code,
    )


def _done(request: Request, user: str, *done: str) -> RedirectResponse:
    return redirect_with(request, "/admin/users", done=",".join(done), user=user)


@router.get("/users")
def users(request: Request, _: Admin) -> Response:
    message = flashed(request)
    done, user = message.get("done", ""), message.get("user", "")
    listed = accounts.users(state_of(request).database)
    # Only messages about an account that exists, in the words of the template.
    codes = [code for code in done.split(",")[: len(DONE)] if code in DONE]
    if user not in {u.username for u in listed}:
        codes = []
    return _users_page(
        request, users=listed, done=list(dict.fromkeys(codes)), done_user=user if codes else ""
    )


@router.post("/users")
def create_user(
    request: Request,
    _: Admin,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    languages: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    name = form_text(username).strip().lower()
    try:
        accounts.create_user(
            state_of(request).database,
            username=name,
            password=form_text(password),
            role=_role(role),
            languages=languages,
            display_name=form_text(display_name),
        )
    except InputError as exc:
        typed = {
            "username": form_text(username),
            "display_name": form_text(display_name),
            "role": role if role in set(Role) else "",
            "languages": languages,
        }
        return _users_page(request, 400, add_error=said(request, exc), add_values=typed)
    return _done(request, name, "added")


@router.post("/users/{user_id}")
def update_user(
    request: Request,
    principal: Admin,
    user_id: Id,
    role: Annotated[str, Form(max_length=16)] = "",
    languages: Annotated[list[str], Form()] = [],  # noqa: B006
    active: Annotated[str, Form(max_length=8)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
) -> Response:
    database = state_of(request).database
    before = next((u for u in accounts.users(database) if u.id == user_id), None)
    new_password = form_text(password) or None
    try:
        after = accounts.update_account(
            database,
            user_id=user_id,
            role=_role(role),
            languages=languages,
            active=active == "on",
            password=new_password,
            acting_user_id=principal.user.id,
        )
    except InputError as exc:
        typed = {
            "role": role if role in set(Role) else "",
            "languages": languages,
            "active": active == "on",
        }
        return _users_page(
            request, 400, row_errors={user_id: said(request, exc)}, row_values={user_id: typed}
        )
    done = []
    if before is not None and before.active != after.active:
        done.append("enabled" if after.active else "disabled")
    if new_password is not None:
        done.append("password")
    if before is None or (before.role, before.languages) != (after.role, after.languages):
        done.append("saved")
    return _done(request, after.username, *(done or ["saved"]))


@router.get("/users/{user_id}/tokens")
def user_tokens(request: Request, _: Admin, user_id: Id) -> Response:
    """A user's API tokens (names, prefixes, when made and last used, revoked or not)."""
    database = state_of(request).database
    user = accounts.require_user(database, user_id)
    return render(
        request,
        "admin/tokens.html",
        {"user": user, "tokens": accounts.tokens_of(database, user_id)},
    )


@router.post("/users/{user_id}/tokens/{token_id}/revoke")
def revoke_user_token(request: Request, _: Admin, user_id: Id, token_id: Id) -> Response:
    database = state_of(request).database
    accounts.require_user(database, user_id)
    if not accounts.revoke_token(database, user_id=user_id, token_id=token_id):
        raise NotFoundError(N_("no active token with id %(id)s"), id=token_id)
    return RedirectResponse(f"/admin/users/{user_id}/tokens", status_code=303)
