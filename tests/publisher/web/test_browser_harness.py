"""The light browser harness itself: staff sign in, a seeded article is ready for the
editor and in the translator's queue, published editions reach readers."""

from __future__ import annotations

from tests.support.browser import BrowserApp


def test_seeded_article_is_ready_and_queued_without_workers(browser_app: BrowserApp) -> None:
    article = browser_app.seed_article()
    editor = browser_app.page("editor")
    editor.goto(browser_app.url("/editor/"))
    row = editor.locator("table.list tbody tr", has_text=article.slug)
    assert row.locator(".chip.ready").count() == 2
    translator = browser_app.page("ky")
    translator.goto(browser_app.url("/translate/ky/"))
    assert translator.get_by_text("Talks in Dushanbe").count() >= 1
    browser_app.publish(article)
    reader = browser_app.page(width=390, height=844, locale="ky")
    reader.goto(browser_app.url(f"/ky/{article.slug}"))
    assert "[ky] Talks in Dushanbe" in reader.locator("h1").inner_text()


def test_long_article_has_the_segments_asked_for(browser_app: BrowserApp) -> None:
    article = browser_app.seed_long_article(121)
    assert len(article.segment_ids) == 121
    page = browser_app.page("uz")
    page.goto(browser_app.url(f"/translate/uz/{article.id}"))
    assert page.locator("textarea[data-segment]").count() == 121
