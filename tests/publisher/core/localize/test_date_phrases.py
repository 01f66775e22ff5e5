"""Dates with their governing word, printed whole in each locale (issue 14, points 1, 2, 4, 5).

Exact code points: \\u202f (narrow no-break space: before a range dash and Russian "г."),
\\u2009 (thin space after a range dash), \\u02bb (Uzbek oʻ).
"""

from __future__ import annotations

import datetime as dt

import pytest

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.localize.l10n import formatter_for
from publisher.core.localize.locale_patterns.ky import inflect
from publisher.core.protect import find_spans

REFERENCE = dt.date(2021, 7, 22)


def _span(text: str) -> ProtectedSpan:
    spans = [s for s in find_spans(text, reference=REFERENCE) if s.kind.value.startswith("date")]
    assert len(spans) == 1, spans
    return spans[0]


def _render(locale: str, text: str) -> str:
    return formatter_for(locale).render(_span(text))


@pytest.mark.parametrize(
    "text", ["December 30 to January 2, 2022", "30 December to 2 January 2022"]
)
def test_a_range_across_new_year_starts_the_year_before(text: str) -> None:
    assert _span(text).value == "2021-12-30/2022-01-02"
    assert _render("ru", text) == "30 декабря 2021\u202fг.\u202f–\u20092 января 2022\u202fг."


def test_no_line_starts_with_a_range_dash() -> None:
    rendered = _render("ru", "July 30-August 2")
    assert rendered == "30 июля\u202f–\u20092 августа"
    assert " –" not in rendered and "\u2009–" not in rendered  # breakable space before


@pytest.mark.parametrize(
    ("text", "governor", "ru"),
    [
        ("since May 2021", "since", "с мая 2021 года"),
        ("until June 2022", "until", "до июня 2022 года"),
        ("till June 2022", "until", "до июня 2022 года"),
        (
            "between September 2002 and March 2003",
            "between",
            "между сентябрём 2002 и мартом 2003 года",
        ),
        ("by the end of April", "by", "к концу апреля"),
        ("before July 18", "before", "до 18 июля"),
        ("after March 2003", "after", "после марта 2003 года"),
        ("from May to June 2021", "from", "с мая по июнь 2021 года"),
        ("from July 14-16", "from", "с 14 по 16 июля"),
        ("during May 2021", "during", "в течение мая 2021 года"),
        ("in the summer of 2019", "in", "летом 2019 года"),
        ("until late summer 2020", "until", "до конца лета 2020 года"),
        ("scheduled for July 18", "for", "на 18 июля"),
    ],
)
def test_russian_puts_the_governed_date_in_its_case(text: str, governor: str, ru: str) -> None:
    span = _span(text)
    assert span.governor == governor
    assert span.to_json()["governor"] == governor  # `tarjima segment` shows it
    assert formatter_for("ru").render(span) == ru


@pytest.mark.parametrize(
    ("text", "uz", "ky", "tg"),
    [
        (
            "since May 2021",
            "2021-yil maydan beri",
            "2021-жылы май айынан бери",
            "аз моҳи майи соли 2021 инҷониб",
        ),
        (
            "until June 2022",
            "2022-yil iyungacha",
            "2022-жылы июнь айына чейин",
            "то моҳи июни соли 2022",
        ),
        ("since February 8", "8-fevraldan beri", "8-февралдан бери", "аз 8 феврал инҷониб"),
        ("until July 18", "18-iyulgacha", "18-июлга чейин", "то 18 июл"),
        ("on March 3", "3-mart kuni", "3-март күнү", "3 март"),
        ("in May", "mayda", "май айында", "дар моҳи май"),
    ],
)
def test_suffix_languages_mark_the_date_itself(text: str, uz: str, ky: str, tg: str) -> None:
    assert (_render("uz", text), _render("ky", text), _render("tg", text)) == (uz, ky, tg)


@pytest.mark.parametrize(
    ("word", "case", "expected"),
    [
        ("18-июль", "dat", "18-июлга"),  # the soft sign drops: not "июльга"
        ("1-апрель", "abl", "1-апрелден"),
        ("1-март", "dat", "1-мартка"),
        ("жаз", "loc", "жазда"),
        ("күз", "abl", "күздөн"),
        ("кыш", "dat", "кышка"),
        ("сом", "dat", "сомго"),
        ("пайыз", "dat", "пайызга"),
        ("үй", "loc", "үйдө"),
    ],
)
def test_kyrgyz_suffixes_follow_vowel_harmony(word: str, case: str, expected: str) -> None:
    assert inflect(word, case) == expected


def test_old_dates_weekdays_seasons_and_numeric_dates() -> None:
    assert _span("31 March 1635").value == "1635-03-31"
    assert _render("ru", "31 March 1635") == "31 марта 1635\u202fг."
    assert _span("and November 1820").value == "1820-11"
    friday = _span("on Friday, July 21, 2017")
    assert (friday.text, friday.qualifier) == ("on Friday, July 21, 2017", "weekday")
    assert formatter_for("ru").render(friday) == "в пятницу, 21 июля 2017 года"
    assert formatter_for("uz").render(friday) == "2017-yil 21-iyul, juma kuni"
    assert _span("on Thursday, July 21, 2017").kind is SpanKind.DATE  # wrong weekday: left out
    assert _span("on Thursday, July 21, 2017").text == "July 21, 2017"
    assert _span("the spring of 2001").value == "2001-21"
    assert _span("Fall 2004 was").value == "2004-23"
    assert _render("ky", "in the summer of 2019") == "2019-жылы жайда"
    assert _span("on 16/10/2004").value == "2004-10-16"
    assert _span("on 10/16/2004").value == "2004-10-16"
    assert find_spans("on 05/06/2004", reference=REFERENCE) == ()  # May 6 or 5 June?


def test_uzbek_running_text_and_cyrillic_house_style() -> None:
    assert _render("uz", "June 16, 2004") == "2004-yil 16-iyun"
    assert _render("uz_Cyrl", "June 16, 2004") == "2004 йил 16 июн"
    assert _render("uz", "in mid-July") == "iyul o\u02bbrtasida"
    assert formatter_for("uz").date(dt.date(2004, 6, 16)) == "16-iyun, 2004"  # datelines


def test_a_preposition_not_carried_leaves_a_month_to_the_engine() -> None:
    assert [s.kind for s in find_spans("around May 2021", reference=REFERENCE)] == [SpanKind.NUMBER]


def test_spans_stored_before_governors_had_a_field_keep_their_preposition() -> None:
    old = {
        "kind": "date",
        "start": 0,
        "end": 10,
        "text": "on July 18",
        "value": "2021-07-18",
        "qualifier": "on",
    }
    span = ProtectedSpan.from_json(old)
    assert (span.governor, span.qualifier) == ("on", None)
    assert formatter_for("uz").render(span) == "18-iyul kuni"


@pytest.mark.parametrize(
    ("text", "ru", "uz", "uz_cyrl", "ky", "tg"),
    [
        (
            "in early 2020",
            "в начале 2020 года",
            "2020-yil boshida",
            "2020 йил бошида",
            "2020-жылдын башында",
            "дар аввали соли 2020",
        ),
        (
            "by the end of 2020",
            "к концу 2020 года",
            "2020-yil oxirigacha",
            "2020 йил охиригача",
            "2020-жылдын аягына чейин",
            "то охири соли 2020",
        ),
        (
            "since early 2019",
            "с начала 2019 года",
            "2019-yil boshidan beri",
            "2019 йил бошидан бери",
            "2019-жылдын башынан бери",
            "аз аввали соли 2019 инҷониб",
        ),
        (
            "in mid-2021",
            "в середине 2021 года",
            "2021-yil oʻrtasida",
            "2021 йил ўртасида",
            "2021-жылдын ортосунда",
            "дар нимаи соли 2021",
        ),
    ],
)
def test_a_part_of_a_year_is_one_governed_phrase(
    text: str, ru: str, uz: str, uz_cyrl: str, ky: str, tg: str
) -> None:
    span = _span(text)
    assert (span.text, span.value) == (text, text[-4:])
    rendered = [_render(code, text) for code in ("ru", "uz", "uz_Cyrl", "ky", "tg")]
    assert rendered == [ru, uz, uz_cyrl, ky, tg]


def test_a_bare_year_and_a_decade_stay_numbers_for_the_engine() -> None:
    """The engine writes the words around a bare year ("в 2020 году"); "the mid-2020s" is a
    decade, not a part of 2020."""
    spans = find_spans("in 2020 and in the mid-2020s", reference=REFERENCE)
    assert [(s.kind, s.text) for s in spans] == [(SpanKind.NUMBER, "2020")]
