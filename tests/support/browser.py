"""A light browser harness: the web app in a thread, seeded without workers, driven by
headless Chromium (Debian's, through Playwright).

Fixtures (in ``tests/publisher/web/conftest.py``; every test using ``browser_app`` is
marked ``integration`` automatically):

``browser_app`` -> :class:`BrowserApp`
    The app served by uvicorn in a thread on a free port (``.base_url``), with a SQLite
    database of its own in ``tmp_path`` and no worker (nothing translates: the articles
    are seeded). Staff are made through ``publisher.services.accounts``: ``.staff`` maps
    ``"admin"``, ``"editor"``, ``"ky"`` and ``"uz"`` (translators of ky and of uz) to
    :class:`Account` (``.username``; the password of each is :data:`PASSWORD`).

    * ``.page(role=None, *, width=1280, height=900, locale="en-US", javascript=True)``: a
      new Playwright ``Page`` in a context of its own, signed in as ``staff[role]`` (None:
      anonymous), with that viewport and ``Accept-Language``; closed after the test.
      ``page.goto(app.url("/editor/"))``.
    * ``.url(path)``: ``base_url + path``.
    * ``.seed_article(text=SMALL_ARTICLE, *, targets=("ky", "uz"), slug=None)`` ->
      :class:`SeededArticle` (``.id``, ``.slug``, ``.segment_ids``, ``.targets``): stores the
      article as a submission would (prepare + store), writes a machine translation of
      every segment into every target ("[ky] " + the source, ⟦N⟧ placeholders kept, QA
      warnings as the worker computes them) and assembles the editions, so editors see it
      ready and translators find it in their queue.
    * ``.seed_long_article(segments=121, ...)``: the same with a made article of exactly
      that many segments (a headline and one sentence per paragraph), for benchmarks.
    * ``.publish(article, locales=None)``: publishes editions (all targets by default) as
      the editor, so readers see them.
    * ``.database`` / ``.settings``: the app's own, for direct checks.

Without a browser, for any app's database (the TestClient tests use them):
``seed_article(database, settings, text=None, *, targets, slug, assemble=True,
translated=None)`` and ``publish(database, settings, article, locales=None)``.

``chromium_browser`` (module scope) -> ``playwright.sync_api.Browser``
    Headless ``/usr/bin/chromium``. Missing Chromium or Playwright skips the test, or
    fails it when ``TARJIMA_REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from publisher.core.config import Settings
from publisher.core.enums import Origin, Role, Status
from publisher.core.ingest import decode_source
from publisher.core.protect import mask
from publisher.core.qa import Severity, check_translation
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services import accounts
from publisher.services.editions import assemble_and_store_with_derived
from publisher.services.intake import prepare, store
from publisher.services.publish import publish_edition
from publisher.web.security import SESSION_COOKIE
from tests.support.services import free_port, wait_until

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"
ARTICLE_DATE = date(2021, 7, 21)
#: A small made article: a headline and three paragraphs, five segments, dates and numbers.
SMALL_ARTICLE = (
    "Talks in Dushanbe end without agreement\n\n"
    "On July 18, 2021, 345 people crossed the border near Murghab.\n\n"
    "Officials met for two days. They promised to meet again.\n\n"
    "About 4,000 head of livestock stayed behind."
)
#: (role, languages) of each staff key.
STAFF: dict[str, tuple[Role, tuple[str, ...]]] = {
    "admin": (Role.ADMIN, ()),
    "editor": (Role.EDITOR, ()),
    "ky": (Role.TRANSLATOR, ("ky",)),
    "uz": (Role.TRANSLATOR, ("uz",)),
}


def machine_text(masked_source: str, locale: str) -> str:
    """The engine double's output: the masked source marked with the locale."""
    return f"[{locale}] {masked_source}"


def long_article_text(segments: int = 121) -> str:
    """A made article of exactly ``segments`` segments: a headline and one sentence per
    paragraph, each sentence different."""
    paragraphs = [
        f"Reporter number {n} wrote that the river rose again in the valley."
        for n in range(1, segments)
    ]
    return "\n\n".join(["A long day of flooding across the region", *paragraphs])


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: Role
    languages: tuple[str, ...]


@dataclass(frozen=True)
class SeededArticle:
    id: int
    slug: str
    targets: tuple[str, ...]
    segment_ids: tuple[int, ...]


def require_browser() -> None:
    """Skip (or, with TARJIMA_REQUIRE_BROWSER=1, fail) when Chromium or Playwright is
    missing."""
    missing = None
    if not Path(CHROMIUM).is_file():
        missing = f"{CHROMIUM} is missing: apt-get install chromium"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "Playwright is not installed (pip install -e .[dev])"
    if missing is None:
        return
    if os.environ.get("TARJIMA_REQUIRE_BROWSER") == "1":
        pytest.fail(missing)
    pytest.skip(missing)


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Browser]:
    require_browser()
    with launch_chromium() as browser:
        yield browser


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Headless Debian Chromium through Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()


def seed_article(
    database: Database,
    settings: Settings,
    text: str | None = None,
    *,
    targets: Sequence[str] = ("ky", "uz"),
    slug: str | None = None,
    machine: Callable[[str, str], str] = machine_text,
    assemble: bool = True,
    translated: Sequence[str] | None = None,
) -> SeededArticle:
    """Store the article as a submission would (prepare + store), write ``machine``'s
    translation of every segment into every target in ``translated`` (default: all; the
    others look still in the works; QA warnings and status as the worker sets them) and,
    with ``assemble``, assemble the editions. No worker, no broker."""
    source = decode_source(
        (text or SMALL_ARTICLE).encode(), name="article.txt", max_bytes=settings.max_upload_bytes
    )
    prepared = prepare(source, source_locale="en", published=ARTICLE_DATE, slug=slug)
    article_id = store(database, prepared, targets=targets, replace_existing=False)
    segments = [s for b in prepared.article.blocks for s in b.segments]
    with database.session() as session:
        ids = repo.segment_ids(session, article_id=article_id)
        for segment_id, segment in zip(ids, segments, strict=True):
            for locale in targets if translated is None else translated:
                output = machine(mask(segment.text, segment.spans), locale)
                warnings = check_translation(segment, output, locale=locale)
                errors = any(w.severity is Severity.ERROR for w in warnings)
                repo.upsert_translation(
                    session,
                    segment_id=segment_id,
                    locale=locale,
                    text=output,
                    origin=Origin.MACHINE,
                    status=Status.NEEDS_REVIEW if errors else Status.MACHINE,
                    engine="test-double",
                    warnings=[w.to_json() for w in warnings],
                )
    if assemble:
        for locale in targets:
            assemble_and_store_with_derived(
                database, settings, article_id=article_id, locale=locale
            )
    return SeededArticle(article_id, prepared.article.slug, tuple(targets), tuple(ids))


def publish(
    database: Database,
    settings: Settings,
    article: SeededArticle,
    locales: Sequence[str] | None = None,
    *,
    by: Account | None = None,
) -> None:
    """Publish the article's editions (all its targets by default), partial or with QA
    errors as they are."""
    for locale in locales or article.targets:
        publish_edition(
            database,
            settings,
            article_id=article.id,
            locale=locale,
            user_id=None if by is None else by.id,
            accept_partial=True,
            override_errors=True,
            username="tests" if by is None else by.username,
        )


class _ThreadServer:
    """uvicorn serving ``app`` on 127.0.0.1:``port`` in a daemon thread, without the
    app's lifespan (so no embedded worker)."""

    def __init__(self, app: Any, port: int) -> None:
        import uvicorn

        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, lifespan="off", log_level="warning", access_log=False
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="web-app", daemon=True)

    def start(self) -> None:
        self.thread.start()
        wait_until(
            lambda: self.server.started or not self.thread.is_alive(),
            timeout=30,
            what="the web app to listen",
            every=0.02,
        )
        if not self.server.started:
            raise AssertionError("the web app's server stopped before it listened")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)


@dataclass
class BrowserApp:
    """The app under test on ``base_url``, its staff, and helpers (see the module doc)."""

    base_url: str
    settings: Settings
    database: Database
    browser: Browser
    staff: dict[str, Account]
    _contexts: list[BrowserContext] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path

    def page(
        self,
        role: str | None = None,
        *,
        width: int = 1280,
        height: int = 900,
        locale: str = "en-US",
        javascript: bool = True,
    ) -> Page:
        """A new page in a fresh context signed in as ``staff[role]`` (None: anonymous)."""
        context = self.browser.new_context(
            viewport={"width": width, "height": height},
            locale=locale,
            extra_http_headers={"Accept-Language": locale},
            java_script_enabled=javascript,
        )
        self._contexts.append(context)
        if role is not None:
            token = accounts.start_session(
                self.database, self.settings, user_id=self.staff[role].id
            )
            context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": self.base_url}])
        return context.new_page()

    def seed_article(
        self,
        text: str | None = None,
        *,
        targets: Sequence[str] = ("ky", "uz"),
        slug: str | None = None,
        machine: Callable[[str, str], str] = machine_text,
    ) -> SeededArticle:
        """Store the article, machine-translate every segment with ``machine`` and
        assemble the editions (no worker, no broker)."""
        return seed_article(
            self.database, self.settings, text, targets=targets, slug=slug, machine=machine
        )

    def seed_long_article(
        self, segments: int = 121, *, targets: Sequence[str] = ("ky", "uz"), slug: str | None = None
    ) -> SeededArticle:
        seeded = self.seed_article(long_article_text(segments), targets=targets, slug=slug)
        assert len(seeded.segment_ids) == segments, len(seeded.segment_ids)
        return seeded

    def publish(self, article: SeededArticle, locales: Sequence[str] | None = None) -> None:
        """Publish the article's editions (all targets by default) as the editor."""
        publish(self.database, self.settings, article, locales, by=self.staff["editor"])

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()


def make_staff(database: Database) -> dict[str, Account]:
    made = {}
    for key, (role, languages) in STAFF.items():
        username = f"{key}-user"
        user_id = accounts.create_user(
            database,
            username=username,
            password=PASSWORD,
            role=role,
            languages=languages,
            display_name=f"{key.title()} User",
        )
        made[key] = Account(user_id, username, role, languages)
    return made


@pytest.fixture()
def browser_app(tmp_path: Path, chromium_browser: Browser) -> Iterator[BrowserApp]:
    from publisher.web import create_app

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings = Settings.model_validate(
        {
            "data_dir": tmp_path / "var",
            "broker_url": None,
            "secret_key": "browser harness secret",
            "site_url": base_url,
        }
    )
    database = Database.for_settings(settings)
    app = create_app(settings, database=database)
    server = _ThreadServer(app, port)
    server.start()
    harness = BrowserApp(base_url, settings, database, chromium_browser, make_staff(database))
    try:
        yield harness
    finally:
        harness.close()
        server.stop()
        database.dispose()
