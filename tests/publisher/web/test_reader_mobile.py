"""Reader pages on a 390 px wide phone: no horizontal scrolling, and every language in
the switcher shown whole (no name clipped, none off the screen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import BrowserApp

WIDTH, HEIGHT = 390, 844
TARGETS = ("uz", "ky", "tg", "ru")


@pytest.fixture()
def published(browser_app: BrowserApp, sample_path: Path) -> str:
    """The sample article published in every language (uz_Cyrl with uz); its slug."""
    article = browser_app.seed_article(sample_path.read_text(encoding="utf-8"), targets=TARGETS)
    browser_app.publish(article)
    return article.slug


def _layout(page: Any) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate("""() => ({
      scrollWidth: document.documentElement.scrollWidth,
      links: Array.from(document.querySelectorAll('nav.languages a')).map((a) => {
        const box = a.getBoundingClientRect();
        return {text: a.textContent.trim(), left: box.left, right: box.right,
                top: box.top, bottom: box.bottom, scrollWidth: a.scrollWidth,
                clientWidth: a.clientWidth, scrollHeight: a.scrollHeight,
                clientHeight: a.clientHeight};
      }),
    })""")
    return found


@pytest.mark.parametrize("locale", ["ru", "uz-Cyrl", "ky"])
def test_reader_pages_fit_a_390px_screen(
    browser_app: BrowserApp, published: str, locale: str
) -> None:
    page = browser_app.page(width=WIDTH, height=HEIGHT, locale="ru")
    for path in (f"/{locale}/", f"/{locale}/{published}"):
        response = page.goto(browser_app.url(path))
        assert response is not None and response.status == 200, path
        layout = _layout(page)
        assert layout["scrollWidth"] <= WIDTH, (path, layout["scrollWidth"])
        names = [link["text"] for link in layout["links"]]
        assert "Русский" in names and "Ўзбекча" in names and len(names) == 5, names
        for link in layout["links"]:
            where = (path, link)
            assert link["left"] >= 0 and link["right"] <= WIDTH, where
            assert link["clientWidth"] > 0 and link["scrollWidth"] <= link["clientWidth"], where
            assert link["scrollHeight"] <= link["clientHeight"], where
        # Each name is on screen whole: Playwright sees it, and nothing covers it.
        for name in ("Русский", "Кыргызча", "Oʻzbekcha"):
            link = page.locator("nav.languages").get_by_role("link", name=name, exact=True)
            assert link.is_visible()
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH


def test_a_missing_page_fits_a_390px_screen(browser_app: BrowserApp, published: str) -> None:
    """The readers' 404 on a phone: in the URL's language, nothing wider than the screen,
    and the links to the article's other editions on screen whole."""
    page = browser_app.page(width=WIDTH, height=HEIGHT, locale="ru")
    for path in ("/uz-Cyrl/no-such-story", f"/xx/{published}"):
        response = page.goto(browser_app.url(path))
        assert response is not None and response.status == 404, path
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, path
        assert page.locator("link[href='/static/reader.css']").count() == 1, path
    assert page.evaluate("document.documentElement.lang") == "ru"  # negotiated: /xx/ is none
    links = page.locator("ul.elsewhere a")
    assert links.count() == 5  # uz, uz-Cyrl, ky, tg, ru: the article in every language
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, index
