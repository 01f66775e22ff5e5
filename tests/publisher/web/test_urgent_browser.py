"""Breaking news in a real browser (headless Chromium): the Urgent checkbox is reached
and ticked with the keyboard, and "Publish headline and lead now" is a keyboard-operable
button that says what it publishes."""

from __future__ import annotations

from sqlalchemy import delete

from publisher.core.breaking import headline_and_lead
from publisher.db import repository as repo
from publisher.db.models import TranslationRow
from tests.support.browser import BrowserApp, seed_article


def test_the_urgent_checkbox_is_reached_and_ticked_with_the_keyboard(
    browser_app: BrowserApp,
) -> None:
    page = browser_app.page("editor")
    page.goto(browser_app.url("/editor/articles/new"))
    page.locator('input[name="source_url"]').focus()
    page.keyboard.press("Tab")
    urgent = page.get_by_label("Urgent", exact=True)
    assert urgent.evaluate("el => el === document.activeElement")
    assert "ahead of other queued work" in page.locator("#urgent-hint").inner_text()
    page.keyboard.press("Space")
    assert urgent.is_checked()


def _only_headline_and_lead(app: BrowserApp) -> int:
    """An urgent article into ky whose headline and lead alone are translated (the rest's
    translations taken away, as before the workers reach them)."""
    seeded = seed_article(app.database, app.settings, targets=("ky",), slug="breaking")
    with app.database.session() as session:
        article = repo.get_article(session, article_id=seeded.id)
        ids = repo.segment_ids(session, article_id=seeded.id)
        positions = [(s.block_index, s.index) for b in article.blocks for s in b.segments]
        wanted = headline_and_lead(article)
        rest = [i for p, i in zip(positions, ids, strict=True) if p not in wanted]
        session.execute(delete(TranslationRow).where(TranslationRow.segment_id.in_(rest)))
        repo.set_urgent(session, article_id=seeded.id, urgent=True)
    return seeded.id


def test_the_editor_publishes_the_headline_and_lead_with_the_keyboard(
    browser_app: BrowserApp,
) -> None:
    article_id = _only_headline_and_lead(browser_app)
    page = browser_app.page("editor")
    page.goto(browser_app.url(f"/editor/articles/{article_id}"))
    assert page.locator('[data-field="urgent"]').first.inner_text() == "Urgent"
    button = page.get_by_role("button", name="Publish headline and lead now")
    assert "Only the headline and lead are translated" in button.evaluate(
        "el => document.getElementById(el.getAttribute('aria-describedby')).textContent"
    )
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "is published" in page.get_by_role("status").first.inner_text()
    reader = browser_app.page(None)
    reader.goto(browser_app.url("/ky/breaking"))
    assert reader.locator(".untranslated").count() > 0  # the rest, marked as awaiting
