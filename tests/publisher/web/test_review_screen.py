"""The review screen in Chromium, keyboard first: approvals in place without a reload, focus
kept through the loop, drafts saved in place with when and by whom, QA errors confirmed
in place, a conflict shown with both texts, placeholder chips, copy source, live counts
and filters. Each check waits on the page or the database, never on a timer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from publisher.core.enums import Status
from publisher.services import review
from tests.support.browser import BrowserApp, SeededArticle

if TYPE_CHECKING:
    from playwright.sync_api import Dialog, Expect, Page

STEP_MS = 15_000


def _expect() -> Expect:
    from playwright.sync_api import expect

    return expect


def _open(app: BrowserApp, article: SeededArticle, query: str = "") -> Page:
    page = app.page("ky")
    page.goto(app.url(f"/translate/ky/{article.id}{query}"))
    # A marker that survives only as long as the page is not reloaded.
    page.evaluate("window.__sameDocument = true")
    return page


def _row(app: BrowserApp, article: SeededArticle, segment_id: int) -> review.ReviewItem:
    return review.review_items(
        app.database,
        article_id=article.id,
        locale="ky",
        segment_ids={segment_id},
        suggestions=False,
    )[0]


def _same_document(page: Page) -> bool:
    return bool(page.evaluate("window.__sameDocument === true"))


def test_five_approvals_in_a_row_with_the_keyboard_alone(browser_app: BrowserApp) -> None:
    expect = _expect()
    article = browser_app.seed_long_article(segments=8)
    ids = article.segment_ids
    page = _open(browser_app, article, f"?focus={ids[0]}")
    expect(page.locator(f"#t-{ids[0]}")).to_be_focused(timeout=STEP_MS)
    for n in range(5):
        page.keyboard.press("Control+Enter")
        expect(page.locator(f"#s-{ids[n]}")).to_have_class(
            re.compile(r"status-approved"), timeout=STEP_MS
        )
        expect(page.locator(f"#t-{ids[n + 1]}")).to_be_focused(timeout=STEP_MS)
    expect(page.locator('[data-count="approved"]')).to_have_text("5")
    expect(page.locator('[data-count="open"]')).to_have_text("3")
    assert _same_document(page)  # no page load in the whole loop
    approved = [i for i in ids if _row(browser_app, article, i).row.status is Status.APPROVED]
    assert approved == list(ids[:5])
    # Alt+↑ and Alt+↓ move between boxes, Alt+N jumps to the next open one.
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator(f"#t-{ids[4]}")).to_be_focused()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator(f"#t-{ids[5]}")).to_be_focused()
    page.locator(f"#t-{ids[0]}").focus()
    page.keyboard.press("Alt+n")
    expect(page.locator(f"#t-{ids[5]}")).to_be_focused()


def test_a_draft_is_saved_in_place_and_says_when_and_by_whom(browser_app: BrowserApp) -> None:
    expect = _expect()
    article = browser_app.seed_article()
    first = article.segment_ids[0]
    page = _open(browser_app, article, f"?focus={first}")
    box = page.locator(f"#t-{first}")
    expect(box).to_be_focused(timeout=STEP_MS)
    box.fill("Душанбедеги сүйлөшүүлөр макулдашуусуз бүттү")
    page.keyboard.press("Control+s")
    expect(page.locator(f"#s-{first} [data-status]")).to_contain_text("draft", timeout=STEP_MS)
    expect(page.locator(f"#s-{first} [data-saved]")).to_contain_text("by ky-user")
    expect(box).to_be_focused()
    assert _same_document(page)
    row = _row(browser_app, article, first).row
    assert row.is_draft and row.text == "Душанбедеги сүйлөшүүлөр макулдашуусуз бүттү"
    assert row.shown_text is not None and row.shown_text.startswith("[ky]")


def test_an_approval_over_a_qa_error_is_confirmed_in_place(browser_app: BrowserApp) -> None:
    expect = _expect()
    article = browser_app.seed_article()
    dated = next(
        i for i in article.segment_ids if "⟦1⟧" in _row(browser_app, article, i).masked_source
    )
    page = _open(browser_app, article, f"?focus={dated}")
    box = page.locator(f"#t-{dated}")
    expect(box).to_be_focused(timeout=STEP_MS)
    box.fill("Адамдар чек арадан өттү.")  # the date and the number lost
    page.keyboard.press("Control+Enter")
    confirm = page.get_by_role("button", name=re.compile("Approve anyway"))
    expect(confirm).to_be_focused(timeout=STEP_MS)
    expect(page.locator(f"#s-{dated} .confirm")).to_contain_text("missing")
    assert _row(browser_app, article, dated).row.status is not Status.APPROVED
    # Escape goes back to the box; Ctrl+Enter asks again; Enter confirms.
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    page.keyboard.press("Control+Enter")
    expect(confirm).to_be_focused(timeout=STEP_MS)
    page.keyboard.press("Enter")
    expect(page.locator(f"#s-{dated}")).to_have_class(
        re.compile(r"status-approved"), timeout=STEP_MS
    )
    expect(page.locator(f"#s-{dated} [data-saved]")).to_contain_text("confirmed by ky-user")
    row = _row(browser_app, article, dated).row
    assert row.confirmed_by == "ky-user" and "span_missing" in row.confirmed_errors
    assert _same_document(page)


def test_a_conflict_shows_both_texts_in_place(browser_app: BrowserApp) -> None:
    expect = _expect()
    article = browser_app.seed_article()
    first = article.segment_ids[0]
    page = _open(browser_app, article, f"?focus={first}")
    expect(page.locator(f"#t-{first}")).to_be_focused(timeout=STEP_MS)
    # Another translator saves first.
    review.save_segment(
        browser_app.database,
        browser_app.settings,
        article_id=article.id,
        locale="ky",
        segment_id=first,
        text="Башка котормочунун тексти",
        approve=False,
        version=_row(browser_app, article, first).row.version,
        username="aibek",
    )
    page.locator(f"#t-{first}").fill("Менин котормом")
    page.keyboard.press("Control+s")
    conflict = page.locator(f"#s-{first} .conflict")
    expect(conflict).to_contain_text("Башка котормочунун тексти", timeout=STEP_MS)
    expect(conflict).to_contain_text("aibek")
    expect(page.locator(f"#t-{first}")).to_have_value("Менин котормом")  # mine kept
    page.get_by_role("button", name=re.compile("Keep my text")).click()
    page.keyboard.press("Control+s")
    expect(page.locator(f"#s-{first} [data-saved]")).to_contain_text("by ky-user", timeout=STEP_MS)
    assert _row(browser_app, article, first).row.text == "Менин котормом"


def test_placeholder_chips_copy_source_and_filters(browser_app: BrowserApp) -> None:
    expect = _expect()
    article = browser_app.seed_article()
    dated = next(
        i for i in article.segment_ids if "⟦1⟧" in _row(browser_app, article, i).masked_source
    )
    masked = _row(browser_app, article, dated).masked_source
    page = _open(browser_app, article, f"?focus={dated}")
    box = page.locator(f"#t-{dated}")
    expect(box).to_be_focused(timeout=STEP_MS)
    # Each chip says what its placeholder stands for.
    chip = page.locator(f'#s-{dated} button[data-token="⟦1⟧"]')
    expect(chip).to_contain_text("July 18, 2021")
    # Alt+C copies the source; Alt+P inserts the next placeholder missing from the box.
    page.keyboard.press("Alt+c")
    expect(box).to_have_value(masked)
    box.fill("Чек арадан ")
    page.keyboard.press("Alt+p")
    expect(box).to_have_value("Чек арадан ⟦1⟧")
    page.keyboard.press("Alt+p")
    expect(box).to_have_value("Чек арадан ⟦1⟧⟦2⟧")
    chip.click()  # a click inserts at the caret too
    expect(box).to_have_value("Чек арадан ⟦1⟧⟦2⟧⟦1⟧")
    # A draft with a duplicated placeholder: an error, listed in words with its icon.
    page.keyboard.press("Control+s")
    errors = page.locator(f"#s-{dated} [data-warnings] li.error")
    expect(errors.first).to_contain_text("✖ Error", timeout=STEP_MS)
    expect(page.locator('[data-count="errors"]')).to_have_text("1")
    # The errors filter shows that segment alone, without a reload.
    page.locator('a[data-filter="errors"]').click()
    expect(page.locator("li[data-segment-id]:visible")).to_have_count(1)
    expect(page.locator(f"#s-{dated}")).to_be_visible()
    assert _same_document(page)
    assert "show=errors" in page.url


def test_in_place_warnings_and_refusals_speak_the_staff_language(
    browser_app: BrowserApp,
) -> None:
    expect = _expect()
    article = browser_app.seed_article()
    dated = next(
        i for i in article.segment_ids if "⟦1⟧" in _row(browser_app, article, i).masked_source
    )
    page = browser_app.page("ky", locale="ru-RU")
    page.goto(browser_app.url(f"/translate/ky/{article.id}?focus={dated}"))
    page.evaluate("window.__sameDocument = true")
    box = page.locator(f"#t-{dated}")
    expect(box).to_be_focused(timeout=STEP_MS)
    # A draft that lost the date: its warnings re-rendered in Russian by the script.
    box.fill("Адамдар чек арадан ⟦2⟧ өттү.")
    page.keyboard.press("Control+s")
    warnings = page.locator(f"#s-{dated} [data-warnings]")
    expect(warnings).to_contain_text("✖ Ошибка: в переводе нет: дата", timeout=STEP_MS)
    expect(warnings).not_to_contain_text("missing")
    # Approving it: the confirmation lists the errors in Russian.
    page.keyboard.press("Control+Enter")
    confirm = page.locator(f"#s-{dated} .confirm")
    expect(confirm).to_contain_text("В этом переводе есть ошибки QA:", timeout=STEP_MS)
    expect(confirm).to_contain_text("в переводе нет: дата")
    page.keyboard.press("Escape")
    # An empty translation is refused in place, in Russian.
    box.fill("   ")
    page.keyboard.press("Control+s")
    expect(page.locator(f"#s-{dated} [data-notice]")).to_contain_text(
        "перевод пуст: введите его", timeout=STEP_MS
    )
    assert _same_document(page)  # all of it in place, no page load
    assert _row(browser_app, article, dated).row.status is not Status.APPROVED


def test_shortcuts_follow_the_key_not_the_layout_and_work_is_never_lost(
    browser_app: BrowserApp,
) -> None:
    expect = _expect()
    article = browser_app.seed_article()
    first, second = article.segment_ids[0], article.segment_ids[1]
    # No ?focus: the first open segment's box has the focus, ready for the keyboard.
    page = _open(browser_app, article, "?show=no-such-filter")
    box = page.locator(f"#t-{first}")
    expect(box).to_be_focused(timeout=STEP_MS)
    expect(page.locator("li[data-segment-id]:visible")).to_have_count(
        len(article.segment_ids)
    )  # an unknown filter shows everything
    # A Cyrillic layout: Ctrl with the S key types "ы"; the shortcut still saves.
    box.fill("Душанбедеги сүйлөшүүлөр")
    box.dispatch_event(
        "keydown",
        {"key": "ы", "code": "KeyS", "ctrlKey": True, "bubbles": True, "cancelable": True},
    )
    expect(page.locator(f"#s-{first} [data-status]")).to_contain_text("draft", timeout=STEP_MS)
    assert _row(browser_app, article, first).row.text == "Душанбедеги сүйлөшүүлөр"
    # Alt+C copies the source over the text; Ctrl+Z brings the text back.
    page.keyboard.press("Alt+c")
    expect(box).to_have_value(_row(browser_app, article, first).masked_source)
    page.keyboard.press("Control+z")
    expect(box).to_have_value("Душанбедеги сүйлөшүүлөр")
    # Leaving with unsaved text asks first.
    page.locator(f"#t-{second}").fill("Сакталбаган текст")
    asked: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    from playwright.sync_api import Error as PlaywrightError

    with pytest.raises(PlaywrightError, match="ERR_ABORTED"):  # "stay on the page"
        page.goto(browser_app.url("/translate/ky/"))
    assert asked == ["beforeunload"]
    expect(page.locator(f"#t-{second}")).to_have_value("Сакталбаган текст")
