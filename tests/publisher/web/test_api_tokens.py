"""API tokens end with the access they came from: a password reset or a deactivation
revokes them all for good, a token cannot make tokens, and admins see and revoke any
user's tokens (issue 15, point 1)."""

from __future__ import annotations

from typing import Any

from publisher.services import accounts


def _works(web: Any, headers: dict[str, str]) -> bool:
    return bool(web.client.get("/api/me", headers=headers).status_code == 200)


def test_a_password_reset_by_an_admin_revokes_every_token(web: Any) -> None:
    """Attack: keeping access through a stolen token after the victim's password was
    reset, through the API or the admin's users page."""
    stolen = [web.bearer("editor"), web.bearer("editor")]
    admin_token = web.bearer("admin")
    patched = web.client.patch(
        f"/api/users/{web.staff['editor'].id}",
        json={"password": "a brand new passphrase"},
        headers=admin_token,
    )
    assert patched.status_code == 200
    assert not any(_works(web, headers) for headers in stolen)
    assert _works(web, admin_token)  # others' tokens are untouched
    # The same through the admin's form.
    kept = web.bearer("ky")
    admin = web.as_user("admin")
    saved = admin.post(
        f"/admin/users/{web.staff['ky'].id}",
        data={
            "role": "translator",
            "languages": "ky",
            "active": "on",
            "password": "another new passphrase",
            "csrf_token": web.csrf(admin),
        },
    )
    assert saved.status_code == 303, saved.text
    assert not _works(web, kept)


def test_a_user_resetting_their_own_password_revokes_their_tokens(web: Any) -> None:
    """Attack: a token made before the owner (an admin here, the one role that may change
    a password through the API) reset their own password."""
    old = web.bearer("admin")
    new_session = web.as_user("admin")
    reset = new_session.patch(
        f"/api/users/{web.staff['admin'].id}",
        json={"password": "my own new passphrase"},
        headers={"X-CSRF-Token": web.csrf(new_session)},
    )
    assert reset.status_code == 200
    assert not _works(web, old)


def test_disabling_revokes_tokens_and_enabling_brings_none_back(web: Any) -> None:
    """Attack: re-enabling a disabled account brought its old tokens back to life."""
    token = web.bearer("ru")
    admin = web.bearer("admin")
    user = f"/api/users/{web.staff['ru'].id}"
    assert web.client.patch(user, json={"active": False}, headers=admin).status_code == 200
    assert not _works(web, token)
    assert web.client.patch(user, json={"active": True}, headers=admin).status_code == 200
    assert not _works(web, token)
    listed = web.client.get(f"{user}/tokens", headers=admin).json()
    assert listed and all(t["revoked_at"] is not None for t in listed)


def test_a_token_cannot_create_tokens(web: Any) -> None:
    """Attack: a stolen token minting a fresh one, which outlives its own revocation;
    through the API and through the HTML form (with a CSRF pair it fetched itself)."""
    stolen = web.bearer("editor")
    refused = web.client.post("/api/tokens", json={"name": "mine now"}, headers=stolen)
    assert refused.status_code == 403 and "browser session" in refused.json()["detail"]
    client = web.as_user(None)
    client.cookies.clear()
    page = client.get("/account/tokens", headers=stolen)
    assert page.status_code == 200
    form = client.post(
        "/account/tokens",
        headers=stolen,
        data={"name": "mine now", "csrf_token": web.form_token(page.text)},
    )
    assert form.status_code == 403 and "browser session" in form.text  # not a CSRF refusal
    names = [t.name for t in accounts.tokens_of(web.state.database, web.staff["editor"].id)]
    assert "mine now" not in names
    # A signed-in browser still can.
    browser = web.as_user("editor")
    made = browser.post(
        "/api/tokens", json={"name": "script"}, headers={"X-CSRF-Token": web.csrf(browser)}
    )
    assert made.status_code == 201 and _works(
        web, {"Authorization": "Bearer " + made.json()["token"]}
    )


def test_admins_list_and_revoke_any_users_tokens_through_the_api(web: Any) -> None:
    headers = web.bearer("ky")
    token_id = accounts.tokens_of(web.state.database, web.staff["ky"].id)[0].id
    admin = web.bearer("admin")
    base = f"/api/users/{web.staff['ky'].id}/tokens"
    listed = web.client.get(base, headers=admin)
    assert listed.status_code == 200
    assert [(t["id"], t["revoked_at"]) for t in listed.json()] == [(token_id, None)]
    assert "token" not in listed.json()[0]  # never the secret
    assert web.client.delete(f"{base}/{token_id}", headers=admin).status_code == 204
    assert not _works(web, headers)
    assert web.client.delete(f"{base}/{token_id}", headers=admin).status_code == 404
    # Another user's id with this token's id revokes nothing.
    other = web.bearer("ru")
    ru_token = accounts.tokens_of(web.state.database, web.staff["ru"].id)[0].id
    assert web.client.delete(f"{base}/{ru_token}", headers=admin).status_code == 404
    assert _works(web, other)
    assert web.client.get("/api/users/999999/tokens", headers=admin).status_code == 404
    # Only admins.
    assert web.client.get(base, headers=web.bearer("editor")).status_code == 403


def test_admins_list_and_revoke_any_users_tokens_on_the_web(web: Any) -> None:
    headers = web.bearer("editor")
    token = accounts.tokens_of(web.state.database, web.staff["editor"].id)[0]
    admin = web.as_user("admin")
    users = admin.get("/admin/users")
    assert f'href="/admin/users/{web.staff["editor"].id}/tokens"' in users.text
    page = admin.get(f"/admin/users/{web.staff['editor'].id}/tokens")
    assert page.status_code == 200
    assert token.prefix in page.text and "editor-user" in page.text
    action = f"/admin/users/{web.staff['editor'].id}/tokens/{token.id}/revoke"
    assert f'action="{action}"' in page.text
    revoked = admin.post(action, data={"csrf_token": web.form_token(page.text)})
    assert revoked.status_code == 303
    assert revoked.headers["location"] == f"/admin/users/{web.staff['editor'].id}/tokens"
    assert not _works(web, headers)
    again = admin.get(revoked.headers["location"])
    assert f'action="{action}"' not in again.text
    assert admin.get("/admin/users/999999/tokens").status_code == 404


def test_changing_ones_own_password_ends_every_other_way_in(web: Any) -> None:
    """Attack: a token or a browser session stolen before the owner changed their password
    kept working after it. The owner's own browser stays signed in."""
    stolen_token = web.bearer("editor")
    stolen_session = web.as_user("editor")
    owner = web.as_user("editor")
    page = owner.get("/account/password")
    assert page.status_code == 200
    changed = owner.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "new_password": "a fresh passphrase 42",
            "csrf_token": web.form_token(page.text),
        },
    )
    assert changed.status_code == 303, changed.text
    assert changed.headers["location"] == "/account/password?done=changed"
    assert not _works(web, stolen_token)
    assert stolen_session.get("/editor/").status_code == 303  # to the sign-in page
    assert owner.get("/editor/").status_code == 200
    assert "were ended" in owner.get(changed.headers["location"]).text


def test_changing_a_password_needs_the_current_one_and_a_browser_session(web: Any) -> None:
    """Attack: someone at an unlocked browser, or holding a token, changing the password to
    take the account over."""
    browser = web.as_user("ky")
    page = browser.get("/account/password")
    refused = browser.post(
        "/account/password",
        data={
            "current_password": "a guess at it",
            "new_password": "a fresh passphrase 42",
            "csrf_token": web.form_token(page.text),
        },
    )
    assert refused.status_code == 400 and "current password is wrong" in refused.text
    weak = browser.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "new_password": "password1234",
            "csrf_token": web.form_token(page.text),
        },
    )
    assert weak.status_code == 400 and "too easy to guess" in weak.text
    assert browser.get("/translate/").status_code == 200  # nothing changed
    token = web.bearer("ky")
    assert web.client.get("/account/password", headers=token).status_code == 403
