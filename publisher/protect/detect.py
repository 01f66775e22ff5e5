"""Find dates, date ranges, times, money, percentages and numbers in English text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

from publisher.articles import ProtectedSpan, SpanKind

# -- finding spans ---------------------------------------------------------------------

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
# Capitalized only: "may" and "march" are also verbs. Full names before abbreviations.
# An abbreviation's period that also ends the sentence ("in Jan." at the end) stays outside.
_ABBREVIATION_DOT = r"(?:\.(?!\s*(?:$|[A-Z\"“])))?"
_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November"
    rf"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b{_ABBREVIATION_DOT})"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\w)"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)(?!\w))?"
_PREP = r"(?:(?P<prep>(?i:on|in|by|since|until|from))\s+)?"
_TO = r"(?:\s*[-–—]\s*|\s+(?:to|through)\s+)"
# A number as English writes it: "4,000", "12,345.67", "345", "1.5"; not "1,5" or "1.2.3".
_NUM = r"(?P<amount>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?!\d|[.,]\d)"

_RANGE_MONTH_FIRST = re.compile(
    rf"""(?<!\w) {_PREP}
    (?P<month>{_MONTH}) \s+ (?P<day>{_DAY}) {_TO}
    (?:(?P<month2>{_MONTH}) \s+)? (?P<day2>{_DAY}) {_YEAR}""",
    re.VERBOSE,
)
_RANGE_DAY_FIRST = re.compile(
    rf"""(?<!\w) {_PREP}
    (?P<day>{_DAY}) (?:\s+ (?P<month>{_MONTH}))? {_TO}
    (?P<day2>{_DAY}) \s+ (?P<month2>{_MONTH}) {_YEAR}""",
    re.VERBOSE,
)
_DATE_MONTH_FIRST = re.compile(
    rf"(?<!\w) {_PREP} (?P<month>{_MONTH}) \s+ (?P<day>{_DAY}) {_YEAR}", re.VERBOSE
)
_DATE_DAY_FIRST = re.compile(
    rf"(?<!\w) {_PREP} (?P<day>{_DAY}) \s+ (?:of\s+)? (?P<month>{_MONTH}) {_YEAR}", re.VERBOSE
)
_MONTH_ONLY = re.compile(
    rf"""(?<!\w)
    (?: (?P<lead>(?i:in|at)\s+)? (?:(?i:the)\s+)? (?P<phrase>(?i:end|beginning|start|middle))
            \s+ (?i:of) \s+
      | (?P<in_part>(?i:in)\s+)? (?P<part>(?i:early|mid|late)) (?:\s+|-)
      | (?P<in>(?i:in)\s+)
    )?
    (?P<month>{_MONTH}) (?!['’]\w) {_YEAR}""",
    re.VERBOSE,
)
# A month phrase after a preposition we cannot carry ("by the end of April") is left whole
# to the engine: protecting only "the end of April" would make it write "к в конце апреля".
_FOREIGN_PREPOSITION = re.compile(
    r"(?i:\b(?:by|before|after|until|till|since|from|to|through|of|around|toward|towards))\s+$"
)
_PHRASE_PARTS = {"end": "late", "beginning": "early", "start": "early", "middle": "mid"}
_TIME = re.compile(
    rf"""(?<![\w:.,])
    (?: (?P<hour>\d{{1,2}}) (?::(?P<minute>[0-5]\d))? \s? (?P<half>[aApP])
        (?: \.\s?[mM]{_ABBREVIATION_DOT} | \s?[mM] ) (?!\w)
      | (?P<hour24>[01]\d|2[0-3]) : (?P<minute24>[0-5]\d) (?![\w:]|[.,]\d) )""",
    re.VERBOSE,
)
_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB"}
_SCALES = {
    "thousand": 3, "k": 3, "million": 6, "mln": 6, "mn": 6, "m": 6,
    "billion": 9, "bn": 9, "trillion": 12,
}
_MONEY_SYMBOL_FIRST = re.compile(
    rf"""(?<!\w) (?P<symbol>US\$|\$|€|£|₽) \s? {_NUM}
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
    rf"""(?<![\w.,]) {_NUM} (?: \s (?P<scale>(?i:thousand|million|billion|trillion)) )? \s
    (?P<currency>{"|".join(_CURRENCY_WORDS)}|USD|EUR|GBP|RUB|KGS|TJS|UZS|KZT|CNY) (?!\w)""",
    re.VERBOSE,
)
_PERCENT = re.compile(rf"(?<![\w.,]) {_NUM} (?: \s?% | [\s-](?i:per\s?cent)(?!\w) )", re.VERBOSE)
_NUMBER = re.compile(rf"(?<![\w.,:/$€£₽-]) {_NUM} (?![\w%]|[:/]\d|[-–]\d)", re.VERBOSE)


def _month_number(name: str) -> int:
    return next(i for i, full in enumerate(_MONTH_NAMES, 1) if full.startswith(name[:3].lower()))


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _prep(match: re.Match[str]) -> str | None:
    prep = match.group("prep")
    return prep.lower() if prep else None


def _span(
    kind: SpanKind, match: re.Match[str], value: str,
    qualifier: str | None = None, currency: str | None = None,
) -> ProtectedSpan:
    start, end = match.span()
    return ProtectedSpan(kind, start, end, match.group(), value, qualifier, currency)


def _plain(amount: str, exponent: int = 0) -> str:
    value = Decimal(amount.replace(",", "")).scaleb(exponent)
    return format(value.normalize() if exponent else value, "f")


def _dates(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for pattern in (_DATE_MONTH_FIRST, _DATE_DAY_FIRST):
        for m in pattern.finditer(text):
            year = int(m.group("year") or reference.year)
            try:
                value = date(year, _month_number(m.group("month")), _day(m.group("day")))
            except ValueError:  # "February 30"
                continue
            yield _span(SpanKind.DATE, m, value.isoformat(), qualifier=_prep(m))


def _ranges(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for pattern in (_RANGE_MONTH_FIRST, _RANGE_DAY_FIRST):
        for m in pattern.finditer(text):
            first = _month_number(m.group("month") or m.group("month2"))
            last = _month_number(m.group("month2") or m.group("month"))
            year = int(m.group("year") or reference.year)
            try:
                start = date(year, first, _day(m.group("day")))
                end = date(year + (last < first), last, _day(m.group("day2")))
            except ValueError:
                continue
            if end > start:
                value = f"{start.isoformat()}/{end.isoformat()}"
                yield _span(SpanKind.DATE_RANGE, m, value, qualifier=_prep(m))


def _month_qualifier(m: re.Match[str]) -> str | None:
    if m.group("phrase"):
        return _PHRASE_PARTS[m.group("phrase").lower()]
    if m.group("part"):
        return m.group("part").lower()
    return "in" if m.group("in") else None


def _months(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _MONTH_ONLY.finditer(text):
        qualifier = _month_qualifier(m)
        if qualifier is None and not m.group("year"):
            continue  # a bare month name says too little ("May", "March")
        led = m.group("lead") or m.group("in_part")
        before = _FOREIGN_PREPOSITION.search(text, max(0, m.start() - 24), m.start())
        if qualifier not in (None, "in") and not led and before:
            continue
        year = int(m.group("year") or reference.year)
        value = f"{year:04d}-{_month_number(m.group('month')):02d}"
        yield _span(SpanKind.DATE, m, value, qualifier=qualifier)


def _times(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _TIME.finditer(text):
        if m.group("hour24"):
            hour, minute = int(m.group("hour24")), int(m.group("minute24"))
        else:
            hour, minute = int(m.group("hour")), int(m.group("minute") or 0)
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if m.group("half").lower() == "p" else 0)
        yield _span(SpanKind.TIME, m, f"{hour:02d}:{minute:02d}")


def _money(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _MONEY_SYMBOL_FIRST.finditer(text):
        scale = (m.group("scale") or m.group("abbr") or "").lower()
        value = _plain(m.group("amount"), _SCALES.get(scale, 0))
        yield _span(SpanKind.MONEY, m, value, currency=_SYMBOLS[m.group("symbol")])
    for m in _MONEY_WORD_AFTER.finditer(text):
        word = m.group("currency")
        currency = next(
            (code for rx, code in _CURRENCY_WORDS.items() if re.fullmatch(rx, word)), word
        )
        value = _plain(m.group("amount"), _SCALES.get((m.group("scale") or "").lower(), 0))
        yield _span(SpanKind.MONEY, m, value, currency=currency)


def _percents(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _PERCENT.finditer(text):
        yield _span(SpanKind.PERCENT, m, _plain(m.group("amount")))


def _numbers(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _NUMBER.finditer(text):
        yield _span(SpanKind.NUMBER, m, _plain(m.group("amount")))


# Earlier detectors win where spans overlap: a range before its dates, a date before its
# day number, money and percentages before their numbers.
_DETECTORS: tuple[Callable[[str, date], Iterator[ProtectedSpan]], ...] = (
    _ranges, _dates, _months, _times, _money, _percents, _numbers,
)


def find_spans(text: str, *, reference: date) -> tuple[ProtectedSpan, ...]:
    """Dates, ranges, times, money, percentages and numbers of ``text``, sorted, disjoint.

    A date without a year takes ``reference.year`` (the article's publication date).
    """
    taken = bytearray(len(text))
    found: list[ProtectedSpan] = []
    for detector in _DETECTORS:
        for span in detector(text, reference):
            if not any(taken[span.start : span.end]):
                taken[span.start : span.end] = b"\x01" * (span.end - span.start)
                found.append(span)
    return tuple(sorted(found, key=lambda s: s.start))


