"""Administrators manage staff accounts: roles, translators' languages, sign-in rights."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from publisher import accounts
from publisher.config import TARGET_LOCALES
from publisher.db.enums import Role
from publisher.errors import InputError
from publisher.web.auth import Admin
from publisher.web.render import render
from publisher.web.schemas import Id, form_text
from publisher.web.security import csrf_form
from publisher.web.state import state_of

router = APIRouter(prefix="/admin", include_in_schema=False,
                   dependencies=[Depends(csrf_form)])


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError as exc:
        raise InputError(f"unknown role {value!r}") from exc


@router.get("/users")
def users(request: Request, _: Admin) -> Response:
    return render(request, "admin/users.html", {
        "users": accounts.users(state_of(request).database), "roles": list(Role),
        "languages": TARGET_LOCALES,
    })


@router.post("/users")
def create_user(
    request: Request, _: Admin,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    role: Annotated[str, Form(max_length=16)],
    languages: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    accounts.create_user(
        state_of(request).database, username=form_text(username), password=form_text(password),
        role=_role(role), languages=languages, display_name=form_text(display_name),
    )
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{user_id}")
def update_user(
    request: Request, principal: Admin, user_id: Id,
    role: Annotated[str, Form(max_length=16)],
    languages: Annotated[list[str], Form()] = [],  # noqa: B006
    active: Annotated[str, Form(max_length=8)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    accounts.update_account(
        state_of(request).database, user_id=user_id, role=_role(role), languages=languages,
        active=active == "on", password=form_text(password) or None,
        acting_user_id=principal.user.id,
    )
    return RedirectResponse("/admin/users", status_code=303)
