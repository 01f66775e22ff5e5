"""Find times, money, percentages and plain numbers in English text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from publisher.articles import ProtectedSpan, SpanKind
from publisher.protect.common import ABBREVIATION_DOT, NUM, plain_decimal, span_of

_TIME = re.compile(
    rf"""(?<![\w:.,])
    (?: (?P<hour>\d{{1,2}}) (?::(?P<minute>[0-5]\d))? \s? (?P<half>[aApP])
        (?: \.\s?[mM]{ABBREVIATION_DOT} | \s?[mM] ) (?!\w)
      | (?P<hour24>[01]\d|2[0-3]) : (?P<minute24>[0-5]\d) (?![\w:]|[.,]\d) )""",
    re.VERBOSE,
)
_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB"}
_SCALES = {
    "thousand": 3, "k": 3, "million": 6, "mln": 6, "mn": 6, "m": 6,
    "billion": 9, "bn": 9, "trillion": 12,
}
_MONEY_SYMBOL_FIRST = re.compile(
    rf"""(?<!\w) (?P<symbol>US\$|\$|€|£|₽) \s? {NUM}
    (?: \s (?P<scale>(?i:thousand|million|billion|trillion)) | (?P<abbr>k|mln|mn|m|bn) )?
    (?!\w)""",
    re.VERBOSE,
)
_CURRENCY_WORDS = {
    r"(?:US\s)?dollars?": "USD", r"euros?": "EUR", r"pounds\ssterling": "GBP",
    r"r[o]?ubles?": "RUB", r"soms?": "KGS", r"somoni": "TJS", r"(?:sums?|soums?)": "UZS",
    r"tenge": "KZT", r"yuan": "CNY",
}
_MONEY_WORD_AFTER = re.compile(
    rf"""(?<![\w.,]) {NUM} (?: \s (?P<scale>(?i:thousand|million|billion|trillion)) )? \s
    (?P<currency>{"|".join(_CURRENCY_WORDS)}|USD|EUR|GBP|RUB|KGS|TJS|UZS|KZT|CNY) (?!\w)""",
    re.VERBOSE,
)
_PERCENT = re.compile(rf"(?<![\w.,]) {NUM} (?: \s?% | [\s-](?i:per\s?cent)(?!\w) )", re.VERBOSE)
_NUMBER = re.compile(rf"(?<![\w.,:/$€£₽-]) {NUM} (?![\w%]|[:/]\d|[-–]\d)", re.VERBOSE)




def times(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _TIME.finditer(text):
        if m.group("hour24"):
            hour, minute = int(m.group("hour24")), int(m.group("minute24"))
        else:
            hour, minute = int(m.group("hour")), int(m.group("minute") or 0)
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if m.group("half").lower() == "p" else 0)
        yield span_of(SpanKind.TIME, m, f"{hour:02d}:{minute:02d}")


def money(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _MONEY_SYMBOL_FIRST.finditer(text):
        scale = (m.group("scale") or m.group("abbr") or "").lower()
        value = plain_decimal(m.group("amount"), _SCALES.get(scale, 0))
        yield span_of(SpanKind.MONEY, m, value, currency=_SYMBOLS[m.group("symbol")])
    for m in _MONEY_WORD_AFTER.finditer(text):
        word = m.group("currency")
        currency = next(
            (code for rx, code in _CURRENCY_WORDS.items() if re.fullmatch(rx, word)), word
        )
        value = plain_decimal(m.group("amount"), _SCALES.get((m.group("scale") or "").lower(), 0))
        yield span_of(SpanKind.MONEY, m, value, currency=currency)


def percents(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _PERCENT.finditer(text):
        yield span_of(SpanKind.PERCENT, m, plain_decimal(m.group("amount")))


def numbers(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _NUMBER.finditer(text):
        yield span_of(SpanKind.NUMBER, m, plain_decimal(m.group("amount")))
