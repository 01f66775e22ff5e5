"""Find times, money, percentages, ordinals and plain numbers in English text.

- Times: "3 p.m.", "9pm", "15:00", and dotted times: "6.30pm", "at 6.30", "until 23.45",
  "23.45 GMT", the start of "6.30-10am" (its half of the day from the end's). A dotted
  number needs one of these signs to be a time; "rose 23.45 points" stays a number.
- Money keeps the word that governs it ("by", "for", "to", "up to", "from": ``governor``,
  part of the span: "for $300"), and the scale the source used (``qualifier`` "million",
  "billion" or "trillion": "$16.379 billion" keeps "billion"; ``value`` is still the plain
  decimal "16379000000", so spans stored before print as they did).
- Percentages keep "by", "to", "up to" and "from" the same way ("by 5 percent"); not "for"
  ("accounts for 5%" is no "за 5 %").
- Version numbers ("iOS 14.5", "Windows 3.1", "Python 3.11", "version 2.0", "v2.0") are
  numbers with ``qualifier`` "literal": printed as written, never "14,5".
- Ordinals ("55th", "21st", "3rd") are numbers with ``qualifier`` "ordinal" and the
  number as ``value``; ``publisher.core.localize.number_phrases`` says how each locale prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.protect.common import ABBREVIATION_DOT, NUM, plain_decimal, span_of

_HALF = rf"(?:\.\s?[mM]{ABBREVIATION_DOT}|\s?[mM])(?!\w)"
_TIME = re.compile(
    rf"""(?<![\w:.,])
    (?: (?P<hour>\d{{1,2}}) (?:[:.](?P<minute>[0-5]\d))? \s? (?P<half>[aApP]) {_HALF}
      | (?P<hour24>[01]\d|2[0-3]) : (?P<minute24>[0-5]\d) (?![\w:]|[.,]\d) )""",
    re.VERBOSE,
)
# "6.30-10am": the start of a range whose end says the half of the day.
_TIME_RANGE_START = re.compile(
    rf"""(?<![\w:.,]) (?P<hour>1[0-2]|0?[1-9]) [.:] (?P<minute>[0-5]\d)
    (?= \s?[-–]\s? (?P<end>1[0-2]|0?[1-9]) (?:[.:][0-5]\d)? \s? (?P<half>[aApP]) {_HALF})""",
    re.VERBOSE,
)
# "at 6.30", "until 23.45"; "23.45 GMT". Not before a unit: "at 12.30 points" is a number.
_DOTTED = r"(?P<hour>[01]?\d|2[0-3]) \. (?P<minute>[0-5]\d) (?![\w%]|[.,]\d)"
_CLOCK_WORDS = r"(?:GMT|UTC|BST|CET|local\stime|hours|hrs|o'clock)\b"
_NEXT_OK = (
    r"(?=\s*(?:$|[^\w\s%$€£₽]|[A-Z]|"
    + _CLOCK_WORDS
    + r"|(?:on|in|at|and|or|to|until|till|when|the|this|that|last|next|every|each|sharp"
    r"|today|tonight|tomorrow|yesterday)\b))"
)
_DOTTED_TIME = re.compile(
    rf"""(?: \b(?i:at|until|till|before|after|since|around)\s
      | (?<![\w:.,]) (?=[0-2]?\d\.\d\d\s{_CLOCK_WORDS}) )
    {_DOTTED} {_NEXT_OK}""",
    re.VERBOSE,
)
_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB"}
_SCALES = {
    "thousand": 3,
    "k": 3,
    "million": 6,
    "mln": 6,
    "mn": 6,
    "m": 6,
    "billion": 9,
    "bn": 9,
    "trillion": 12,
}
# The scales a compact amount keeps (publisher.core.localize.number_phrases.SCALES), by exponent.
_KEPT_SCALES = {6: "million", 9: "billion", 12: "trillion"}
# "by 5%", "for $300", "up to $1 million", "from 5 percent": the governor ends with a space.
_MONEY_GOVERNOR = r"(?:(?P<governor>(?i:by|for|from|(?:up\s)?to))\s)?"
_PERCENT_GOVERNOR = r"(?:(?P<governor>(?i:by|from|(?:up\s)?to))\s)?"
_MONEY_SYMBOL_FIRST = re.compile(
    rf"""(?<![\w$]) {_MONEY_GOVERNOR} (?P<symbol>US\$|\$|€|£|₽) \s? {NUM}
    (?: \s (?P<scale>(?i:thousand|million|billion|trillion)) | (?P<abbr>k|mln|mn|m|bn) )?
    (?!\w)""",
    re.VERBOSE,
)
_CURRENCY_WORDS = {
    r"(?:US\s)?dollars?": "USD",
    r"euros?": "EUR",
    r"pounds\ssterling": "GBP",
    r"r[o]?ubles?": "RUB",
    r"soms?": "KGS",
    r"somoni": "TJS",
    r"(?:sums?|soums?)": "UZS",
    r"tenge": "KZT",
    r"yuan": "CNY",
}
_MONEY_WORD_AFTER = re.compile(
    rf"""(?<![\w.,]) {_MONEY_GOVERNOR} {NUM}
    (?: \s (?P<scale>(?i:thousand|million|billion|trillion)) )? \s
    (?P<currency>{"|".join(_CURRENCY_WORDS)}|USD|EUR|GBP|RUB|KGS|TJS|UZS|KZT|CNY) (?!\w)""",
    re.VERBOSE,
)
_PERCENT = re.compile(
    rf"(?<![\w.,]) {_PERCENT_GOVERNOR} {NUM} (?: \s?% | [\s-](?i:per\s?cent)(?!\w) )",
    re.VERBOSE,
)
_PRODUCTS = (
    r"iOS|iPadOS|macOS|watchOS|tvOS|Android|Windows|Python|Java|PHP|Perl|Ruby|Node\.js"
    r"|Linux|Ubuntu|Debian|Fedora|Firefox|Chrome|Safari|Bluetooth|USB|HTTP|HTML|Wi-Fi"
    r"|Web|Industry|Office|Excel|Photoshop|Swift|Kotlin|GPT|Llama"
)
_VERSION = re.compile(
    rf"""(?: \b(?i:version|ver\.|release|update|build|firmware)\s | (?<![\w.])v
      | (?<![\w.])(?:{_PRODUCTS})[\s-] )
    (?P<version>\d+(?:\.\d+)+) (?![\w%]|[.,]\d|\s(?i:thousand|million|billion|trillion|per))""",
    re.VERBOSE,
)
_ORDINAL = re.compile(r"(?<![\w.,])(?P<amount>\d{1,3}(?:,\d{3})+|\d+)(?P<suffix>st|nd|rd|th)(?!\w)")
_NUMBER = re.compile(rf"(?<![\w.,:/$€£₽-]) {NUM} (?![\w%]|[:/]\d|[-–]\d)", re.VERBOSE)


def times(text: str, reference: date) -> Iterator[ProtectedSpan]:
    """ "3 p.m.", "15:00", "6.30pm", "at 6.30" (the time only), "6.30-10am" (two times)."""
    for m in _TIME.finditer(text):
        if m.group("hour24"):
            yield span_of(SpanKind.TIME, m, _clock(m.group("hour24"), m.group("minute24")))
        elif 1 <= int(m.group("hour")) <= 12:
            hour = _twelve_hour(int(m.group("hour")), m.group("half"))
            yield span_of(SpanKind.TIME, m, _clock(hour, m.group("minute")))
    for m in _TIME_RANGE_START.finditer(text):
        start, end = int(m.group("hour")) % 12, int(m.group("end")) % 12
        half = m.group("half").lower()
        if start > end:  # "11.30-1pm": the start is in the other half of the day
            half = "a" if half == "p" else "p"
        value = _clock(_twelve_hour(start, half), m.group("minute"))
        yield _group_span(SpanKind.TIME, m, "hour", "minute", value)
    for m in _DOTTED_TIME.finditer(text):
        yield _group_span(SpanKind.TIME, m, "hour", "minute", _clock(m["hour"], m["minute"]))


def money(text: str, reference: date) -> Iterator[ProtectedSpan]:
    """ "$1.5 million", "for $300", "200 somoni"; see the module's notes."""
    for m in _MONEY_SYMBOL_FIRST.finditer(text):
        yield _money_span(m, m.group("scale") or m.group("abbr"), _SYMBOLS[m.group("symbol")])
    for m in _MONEY_WORD_AFTER.finditer(text):
        word = m.group("currency")
        currency = next(
            (code for rx, code in _CURRENCY_WORDS.items() if re.fullmatch(rx, word)), word
        )
        yield _money_span(m, m.group("scale"), currency)


def percents(text: str, reference: date) -> Iterator[ProtectedSpan]:
    """ "3.5%", "40 per cent", "by 5 percent" (governor "by")."""
    for m in _PERCENT.finditer(text):
        yield span_of(SpanKind.PERCENT, m, plain_decimal(m.group("amount")), governor=_governor(m))


def numbers(text: str, reference: date) -> Iterator[ProtectedSpan]:
    """Version numbers (literal), ordinals, then plain numbers."""
    for m in _VERSION.finditer(text):
        start, end = m.span("version")
        yield ProtectedSpan(
            SpanKind.NUMBER, start, end, m.group("version"), m.group("version"), "literal"
        )
    for m in _ORDINAL.finditer(text):
        amount = plain_decimal(m.group("amount"))
        if m.group("suffix") == _english_suffix(int(amount)):
            yield span_of(SpanKind.NUMBER, m, amount, qualifier="ordinal")
    for m in _NUMBER.finditer(text):
        yield span_of(SpanKind.NUMBER, m, plain_decimal(m.group("amount")))


def _money_span(m: re.Match[str], scale_word: str | None, currency: str) -> ProtectedSpan:
    exponent = _SCALES.get((scale_word or "").lower(), 0)
    return span_of(
        SpanKind.MONEY,
        m,
        plain_decimal(m.group("amount"), exponent),
        qualifier=_KEPT_SCALES.get(exponent),
        currency=currency,
        governor=_governor(m),
    )


def _governor(m: re.Match[str]) -> str | None:
    """The normalized governing word: "By" -> "by", "up to" -> "to"."""
    word = m.group("governor")
    return word.split()[-1].lower() if word else None


def _group_span(
    kind: SpanKind, m: re.Match[str], first: str, last: str, value: str
) -> ProtectedSpan:
    """The span from group ``first`` to group ``last`` of ``m`` (not its context)."""
    start, end = m.start(first), m.end(last)
    return ProtectedSpan(kind, start, end, m.string[start:end], value)


def _twelve_hour(hour: int, half: str) -> int:
    return hour % 12 + (12 if half.lower() == "p" else 0)


def _clock(hour: int | str, minute: str | None) -> str:
    return f"{int(hour):02d}:{int(minute or 0):02d}"


def _english_suffix(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
