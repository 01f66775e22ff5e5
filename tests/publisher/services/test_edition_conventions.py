"""Newspaper conventions of an edition: the kicker the editor sets (or none) and what the
reader is told about where the text comes from (reviewed, machine, partly awaiting)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from publisher.core.config import Settings
from publisher.core.errors import InputError
from publisher.core.ingest import decode_source
from publisher.db import repository as repo
from publisher.db.models import EditionState, Origin, Status
from publisher.db.session import Database
from publisher.services.editions import assemble, assemble_and_store
from publisher.services.intake import prepare, store, with_kicker, with_source_url

DATE = dt.date(2021, 7, 21)
HTML = "<h1>Talks in Tashkent</h1><p>The talks went well.</p><p>Both sides agreed.</p>"


def _article(
    settings: Settings,
    locale: str,
    texts: list[str | None],
    *,
    kicker: str | None = None,
    origin: Origin = Origin.HUMAN,
    slug: str | None = None,
) -> tuple[Database, int]:
    """An article with ``texts`` stored as translations into ``locale`` (None: none)."""
    prepared = prepare(
        decode_source(HTML.encode(), name="a.html", max_bytes=10_000),
        source_locale="en",
        published=DATE,
        slug=slug,
    )
    database = Database.open(settings.resolved_database_url)
    article_id = store(
        database, with_kicker(prepared, kicker), targets=[locale], replace_existing=False
    )
    status = Status.APPROVED if origin is Origin.HUMAN else Status.MACHINE
    with database.session() as session:
        ids = repo.segment_ids(session, article_id=article_id)
        for segment_id, text in zip(ids, texts, strict=True):
            if text is not None:
                repo.upsert_translation(
                    session,
                    segment_id=segment_id,
                    locale=locale,
                    text=text,
                    origin=origin,
                    status=status,
                    engine=None if origin is Origin.HUMAN else "argos",
                    warnings=[],
                )
    return database, article_id


RU = ["Переговоры в Ташкенте", "Переговоры прошли хорошо.", "Стороны договорились."]


def test_no_kicker_unless_the_editor_sets_one(settings: Settings) -> None:
    database, article_id = _article(settings, "ru", list(RU))
    _, ru = assemble(database, settings, article_id=article_id, locale="ru")
    assert 'class="kicker"' not in ru.content
    assert "Срочные новости" not in ru.html and "Breaking News" not in ru.html


def test_the_kicker_goes_through_the_glossary_or_is_shown_as_written(
    settings: Settings,
) -> None:
    database, article_id = _article(
        settings,
        "uz",
        ["Toshkentdagi muzokaralar", "Muzokaralar yaxshi oʻtdi.", "Tomonlar kelishdi."],
        kicker=" Analysis ",
    )
    with database.session() as session:
        repo.put_term(
            session, source_locale="en", target_locale="uz", term="analysis", translation="Tahlil"
        )
        assert repo.get_article(session, article_id=article_id).kicker == "Analysis"
    _, uz = assemble(database, settings, article_id=article_id, locale="uz")
    _, cyrl = assemble(database, settings, article_id=article_id, locale="uz_Cyrl")
    assert '<p class="kicker">Tahlil</p>' in uz.content
    assert '<p class="kicker">Таҳлил</p>' in cyrl.content
    database, article_id = _article(settings, "ru", list(RU), kicker="Opinion", slug="opinion")
    _, ru = assemble(database, settings, article_id=article_id, locale="ru")
    assert '<p class="kicker">Opinion</p>' in ru.content  # no glossary entry: as written


def test_an_edition_all_approved_says_a_translator_reviewed_it(settings: Settings) -> None:
    database, article_id = _article(settings, "ru", list(RU))
    _, ru = assemble(database, settings, article_id=article_id, locale="ru")
    assert ru.state is EditionState.COMPLETE
    assert "Машинный перевод" not in ru.html and "автоматически" not in ru.html
    assert '<span class="provenance">Проверено переводчиком</span>' in ru.content
    assert re.search(r"<footer>Проверено переводчиком · ", ru.html)


def test_a_machine_edition_says_so(settings: Settings) -> None:
    database, article_id = _article(settings, "ru", list(RU), origin=Origin.MACHINE)
    _, ru = assemble(database, settings, article_id=article_id, locale="ru")
    assert re.search(r"<footer>Машинный перевод · ", ru.html)
    assert "Этот выпуск переведён автоматически" in ru.content
    assert "Проверено переводчиком" not in ru.html


def test_a_partial_edition_says_so_once_at_the_top(settings: Settings) -> None:
    database, article_id = _article(settings, "ru", [RU[0], None, None])
    edition = assemble_and_store(database, settings, article_id=article_id, locale="ru")
    assert edition.state is EditionState.PARTIAL
    html = edition.html
    assert html.count("2 фрагмента ожидают перевода") == 1
    assert html.index("2 фрагмента ожидают перевода") < html.index("The talks went well.")
    assert re.search(r"<footer>Частично ожидает перевода · ", html)
    assert "::after" not in html  # no note printed after each passage
    assert "Проверено переводчиком" not in html


def test_only_a_complete_static_page_declares_hreflang_alternates(settings: Settings) -> None:
    database, article_id = _article(settings, "ru", list(RU))
    _, complete = assemble(database, settings, article_id=article_id, locale="ru")
    assert (
        '<link rel="alternate" hreflang="ru" href="https://news.example.org/ru/talks-in-tashkent">'
    ) in complete.html
    database, article_id = _article(settings, "ru", [RU[0], None, None], slug="partial")
    _, partial = assemble(database, settings, article_id=article_id, locale="ru")
    assert partial.state is EditionState.PARTIAL
    assert '<link rel="alternate" hreflang=' not in partial.html


def test_an_edition_links_to_the_english_original_when_the_editor_gave_it(
    settings: Settings,
) -> None:
    prepared = prepare(
        decode_source(HTML.encode(), name="a.html", max_bytes=10_000),
        source_locale="en",
        published=DATE,
        slug="with-original",
    )
    url = "https://www.rferl.org/a/talks?id=1&lang=en"
    database = Database.open(settings.resolved_database_url)
    article_id = store(
        database, with_source_url(prepared, f" {url} "), targets=["ru"], replace_existing=False
    )
    _, ru = assemble(database, settings, article_id=article_id, locale="ru")
    assert (
        '<p class="original"><a href="https://www.rferl.org/a/talks?id=1&amp;lang=en" '
        'hreflang="en" rel="external">Оригинал на английском языке</a></p>'
    ) in ru.content
    database, article_id = _article(settings, "ru", list(RU))
    _, plain = assemble(database, settings, article_id=article_id, locale="ru")
    assert 'class="original"' not in plain.content


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org/a",
        "example.org",
        "https://exa mple.org",
        "https://" + "a" * 2000,
    ],
)
def test_the_original_must_be_an_http_address(url: str) -> None:
    prepared = prepare(
        decode_source(HTML.encode(), name="a.html", max_bytes=10_000),
        source_locale="en",
        published=DATE,
    )
    with pytest.raises(InputError, match="http or https"):
        with_source_url(prepared, url)
