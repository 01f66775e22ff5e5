"""Sign-in over HTTP (issue 15, points 4 to 6): nobody locks a colleague out, the slow-down
waits without refusing, CSRF tokens are bound to the session, cookies carry the
``__Host-`` prefix when Secure, and the whole password is checked."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi.testclient import TestClient

from publisher.services import accounts
from publisher.web.security import CSRF_COOKIE, SESSION_COOKIE, sign_nonce

PASSWORD = "correct horse battery"


def _sign_in(
    web: Any,
    username: str,
    password: str,
    *,
    address: str = "testclient",
    base_url: str = "http://testserver",
) -> tuple[TestClient, Any]:
    client = TestClient(web.app, follow_redirects=False, base_url=base_url, client=(address, 50000))
    page = client.get("/login")
    return client, client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": web.form_token(page.text),
        },
    )


def test_guesses_from_one_address_do_not_keep_the_admin_out(web: Any) -> None:
    """Attack: five wrong passwords for the admin's name, sent from anywhere, locked the
    account for 15 minutes; repeated, they kept the admin out for good."""
    for _ in range(5):
        _, wrong = _sign_in(web, "admin-user", "wrong password!", address="203.0.113.7")
        assert wrong.status_code == 401
    _, refused = _sign_in(web, "admin-user", PASSWORD, address="203.0.113.7")
    assert refused.status_code == 429
    _, admin = _sign_in(web, "admin-user", PASSWORD, address="10.20.30.40")
    assert admin.status_code == 303 and admin.headers["location"] == "/editor/"


def test_the_slow_down_waits_without_refusing(web: Any) -> None:
    """Attack: guessing one account from many addresses. Past the limit, each attempt
    waits (an async sleep, recorded here) and the owner still signs in after it."""
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    web.app.state.tarjima = dataclasses.replace(web.state, sleep=record)
    for n in range(7):
        _, wrong = _sign_in(web, "editor-user", "wrong password!", address=f"198.51.100.{n}")
        assert wrong.status_code == 401
    assert waits == [1.0, 2.0]
    _, owner = _sign_in(web, "editor-user", PASSWORD, address="10.20.30.40")
    assert owner.status_code == 303
    assert waits == [1.0, 2.0, 4.0]


def test_a_1024_character_password_does_not_sign_in_with_anything_appended(web: Any) -> None:
    """Attack: only the first 1024 characters were checked, so the password followed by
    anything signed in."""
    password = ("Qx7#vL2!pRm9" * 86)[:1024]
    accounts.update_account(web.state.database, user_id=web.staff["editor"].id, password=password)
    _, longer = _sign_in(web, "editor-user", password + "whatever")
    assert longer.status_code == 401
    _, exact = _sign_in(web, "editor-user", password)
    assert exact.status_code == 303


def test_weak_passwords_are_refused_on_the_admin_form_and_the_api(web: Any) -> None:
    """Attack: accounts set up with a password of spaces or one from breach lists."""
    admin = web.as_user("admin")
    for password, message in (
        (" " * 12, "blank or only spaces"),
        ("password1234", "too easy to guess"),
    ):
        page = admin.post(
            "/admin/users",
            data={
                "username": "newbie",
                "password": password,
                "role": "editor",
                "csrf_token": web.csrf(admin),
            },
        )
        assert page.status_code == 400 and message in page.text
        api = web.client.post(
            "/api/users",
            headers=web.bearer("admin"),
            json={"username": "newbie", "password": password, "role": "editor"},
        )
        assert api.status_code == 400 and message in api.json()["detail"]
    reset = web.client.patch(
        f"/api/users/{web.staff['ky'].id}",
        headers=web.bearer("admin"),
        json={"password": "qwertyuiop123"},
    )
    assert reset.status_code == 400


def test_a_csrf_nonce_planted_in_the_victims_browser_is_worthless(web: Any) -> None:
    """Attack: the attacker takes a nonce and its valid token from their own visit, plants
    the nonce cookie in the victim's browser (a sibling subdomain, plain HTTP) and posts
    the token from their page. The token was an HMAC of the nonce alone, so it passed."""
    attacker = web.as_user(None)
    page = attacker.get("/login")
    nonce = attacker.cookies.get(CSRF_COOKIE)
    assert nonce
    attacker_token = web.form_token(page.text)
    victim = web.as_user("admin")
    victim.cookies.set(CSRF_COOKIE, nonce, domain="testserver.local", path="/")
    forged = victim.post(
        "/admin/users",
        data={
            "username": "planted",
            "password": "a long password",
            "role": "admin",
            "csrf_token": attacker_token,
        },
    )
    assert forged.status_code == 403
    # The attacker's own signed-in token (their session, the same nonce) fails as well.
    insider = web.as_user("editor")
    insider.cookies.set(CSRF_COOKIE, nonce, domain="testserver.local", path="/")
    insider_token = web.csrf(insider)
    forged = victim.post(
        "/admin/users",
        data={
            "username": "planted",
            "password": "a long password",
            "role": "admin",
            "csrf_token": insider_token,
        },
    )
    assert forged.status_code == 403
    api = victim.post("/api/tokens", json={"name": "x"}, headers={"X-CSRF-Token": insider_token})
    assert api.status_code == 403
    assert all(u.username != "planted" for u in accounts.users(web.state.database))
    # The victim's own token, bound to their session, works.
    made = victim.post(
        "/api/tokens", json={"name": "x"}, headers={"X-CSRF-Token": web.csrf(victim)}
    )
    assert made.status_code == 201


def test_the_token_changes_with_the_session(web: Any) -> None:
    """The same nonce gives a different token for each session and before sign-in."""
    secret = web.state.secret
    tokens = {
        sign_nonce(secret, "n"),
        sign_nonce(secret, "n", "session one"),
        sign_nonce(secret, "n", "session two"),
    }
    assert len(tokens) == 3
    client, response = _sign_in(web, "editor-user", PASSWORD)
    assert response.status_code == 303
    page = client.get("/account/tokens")
    session = client.cookies.get(SESSION_COOKIE)
    nonce = client.cookies.get(CSRF_COOKIE)
    assert session and nonce
    assert web.form_token(page.text) == sign_nonce(secret, nonce, session)
    assert web.form_token(page.text) != sign_nonce(secret, nonce)


def test_secure_cookies_carry_the_host_prefix(web: Any) -> None:
    """Attack: a cookie planted for the site by a sibling subdomain or over plain HTTP.
    Browsers accept a ``__Host-`` cookie only from the host itself, Secure, for Path=/
    without Domain; the app reads only the prefixed names when cookies are Secure."""
    client, response = _sign_in(web, "editor-user", PASSWORD, base_url="https://testserver")
    assert response.status_code == 303
    cookies = response.headers.get_list("set-cookie")
    names = {c.split("=", 1)[0] for c in cookies}
    assert names == {"__Host-" + SESSION_COOKIE, "__Host-" + CSRF_COOKIE}
    for cookie in cookies:
        assert "Secure" in cookie and "Path=/" in cookie and "domain" not in cookie.lower()
    assert client.get("/editor/").status_code == 200
    # An unprefixed session cookie (as a sibling subdomain could set one) is not read.
    planted = TestClient(web.app, follow_redirects=False, base_url="https://testserver")
    planted.cookies.set(SESSION_COOKIE, client.cookies.get("__Host-" + SESSION_COOKIE) or "")
    assert planted.get("/editor/").status_code == 303
    # Signing out removes the prefixed cookie with the attributes it was set with.
    out = client.post(
        "/logout", data={"csrf_token": web.form_token(client.get("/account/tokens").text)}
    )
    gone = next(
        c
        for c in out.headers.get_list("set-cookie")
        if c.startswith("__Host-" + SESSION_COOKIE + "=")
    )
    assert "Secure" in gone and ("Max-Age=0" in gone or "expires" in gone.lower())
