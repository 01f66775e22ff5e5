"""LocaleFormatter and the per-locale patterns: exact code points for uz, ky, tg, ru.

Non-ASCII spaces are written as escapes: \\xa0 (no-break space, thousands and "1,5\\xa0млн"),
\\u202f (narrow no-break space, Russian "г."), \\u2009 (thin space around a cross-month dash).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.dates import format_date, format_skeleton

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.errors import InputError
from publisher.core.locales import LOCALE_CODES
from publisher.core.localize.l10n import formatter_for, normalize_locale
from publisher.core.localize.locale_patterns import patterns_for
from publisher.core.protect import find_spans

LOCALES = ("ru", "uz", "ky", "tg")
REFERENCE = dt.date(2021, 7, 22)

# English source text (one span each) -> its rendering in ru, uz, ky, tg.
RENDERED: dict[str, tuple[str, str, str, str]] = {
    "July 18": ("18 июля", "18-iyul", "18-июль", "18 июл"),
    "on July 18": ("18 июля", "18-iyul kuni", "18-июль күнү", "18 июл"),
    "On July 16": ("16 июля", "16-iyul kuni", "16-июль күнү", "16 июл"),
    "by July 18": ("к 18 июля", "18-iyulgacha", "18-июлга чейин", "то 18 июл"),
    "since April 1": ("с 1 апреля", "1-apreldan beri", "1-апрелден бери", "аз 1 апрел инҷониб"),
    "July 18, 2021": (
        "18 июля 2021\u202fг.",
        "2021-yil 18-iyul",
        "2021-ж., 18-июль",
        "18 июл 2021",
    ),
    "on July 18, 2021": (
        "18 июля 2021 года",
        "2021-yil 18-iyul kuni",
        "2021-жылы 18-июль күнү",
        "18 июли соли 2021",
    ),
    "Jan. 5": ("5 января", "5-yanvar", "5-январь", "5 январ"),
    "July 13-14": ("13–14 июля", "13–14-iyul", "13–14-июль", "13–14 июл"),
    "on July 13-14": ("13–14 июля", "13–14-iyul kunlari", "13–14-июль күндөрү", "13–14 июл"),
    "from July 14-16": (
        "с 14 по 16 июля",
        "14-iyuldan 16-iyulgacha",
        "14-июлдан 16-июлга чейин",
        "аз 14 то 16 июл",
    ),
    "July 13-14, 2021": (
        "13–14 июля 2021\u202fг.",
        "2021-yil 13–14-iyul",
        "2021-ж., 13–14-июль",
        "13–14 июл 2021",
    ),
    "July 30-August 2": (
        "30 июля\u202f–\u20092 августа",
        "30-iyul\u202f–\u20092-avgust",
        "30-июль\u202f–\u20092-август",
        "30 июл\u202f–\u20092 август",
    ),
    "late June": ("в конце июня", "iyun oxirida", "июнь айынын аягында", "дар охири моҳи июн"),
    "In late June": ("В конце июня", "Iyun oxirida", "Июнь айынын аягында", "Дар охири моҳи июн"),
    "in mid-July": (
        "в середине июля",
        "iyul oʻrtasida",
        "июль айынын ортосунда",
        "дар нимаи моҳи июл",
    ),
    "at the end of April": (
        "в конце апреля",
        "aprel oxirida",
        "апрель айынын аягында",
        "дар охири моҳи апрел",
    ),
    "the beginning of May": (
        "в начале мая",
        "may boshida",
        "май айынын башында",
        "дар аввали моҳи май",
    ),
    "in June": ("в июне", "iyunda", "июнь айында", "дар моҳи июн"),
    "in June 2021": (
        "в июне 2021 года",
        "2021-yil iyunda",
        "2021-жылы июнь айында",
        "дар моҳи июни соли 2021",
    ),
    "June 2021": ("Июнь 2021\u202fг.", "2021-yil iyun", "2021-ж., июнь", "Июн 2021"),
    "3 p.m.": ("15:00", "15:00", "15:00", "15:00"),
    "3:30 p.m.": ("15:30", "15:30", "15:30", "15:30"),
    "4,000": ("4\xa0000", "4\xa0000", "4\xa0000", "4\xa0000"),
    "345": ("345", "345", "345", "345"),
    "More than 50": ("50", "50", "50", "50"),
    "1.5": ("1,5", "1,5", "1,5", "1,5"),
    "12,345.67": ("12\xa0345,67", "12\xa0345,67", "12\xa0345,67", "12\xa0345,67"),
    "in 2021": ("2021", "2021", "2021", "2021"),
    "3.5%": ("3,5\xa0%", "3,5\xa0foiz", "3,5\xa0пайыз", "3,5\xa0фоиз"),
    "40 per cent": ("40\xa0%", "40\xa0foiz", "40\xa0пайыз", "40\xa0фоиз"),
    "$1.5 million": (
        "1,5\xa0млн долларов США",
        "1,5\xa0mln AQSH dollari",
        "1,5\xa0млн АКШ доллары",
        "1,5\xa0млн доллари ИМА",
    ),
    "€2 billion": ("2\xa0млрд евро", "2\xa0mlrd yevro", "2\xa0млрд евро", "2\xa0млрд евро"),
    "$300": ("300 долларов США", "300 AQSH dollari", "300 АКШ доллары", "300 доллари ИМА"),
    "$2": ("2 доллара США", "2 AQSH dollari", "2 АКШ доллары", "2 доллари ИМА"),
    "$1,234,567": (
        "1\xa0234\xa0567 долларов США",
        "1\xa0234\xa0567 AQSH dollari",
        "1\xa0234\xa0567 АКШ доллары",
        "1\xa0234\xa0567 доллари ИМА",
    ),
}


def _only_span(text: str) -> ProtectedSpan:
    spans = find_spans(text, reference=REFERENCE)
    assert len(spans) == 1, spans
    return spans[0]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("source", list(RENDERED))
def test_render_source_spans(source: str, locale: str) -> None:
    expected = RENDERED[source][LOCALES.index(locale)]
    assert formatter_for(locale).render(_only_span(source)) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("ru", "22 июля 2021\u202fг."),
        ("uz", "22-iyul, 2021"),
        ("ky", "2021-ж., 22-июль"),
        ("tg", "22 июл 2021"),
        ("en", "July 22, 2021"),
    ],
)
def test_article_date(locale: str, expected: str) -> None:
    assert formatter_for(locale).date(REFERENCE) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("ru", "30 декабря 2021\u202fг.\u202f–\u20092 января 2022\u202fг."),
        ("uz", "2021-yil 30-dekabr\u202f–\u20092022-yil 2-yanvar"),
        ("ky", "2021-ж., 30-декабрь\u202f–\u20092022-ж., 2-январь"),
        ("tg", "30 декабр 2021\u202f–\u20092 январ 2022"),
    ],
)
def test_range_across_years(locale: str, expected: str) -> None:
    start, end = dt.date(2021, 12, 30), dt.date(2022, 1, 2)
    assert formatter_for(locale).date_range(start, end, show_year=True) == expected


def test_range_across_months_with_a_year() -> None:
    start, end = dt.date(2021, 7, 30), dt.date(2021, 8, 2)
    assert formatter_for("ky").date_range(start, end, show_year=True) == (
        "2021-ж., 30-июль\u202f–\u20092-август"
    )
    assert formatter_for("ru").date_range(start, end, show_year=True) == (
        "30 июля\u202f–\u20092 августа 2021\u202fг."
    )


def test_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        formatter_for("ru").date_range(dt.date(2021, 7, 14), dt.date(2021, 7, 13))


@pytest.mark.parametrize(
    ("locale", "amount", "currency", "expected"),
    [
        ("ru", "300.50", "USD", "300,50 доллара США"),
        ("ru", "1", "USD", "1 доллар США"),
        ("ru", "1000000", "RUB", "1\xa0млн российских рублей"),
        ("uz", "1250000", "UZS", "1,25\xa0mln soʻm"),
        ("ky", "5000", "KGS", "5\xa0000 сом"),
        ("tg", "2000000", "TJS", "2\xa0млн сомонӣ"),
        ("en", "1500000", "USD", "1.5 million US dollars"),
    ],
)
def test_money(locale: str, amount: str, currency: str, expected: str) -> None:
    assert formatter_for(locale).money(Decimal(amount), currency) == expected


def test_numbers_keep_source_decimals_and_grouping() -> None:
    ru = formatter_for("ru")
    assert ru.number(Decimal("2.50")) == "2,50"
    assert ru.number(Decimal("12345"), group=False) == "12345"
    assert ru.percent(Decimal("0.25")) == "0,25\xa0%"


def test_time_and_english() -> None:
    assert formatter_for("ru").time(dt.time(9, 5)) == "09:05"
    en = formatter_for("en")
    assert en.render(_only_span("on July 13-14")) == "on July 13–14"
    assert en.render(_only_span("in mid-July")) == "in mid-July"
    assert en.time(dt.time(15, 0)) == "3:00\u202fPM"


def test_markup_spans_are_not_rendered() -> None:
    span = ProtectedSpan(SpanKind.MARKUP, 0, 4, "text", "a")
    with pytest.raises(ValueError, match="cannot render"):
        formatter_for("ru").render(span)


# -- the pattern layer agrees with CLDR where CLDR is right -------------------------------


@pytest.mark.parametrize("locale", ["ru", "uz", "ky", "tg", "en"])
@pytest.mark.parametrize("month", range(1, 13))
def test_single_dates_match_cldr(locale: str, month: int) -> None:
    f = formatter_for(locale)
    d = dt.date(2021, month, 18)

    def cldr(text: str) -> str:  # Tajik: CLDR capitalizes months; Tajik text does not
        return text.lower() if locale == "tg" else text

    assert f.date(d) == cldr(format_date(d, "long", locale=locale))
    assert f.day_month(d) == cldr(format_skeleton("MMMMd", d, locale=locale))
    if patterns_for(locale).bare_year == "dateline":  # Uzbek prints running text
        assert f.render(_only_span(f"and {d:%B} 2021")) == cldr(
            format_skeleton("yMMMM", d, locale=locale)
        )


def test_tajik_days_are_not_padded() -> None:
    d = dt.date(2021, 7, 5)
    assert format_date(d, "long", locale="tg") == "05 Июл 2021"  # CLDR's long date
    assert formatter_for("tg").date(d) == "5 июл 2021"


def test_uzbek_writes_the_modifier_letter_turned_comma() -> None:
    phrase = formatter_for("uz").render(_only_span("in mid-July"))
    assert phrase == "iyul o\u02bbrtasida"


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_every_phrase_renders_every_governor(code: str) -> None:
    f = formatter_for(code)
    for shape, table in patterns_for(code).phrases.items():
        for governor in table:
            for value in (
                "2021-07-18",
                "2021-07",
                "2021-22",
                "2021-07-13/2021-07-14",
                "2002-09/2003-03",
            ):
                kind = SpanKind.DATE_RANGE if "/" in value else SpanKind.DATE
                span = ProtectedSpan(kind, 0, 9, "x 2021 x", value, governor=governor or None)
                assert "{" not in f.render(span), (shape, governor, value)


# -- locale codes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("uz", "uz"),
        ("uz_UZ", "uz"),
        ("uz-Latn", "uz"),
        ("uz_Latn_UZ", "uz"),
        ("ru-RU", "ru"),
        ("RU", "ru"),
        ("ky_KG", "ky"),
        ("tg-TJ", "tg"),
        ("ru_RU.UTF-8", "ru"),
        ("en_US", "en"),
        ("uz_Cyrl", "uz_Cyrl"),
        ("uz-Cyrl-UZ", "uz_Cyrl"),
        ("UZ-cyrl", "uz_Cyrl"),
    ],
)
def test_locale_aliases(code: str, expected: str) -> None:
    assert normalize_locale(code) == expected
    assert formatter_for(code).code == expected
    assert formatter_for(code) == formatter_for(expected)
    assert hash(formatter_for(code)) == hash(formatter_for(expected))


@pytest.mark.parametrize("code", ["de", "xx-YY", "", "  ", "uz_Arab", "ru-Latn", "tg_Arab"])
def test_unsupported_locales_raise_input_error(code: str) -> None:
    with pytest.raises(InputError, match="unsupported locale"):
        formatter_for(code)
