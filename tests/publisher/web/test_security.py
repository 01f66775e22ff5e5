"""Security of the web app: passwords, cookies, sign-in throttling, CSRF on every form,
API tokens, body size limits, response headers and redirects that stay on the site."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select

from publisher.db import models
from publisher.web.routes import account, admin, editor, exchange, glossary, sign_in, translator
from publisher.web.security import CSRF_COOKIE, SESSION_COOKIE

PASSWORD = "correct horse battery"


def _sign_in(
    web: Any,
    username: str,
    password: str,
    *,
    base_url: str = "http://testserver",
) -> Any:
    client = web.as_user(None, base_url=base_url)
    page = client.get("/login")
    return client, client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": web.form_token(page.text),
        },
    )


def test_passwords_are_stored_as_argon2id_hashes(web: Any) -> None:
    with web.state.database.session() as session:
        hashes = list(session.scalars(select(models.User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


def test_sign_in_sets_a_new_httponly_samesite_session_cookie(web: Any) -> None:
    client, response = _sign_in(web, "editor-user", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/editor/"
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith(SESSION_COOKIE + "="))
    assert "HttpOnly" in session and "samesite=lax" in session.lower()
    assert "Secure" not in session  # plain HTTP here; see the HTTPS test below
    # The CSRF nonce is rotated at sign-in (a token seen before cannot be replayed).
    assert any(c.startswith(CSRF_COOKIE + "=") for c in cookies)
    assert client.get("/editor/").status_code == 200
    # The database keeps only the token's hash.
    token = client.cookies.get(SESSION_COOKIE)
    with web.state.database.session() as s:
        stored = list(s.scalars(select(models.WebSession.token_hash)))
    assert token not in stored and len(stored) == 1


def test_cookies_are_secure_over_https(web: Any) -> None:
    _, response = _sign_in(web, "editor-user", PASSWORD, base_url="https://testserver")
    assert response.status_code == 303
    for cookie in response.headers.get_list("set-cookie"):
        assert "Secure" in cookie, cookie


def test_wrong_passwords_are_throttled_per_user(web: Any) -> None:
    for _ in range(5):
        _, response = _sign_in(web, "editor-user", "wrong password!")
        assert response.status_code == 401
        assert "wrong user name or password" in response.text
    # Now even the right password is refused for a while, with Retry-After.
    _, response = _sign_in(web, "editor-user", PASSWORD)
    assert response.status_code == 429 and int(response.headers["retry-after"]) > 0
    # Another account is not locked by someone guessing this one's password.
    _, other = _sign_in(web, "ky-user", PASSWORD)
    assert other.status_code == 303


def test_an_unknown_user_and_a_wrong_password_look_the_same(web: Any) -> None:
    _, unknown = _sign_in(web, "no-such-user", PASSWORD)
    _, wrong = _sign_in(web, "editor-user", "not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert "wrong user name or password" in unknown.text and "wrong user name" in wrong.text


def _unsafe_html_routes() -> list[tuple[str, str]]:
    routes = []
    for module in (sign_in, account, admin, editor, translator, glossary, exchange):
        for route in module.router.routes:
            assert isinstance(route, APIRoute) and route.methods is not None
            routes += [(m, route.path) for m in route.methods if m not in ("GET", "HEAD")]
    return routes


def test_every_form_route_refuses_a_missing_or_forged_csrf_token(web: Any) -> None:
    article = web.submit("Talks\n\nPeople met.", ["ky"], slug="talks")
    values = {
        "article_id": article["id"],
        "locale": "ky",
        "segment_id": 1,
        "token_id": 1,
        "user_id": web.staff["editor"].id,
        "term_id": 1,
    }
    routes = _unsafe_html_routes()
    assert len(routes) >= 10
    for method, template in routes:
        path = template.format(**values)
        admin_client = web.as_user("admin")
        missing = admin_client.request(method, path, data={"name": "x"})
        assert missing.status_code == 403, (path, missing.status_code)
        forged = admin_client.request(method, path, data={"csrf_token": "0" * 64})
        assert forged.status_code == 403, (path, forged.status_code)
    # A token valid for one browser is worthless with another's cookie.
    first, second = web.as_user("admin"), web.as_user("admin")
    token = web.csrf(first)
    second.cookies.set(CSRF_COOKIE, "another nonce")
    assert (
        second.post("/account/tokens", data={"name": "x", "csrf_token": token}).status_code == 403
    )


def test_cookie_authenticated_api_writes_need_the_csrf_header(web: Any) -> None:
    client = web.as_user("editor")
    assert client.post("/api/tokens", json={"name": "x"}).status_code == 403
    ok = client.post("/api/tokens", json={"name": "x"}, headers={"X-CSRF-Token": web.csrf(client)})
    assert ok.status_code == 201
    # Bearer tokens need no CSRF header (a browser never sends them by itself) ...
    assert web.client.get("/api/tokens", headers=web.bearer("editor")).status_code == 200
    # ... but only a browser session may create tokens (issue 15: a token cannot).
    assert (
        web.client.post("/api/tokens", json={"name": "y"}, headers=web.bearer("editor")).status_code
        == 403
    )


def test_signing_out_and_deactivation_end_sessions(web: Any) -> None:
    client, _ = _sign_in(web, "ky-user", PASSWORD)
    assert client.get("/translate/").status_code == 200
    assert client.post("/logout", data={"csrf_token": web.csrf(client)}).status_code == 303
    assert client.get("/translate/").status_code == 303  # back to the sign-in page
    # An admin deactivates an account: its open session stops working at once.
    victim = web.as_user("ru")
    assert victim.get("/translate/").status_code == 200
    patched = web.client.patch(
        f"/api/users/{web.staff['ru'].id}", json={"active": False}, headers=web.bearer("admin")
    )
    assert patched.status_code == 200 and patched.json()["active"] is False
    assert victim.get("/translate/").status_code == 303
    _, again = _sign_in(web, "ru-user", PASSWORD)
    assert again.status_code == 401


def test_an_admin_cannot_lock_themselves_out(web: Any) -> None:
    client = web.as_user("admin")
    response = client.post(
        f"/admin/users/{web.staff['admin'].id}",
        data={
            "role": "editor",
            "active": "on",
            "csrf_token": web.csrf(client),
        },
    )
    assert response.status_code == 400 and "your own account" in response.text


def test_request_bodies_over_the_limit_get_413(web: Any) -> None:
    limit = web.state.settings.max_upload_bytes + 256 * 1024
    editor = web.as_user("editor")
    big = b"x" * (limit + 1)
    # Tried: a declared length over the limit, and a chunked body without a length.
    declared = editor.post(
        "/editor/articles/new",
        content=big,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert declared.status_code == 413
    chunked = editor.post(
        "/api/articles",
        content=iter([big[:limit], big[limit:]]),
        headers={**web.bearer("editor"), "content-type": "application/json"},
    )
    assert chunked.status_code == 413
    # An upload over the article limit but under the body limit: a clear 400 from ingest.
    upload = editor.post(
        "/editor/articles/new",
        data={
            "csrf_token": web.csrf(editor),
            "date": "2021-07-21",
            "targets": "ky",
        },
        files={
            "upload": (
                "big.txt",
                b"word " * (web.state.settings.max_upload_bytes // 5 + 1),
                "text/plain",
            )
        },
    )
    assert upload.status_code == 400 and "too large" in upload.text


def test_security_headers_on_every_page(web: Any) -> None:
    for path in ("/login", "/ru/", "/api/openapi.json"):
        response = web.client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert web.client.get("/login").headers["cache-control"] == "no-store"
    # The API documentation page too (Swagger UI comes from this site: test_api_docs.py).
    docs = web.client.get("/api/docs")
    assert docs.status_code == 200
    assert (
        docs.headers["content-security-policy"]
        == (web.client.get("/login").headers["content-security-policy"])
    )


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_redirects_never_leave_the_site(web: Any, target: str) -> None:
    client = web.as_user(None)
    page = client.get("/login")
    signed = client.post(
        "/login",
        data={
            "username": "editor-user",
            "password": PASSWORD,
            "next": target,
            "csrf_token": web.form_token(page.text),
        },
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/editor/"
    switched = client.get("/language", params={"to": "ky", "next": target})
    assert switched.status_code == 303 and switched.headers["location"] == "/"


def test_uploads_of_binary_or_wrongly_encoded_files_are_refused_clearly(web: Any) -> None:
    editor = web.as_user("editor")
    cases = {
        "photo.png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
        "story.txt": ("Ҳикоя".encode("utf-16"), "UTF-16"),
        "latin1.txt": ("Caf\xe9 talks".encode("latin-1"), "not UTF-8"),
        "empty.txt": (b"", "empty"),
    }
    for name, (data, message) in cases.items():
        response = editor.post(
            "/editor/articles/new",
            data={
                "csrf_token": web.csrf(editor),
                "date": "2021-07-21",
                "targets": "ky",
            },
            files={"upload": (name, data, "application/octet-stream")},
        )
        assert response.status_code == 400, name
        assert message in response.text, (name, message)
    with web.state.database.session() as session:
        assert list(session.scalars(select(models.Article.id))) == []


def test_a_burst_of_parallel_guesses_gets_no_more_than_the_limit(web: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def guess(n: int) -> int:
        _, response = _sign_in(web, "editor-user", f"wrong password {n}")
        return int(response.status_code)

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(guess, range(24)))
    # Each attempt is counted before its password is checked, so however the requests
    # interleave, only the first five are checked at all.
    assert statuses.count(401) <= 5 and statuses.count(429) >= 19, statuses


def test_an_admin_cannot_demote_themselves_through_the_api(web: Any) -> None:
    me = web.staff["admin"].id
    response = web.client.patch(
        f"/api/users/{me}", json={"role": "editor"}, headers=web.bearer("admin")
    )
    assert response.status_code == 400 and "your own account" in response.json()["detail"]
    off = web.client.patch(f"/api/users/{me}", json={"active": False}, headers=web.bearer("admin"))
    assert off.status_code == 400


def test_reader_pages_set_no_cookie(web: Any) -> None:
    reader = web.as_user(None)
    reader.cookies.clear()
    for path in ("/ru/", "/ru/feed.xml", "/sitemap.xml", "/robots.txt"):
        response = reader.get(path)
        assert response.status_code == 200, path
        assert "set-cookie" not in response.headers, path
