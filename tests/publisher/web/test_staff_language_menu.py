"""The staff language menu changes the language on an explicit choice only (its own
button, which works without JavaScript), never while the keyboard moves through it."""

from __future__ import annotations

from playwright.sync_api import Request

from tests.support.browser import BrowserApp


def test_an_arrow_key_on_the_language_menu_does_not_navigate(browser_app: BrowserApp) -> None:
    page = browser_app.page("editor")
    page.goto(browser_app.url("/editor/"))
    sent: list[str] = []

    def record(request: Request) -> None:
        sent.append(request.url)

    page.on("request", record)
    page.evaluate("window.stillHere = true")
    menu = page.get_by_label("Language", exact=True)
    menu.focus()
    page.keyboard.press("ArrowDown")
    assert menu.input_value() == "uz"  # the selection moved ...
    # ... and nothing was sent: a round trip to the server after the key press comes
    # back before anything a change handler would have sent, on the same page.
    assert page.evaluate("fetch('/static/staff.css').then((r) => r.status)") == 200
    assert page.evaluate("window.stillHere") is True
    assert not [url for url in sent if "/language" in url]
    assert page.url == browser_app.url("/editor/")
    assert page.locator("html").get_attribute("lang") == "en"

    # The explicit choice: the menu's own button.
    with page.expect_navigation():
        page.get_by_role("button", name="Change").click()
    assert page.url == browser_app.url("/editor/")
    assert page.locator("html").get_attribute("lang") == "uz"
    assert page.locator("#ui-language").input_value() == "uz"


def test_the_menu_works_without_javascript(browser_app: BrowserApp) -> None:
    page = browser_app.page("ky", javascript=False)
    page.goto(browser_app.url("/translate/"))
    page.get_by_label("Language", exact=True).select_option("ru")
    assert page.locator("html").get_attribute("lang") == "en"
    button = page.get_by_role("button", name="Change")
    assert button.is_visible()
    with page.expect_navigation():
        button.click()
    assert page.url == browser_app.url("/translate/")
    assert page.locator("html").get_attribute("lang") == "ru"
