"""The editor's and translator's screens in Chromium: a refused publish lands back on the
article's page with links to each offending segment (a link puts the translator's focus
in that segment's box), unpublishing asks first, "publish every ready language", and the
staff screens work at 390 px wide without horizontal scrolling."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from publisher.services import review
from tests.support.browser import BrowserApp

if TYPE_CHECKING:
    from playwright.sync_api import Expect, Page

STEP_MS = 15_000


def _expect() -> Expect:
    from playwright.sync_api import expect

    return expect


def _approve_over_an_error(app: BrowserApp, article_id: int, segment_id: int) -> None:
    item = review.review_items(
        app.database,
        article_id=article_id,
        locale="ky",
        segment_ids={segment_id},
        suggestions=False,
    )[0]
    review.save_segment(
        app.database,
        app.settings,
        article_id=article_id,
        locale="ky",
        segment_id=segment_id,
        text="Адамдар өттү.",
        approve=True,
        version=item.row.version,
        username="ky-user",
        confirm_errors=True,
    )


def test_a_refused_publish_is_back_on_the_article_page_with_links(
    browser_app: BrowserApp,
) -> None:
    expect = _expect()
    article = browser_app.seed_article()
    dated = article.segment_ids[1]  # "On July 18, 2021, 345 people crossed ..."
    _approve_over_an_error(browser_app, article.id, dated)
    editor = browser_app.page("editor")
    article_url = browser_app.url(f"/editor/articles/{article.id}")
    editor.goto(article_url)
    row = editor.locator('#progress tr[data-locale="ky"]')
    with editor.expect_navigation():
        row.get_by_role("button", name="Publish").click()
    expect(editor).to_have_url(article_url)  # what happened is said in a flash
    alert = editor.get_by_role("alert")
    expect(alert).to_contain_text("The Kyrgyz edition was not published")
    link = alert.get_by_role("link", name="Segment 2")
    expect(link).to_have_attribute("href", f"/translate/ky/{article.id}?focus={dated}")

    # The translator follows the link: the segment's box has the focus.
    translator = browser_app.page("ky")
    translator.goto(browser_app.url(f"/translate/ky/{article.id}?focus={dated}"))
    expect(translator.locator(f"#t-{dated}")).to_be_focused(timeout=STEP_MS)

    # The override, ticked, publishes; the message names the language.
    row.locator('input[name="override_errors"]').check()
    with editor.expect_navigation():
        row.get_by_role("button", name="Publish").click()
    expect(editor).to_have_url(article_url)
    expect(editor.locator(".flash.ok")).to_have_text("The Kyrgyz edition is published.")


def test_unpublishing_asks_first(browser_app: BrowserApp) -> None:
    expect = _expect()
    article = browser_app.seed_article()
    browser_app.publish(article, ["ky"])
    editor = browser_app.page("editor")
    article_url = browser_app.url(f"/editor/articles/{article.id}")
    editor.goto(article_url)
    editor.locator('#progress tr[data-locale="ky"]').get_by_role("link", name="Unpublish…").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text(
        "Take the Kyrgyz edition away from readers?"
    )
    # Cancel changes nothing.
    editor.get_by_role("link", name="Cancel").click()
    expect(editor).to_have_url(article_url)
    reader = browser_app.page()
    shown = reader.goto(browser_app.url(f"/ky/{article.slug}"))
    assert shown is not None and shown.status == 200
    editor.locator('#progress tr[data-locale="ky"]').get_by_role("link", name="Unpublish…").click()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Unpublish the Kyrgyz edition").click()
    expect(editor).to_have_url(article_url)
    expect(editor.locator(".flash.ok")).to_contain_text("The Kyrgyz edition is no longer")
    # A new reader (the first one's browser may keep the public page in its cache).
    newcomer = browser_app.page()
    gone = newcomer.goto(browser_app.url(f"/ky/{article.slug}"))
    assert gone is not None and gone.status == 404


def test_publish_every_ready_language_in_one_step(browser_app: BrowserApp) -> None:
    expect = _expect()
    article = browser_app.seed_article()
    editor = browser_app.page("editor")
    editor.goto(browser_app.url(f"/editor/articles/{article.id}"))
    with editor.expect_navigation():
        editor.get_by_role("button", name="Publish every ready language").click()
    expect(editor.locator(".flash.ok")).to_contain_text("Published: Kyrgyz, Uzbek.")
    for code in ("ky", "uz"):
        expect(
            editor.locator(f'#progress tr[data-locale="{code}"] [data-field="published"]')
        ).to_contain_text("published")


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    client = page.evaluate("document.documentElement.clientWidth")
    assert width <= client, f"{page.url}: {width} px wide on a {client} px screen"


@pytest.mark.parametrize(
    "role,path",
    [
        ("ky", "/translate/ky/{id}"),
        ("ky", "/translate/ky/"),
        ("editor", "/editor/articles/{id}"),
        ("editor", "/editor/"),
    ],
)
def test_staff_screens_fit_a_390_px_phone(browser_app: BrowserApp, role: str, path: str) -> None:
    expect = _expect()
    article = browser_app.seed_long_article(segments=6)
    browser_app.publish(article, ["ky"])
    page = browser_app.page(role, width=390, height=844)
    page.goto(browser_app.url(path.format(id=article.id)))
    expect(page.locator("main")).to_be_visible()
    _no_horizontal_scroll(page)
    if path.startswith("/translate/ky/{id}"):
        # The loop works on a phone too: a tap in a box, Ctrl+Enter approves in place.
        first = article.segment_ids[0]
        page.locator(f"#t-{first}").click()
        page.keyboard.press("Control+Enter")
        expect(page.locator(f"#s-{first}")).to_have_class(
            re.compile("status-approved"), timeout=STEP_MS
        )
        expect(page.locator(f"#t-{article.segment_ids[1]}")).to_be_focused()
        _no_horizontal_scroll(page)
    if path.startswith("/editor/articles"):
        # The table's cells are still labelled when stacked.
        expect(
            page.locator('#progress tr[data-locale="ky"] td[data-label="Approved"]')
        ).to_be_visible()
