"""The authorization matrix: every route of the app against every kind of user.

Kinds: anonymous, a translator of another language (ru, on ky routes), the ky
translator, an editor and an admin. Each either gets through (any answer but 401/403
and never a 5xx) or is refused the right way: anonymous API calls 401, anonymous page
visits a redirect to the sign-in page, signed-in users without the right 403. A test
also checks that the matrix names every route, so a new route cannot skip it.
"""

from __future__ import annotations

import itertools
from typing import Any

from fastapi.routing import APIRoute

from publisher.web.routes import (
    account,
    admin,
    api,
    editor,
    exchange,
    glossary,
    reader,
    sign_in,
    translator,
)

KINDS = ("anonymous", "ru", "ky", "editor", "admin")
EVERYONE = frozenset(KINDS)
STAFF = frozenset({"ru", "ky", "editor", "admin"})
EDITORS = frozenset({"editor", "admin"})
KY_TRANSLATORS = frozenset({"ky", "admin"})
TRANSLATORS = frozenset({"ru", "ky", "admin"})
ADMINS = frozenset({"admin"})

ARTICLE = {
    "text": "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border.",
    "date": "2021-07-21",
    "targets": ["ky", "ru"],
}
_A = "/api/articles/{article_id}"
_E = "/editor/articles/{article_id}"

# (method, path template, JSON body or form fields, who may).
MATRIX: list[tuple[str, str, dict[str, Any] | None, frozenset[str]]] = [
    ("GET", "/api/me", None, STAFF),
    ("GET", "/api/articles", None, EDITORS),
    ("POST", "/api/articles", {**ARTICLE, "slug": "made-by-{kind}"}, EDITORS),
    ("GET", _A, None, EDITORS),
    ("PUT", _A, {**ARTICLE, "slug": "{slug}"}, EDITORS),
    ("GET", _A + "/progress", None, EDITORS),
    ("POST", _A + "/editions/{locale}/publication", {"accept_partial": True}, EDITORS),
    ("DELETE", _A + "/editions/{locale}/publication", None, EDITORS),
    ("POST", _A + "/urgent", None, EDITORS),
    ("GET", "/api/review/{locale}", None, KY_TRANSLATORS),
    ("GET", "/api/review/{locale}/articles/{article_id}", None, KY_TRANSLATORS),
    (
        "GET",
        "/api/review/{locale}/articles/{article_id}/segments/{segment_id}",
        None,
        KY_TRANSLATORS,
    ),
    ("POST", "/api/review/{locale}/articles/{article_id}/memory", {}, KY_TRANSLATORS),
    (
        "PUT",
        "/api/review/{locale}/articles/{article_id}/segments/{segment_id}",
        {"text": "Сүйлөшүүлөр", "version": 0},
        KY_TRANSLATORS,
    ),
    ("GET", "/api/review/{locale}/articles/{article_id}/name-offers", None, KY_TRANSLATORS),
    (
        "POST",
        "/api/review/{locale}/articles/{article_id}/name-offers/accept",
        {"name": "Dushanbe", "spelling": "Душанбе"},
        KY_TRANSLATORS,
    ),
    (
        "POST",
        "/api/review/{locale}/articles/{article_id}/name-offers/dismiss",
        {"name": "Dushanbe"},
        KY_TRANSLATORS,
    ),
    ("GET", "/api/tokens", None, STAFF),
    ("POST", "/api/tokens", {"name": "script"}, STAFF),
    ("DELETE", "/api/tokens/{token_id}", None, STAFF),
    ("GET", "/api/users", None, ADMINS),
    (
        "POST",
        "/api/users",
        {"username": "new-{kind}", "password": "a long password", "role": "editor"},
        ADMINS,
    ),
    ("PATCH", "/api/users/{user_id}", {"display_name": "Spare"}, ADMINS),
    ("GET", "/api/users/{user_id}/tokens", None, ADMINS),
    ("DELETE", "/api/users/{user_id}/tokens/{token_id}", None, ADMINS),
    ("GET", "/login", None, EVERYONE),
    ("POST", "/login", {"username": "spare", "password": "a long password"}, EVERYONE),
    ("POST", "/logout", {}, EVERYONE),
    ("GET", "/account/tokens", None, STAFF),
    ("POST", "/account/tokens", {"name": "script"}, STAFF),
    ("POST", "/account/tokens/{token_id}/revoke", {}, STAFF),
    ("GET", "/account/password", None, STAFF),
    ("POST", "/account/password", {"current_password": "x", "new_password": "y"}, STAFF),
    ("GET", "/admin/users", None, ADMINS),
    (
        "POST",
        "/admin/users",
        {
            "username": "form-{kind}",
            "password": "a long password",
            "role": "translator",
            "languages": "tg",
        },
        ADMINS,
    ),
    ("POST", "/admin/users/{user_id}", {"role": "editor", "active": "on"}, ADMINS),
    ("GET", "/admin/users/{user_id}/tokens", None, ADMINS),
    ("POST", "/admin/users/{user_id}/tokens/{token_id}/revoke", {}, ADMINS),
    ("GET", "/editor/", None, EDITORS),
    ("GET", "/editor/articles/new", None, EDITORS),
    (
        "POST",
        "/editor/articles/new",
        {"text": ARTICLE["text"], "date": "2021-07-21", "targets": "ky", "slug": "form-{kind}"},
        EDITORS,
    ),
    ("GET", _E, None, EDITORS),
    ("GET", _E + "/edit", None, EDITORS),
    (
        "POST",
        _E + "/edit",
        {"text": ARTICLE["text"], "date": "2021-07-21", "targets": ["ky", "ru"], "slug": "{slug}"},
        EDITORS,
    ),
    ("GET", _E + "/preview/{locale}", None, EDITORS),
    ("POST", _E + "/editions/{locale}/publish", {"accept_partial": "on"}, EDITORS),
    ("GET", _E + "/editions/{locale}/unpublish", None, EDITORS),
    ("POST", _E + "/editions/{locale}/unpublish", {"confirm": "yes"}, EDITORS),
    ("POST", _E + "/publish-ready", {}, EDITORS),
    ("POST", _E + "/urgent", {}, EDITORS),
    ("POST", _E + "/editions/{locale}/publish-headline", {}, EDITORS),
    ("GET", "/editor/glossary/", None, EDITORS),
    ("GET", "/editor/glossary/{locale}", None, EDITORS),
    ("POST", "/editor/glossary/{locale}", {"term": "Osh {kind}", "translation": "Ош"}, EDITORS),
    ("POST", "/editor/glossary/{locale}/{term_id}/delete", {}, EDITORS),
    ("GET", "/editor/glossary/{locale}/export.csv", None, EDITORS),
    ("POST", "/editor/glossary/{locale}/import", {}, EDITORS),
    ("GET", "/translate/{locale}/{article_id}/xliff", None, KY_TRANSLATORS),
    ("POST", "/translate/{locale}/{article_id}/xliff", {}, KY_TRANSLATORS),
    ("GET", "/editor/memory.tmx", None, EDITORS),
    ("POST", "/editor/memory", {}, EDITORS),
    ("GET", "/translate/", None, TRANSLATORS),
    ("GET", "/translate/{locale}/", None, KY_TRANSLATORS),
    ("GET", "/translate/{locale}/{article_id}", None, KY_TRANSLATORS),
    ("GET", "/translate/{locale}/{article_id}/preview/{edition}", None, KY_TRANSLATORS),
    ("POST", "/translate/{locale}/{article_id}/memory", {}, KY_TRANSLATORS),
    (
        "POST",
        "/translate/{locale}/{article_id}/segments/{segment_id}",
        {"text": "Сүйлөшүүлөр", "version": "0", "action": "save"},
        KY_TRANSLATORS,
    ),
    (
        "POST",
        "/translate/{locale}/{article_id}/names",
        {"name": "Dushanbe", "spelling": "Душанбе", "action": "dismiss"},
        KY_TRANSLATORS,
    ),
    ("GET", "/", None, EVERYONE),
    ("GET", "/robots.txt", None, EVERYONE),
    ("GET", "/language", None, EVERYONE),
    ("GET", "/sitemap.xml", None, EVERYONE),
    ("GET", "/{locale}/", None, EVERYONE),
    ("GET", "/{locale}/feed.xml", None, EVERYONE),
    ("GET", "/{locale}/{slug}", None, EVERYONE),
    ("GET", "/{slug}", None, EVERYONE),
]


def _app_routes() -> set[tuple[str, str]]:
    found = set()
    for module in (api, sign_in, account, admin, editor, translator, glossary, exchange, reader):
        for route in module.router.routes:
            assert isinstance(route, APIRoute) and route.methods is not None
            for method in route.methods - {"HEAD"}:
                found.add((method, route.path))
    return found


def test_the_matrix_covers_every_route() -> None:
    listed = [(method, path) for method, path, _, _ in MATRIX]
    assert len(listed) == len(set(listed)), "a route is listed twice"
    assert set(listed) == _app_routes()


def _fill(template: Any, values: dict[str, Any]) -> Any:
    if isinstance(template, str):
        return template.format(**values)
    if isinstance(template, dict):
        return {key: _fill(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [_fill(item, values) for item in template]
    return template


def _call(web: Any, kind: str, method: str, path: str, body: dict[str, Any] | None) -> Any:
    client = web.as_user(None if kind == "anonymous" else kind)
    if path.startswith("/api/"):
        headers = {"X-CSRF-Token": web.csrf(client)}
        return client.request(method, path, json=body, headers=headers)
    if method == "GET":
        return client.get(path)
    return client.request(method, path, data={**(body or {}), "csrf_token": web.csrf(client)})


def _refused(kind: str, path: str, method: str, response: Any) -> bool:
    if kind == "anonymous":
        if path.startswith("/api/") or method != "GET":
            return bool(response.status_code == 401)
        return bool(
            response.status_code == 303 and response.headers["location"].startswith("/login")
        )
    return bool(response.status_code == 403)


def test_every_route_against_every_kind_of_user(web: Any) -> None:
    article = web.submit(ARTICLE["text"], ["ky", "ru"], slug="dushanbe-talks")
    web.wait_until_done(article["id"])
    assert (
        web.client.post(
            f"/api/articles/{article['id']}/editions/ky/publication", headers=web.bearer("editor")
        ).status_code
        == 200
    )
    segments = web.client.get(
        f"/api/review/ky/articles/{article['id']}", headers=web.bearer("admin")
    ).json()
    spare = web.client.post(
        "/api/users",
        headers=web.bearer("admin"),
        json={
            "username": "spare",
            "password": "a long password",
            "role": "editor",
        },
    ).json()
    failures = []
    for (method, template, body, allowed), kind in itertools.product(MATRIX, KINDS):
        values = {
            "article_id": article["id"],
            "locale": "ky",
            "edition": "ky",
            "slug": "dushanbe-talks",
            "segment_id": segments[0]["segment_id"],
            "token_id": 1,
            "user_id": spare["id"],
            "kind": kind,
            "term_id": 1,
        }
        path = _fill(template, values)
        response = _call(web, kind, method, path, _fill(body, values))
        if response.status_code >= 500:
            failures.append(f"{kind} {method} {path}: server error {response.status_code}")
        elif (kind in allowed) == _refused(kind, path, method, response):
            expected = "allowed" if kind in allowed else "refused"
            failures.append(
                f"{kind} {method} {path}: expected {expected}, got "
                f"{response.status_code} {response.text[:120]!r}"
            )
    assert not failures, "\n".join(failures)


def test_a_translator_reaches_only_their_own_language(web: Any) -> None:
    article = web.submit(ARTICLE["text"], ["ky", "ru"], slug="two-languages")
    web.wait_until_done(article["id"])
    ru = web.as_user("ru")
    assert ru.get(f"/translate/ru/{article['id']}").status_code == 200
    assert ru.get(f"/translate/ky/{article['id']}").status_code == 403
    assert ru.get("/api/review/ru", headers={}).status_code == 200
    assert ru.get("/api/review/ky").status_code == 403
    # Tokens carry exactly their owner's rights.
    assert web.client.get("/api/review/ky", headers=web.bearer("ru")).status_code == 403
    assert web.client.get("/api/review/ru", headers=web.bearer("ru")).status_code == 200
