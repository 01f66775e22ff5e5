"""Who is asking: a signed-in browser (session cookie), a script (API token), or a reader.

Dependencies here guard routes by role; the authorization matrix in the tests checks
every route against every kind of user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Request

from publisher.core.enums import Role
from publisher.core.errors import TarjimaError
from publisher.core.messages import N_, LanguageName
from publisher.db import repository as repo
from publisher.services import accounts
from publisher.web.schemas import Locale
from publisher.web.security import (
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_COOKIE,
    check_csrf,
    read_cookie,
)
from publisher.web.state import state_of


class NotSignedIn(TarjimaError):
    """The route needs a member of staff and the request carries no valid credentials."""


class Forbidden(TarjimaError):
    """Signed in, but this user may not do this."""


@dataclass(frozen=True)
class Principal:
    user: repo.StoredUser
    via: Literal["session", "token"]

    @property
    def role(self) -> Role:
        return self.user.role

    def may_translate(self, locale: str) -> bool:
        if self.role is Role.ADMIN:
            return True
        return self.role is Role.TRANSLATOR and locale in self.user.languages


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def optional_principal(request: Request) -> Principal | None:
    """The caller, if any; cached on the request."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    database = state_of(request).database
    principal = None
    token = _bearer(request)
    if token is not None:
        user = accounts.token_user(database, token)
        if user is None:
            request.state.principal = None
            raise NotSignedIn(N_("the API token is unknown or revoked"))
        principal = Principal(user, "token")
    elif cookie := read_cookie(request, SESSION_COOKIE):
        user = accounts.session_user(database, cookie)
        principal = None if user is None else Principal(user, "session")
    request.state.principal = principal
    return principal


MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]


def staff(request: Request, principal: MaybePrincipal) -> Principal:
    """Any signed-in member of staff. Cookie-authenticated API writes need the CSRF header."""
    if principal is None:
        raise NotSignedIn(N_("sign in first"))
    if (
        principal.via == "session"
        and request.method not in SAFE_METHODS
        and request.url.path.startswith("/api/")
    ):
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return principal


Staff = Annotated[Principal, Depends(staff)]


def browser_session(principal: Staff) -> Principal:
    """Staff signed in with a browser session (not an API token): only they may create API
    tokens (so a stolen token cannot outlive its own revocation through a copy of itself)
    or change their own password."""
    if principal.via != "session":
        raise Forbidden(N_("only a signed-in browser session can do this, not an API token"))
    return principal


BrowserSession = Annotated[Principal, Depends(browser_session)]


def require_roles(*roles: Role) -> Callable[[Principal], Principal]:
    def check(principal: Staff) -> Principal:
        if principal.role not in roles:
            raise Forbidden(
                N_("this needs the role %(roles)s"), roles=" or ".join(str(r) for r in roles)
            )
        return principal

    return check


def translator_of_locale(locale: Locale, principal: Staff) -> Principal:
    """Translators of ``locale`` (the route's path parameter) and admins. Typed ``Locale``
    as the routes are: FastAPI documents the path parameter as this declaration has it."""
    if not principal.may_translate(locale):
        raise Forbidden(
            N_("you are not a translator of %(language)s"), language=LanguageName(locale)
        )
    return principal


Editor = Annotated[Principal, Depends(require_roles(Role.EDITOR, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
Reviewer = Annotated[Principal, Depends(require_roles(Role.TRANSLATOR, Role.ADMIN))]
LocaleTranslator = Annotated[Principal, Depends(translator_of_locale)]
