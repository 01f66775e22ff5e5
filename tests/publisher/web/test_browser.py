"""The newsroom's whole day in a real browser (headless Chromium through Playwright).

An editor signs in and submits the sample article; a real `tarjima worker` translates
it through Redis into a private PostgreSQL database; a Kyrgyz translator edits and
approves the headline; the editor publishes the four editions; a reader whose browser
asks for Kyrgyz gets the Kyrgyz page with the edited headline and the Kyrgyz date.

Screenshots of the review screen and of the four reader pages are saved with the test
run's output: in $TARJIMA_TEST_ARTIFACTS, else test-artifacts/browser/ in the checkout.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Expect, Page

from publisher.core.localize.l10n import formatter_for
from tests.support.browser import launch_chromium, require_browser
from tests.support.databases import fresh_postgres_database
from tests.support.services import (
    Process,
    ServiceUnavailable,
    free_port,
    private_redis,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

REPO = Path(__file__).resolve().parents[3]
TARJIMA = str(Path(sys.executable).with_name("tarjima"))
LOCALES = ("uz", "ky", "tg", "ru")
SAMPLE_DATE = date(2021, 7, 21)
SLUG = "tajikistan-misses-big-opportunity-to-mend-ties-with-kyrgyzstan"
HEADLINE = "Tajikistan Misses Big Opportunity To Mend Ties With Kyrgyzstan"
EDITED_KY = "Тажикстан кыргыздар менен мамилени оңдоо мүмкүнчүлүгүн колдон чыгарды."
KY_DATE = "2021-ж., 21-июль"  # publisher/core/localize/l10n.py's Kyrgyz full date of 2021-07-21
EDITOR = ("aigul", "editor-passphrase-1")
TRANSLATOR = ("bakyt", "translator-passphrase-1")
SCREENSHOTS = ("review-ky.png", *(f"reader-{code}.png" for code in LOCALES))

# Playwright timeouts (ms): generous, for a loaded two-core CI machine.
STEP_MS = 30_000
TRANSLATION_MS = 180_000
# This module's own expect(), with the longer timeout (the shared one's stays as it is).
expect = Expect()
expect.set_options(timeout=STEP_MS)


# -- services: PostgreSQL, Redis, models, users, a worker and the web server -------------


@dataclass
class Services:
    base_url: str
    env: dict[str, str]
    logs: dict[str, Path] = field(default_factory=dict)

    def dump_logs(self, tail: int = 6000) -> None:
        for name, log in self.logs.items():
            text = log.read_text(errors="replace") if log.exists() else "(no log)"
            print(f"\n----- {name} log ({log}), last {tail} characters -----\n{text[-tail:]}")


@pytest.fixture()
def browser_db_url() -> Iterator[str]:
    """A fresh PostgreSQL database of this test's own, dropped afterwards (the web
    server and the worker are processes of their own: they cannot share a schema URL)."""
    try:
        with fresh_postgres_database("tarjima_b") as url:
            yield url
    except ServiceUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture()
def browser_redis(tmp_path: Path) -> Iterator[str]:
    """A redis-server of this test's own (``tests.support.services.PrivateRedis``): no
    other run, test or benchmark shares its broker."""
    try:
        with private_redis(tmp_path) as server:
            yield server.url
    except ServiceUnavailable as exc:
        pytest.fail(str(exc))


def _cli(args: list[str], env: dict[str, str], stdin: str | None = None) -> str:
    result = subprocess.run(
        [TARJIMA, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"tarjima {' '.join(args)}:\n{result.stderr}{result.stdout}"
    return result.stdout


def _wait_for_server(services: Services, server: Process) -> None:
    def answers() -> bool:
        if not server.alive():
            services.dump_logs()
            pytest.fail(f"`tarjima serve` exited with status {server.proc.returncode}")
        try:
            with urllib.request.urlopen(f"{services.base_url}/login", timeout=5) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    try:
        wait_until(answers, timeout=90, what="`tarjima serve` to answer GET /login", every=0.2)
    except AssertionError:
        services.dump_logs()
        raise


@pytest.fixture()
def services(
    tmp_path: Path, browser_db_url: str, browser_redis: str, package_dir: dict[str, Path]
) -> Iterator[Services]:
    port = free_port()
    env = {
        **os.environ,
        "TARJIMA_DATA_DIR": str(tmp_path / "var"),
        "TARJIMA_DATABASE_URL": browser_db_url,
        "TARJIMA_BROKER_URL": browser_redis,
        "TARJIMA_BATCH_SIZE": "8",
        "COLUMNS": "200",
    }
    for name in ("en-ky", "en-ru"):
        _cli(["models", "install", str(package_dir[name])], env)
    _cli(
        [
            "users",
            "add",
            EDITOR[0],
            "--role",
            "editor",
            "--name",
            "Aigul Editor",
            "--password-stdin",
        ],
        env,
        stdin=EDITOR[1] + "\n",
    )
    _cli(
        [
            "users",
            "add",
            TRANSLATOR[0],
            "--role",
            "translator",
            "--language",
            "ky",
            "--name",
            "Bakyt Translator",
            "--password-stdin",
        ],
        env,
        stdin=TRANSLATOR[1] + "\n",
    )
    found = Services(f"http://127.0.0.1:{port}", env)
    found.logs = {"worker": tmp_path / "worker.log", "server": tmp_path / "server.log"}
    node = f"browser-{uuid.uuid4().hex[:6]}@%h"
    procs = [
        Process(["worker", "--concurrency", "1", "--name", node], env, found.logs["worker"]),
        Process(["serve", "--host", "127.0.0.1", "--port", str(port)], env, found.logs["server"]),
    ]
    try:
        _wait_for_server(found, procs[1])
        yield found
    finally:
        for proc in procs:  # SIGTERM, SIGKILL whatever is left after 20 s
            proc.stop(20)


@pytest.fixture()
def chromium() -> Iterator[Browser]:
    """Debian's Chromium (Playwright's own browsers are never downloaded); skipped when
    missing, except under TARJIMA_REQUIRE_BROWSER=1 (CI), where that fails."""
    require_browser()
    with launch_chromium() as browser:
        yield browser


@pytest.fixture()
def artifacts() -> Path:
    """Where the screenshots go; last run's are removed so none is mistaken for new."""
    folder = Path(os.environ.get("TARJIMA_TEST_ARTIFACTS") or REPO / "test-artifacts" / "browser")
    folder.mkdir(parents=True, exist_ok=True)
    for name in SCREENSHOTS:
        (folder / name).unlink(missing_ok=True)
    for stale in folder.glob("failure-*.png"):
        stale.unlink()
    return folder


# -- the story, one role at a time ---------------------------------------------------------


@dataclass
class Story:
    base: str
    browser: Browser
    artifacts: Path
    pages: dict[str, Page] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def step(self, done: str) -> None:
        print(f"{time.monotonic() - self.started:6.1f} s  {done}")

    def context(
        self, name: str, *, locale: str | None = None, headers: dict[str, str] | None = None
    ) -> Page:
        context: BrowserContext = self.browser.new_context(
            viewport={"width": 1280, "height": 900}, locale=locale, extra_http_headers=headers
        )
        context.set_default_timeout(STEP_MS)
        page = context.new_page()
        self.pages[name] = page
        return page

    def screenshot(self, page: Page, name: str) -> Path:
        path = self.artifacts / name
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
        return path

    def failure_screenshots(self) -> None:
        for name, page in self.pages.items():
            try:
                self.screenshot(page, f"failure-{name}.png")
            except Exception as exc:  # the browser may be the thing that broke
                print(f"no failure screenshot of the {name} page: {exc}")


def _sign_in(page: Page, base: str, user: tuple[str, str], home: str) -> None:
    page.goto(f"{base}/login")
    form = page.locator('form[action="/login"]')
    form.locator('input[name="username"]').fill(user[0])
    form.locator('input[name="password"]').fill(user[1])
    form.locator('button[type="submit"]').click()
    expect(page).to_have_url(f"{base}{home}")


def _submit_sample(page: Page, base: str, sample_path: Path) -> int:
    page.goto(f"{base}/editor/articles/new")
    form = page.locator('form[action="/editor/articles/new"]')
    form.locator('input[name="date"]').fill(SAMPLE_DATE.isoformat())
    for code in LOCALES:
        form.locator(f'input[name="targets"][value="{code}"]').check()
    form.locator('input[name="upload"]').set_input_files(str(sample_path))
    form.locator('button[type="submit"]').click()
    submitted = re.compile(rf"{re.escape(base)}/editor/articles/(\d+)$")
    expect(page).to_have_url(submitted)
    expect(page.locator(".flash.ok")).to_have_text(
        "The article was submitted; translation has started."
    )
    match = submitted.match(page.url)
    assert match is not None
    return int(match.group(1))


def _field(page: Page, code: str, name: str) -> str:
    return page.locator(f'#progress tr[data-locale="{code}"] [data-field="{name}"]').inner_text()


def _wait_for_translation(page: Page, article_url: str) -> None:
    # The page polls the progress API and reloads itself once when the work is done.
    expect(page.locator("#live-status")).to_have_text(
        "Translation finished.", timeout=TRANSLATION_MS
    )
    page.goto(article_url)  # a settled page: no self-reload pending under our clicks
    expect(page.locator("#live-status")).to_have_text("Translation finished.")
    for code in LOCALES:
        assert _field(page, code, "failed") == "0", code
    for code in ("ky", "ru"):  # the copy models translated everything: a full bar
        assert _field(page, code, "translated") == _field(page, code, "total"), code
        assert _field(page, code, "translated-of") == _field(page, code, "total"), code
        assert _field(page, code, "awaiting_human") == "0", code
    for code in ("uz", "tg"):  # no model: every passage waits for a human, an empty bar
        assert _field(page, code, "awaiting_human") == _field(page, code, "total"), code
        assert _field(page, code, "translated-of") == "0", code
        assert _field(page, code, "bar-state") == "awaiting a human", code


def _review_headline(story: Story, article_id: int) -> None:
    base = story.base
    page = story.context("translator")
    _sign_in(page, base, TRANSLATOR, "/translate/")
    page.goto(f"{base}/translate/ky/")
    page.locator(f'a[href="/translate/ky/{article_id}"]').click()
    expect(page).to_have_url(f"{base}/translate/ky/{article_id}")
    segment = (
        page.locator("li.segment").filter(has=page.locator(".source", has_text=HEADLINE)).first
    )
    area = segment.locator("textarea[data-segment]")
    expect(area).to_be_visible()
    tokens = re.findall(r"⟦/?\d+⟧", area.input_value())  # keep any placeholders
    edited = " ".join([EDITED_KY, *tokens])
    segment_id = (area.get_attribute("id") or "").removeprefix("t-")
    assert segment_id.isdigit(), area.get_attribute("id")
    area.fill(edited)
    segment.locator("button[data-approve]").click()
    approved = page.locator(f"#s-{segment_id}")
    # Approved in place: no page load, the address unchanged.
    expect(approved).to_have_class(re.compile(r"\bstatus-approved\b"))
    expect(approved.locator(".status")).to_have_text("✓ approved")
    expect(approved.locator("textarea[data-segment]")).to_have_value(edited)
    expect(page).to_have_url(f"{base}/translate/ky/{article_id}")
    story.screenshot(page, "review-ky.png")


def _publish(page: Page, base: str, article_id: int, code: str, *, partial: bool) -> None:
    """Publish one edition; a partial one needs "accept a partial edition" ticked."""
    row = page.locator(f'#progress tr[data-locale="{code}"]')
    if partial:
        row.locator('input[name="accept_partial"]').check()
    with page.expect_navigation():
        row.locator('form[action$="/publish"] button[type="submit"]').click()
    if page.locator(".flash.error").count():  # refused: the edition is partial
        expect(page.locator(".flash.error")).to_be_visible()
        row.locator('input[name="accept_partial"]').check()
        with page.expect_navigation():
            row.locator('form[action$="/publish"] button[type="submit"]').click()
    expect(page).to_have_url(f"{base}/editor/articles/{article_id}")
    expect(page.locator(".flash.ok")).to_have_text(re.compile(r"The \w+ edition is published\."))


def _publish_all(story: Story, article_url: str, article_id: int) -> None:
    page = story.pages["editor"]
    page.goto(article_url)
    expect(page.locator("#live-status")).to_have_text("Translation finished.")
    for code in ("ky", "ru", "uz", "tg"):
        _publish(page, story.base, article_id, code, partial=code in ("uz", "tg"))
    readers_see = {code: _field(page, code, "published") for code in LOCALES}
    assert readers_see == {
        "ky": "published",
        "ru": "published",
        "uz": "partial edition",
        "tg": "partial edition",
    }


def _read(story: Story, slug: str) -> None:
    base = story.base
    page = story.context("reader", locale="ky", headers={"Accept-Language": "ky-KG,ky;q=0.9"})
    page.goto(f"{base}/{slug}")  # the server picks the language from Accept-Language
    expect(page).to_have_url(f"{base}/ky/{slug}")
    pages = {"ky": page}
    for code in ("uz", "tg", "ru"):
        pages[code] = page.context.new_page()
        pages[code].goto(f"{base}/{code}/{slug}")
        expect(pages[code]).to_have_url(f"{base}/{code}/{slug}")
    for code in LOCALES:
        current = pages[code]
        expect(current.locator("html")).to_have_attribute("lang", code)
        when = current.locator("main article time")
        expect(when).to_have_text(formatter_for(code).date(SAMPLE_DATE))
        expect(when).to_have_attribute("datetime", re.compile(r"^2021-07-21"))
        expect(current.locator('nav.languages a[aria-current="page"]')).to_have_attribute(
            "hreflang", code
        )
        # The four languages, Uzbek in both scripts (uz-Cyrl is published with uz).
        expect(current.locator("nav.languages a")).to_have_count(len(LOCALES) + 1)
    ky = pages["ky"]
    expect(ky.locator("main article h1")).to_have_text(EDITED_KY)
    expect(ky.locator("main article")).to_contain_text(EDITED_KY)
    expect(ky.locator("main article time")).to_have_text(KY_DATE)
    expect(ky.locator("main article .untranslated")).to_have_count(0)
    expect(pages["ru"].locator("main article")).to_contain_text("13–14 июля")
    for code in ("uz", "tg"):  # partial editions mark the English passages
        expect(pages[code].locator("main article .untranslated").first).to_be_visible()
    for code in LOCALES:
        story.screenshot(pages[code], f"reader-{code}.png")
    _read_cyrillic(story, pages["uz"], slug)


def _read_cyrillic(story: Story, uz: Page, slug: str) -> None:
    """The Uzbek reader switches to Cyrillic script."""
    cyrillic = uz.locator('nav.languages a[hreflang="uz-Cyrl"]')
    expect(cyrillic).to_have_text("Ўзбекча")
    cyrillic.click()
    expect(uz).to_have_url(f"{story.base}/uz-Cyrl/{slug}")
    expect(uz.locator("html")).to_have_attribute("lang", "uz-Cyrl")
    expect(uz.locator("main article time")).to_have_text(formatter_for("uz_Cyrl").date(SAMPLE_DATE))
    expect(uz.locator("main article .kicker")).to_have_count(0)  # the editor set none
    expect(uz.locator("main article .untranslated").first).to_be_visible()
    story.screenshot(uz, "reader-uz-Cyrl.png")


@pytest.mark.timeout(300)
def test_editor_translator_and_reader_in_a_browser(
    services: Services, chromium: Browser, artifacts: Path, sample_path: Path
) -> None:
    story = Story(services.base_url, chromium, artifacts)
    try:
        editor = story.context("editor")
        _sign_in(editor, story.base, EDITOR, "/editor/")
        article_id = _submit_sample(editor, story.base, sample_path)
        story.step(f"editor submitted article {article_id}")
        article_url = f"{story.base}/editor/articles/{article_id}"
        _wait_for_translation(editor, article_url)
        story.step("the worker translated it")
        slug = editor.locator("main p.muted code").first.inner_text()
        assert slug == SLUG
        _review_headline(story, article_id)
        story.step("the Kyrgyz translator approved the edited headline")
        _publish_all(story, article_url, article_id)
        story.step("the editor published four editions")
        _read(story, slug)
        story.step("the reader read them")
    except BaseException:
        story.failure_screenshots()
        services.dump_logs()
        raise
