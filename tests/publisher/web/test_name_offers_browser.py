"""Names spelled one way in Chromium, keyboard only: Ctrl+Enter approves a sentence with
names the glossary lacks, the focus moves to the first offer (in place, no reload), the
translator corrects the spelling and accepts it with Enter; the glossary has it."""

from __future__ import annotations

import pytest

from publisher.services.glossary import terms_for
from tests.support.browser import BrowserApp

STEP_MS = 15_000
TEXT = "Japarov visits Osh\n\nSadyr Japarov met reporters in Osh."


def test_approve_then_accept_the_offered_name_with_the_keyboard(
    browser_app: BrowserApp,
) -> None:
    from playwright.sync_api import expect

    article = browser_app.seed_article(TEXT, targets=("ky",))
    sentence = article.segment_ids[1]
    page = browser_app.page("ky")
    page.goto(browser_app.url(f"/translate/ky/{article.id}?focus={sentence}"))
    page.evaluate("window.__sameDocument = true")
    box = page.locator(f"#t-{sentence}")
    expect(box).to_be_focused(timeout=STEP_MS)
    box.fill("Садыр Жапаровдун Ошто журналисттер менен жолугушуусу.")
    page.keyboard.press("Control+Enter")
    offer = page.locator(f"#s-{sentence} [data-name-offers] input[name='spelling']").first
    expect(offer).to_be_focused(timeout=STEP_MS)
    expect(offer).to_have_value("Садыр Жапаров")
    assert page.evaluate("window.__sameDocument === true")  # shown in place
    page.keyboard.press("End")
    page.keyboard.press("Backspace")
    page.keyboard.type("в")  # the translator confirms the spelling, retyping its end
    page.keyboard.press("Enter")  # the form's first button: Accept
    # The next offer of the sentence (Osh) has the focus after the page comes back.
    expect(page.locator("[data-offer-focus]")).to_be_focused(timeout=STEP_MS)
    expect(page.locator("[data-offer-focus]")).to_have_value("Ош")
    terms = {t.term: (t.translation, t.kind) for t in terms_for(browser_app.database, "ky")}
    assert terms == {"Sadyr Japarov": ("Садыр Жапаров", "name")}
    # Dismiss with the keyboard too: Tab to the buttons, past Accept.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # No offer left: back to the segment (the last one, so no next one to go to).
    expect(page.locator(f"#t-{sentence}")).to_be_focused(timeout=STEP_MS)
    expect(page.locator("[data-name-offers]")).to_have_count(0)
    assert {t.term for t in terms_for(browser_app.database, "ky")} == {"Sadyr Japarov"}


def test_escape_leaves_the_offer_for_later_and_goes_on_to_the_next_open_segment(
    browser_app: BrowserApp,
) -> None:
    """A run of approvals is never held up: Esc in an offer moves on, the offer stays."""
    from playwright.sync_api import expect

    article = browser_app.seed_article(TEXT + "\n\nThey talked for an hour.", targets=("ky",))
    sentence, last = article.segment_ids[1], article.segment_ids[-1]
    page = browser_app.page("ky")
    page.goto(browser_app.url(f"/translate/ky/{article.id}?focus={sentence}"))
    box = page.locator(f"#t-{sentence}")
    expect(box).to_be_focused(timeout=STEP_MS)
    box.fill("Садыр Жапаров Ошто журналисттер менен жолугушту.")
    page.keyboard.press("Control+Enter")
    offer = page.locator(f"#s-{sentence} [data-name-offers] input[name='spelling']").first
    expect(offer).to_be_focused(timeout=STEP_MS)
    page.keyboard.press("Escape")
    expect(page.locator(f"#t-{last}")).to_be_focused(timeout=STEP_MS)
    expect(page.locator(f"#s-{sentence} [data-name-offers]")).to_have_count(1)  # still there
    assert terms_for(browser_app.database, "ky") == []


pytestmark = pytest.mark.integration
