"""``/api/docs`` works offline under the same strict CSP as every page (issue 15,
point 11): Swagger UI's assets come from this site, started by a script file."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import ConsoleMessage, Route, expect

from publisher.web.security import SECURITY_HEADERS
from tests.support.browser import BrowserApp


def test_api_docs_page_sends_the_strict_csp_and_loads_nothing_from_elsewhere(
    web: Any,
) -> None:
    """The docs page used to allow inline script and a CDN: an injected inline script
    would have run there. Now it has the policy of every other page and no script or
    style from another origin."""
    docs = web.client.get("/api/docs")
    assert docs.status_code == 200
    policy = docs.headers["content-security-policy"]
    assert policy == SECURITY_HEADERS["content-security-policy"]
    assert "unsafe-inline" not in policy and "cdn.jsdelivr.net" not in policy
    assert "<script>" not in docs.text and "https://" not in docs.text
    for asset in (
        "/static/swagger-ui/swagger-ui-bundle.js",
        "/static/swagger-ui/swagger-ui.css",
        "/static/api-docs.js",
    ):
        assert asset in docs.text
        assert web.client.get(asset).status_code == 200, asset


def test_api_docs_render_offline_in_a_browser(browser_app: BrowserApp) -> None:
    """A browser with no way off this machine (every request elsewhere is aborted)
    opens the docs: the operations are listed, and the CSP refuses nothing."""
    page = browser_app.page("editor")
    elsewhere: list[str] = []
    refused: list[str] = []

    def offline(route: Route) -> None:
        if route.request.url.startswith(browser_app.base_url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or message.type == "error":
            refused.append(message.text)

    page.route("**/*", offline)
    page.on("console", console)
    page.goto(browser_app.url("/api/docs"))
    expect(page.locator(".opblock-summary-path", has_text="/api/articles").first).to_be_visible()
    expect(page.locator(".info .title")).to_contain_text("Tarjima")
    assert elsewhere == [] and refused == []
