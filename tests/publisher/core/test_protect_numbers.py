"""publisher.core.protect.numbers: dotted times, governed money and percentages, compact
scales, version numbers and ordinals."""

from __future__ import annotations

import datetime as dt

import pytest

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.protect import find_spans

REFERENCE = dt.date(2021, 7, 22)
T, N, P, M = SpanKind.TIME, SpanKind.NUMBER, SpanKind.PERCENT, SpanKind.MONEY

Summary = tuple[SpanKind, str, str, str | None, str | None]  # kind, text, value, qual., gov.


def _summary(text: str) -> list[Summary]:
    return [
        (s.kind, s.text, s.value, s.qualifier, s.governor)
        for s in find_spans(text, reference=REFERENCE)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The train leaves at 23.45.", [(T, "23.45", "23:45", None, None)]),
        ("Doors open at 6.30 on Monday", [(T, "6.30", "06:30", None, None)]),
        ("It landed 23.45 GMT", [(T, "23.45", "23:45", None, None)]),
        ("It closes until 9.15 tomorrow", [(T, "9.15", "09:15", None, None)]),
        ("at 5.30pm", [(T, "5.30pm", "17:30", None, None)]),
        ("at 5.30 p.m. sharp", [(T, "5.30 p.m.", "17:30", None, None)]),
        ("open 6.30-10am", [(T, "6.30", "06:30", None, None), (T, "10am", "10:00", None, None)]),
        ("open 11.30-1pm", [(T, "11.30", "11:30", None, None), (T, "1pm", "13:00", None, None)]),
        ("open 6.30-10pm", [(T, "6.30", "18:30", None, None), (T, "10pm", "22:00", None, None)]),
    ],
)
def test_dotted_times(text: str, expected: list[Summary]) -> None:
    assert _summary(text) == expected


@pytest.mark.parametrize(
    "text", ["Shares rose 23.45 points", "It stood at 12.30 points", "at 12.5 percent"]
)
def test_dotted_numbers_without_a_clock_sign_are_not_times(text: str) -> None:
    assert all(kind != T for kind, *_ in _summary(text))


def test_a_dotted_amount_in_a_currency_is_money_not_a_time() -> None:
    assert _summary("It sold at 12.30 somoni") == [(M, "12.30 somoni", "12.30", None, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rose by 5 percent", (P, "by 5 percent", "5", None, "by")),
        ("fell to 7%", (P, "to 7%", "7", None, "to")),
        ("up to 7%", (P, "up to 7%", "7", None, "to")),
        ("from 3.5 per cent", (P, "from 3.5 per cent", "3.5", None, "from")),
        ("By 5% a year", (P, "By 5%", "5", None, "by")),
        # "accounts for 5%" is no "за 5 %": "for" governs money only.
        ("accounts for 5% of sales", (P, "5%", "5", None, None)),
    ],
)
def test_percent_governors(text: str, expected: Summary) -> None:
    assert _summary(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bought for $300", (M, "for $300", "300", None, "for")),
        ("fell from $1 billion", (M, "from $1 billion", "1000000000", "billion", "from")),
        ("cut by $5m", (M, "by $5m", "5000000", "million", "by")),
        ("up to $500k", (M, "up to $500k", "500000", None, "to")),
        ("to 200 somoni", (M, "to 200 somoni", "200", None, "to")),
    ],
)
def test_money_governors(text: str, expected: Summary) -> None:
    assert _summary(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$16.379 billion", (M, "$16.379 billion", "16379000000", "billion", None)),
        ("$1.5bn", (M, "$1.5bn", "1500000000", "billion", None)),
        ("€2 trillion", (M, "€2 trillion", "2000000000000", "trillion", None)),
        ("16.379 billion dollars", (M, "16.379 billion dollars", "16379000000", "billion", None)),
        # Thousands are spelled out: no compact form keeps them.
        ("5 thousand dollars", (M, "5 thousand dollars", "5000", None, None)),
    ],
)
def test_money_keeps_the_source_scale(text: str, expected: Summary) -> None:
    assert _summary(text) == [expected]


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("Apple released iOS 14.5 today", "14.5"),
        ("It runs Windows 3.1", "3.1"),
        ("Python 3.11 is faster", "3.11"),
        ("Install version 2.0 now", "2.0"),
        ("Install v2.0 now", "2.0"),
        ("GPT-3.5 answered", "3.5"),
        ("macOS 11.2 shipped", "11.2"),
    ],
)
def test_version_numbers_are_literal(text: str, version: str) -> None:
    (span,) = find_spans(text, reference=REFERENCE)
    assert (span.kind, span.text, span.value, span.qualifier) == (N, version, version, "literal")
    assert text[span.start : span.end] == version


def test_a_scale_after_a_release_is_not_a_version() -> None:
    assert _summary("a release 2.5 million strong") == [(N, "2.5", "2.5", None, None)]


@pytest.mark.parametrize(
    ("text", "span_text", "value"),
    [
        ("the 55th anniversary", "55th", "55"),
        ("the 21st century", "21st", "21"),
        ("3rd place", "3rd", "3"),
        ("the 2nd round", "2nd", "2"),
        ("the 11th hour", "11th", "11"),
        ("the 112th Congress", "112th", "112"),
        ("the 1,000th visitor", "1,000th", "1000"),
    ],
)
def test_ordinals(text: str, span_text: str, value: str) -> None:
    assert _summary(text) == [(N, span_text, value, "ordinal", None)]


@pytest.mark.parametrize("text", ["the 5st day", "the 11st day", "the 2th day"])
def test_misspelt_ordinals_are_not_ordinals(text: str) -> None:
    assert find_spans(text, reference=REFERENCE) == ()


def test_a_day_with_an_ordinal_suffix_stays_a_date() -> None:
    (span,) = find_spans("January 5th", reference=REFERENCE)
    assert span.kind == SpanKind.DATE


def test_governed_spans_round_trip_through_json() -> None:
    (span,) = find_spans("It fell from $1 billion.", reference=REFERENCE)
    assert span.to_json()["governor"] == "from"
    assert span.to_json()["qualifier"] == "billion"
    assert ProtectedSpan.from_json(span.to_json()) == span
