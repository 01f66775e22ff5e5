"""Datelines and bylines: recognized at ingest, printed per locale at assembly (issue 14.7)."""

from __future__ import annotations

from datetime import date

import pytest

from publisher.core.articles import Article, Block, BlockKind
from publisher.core.assemble.render import render_blocks
from publisher.core.localize.datelines import dateline_length, is_byline, render
from publisher.core.localize.l10n import formatter_for

PUBLISHED = date(2021, 7, 21)
GLOSSARIES = {
    "ru": {"dushanbe": "Душанбе", "tajikistan": "Таджикистан", "bruce pannier": "Брюс Паннье"},
    "ky": {"dushanbe": "Душанбе"},
    "tg": {"dushanbe": "Душанбе"},
    "uz": {"dushanbe": "Dushanbe", "tajikistan": "Tojikiston"},
}


def _render(kind: BlockKind, text: str, locale: str) -> str:
    glossary = GLOSSARIES[locale.split("_", maxsplit=1)[0]]
    return render(
        kind, text, locale=locale, fmt=formatter_for(locale), published=PUBLISHED, glossary=glossary
    )


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("ru", "ДУШАНБЕ, 21 июля (RFE/RL) —"),
        ("ky", "ДУШАНБЕ, 21-июль (RFE/RL) —"),
        ("tg", "ДУШАНБЕ, 21 июл (RFE/RL) —"),
        ("uz", "DUSHANBE, 21-iyul (RFE/RL) —"),
    ],
)
def test_dateline_place_through_the_glossary_date_by_the_locale(locale: str, expected: str) -> None:
    text = "DUSHANBE, July 21 (RFE/RL) --"
    assert _render(BlockKind.DATELINE, text, locale) == expected
    day = formatter_for(locale).day_month(PUBLISHED)
    assert day in expected  # whatever the locale layer prints for the day


def test_dateline_with_year_region_and_no_glossary_entry() -> None:
    text = "KHOROG, Tajikistan, Dec. 30, 2020 —"
    expected = "KHOROG, Таджикистан, 30 декабря 2020\u202fг. —"
    assert _render(BlockKind.DATELINE, text, "ru") == expected


def test_dateline_without_year_after_the_publication_date_is_last_year() -> None:
    assert _render(BlockKind.DATELINE, "DUSHANBE, Dec. 30 —", "ru") == "ДУШАНБЕ, 30 декабря —"
    fmt = formatter_for("ru")
    got = render(
        BlockKind.DATELINE,
        "DUSHANBE, Feb. 30 —",
        locale="ru",
        fmt=fmt,
        published=PUBLISHED,
        glossary={},
    )
    assert got == "DUSHANBE, Feb. 30 —"  # no such day: printed as written


@pytest.mark.parametrize(
    ("locale", "one", "two"),
    [
        ("ru", "Автор: Брюс Паннье", "Авторы: Брюс Паннье и Farangis Najibullah, RFE/RL"),
        ("ky", "Автор: Bruce Pannier", "Авторлор: Bruce Pannier жана Farangis Najibullah, RFE/RL"),
        ("tg", "Муаллиф: Bruce Pannier", "Муаллифон: Bruce Pannier ва Farangis Najibullah, RFE/RL"),
        (
            "uz",
            "Muallif: Bruce Pannier",
            "Mualliflar: Bruce Pannier va Farangis Najibullah, RFE/RL",
        ),
        (
            "uz_Cyrl",
            "Муаллиф: Bruce Pannier",
            "Муаллифлар: Bruce Pannier ва Farangis Najibullah, RFE/RL",
        ),
    ],
)
def test_byline_label_per_language_names_through_the_glossary(
    locale: str, one: str, two: str
) -> None:
    assert _render(BlockKind.BYLINE, "By Bruce Pannier", locale) == one
    both = "By Bruce Pannier and Farangis Najibullah, RFE/RL"
    assert _render(BlockKind.BYLINE, both, locale) == two


def test_recognizers() -> None:
    assert dateline_length("DUSHANBE (Reuters) - Talks resumed.") == len("DUSHANBE (Reuters) -")
    assert dateline_length("NATO - Russia talks") is None  # neither a date nor an agency
    assert dateline_length("US, EU agree on aid") is None
    assert is_byline("BY BRUCE PANNIER") and not is_byline("By the way, nobody came.")


def test_edition_prints_datelines_and_bylines_and_misses_nothing() -> None:
    blocks = (
        Block(0, BlockKind.BYLINE, "By Bruce Pannier"),
        Block(1, BlockKind.DATELINE, "DUSHANBE, July 21 (RFE/RL) --"),
    )
    article = Article("a", "A", "en", PUBLISHED, blocks)
    rendered, missing = render_blocks(article, {}, "uz_Cyrl", {"dushanbe": "Dushanbe"})
    assert [(str(b.kind), str(b.html)) for b in rendered] == [
        ("byline", "Муаллиф: Bruce Pannier"),
        ("dateline", f"ДУШАНБЕ, {formatter_for('uz_Cyrl').day_month(PUBLISHED)} (RFE/RL) —"),
    ]
    assert missing == []
