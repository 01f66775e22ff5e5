"""Banners after a redirect come from a signed flash cookie, never from the query string
(issue 15, point 7)."""

from __future__ import annotations

import json
from typing import Any

from itsdangerous import URLSafeTimedSerializer

from publisher.web.flash import FLASH_COOKIE

TEXT = "Talks in Dushanbe\n\nThe ministers met on Monday. They waited."
CRAFTED = (
    "?error=Your+session+expired.+Call+%2B996+555+000+000&done=published&locale=ky"
    "&refused=ky&reason=errors&published=ky,ru&errors=tg&imported=9&kept=3"
    "&memory_imported=7&user=kanykei&added=5"
)


def _article(web: Any, slug: str) -> int:
    article: int = web.submit(TEXT, ["ky"], slug=slug)["id"]
    return article


def test_a_crafted_link_puts_no_words_on_staff_pages(web: Any) -> None:
    """Reflected banner text: a link to the article page with ``?error=...`` or
    ``?done=published&locale=ky`` made it show the attacker's text or a false "The
    Kyrgyz edition is published."; the admin list and the review screen likewise."""
    article_id = _article(web, "crafted-link")
    pages = {
        "editor": [f"/editor/articles/{article_id}", "/editor/", "/editor/glossary/ky"],
        "admin": ["/admin/users"],
        "ky": [f"/translate/ky/{article_id}"],
    }
    for role, paths in pages.items():
        client = web.as_user(role)
        for path in paths:
            page = client.get(path + CRAFTED)
            assert page.status_code == 200, path
            assert 'class="flash' not in page.text, path
            assert "Call +996" not in page.text and "is published" not in page.text, path


def test_a_message_after_a_redirect_is_shown_once(web: Any) -> None:
    article_id = _article(web, "said-once")
    web.wait_until_done(article_id)
    editor = web.as_user("editor")
    base = f"/editor/articles/{article_id}"
    published = editor.post(f"{base}/editions/ky/publish", data={"csrf_token": web.csrf(editor)})
    assert published.status_code == 303 and published.headers["location"] == base
    cookie = published.headers["set-cookie"]
    assert cookie.startswith(f"{FLASH_COOKIE}=") and "httponly" in cookie.lower()
    peek = editor.head(base)  # a link checker or prefetch: it must not use the message up
    assert peek.status_code == 200 and FLASH_COOKIE not in peek.headers.get("set-cookie", "")
    first = editor.get(base)
    assert "The Kyrgyz edition is published." in first.text
    assert f'{FLASH_COOKIE}=""' in first.headers["set-cookie"]  # deleted once shown
    assert "The Kyrgyz edition is published." not in editor.get(base).text


def test_a_flash_for_another_page_waits_for_it(web: Any) -> None:
    """A message meant for one article's page is not shown on another's."""
    first, second = _article(web, "first-page"), _article(web, "second-page")
    web.wait_until_done(first)
    editor = web.as_user("editor")
    editor.post(
        f"/editor/articles/{first}/editions/ky/publish", data={"csrf_token": web.csrf(editor)}
    )
    assert "is published" not in editor.get(f"/editor/articles/{second}").text
    assert "The Kyrgyz edition is published." in editor.get(f"/editor/articles/{first}").text


def test_a_forged_flash_says_nothing(web: Any) -> None:
    """An attacker who can plant a cookie writes one of their own: unsigned, signed with
    another key, or altered. None is shown, and a bad one is deleted."""
    article_id = _article(web, "forged-flash")
    path = f"/editor/articles/{article_id}"
    message = {"path": path, "said": {"done": "published", "locale": "ky"}}
    genuine = URLSafeTimedSerializer(web.state.secret, salt="tarjima.flash").dumps(message)
    forged = [
        URLSafeTimedSerializer(b"another key", salt="tarjima.flash").dumps(message),
        genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"),
        json.dumps(message),  # unsigned
    ]
    for value in forged:
        editor = web.as_user("editor")
        editor.cookies.set(FLASH_COOKIE, value)
        page = editor.get(path)
        assert "is published" not in page.text, value
        assert f'{FLASH_COOKIE}=""' in page.headers.get("set-cookie", ""), value
    editor = web.as_user("editor")
    editor.cookies.set(FLASH_COOKIE, genuine)
    assert "The Kyrgyz edition is published." in editor.get(path).text


def test_over_https_the_flash_cookie_carries_the_host_prefix(web: Any) -> None:
    """Over HTTPS every cookie of ours is ``__Host-`` prefixed, and only the prefixed name is
    read: a flash planted under the bare name (by a sibling subdomain) says nothing."""
    from fastapi.testclient import TestClient

    from publisher.services import accounts
    from publisher.web.security import CSRF_COOKIE, HOST_PREFIX, SESSION_COOKIE, sign_nonce

    article_id = _article(web, "flash-over-https")
    web.wait_until_done(article_id)
    editor = TestClient(web.app, follow_redirects=False, base_url="https://testserver")
    session = accounts.start_session(
        web.state.database, web.state.settings, user_id=web.staff["editor"].id
    )
    editor.cookies.set(HOST_PREFIX + SESSION_COOKIE, session)
    editor.cookies.set(HOST_PREFIX + CSRF_COOKIE, "https-nonce")
    base = f"/editor/articles/{article_id}"
    published = editor.post(
        f"{base}/editions/ky/publish",
        data={
            "csrf_token": sign_nonce(web.state.secret, "https-nonce", session),
        },
    )
    assert published.status_code == 303
    cookie = published.headers["set-cookie"]
    assert cookie.startswith(f"{HOST_PREFIX}{FLASH_COOKIE}=") and "secure" in cookie.lower()
    value = editor.cookies.get(HOST_PREFIX + FLASH_COOKIE) or ""
    planted = TestClient(web.app, follow_redirects=False, base_url="https://testserver")
    planted.cookies.set(HOST_PREFIX + SESSION_COOKIE, session)
    planted.cookies.set(FLASH_COOKIE, value)
    assert "is published" not in planted.get(base).text
    first = editor.get(base)
    assert "The Kyrgyz edition is published." in first.text
    assert first.headers["set-cookie"].startswith(f'{HOST_PREFIX}{FLASH_COOKIE}=""')
