"""A member of staff's own API tokens: create (the secret is shown once), list, revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from publisher import accounts
from publisher.errors import NotFoundError
from publisher.messages import N_
from publisher.web.auth import BrowserSession, Staff
from publisher.web.render import render
from publisher.web.schemas import Id, form_text
from publisher.web.security import csrf_form
from publisher.web.state import state_of

router = APIRouter(prefix="/account", include_in_schema=False,
                   dependencies=[Depends(csrf_form)])


def _page(request: Request, principal: Staff, **extra: object) -> Response:
    tokens = accounts.tokens_of(state_of(request).database, principal.user.id)
    return render(request, "account/tokens.html", {"tokens": tokens, **extra})


@router.get("/tokens")
def tokens(request: Request, principal: Staff) -> Response:
    return _page(request, principal)


@router.post("/tokens")
def create_token(request: Request, principal: BrowserSession,
                 name: Annotated[str, Form(max_length=100)]) -> Response:
    form_text(name)
    new = accounts.create_token(state_of(request).database, user_id=principal.user.id,
                                name=name)
    return _page(request, principal, new_token=new)


@router.post("/tokens/{token_id}/revoke")
def revoke(request: Request, principal: Staff, token_id: Id) -> Response:
    if not accounts.revoke_token(state_of(request).database, user_id=principal.user.id,
                                 token_id=token_id):
        raise NotFoundError(N_("you have no active token with id %(id)s"), id=token_id)
    return RedirectResponse("/account/tokens", status_code=303)
