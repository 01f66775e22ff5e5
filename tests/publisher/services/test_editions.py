"""Assembling editions; the Uzbek Cyrillic edition made from the uz translations.

The sample article is stored with Uzbek (Latin) translations of some of its passages, their
protected dates and numbers still as ⟦N⟧ placeholders, as translators and engines leave them.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from publisher.core.articles import BlockKind
from publisher.core.config import Settings
from publisher.core.ingest import decode_source
from publisher.core.localize import catalogs
from publisher.db import repository as repo
from publisher.db.models import EditionState, Origin, Status
from publisher.db.session import Database
from publisher.services.editions import assemble, assemble_and_store
from publisher.services.intake import prepare, store
from tests.support.articles import UZ_SAMPLE, UzSample

DATE = dt.date(2021, 7, 21)
SLUG = "tajikistan-misses-big-opportunity-to-mend-ties-with-kyrgyzstan"
AWAITING = "It seemed simple enough."  # block 7, left untranslated


@pytest.fixture()
def stored(uz_sample: UzSample) -> tuple[Database, int]:
    return uz_sample.database, uz_sample.article_id


def test_the_cyrillic_edition_is_the_uz_text_transliterated_with_uz_cyrl_dates(
    settings: Settings, stored: tuple[Database, int]
) -> None:
    database, article_id = stored
    _, uz = assemble(database, settings, article_id=article_id, locale="uz")
    _, cyrl = assemble(database, settings, article_id=article_id, locale="uz_Cyrl")
    assert cyrl.locale == "uz_Cyrl" and cyrl.state is EditionState.PARTIAL
    assert cyrl.missing == uz.missing and (7, 0) in cyrl.missing
    assert cyrl.title == UZ_SAMPLE[(0, 0)][1]
    for position, (latin, cyrillic) in UZ_SAMPLE.items():
        assert cyrillic in cyrl.content, position
        assert latin.split(" ")[-2] not in cyrl.content, position  # no Latin left
    assert "апрел охирида" in cyrl.content and "iyul" not in cyrl.content
    assert '<time datetime="2021-07-21">21 июл, 2021</time>' in cyrl.content
    assert '<time datetime="2021-07-21">21-iyul, 2021</time>' in uz.content


def test_passages_awaiting_translation_stay_in_english_and_marked(
    settings: Settings, stored: tuple[Database, int]
) -> None:
    database, article_id = stored
    _, cyrl = assemble(database, settings, article_id=article_id, locale="uz_Cyrl")
    marked = re.search(
        r'<span class="untranslated" lang="en" data-note="([^"]+)">([^<]+)</span>', cyrl.content
    )
    assert marked is not None
    assert marked.groups() == (
        "Бу парча таржимани кутмоқда",
        "More than 50 people were killed and scores wounded, most of them Kyrgyz citizens.",
    )
    assert AWAITING in cyrl.content  # never transliterated
    assert "Relations between Kyrgyzstan" not in cyrl.content  # translated in uz
    # Chrome from the uz catalog, transliterated; the machine notice as in uz; no kicker.
    assert 'class="kicker"' not in cyrl.content
    for chrome in ("Блог ҳақида", "Чоп этилди", "автоматик таржима қилинган"):
        assert chrome in cyrl.content, chrome
    awaiting = len(cyrl.missing)
    assert f"{awaiting} та парча таржимани кутмоқда" in cyrl.content


def test_storing_uz_stores_the_cyrillic_edition_too(
    settings: Settings, stored: tuple[Database, int]
) -> None:
    database, article_id = stored
    uz = assemble_and_store(database, settings, article_id=article_id, locale="uz")
    out = settings.resolved_preview_dir.resolve()  # assembled, not published
    assert uz.locale == "uz" and uz.path == str(out / "uz" / f"{SLUG}.html")
    page = (out / "uz-Cyrl" / f"{SLUG}.html").read_text(encoding="utf-8")
    with database.session() as session:
        stored_cyrl = repo.get_edition(session, article_id=article_id, locale="uz_Cyrl")
    assert stored_cyrl is not None and stored_cyrl.html == page
    assert stored_cyrl.path == str(out / "uz-Cyrl" / f"{SLUG}.html")
    assert stored_cyrl.title == UZ_SAMPLE[(0, 0)][1] and stored_cyrl.state is EditionState.PARTIAL
    _, fresh = assemble(database, settings, article_id=article_id, locale="uz_Cyrl")
    assert fresh.html == page
    # The static page: lang and the switcher name both scripts; partial: no hreflang yet.
    assert '<html lang="uz-Cyrl"' in page
    assert f'<link rel="canonical" href="https://news.example.org/uz-Cyrl/{SLUG}">' in page
    assert '<link rel="alternate" hreflang=' not in page
    assert re.search(
        rf'href="\.\./uz-Cyrl/{SLUG}\.html" hreflang="uz-Cyrl" lang="uz-Cyrl" '
        r'aria-current="page" title="[^"]+">Ўзбекча</a>',
        page,
    )
    assert f'href="../uz/{SLUG}.html" hreflang="uz" lang="uz"' in page and ">Oʻzbekcha<" in page
    uz_page = (out / "uz" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert 'title="Oʻzbekcha (kirill)">Ўзбекча</a>' in uz_page


def test_other_languages_have_no_derived_edition(
    settings: Settings, stored: tuple[Database, int]
) -> None:
    database, article_id = stored
    assemble_and_store(database, settings, article_id=article_id, locale="ky")
    with database.session() as session:
        assert [e.locale for e in repo.list_editions(session, article_id=article_id)] == ["ky"]


def test_placeholders_and_markup_survive_transliteration(settings: Settings) -> None:
    html = (
        '<h1>Talks in Tashkent</h1><p>On July 18, 2021, <a href="https://example.org/qishloq">'
        "the ministry</a> said <strong>$1.5 million</strong> was sent.</p>"
    )
    prepared = prepare(
        decode_source(html.encode(), name="a.html", max_bytes=10_000),
        source_locale="en",
        published=DATE,
    )
    database = Database.open(settings.resolved_database_url)
    article_id = store(database, prepared, targets=["uz"], replace_existing=False)
    texts = [
        "Toshkentdagi muzokaralar",
        "⟦1⟧ ⟦2⟧vazirlik⟦/2⟧ ⟦3⟧⟦4⟧⟦/3⟧ yuborilganini ma’lum qildi.",
    ]
    with database.session() as session:
        for segment_id, text in zip(
            repo.segment_ids(session, article_id=article_id), texts, strict=True
        ):
            repo.upsert_translation(
                session,
                segment_id=segment_id,
                locale="uz",
                text=text,
                origin=Origin.HUMAN,
                status=Status.APPROVED,
                engine=None,
                warnings=[],
            )
    _, cyrl = assemble(database, settings, article_id=article_id, locale="uz_Cyrl")
    assert cyrl.state is EditionState.COMPLETE and cyrl.title == "Тошкентдаги музокаралар"
    assert (
        '2021 йил 18 июл куни <a href="https://example.org/qishloq">вазирлик</a> '
        "<strong>1,5\xa0млн АҚШ доллари</strong> юборилганини маълум қилди."
    ) in cyrl.content


def test_storing_the_cyrillic_edition_alone_reads_the_uz_rows(
    settings: Settings, stored: tuple[Database, int]
) -> None:
    database, article_id = stored
    cyrl = assemble_and_store(database, settings, article_id=article_id, locale="uz_Cyrl")
    assert cyrl.title == UZ_SAMPLE[(0, 0)][1] and cyrl.locale == "uz_Cyrl"
    with database.session() as session:
        assert [e.locale for e in repo.list_editions(session, article_id=article_id)] == ["uz_Cyrl"]


def test_an_assembly_with_nothing_new_writes_nothing(
    settings: Settings, stored: tuple[Database, int], uz_sample: UzSample
) -> None:
    database, article_id = stored
    first = assemble_and_store(database, settings, article_id=article_id, locale="uz")
    page = settings.resolved_preview_dir / "uz" / f"{SLUG}.html"
    written = page.stat().st_mtime_ns
    again = assemble_and_store(database, settings, article_id=article_id, locale="uz")
    assert first.changed and not again.changed
    assert page.stat().st_mtime_ns == written  # the file was not rewritten
    with database.session() as session:
        editions = {e.locale: e for e in repo.list_editions(session, article_id=article_id)}
        assert {e.revision for e in editions.values()} == {1}
        segment = uz_sample.segment_ids[(8, 0)]  # a paragraph (block 1 is a caption)
        repo.upsert_translation(
            session,
            segment_id=segment,
            locale="uz",
            text="Yangi matn.",
            origin=Origin.HUMAN,
            status=Status.APPROVED,
            engine=None,
            warnings=[],
        )
    changed = assemble_and_store(database, settings, article_id=article_id, locale="uz")
    assert changed.changed and "Yangi matn." in changed.content
    with database.session() as session:
        revisions = {
            e.locale: e.revision for e in repo.list_editions(session, article_id=article_id)
        }
    assert revisions == {"uz": 2, "uz_Cyrl": 2}


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_edition_files_follow_the_umask(
    settings: Settings, stored: tuple[Database, int], umask: int, mode: int
) -> None:
    # A web server running as another user reads the published editions: the files get
    # what the operator's umask gives a new file, not a fixed 0600. Previews (drafts and
    # unpublished editions) are the owner's only.
    import os
    import stat

    from publisher.services.publish import publish_edition

    database, article_id = stored
    previous = os.umask(umask)
    try:
        publish_edition(
            database,
            settings,
            article_id=article_id,
            locale="uz",
            user_id=None,
            accept_partial=True,
        )
    finally:
        os.umask(previous)
    for tag in ("uz", "uz-Cyrl"):
        page = settings.resolved_output_dir / tag / f"{SLUG}.html"
        assert stat.S_IMODE(page.stat().st_mode) == mode, tag
        preview = settings.resolved_preview_dir / tag / f"{SLUG}.html"
        assert stat.S_IMODE(preview.stat().st_mode) == 0o600, tag
    assert not list(settings.resolved_output_dir.rglob("*.tmp"))


def test_a_caption_without_its_photo_and_a_watch_callout_without_a_video_are_left_out(
    settings: Settings, stored: tuple[Database, int]
) -> None:
    database, article_id = stored
    article, ky = assemble(database, settings, article_id=article_id, locale="ky")
    kinds = {b.index: b.kind for b in article.blocks}
    assert kinds[1] is BlockKind.CAPTION and BlockKind.EMBED in kinds.values()
    left = {i for i, kind in kinds.items() if kind in (BlockKind.CAPTION, BlockKind.EMBED)}
    for fragment in (
        "Pamir Kyrgyz traditionally live",
        "As Rockets Fall Near",
        'class="caption"',
        'class="embed"',
        "Көрүңүз",
    ):
        assert fragment not in ky.content, fragment
    # Nothing is translated into ky: every passage shown awaits translation, and the
    # passages left out are not counted among them.
    shown = [
        (s.block_index, s.index) for b in article.blocks if b.index not in left for s in b.segments
    ]
    assert list(ky.missing) == shown
    notice = catalogs.translations("ky").ngettext(
        "%(num)d passage awaits translation", "%(num)d passages await translation", len(shown)
    ) % {"num": len(shown)}
    assert notice in ky.content


def test_a_watch_callout_that_links_to_the_video_is_kept_as_that_link(
    settings: Settings,
) -> None:
    html = (
        "<h1>Rockets fall near the palace</h1><p>Rockets fell on Tuesday.</p>"
        '<p>WATCH: <a href="https://example.org/video/1">Fears rise in Kabul</a></p>'
        "<p>WATCH: Fears rise among Afghans</p>"
        '<figure><iframe title="A player"></iframe><figcaption>A photo, gone (AFP)'
        "</figcaption></figure>"
    )
    prepared = prepare(
        decode_source(html.encode(), name="a.html", max_bytes=10_000),
        source_locale="en",
        published=DATE,
    )
    assert [b.kind for b in prepared.article.blocks].count(BlockKind.EMBED) >= 2
    database = Database.open(settings.resolved_database_url)
    article_id = store(database, prepared, targets=["ru"], replace_existing=False)
    _, ru = assemble(database, settings, article_id=article_id, locale="ru")
    assert ru.content.count('class="embed"') == 1
    assert '<a href="https://example.org/video/1">Fears rise in Kabul</a>' in ru.content
    assert "Смотрите" in ru.content
    for gone in ("Fears rise among Afghans", "A player", "A photo, gone"):
        assert gone not in ru.content, gone


def _store_translated(
    settings: Settings, html: str, locale: str, texts: list[str]
) -> tuple[Database, int]:
    prepared = prepare(
        decode_source(html.encode(), name="a.html", max_bytes=10_000),
        source_locale="en",
        published=DATE,
    )
    database = Database.open(settings.resolved_database_url)
    article_id = store(database, prepared, targets=[locale], replace_existing=False)
    with database.session() as session:
        for segment_id, text in zip(
            repo.segment_ids(session, article_id=article_id), texts, strict=True
        ):
            repo.upsert_translation(
                session,
                segment_id=segment_id,
                locale=locale,
                text=text,
                origin=Origin.HUMAN,
                status=Status.APPROVED,
                engine=None,
                warnings=[],
            )
    return database, article_id


def test_quotation_marks_follow_the_locale_nested_ones_too(settings: Settings) -> None:
    html = '<h1>A "plan"</h1><p>He said: <em>"This is \'the plan\'"</em>, and he didn\'t stop.</p>'
    database, article_id = _store_translated(
        settings,
        html,
        "ru",
        [
            'План "Б"',
            'Он сказал: ⟦1⟧"Это \u2018план\u2019"⟦/1⟧, и не остановился.',
        ],
    )
    _, ru = assemble(database, settings, article_id=article_id, locale="ru")
    assert ru.title == "План \u00abБ\u00bb"
    assert "Он сказал: <em>\u00abЭто \u201eплан\u201c\u00bb</em>, и не остановился." in ru.content


def test_uzbek_quotes_keep_the_letter_marks_and_the_tutuq(settings: Settings) -> None:
    html = '<h1>Talks</h1><p>He said "Uzbekistan\'s meaning".</p>'
    database, article_id = _store_translated(
        settings,
        html,
        "uz",
        [
            "Muzokaralar",
            "U \u201cO\u2018zbekistonning ma\u2019nosi\u201d dedi.",
        ],
    )
    _, uz = assemble(database, settings, article_id=article_id, locale="uz")
    assert "U \u00abOʻzbekistonning maʼnosi\u00bb dedi." in uz.content
    _, cyrl = assemble(database, settings, article_id=article_id, locale="uz_Cyrl")
    assert "У \u00abЎзбекистоннинг маъноси\u00bb деди." in cyrl.content
