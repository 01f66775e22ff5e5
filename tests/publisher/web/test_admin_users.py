"""The admin's users page: no role picked for a new user unless the admin picks one,
a message after each change, a label on every control, and refused changes shown on the
form they came from with what was typed (never a password)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.db.repository import StoredUser
from publisher.services import accounts
from publisher.web import create_app
from publisher.web.security import CSRF_COOKIE, SESSION_COOKIE, sign_nonce
from publisher.web.state import WebState
from tests.support.browser import PASSWORD, BrowserApp

TYPED_PASSWORD = "a typed secret 1234"


class Admin:
    """A client signed in as an admin (with a CSRF cookie), and the app's state."""

    def __init__(self, state: WebState, client: TestClient, admin_id: int) -> None:
        self.state, self.client, self.admin_id = state, client, admin_id
        nonce = "admin-test-nonce"
        client.cookies.set(CSRF_COOKIE, nonce)
        self.token = sign_nonce(state.secret, nonce, client.cookies.get(SESSION_COOKIE))

    def post(self, path: str, data: dict[str, object]) -> Any:
        # Any: starlette's TestClient answers with httpx2's Response where httpx2 is
        # installed (huggingface-hub brings it), else with httpx's.
        return self.client.post(path, data={"csrf_token": self.token, **data})

    def user(self, username: str) -> StoredUser:
        return next(u for u in accounts.users(self.state.database) if u.username == username)


@pytest.fixture()
def admin(tmp_path: Path) -> Iterator[Admin]:
    settings = Settings(
        data_dir=tmp_path / "var",
        broker_url=None,
        secret_key="admin test secret",
        allowed_hosts=("testserver",),
    )
    app = create_app(settings)
    state: WebState = app.state.tarjima
    admin_id = accounts.create_user(
        state.database, username="boss", password=PASSWORD, role=Role.ADMIN
    )
    accounts.create_user(
        state.database,
        username="kanykei",
        password=PASSWORD,
        role=Role.TRANSLATOR,
        languages=["ky"],
    )
    client = TestClient(app, follow_redirects=False)  # not entered: no embedded worker
    client.cookies.set(
        SESSION_COOKIE, accounts.start_session(state.database, settings, user_id=admin_id)
    )
    yield Admin(state, client, admin_id)
    state.database.dispose()


def _add_form(page: str) -> str:
    return page[page.index('<form method="post" action="/admin/users" ') :]


def _row(page: str, username: str) -> str:
    """The table row of ``username`` and the error row after it, if any."""
    start = page.index(f"<td>{username}<br>")
    ends = [
        i
        for i in (
            page.find('<br><span class="muted">', page.index("<br>", start) + 4),
            page.index("</tbody>"),
        )
        if i != -1
    ]
    return page[start : min(ends)]


def test_a_new_users_role_is_not_admin_unless_picked(admin: Admin) -> None:
    form = _add_form(admin.client.get("/admin/users").text)
    selected = re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', form)
    assert selected == [""]  # the "Choose a role" placeholder, which cannot be sent
    assert '<select id="new-user-role" name="role" required>' in form

    refused = admin.post(
        "/admin/users",
        {
            "username": "newbie",
            "display_name": "New Person",
            "password": TYPED_PASSWORD,
            "languages": ["uz"],
        },
    )
    assert refused.status_code == 400
    page = refused.text
    form = _add_form(page)
    assert 'id="add-user-error"' in form and "choose a role" in form
    assert 'value="newbie"' in form and 'value="New Person"' in form
    assert 'value="uz" checked' in form
    assert TYPED_PASSWORD not in page
    assert "newbie" not in {u.username for u in accounts.users(admin.state.database)}


def test_adding_a_user_says_so(admin: Admin) -> None:
    added = admin.post(
        "/admin/users",
        {
            "username": "Aigul",
            "password": TYPED_PASSWORD,
            "role": "editor",
        },
    )
    assert added.status_code == 303
    location = added.headers["location"]
    assert location == "/admin/users"  # what was done is said in a flash
    page = admin.client.get(location).text
    assert '<p class="flash ok" role="status">User aigul was added.</p>' in page
    assert admin.user("aigul").role is Role.EDITOR


def test_a_refused_new_user_keeps_what_was_typed_on_its_form(admin: Admin) -> None:
    refused = admin.post(
        "/admin/users",
        {
            "username": "kanykei",
            "display_name": "Another",
            "password": TYPED_PASSWORD,
            "role": "translator",
            "languages": ["ky", "tg"],
        },
    )
    assert refused.status_code == 400
    page = refused.text
    form = _add_form(page)
    assert "the user name &#39;kanykei&#39; is taken" in form
    assert 'value="translator" selected' in form
    assert 'value="ky" checked' in form and 'value="tg" checked' in form
    assert TYPED_PASSWORD not in page
    assert 'class="flash ok"' not in page


def test_resetting_a_password_and_disabling_and_enabling_say_so(admin: Admin) -> None:
    user = admin.user("kanykei")
    url = f"/admin/users/{user.id}"
    steps: list[tuple[dict[str, object], str, str]] = [
        (
            {"password": TYPED_PASSWORD, "active": "on"},
            "password",
            "The password of kanykei was reset; they are signed out everywhere.",
        ),
        ({}, "disabled", "kanykei can no longer sign in."),
        ({"active": "on"}, "enabled", "kanykei can sign in again."),
        ({"active": "on", "languages": ["ky", "uz"]}, "saved", "Changes to kanykei were saved."),
    ]
    for fields, done, message in steps:
        response = admin.post(url, {"role": "translator", "languages": ["ky"], **fields})
        assert response.status_code == 303, response.text
        location = response.headers["location"]
        assert location == "/admin/users", done
        page = admin.client.get(location).text
        assert f'<p class="flash ok" role="status">{message}</p>' in page
    assert admin.user("kanykei").languages == ("ky", "uz")
    assert admin.user("kanykei").active


def test_a_link_cannot_make_the_list_say_anything(admin: Admin) -> None:
    """A crafted link (``?done=password&user=kanykei``) once made the page claim a
    password was reset; the query string says nothing now."""
    page = admin.client.get("/admin/users?done=password&user=kanykei").text
    assert 'class="flash ok"' not in page
    page = admin.client.get("/admin/users?done=<b>x</b>&user=kanykei").text
    assert 'class="flash ok"' not in page and "<b>x</b>" not in page


def test_a_refused_change_is_shown_in_its_users_row(admin: Admin) -> None:
    user = admin.user("kanykei")
    refused = admin.post(
        f"/admin/users/{user.id}",
        {
            "role": "translator",
            "languages": ["tg"],
            "password": "short",
        },
    )
    assert refused.status_code == 400
    page = refused.text
    row = _row(page, "kanykei")
    assert f'id="user-{user.id}-error"' in row and "at least 10 characters" in row
    assert f'aria-describedby="user-{user.id}-error"' in row
    # What was typed is kept (the box for sign-in unticked), the password is not.
    assert 'value="tg" form' in row and re.search(r'value="tg"[^>]*checked', row)
    assert not re.search(r'value="ky"[^>]*checked', row)
    assert not re.search(r'name="active"[^>]*checked', row)
    assert 'value="short"' not in page
    # Nothing changed, and the admin's own row has no error.
    assert admin.user("kanykei").languages == ("ky",)
    assert 'role="alert"' not in _row(page, "boss")
    assert _add_form(page).count('role="alert"') == 0


def test_an_admin_cannot_demote_themselves_and_is_told_in_their_row(admin: Admin) -> None:
    refused = admin.post(f"/admin/users/{admin.admin_id}", {"role": "editor", "active": "on"})
    assert refused.status_code == 400
    row = _row(refused.text, "boss")
    assert "you cannot demote or deactivate your own account" in row
    assert 'value="editor" selected' in row


# -- in a browser ---------------------------------------------------------------------


def test_every_control_on_the_users_page_has_a_label(browser_app: BrowserApp) -> None:
    page = browser_app.page("admin")
    page.goto(browser_app.url("/admin/users"))
    # Every visible form control has an accessible name from a label or aria-label.
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll(
        'main input:not([type=hidden]), main select, main textarea, main button'))
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                      && !el.getAttribute('aria-labelledby')
                      && !(el.tagName === 'BUTTON' && el.textContent.trim()))
      .map((el) => el.outerHTML)""")
    assert unnamed == []
    for username in ("admin-user", "editor-user", "ky-user", "uz-user"):
        assert page.get_by_label(f"Role: {username}", exact=True).count() == 1
        assert page.get_by_label(f"May sign in: {username}", exact=True).count() == 1
        assert page.get_by_label(f"New password: {username}", exact=True).count() == 1
        for code in ("uz", "ky", "tg", "ru"):
            assert page.get_by_label(f"{code}: {username}", exact=True).count() == 1
        assert page.get_by_role("button", name=f"Save: {username}").count() == 1
    for name in ("User name", "Full name", "Password", "Role"):
        assert page.get_by_label(name, exact=True).count() == 1, name
    for language in ("Oʻzbekcha", "Кыргызча", "Тоҷикӣ", "Русский"):
        assert page.get_by_label(language, exact=True).count() == 1, language
    # The role must be picked: the browser does not send the form without one.
    page.get_by_label("User name", exact=True).fill("newbie")
    page.get_by_label("Password", exact=True).fill(TYPED_PASSWORD)
    page.get_by_role("button", name="Add the user").click()
    assert page.evaluate(
        "document.querySelector('select[name=role][required]').validity.valueMissing"
    )
    page.get_by_label("Role", exact=True).select_option("translator")
    page.get_by_label("Кыргызча", exact=True).check()
    page.get_by_role("button", name="Add the user").click()
    page.wait_for_url("**/admin/users")
    assert page.get_by_role("status").inner_text() == "User newbie was added."
