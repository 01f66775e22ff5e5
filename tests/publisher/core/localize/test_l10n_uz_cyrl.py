"""Uzbek in Cyrillic script (uz_Cyrl): Babel's uz_Cyrl data in the uz house style.

Exact code points: \\xa0 is the no-break space (thousands, "1,5\\xa0млн"), \\u2009 the thin
space around a dash between months.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import format_compact_decimal, get_currency_name

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.errors import InputError
from publisher.core.ingest import decode_source
from publisher.core.localize.l10n import (
    DERIVED,
    base_locale,
    derived_locales,
    edition_locales,
    formatter_for,
    locale_tag,
)
from publisher.core.localize.locale_patterns import UZ, uz_cyrillic
from publisher.core.localize.transliterate import latin_to_cyrillic
from publisher.core.protect import find_spans
from publisher.services.intake import parse_locales, prepare

REFERENCE = dt.date(2021, 7, 22)

# English source (one span) -> uz, uz_Cyrl.
RENDERED: dict[str, tuple[str, str]] = {
    "July 18": ("18-iyul", "18 июл"),
    "on July 18": ("18-iyul kuni", "18 июл куни"),
    "On July 16": ("16-iyul kuni", "16 июл куни"),
    "by July 18": ("18-iyulgacha", "18 июлгача"),
    "since April 1": ("1-apreldan beri", "1 апрелдан бери"),
    "from April 1": ("1-apreldan", "1 апрелдан"),
    "July 18, 2021": ("2021-yil 18-iyul", "2021 йил 18 июл"),
    "on July 18, 2021": ("2021-yil 18-iyul kuni", "2021 йил 18 июл куни"),
    "Jan. 5": ("5-yanvar", "5 январ"),
    "July 13-14": ("13–14-iyul", "13–14 июл"),
    "on July 13-14": ("13–14-iyul kunlari", "13–14 июл кунлари"),
    "from July 14-16": ("14-iyuldan 16-iyulgacha", "14 июлдан 16 июлгача"),
    "July 13-14, 2021": ("2021-yil 13–14-iyul", "2021 йил 13–14 июл"),
    "July 30-August 2": ("30-iyul\u202f–\u20092-avgust", "30 июл\u202f–\u20092 август"),
    "late June": ("iyun oxirida", "июн охирида"),
    "In late June": ("Iyun oxirida", "Июн охирида"),
    "in mid-July": ("iyul oʻrtasida", "июл ўртасида"),
    "the beginning of May": ("may boshida", "май бошида"),
    "in June": ("iyunda", "июнда"),
    "in June 2021": ("2021-yil iyunda", "2021 йил июнда"),
    "June 2021": ("2021-yil iyun", "2021 йил июн"),
    "3 p.m.": ("15:00", "15:00"),
    "4,000": ("4\xa0000", "4\xa0000"),
    "1.5": ("1,5", "1,5"),
    "12,345.67": ("12\xa0345,67", "12\xa0345,67"),
    "3.5%": ("3,5\xa0foiz", "3,5\xa0фоиз"),
    "$1.5 million": ("1,5\xa0mln AQSH dollari", "1,5\xa0млн АҚШ доллари"),
    "€2 billion": ("2\xa0mlrd yevro", "2\xa0млрд евро"),
    "$300": ("300 AQSH dollari", "300 АҚШ доллари"),
    "$1,234,567": ("1\xa0234\xa0567 AQSH dollari", "1\xa0234\xa0567 АҚШ доллари"),
}


def _only_span(text: str) -> ProtectedSpan:
    spans = find_spans(text, reference=REFERENCE)
    assert len(spans) == 1, spans
    return spans[0]


@pytest.mark.parametrize("source", list(RENDERED))
def test_render_source_spans_in_both_scripts(source: str) -> None:
    latin, cyrillic = RENDERED[source]
    span = _only_span(source)
    assert formatter_for("uz").render(span) == latin
    assert formatter_for("uz_Cyrl").render(span) == cyrillic


def test_the_sample_articles_dates_and_numbers(sample_path: Path) -> None:
    doc = decode_source(sample_path.read_bytes(), name=sample_path.name, max_bytes=10**6)
    article = prepare(doc, source_locale="en", published=dt.date(2021, 7, 21)).article
    fmt = formatter_for("uz_Cyrl")
    rendered = [
        (span.text, fmt.render(span))
        for block in article.blocks
        for segment in block.segments
        for span in segment.spans
        if span.kind is not SpanKind.MARKUP
    ]
    assert rendered == [
        ("at the end of April", "апрел охирида"),
        ("50", "50"),
        ("in late June", "июн охирида"),
        ("on July 13-14", "13–14 июл кунлари"),
        ("345", "345"),
        ("4,000", "4\xa0000"),
        ("from July 14-16", "14 июлдан 16 июлгача"),
        ("On July 16", "16 июл куни"),
        ("on July 18", "18 июл куни"),
        ("on July 20", "20 июл куни"),
        ("in mid-July", "июл ўртасида"),
    ]
    assert fmt.date(article.published) == "21 июл, 2021"


@pytest.mark.parametrize("month", range(1, 13))
def test_months_and_dates_come_from_babels_uz_cyrl_data(month: int) -> None:
    fmt = formatter_for("uz_Cyrl")
    d = dt.date(2021, month, 18)
    name = get_month_names("wide", "stand-alone", locale="uz_Cyrl")[month]
    # Cyrillic-script Uzbek papers write "18 июл" and "2021 йил": CLDR's uz_Cyrl names,
    # no hyphen after the day, and the running-text year before the date.
    assert fmt.render(_only_span(f"and {d:%B} 2021")) == f"2021 йил {name}"
    assert fmt.date(d) == format_date(d, "long", locale="uz_Cyrl") == f"18 {name}, 2021"
    assert fmt.day_month(d) == format_skeleton("MMMMd", d, locale="uz_Cyrl") == f"18 {name}"
    assert "\u044c" not in name  # "июл": one spelling of a month in the whole edition


def test_cldr_defects_that_the_patterns_work_around() -> None:
    # If CLDR fixes these, the overrides in locale_patterns.UZ_CYRL can go.
    assert format_compact_decimal(1500000, locale="uz_Cyrl", fraction_digits=2) == "1,5млн"
    assert get_currency_name("KGS", locale="uz_Cyrl") == "KGS"
    assert get_currency_name("EUR", locale="uz_Cyrl") == "Евро"
    fmt = formatter_for("uz_Cyrl")
    assert fmt.money(Decimal("5000"), "KGS") == "5\xa0000 Қирғизистон соми"
    assert fmt.money(Decimal("1250000"), "UZS") == "1,25\xa0млн сўм"  # the home currency
    assert fmt.money(Decimal("2000000"), "TJS") == "2\xa0млн Тожикистон сомонийси"
    assert fmt.money(Decimal("3"), "RUB") == "3 Россия рубли"  # uz's name (CLDR: Рус рубли)


@pytest.mark.parametrize("currency", sorted(uz_cyrillic().currency_names))
def test_currency_overrides_are_the_uz_names_transliterated(currency: str) -> None:
    # The uz edition's name (its own override, else CLDR uz), the form used after a number.
    latin = UZ.currency_names.get(currency) or get_currency_name(currency, count=2, locale="uz")
    assert uz_cyrillic().currency_names[currency] == latin_to_cyrillic(latin)
    cldr = get_currency_name(currency, count=2, locale="uz_Cyrl")
    assert cldr != uz_cyrillic().currency_names[currency]  # else the override can go


_FIELD = re.compile(r"\{[a-z_]+\}")


def _transliterated(template: str) -> str:
    """A uz template in Cyrillic, its {fields} kept."""
    parts = _FIELD.split(template)
    fields = _FIELD.findall(template)
    out = [latin_to_cyrillic(parts[0])]
    for name, text in zip(fields, parts[1:], strict=True):
        out += [name, latin_to_cyrillic(text)]
    return "".join(out)


def test_the_phrases_are_the_uz_ones_in_cyrillic() -> None:
    cyrl = uz_cyrillic()
    # Cyrillic-script Uzbek papers: "2020 йил", "18 июл", no hyphen.
    assert (cyrl.day_month, cyrl.text_year) == ("{day} {month}", "{year} йил {core}")
    for shape, latin in UZ.phrases.items():
        assert dict(cyrl.phrases[shape]) == {k: _transliterated(v) for k, v in latin.items()}
    assert dict(cyrl.range_phrases) == {k: _transliterated(v) for k, v in UZ.range_phrases.items()}


def test_derived_locale_helpers() -> None:
    assert set(DERIVED) == {"uz_Cyrl"}
    assert base_locale("uz_Cyrl") == "uz" and base_locale("ky") == "ky"
    assert derived_locales("uz") == ("uz_Cyrl",) and derived_locales("ru") == ()
    assert edition_locales(["ky", "uz", "ru"]) == ("ky", "uz", "uz_Cyrl", "ru")
    assert locale_tag("uz_Cyrl") == "uz-Cyrl" and locale_tag("ky") == "ky"
    assert formatter_for("uz-Cyrl").code == "uz_Cyrl"


def test_uz_cyrl_is_no_translation_target() -> None:
    with pytest.raises(InputError, match=r"unsupported locale “uz_Cyrl”.*made from uz"):
        parse_locales("uz-Cyrl,ky")
    assert parse_locales("uz-Latn,uz_UZ,ky") == ("uz", "ky")
