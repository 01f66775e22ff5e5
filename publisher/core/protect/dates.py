"""Find dates, date ranges, months and seasons in English text, with their governing word.

A date is protected together with the word that governs it ("since May 2021", "until
June 2022", "between September 2002 and March 2003", "by the end of April"): the locale
layer prints the whole phrase in the case, or with the suffix, that word asks for
("с мая 2021 года", "2021-yil maydan beri"). The governor is normalized ("till" is
"until") and kept in ``ProtectedSpan.governor``; a part of a month or season ("late June",
"the end of April") is ``qualifier`` "early", "mid" or "late"; a date printed with its
weekday ("Friday, July 21, 2017") has ``qualifier`` "weekday".

Values: an ISO date (``2021-07-18``), an ISO month (``2021-06``), a season as EDTF writes
it (``2001-21`` spring, ``-22`` summer, ``-23`` autumn, ``-24`` winter), and two of those
joined by ``/`` for a range. A year is any of 1000-2099 after a month ("31 March 1635");
a date without a year takes the year of ``reference`` (the article's publication date),
and a range across New Year takes the year before the one it names for its start
("December 30 to January 2, 2022" runs from 2021-12-30).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.protect.common import ABBREVIATION_DOT, span_of

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Capitalized only: "may" and "march" are also verbs. Full names before abbreviations.
_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November"
    rf"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b{ABBREVIATION_DOT})"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_SEASON = r"(?i:spring|summer|autumn|fall|winter)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\w)"
_YEAR_DIGITS = r"(?:1\d|20)\d\d"
_YEAR_NUMBER = rf"{_YEAR_DIGITS}(?!\w)"


def _year(name: str) -> str:
    return rf"(?:,?\s+(?P<{name}>{_YEAR_NUMBER}))?"


# The governing words a span takes with it; "at" and "of" only lead a part of a month.
_GOVERNOR = (
    r"(?:(?P<gov>(?i:since|until|till|by|before|after|from|between|during|in|on|at|for))\s+)?"
    r"(?:(?i:the)\s+)?"
)
_PART = (
    r"(?:(?P<phrase>(?i:end|beginning|start|middle))\s+(?i:of)\s+(?:(?i:the)\s+)?"
    r"|(?P<part>(?i:early|mid|late))(?:\s+|-))?"
)
# "at the end of April" is "in" it; "till" is "until".
_SAME_GOVERNOR = {"till": "until", "at": "in"}
_PHRASE_PARTS = {"end": "late", "beginning": "early", "start": "early", "middle": "mid"}
_TO = r"(?:\s*[-–—]\s*|\s+(?i:to|through|until|till|and)\s+)"
_WEEKDAY_LEAD = rf"(?:(?P<weekday>{_WEEKDAY}),?\s+)?"

_RANGE_MONTH_FIRST = re.compile(
    rf"""(?<!\w) {_GOVERNOR}
    (?P<month>{_MONTH}) \s+ (?P<day>{_DAY}) {_year("year1")} {_TO}
    (?:(?P<month2>{_MONTH}) \s+)? (?P<day2>{_DAY}) {_year("year")}""",
    re.VERBOSE,
)
_RANGE_DAY_FIRST = re.compile(
    rf"""(?<!\w) {_GOVERNOR}
    (?P<day>{_DAY}) (?:\s+ (?P<month>{_MONTH}) {_year("year1")})? {_TO}
    (?P<day2>{_DAY}) \s+ (?P<month2>{_MONTH}) {_year("year")}""",
    re.VERBOSE,
)
_MONTH_RANGE = re.compile(
    rf"""(?<!\w) {_GOVERNOR}
    (?P<month>{_MONTH}) {_year("year1")} {_TO} (?P<month2>{_MONTH}) {_year("year")}""",
    re.VERBOSE,
)
_DATE_MONTH_FIRST = re.compile(
    rf"(?<!\w) {_GOVERNOR} {_WEEKDAY_LEAD} (?P<month>{_MONTH}) \s+ (?P<day>{_DAY}) "
    rf"{_year('year')}",
    re.VERBOSE,
)
_DATE_DAY_FIRST = re.compile(
    rf"(?<!\w) {_GOVERNOR} {_WEEKDAY_LEAD} (?P<day>{_DAY}) \s+ (?:of\s+)? (?P<month>{_MONTH}) "
    rf"{_year('year')}",
    re.VERBOSE,
)
# "16/10/2004" (day over 12: day first), "10/16/2004" (month first), "2004-10-16".
_NUMERIC_DATE = re.compile(
    rf"""(?<![\w/.-]) {_GOVERNOR}
    (?: (?P<a>\d{{1,2}}) (?P<sep>[/.]) (?P<b>\d{{1,2}}) (?P=sep) (?P<year>{_YEAR_NUMBER})
      | (?P<iso_year>{_YEAR_DIGITS}) - (?P<iso_month>[01]\d) - (?P<iso_day>[0-3]\d) )
    (?![\w/]|[.-]\d)""",
    re.VERBOSE,
)
_MONTH_ONLY = re.compile(
    rf"(?<!\w) {_GOVERNOR} {_PART} (?P<month>{_MONTH}) (?!['’]\w) {_year('year')}",
    re.VERBOSE,
)
_SEASON_ONLY = re.compile(
    rf"""(?<!\w) {_GOVERNOR} {_PART}
    (?: (?P<season>{_SEASON}) \s+ (?:(?i:of)\s+)? (?P<year>{_YEAR_NUMBER})
      | (?P<season_y>{_SEASON}) ['’]s? (?!\w) )""",
    re.VERBOSE,
)
# A part of a year: "in early 2020", "by the end of 2020", "mid-2021". A bare year stays a
# number: the engine writes the words around it ("в 2020 году").
_YEAR_PART = re.compile(
    rf"(?<!\w) {_GOVERNOR} {_PART} (?P<year>{_YEAR_NUMBER})",
    re.VERBOSE,
)
# A preposition we do not carry ("around May 2021"): a month or season after it is left
# to the engine, which sees the whole phrase; protecting only "May 2021" would print the
# month in the nominative ("около май 2021 г.").
_FOREIGN_PREPOSITION = re.compile(
    r"(?i:\b(?:of|around|about|toward|towards|than|within|throughout|over|into|to|through"
    r"|with|without|among|like|per|against|under|amid|despite|as))\s+(?:(?i:the)\s+)?$"
)


def month_number(name: str) -> int:
    """1 for "January" or "Jan.", 9 for "Sept"."""
    return next(i for i, full in enumerate(_MONTH_NAMES, 1) if full.startswith(name[:3].lower()))


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _governor(match: re.Match[str]) -> str | None:
    word = match.group("gov")
    if word is None:
        return None
    return _SAME_GOVERNOR.get(word.lower(), word.lower())


def _unled(match: re.Match[str], text: str) -> bool:
    """True where a preposition we do not carry stands just before the match."""
    return match.group("gov") is None and bool(
        _FOREIGN_PREPOSITION.search(text, max(0, match.start() - 24), match.start())
    )


# The governors a range can carry; a single date or month carries any but "between".
_RANGE_GOVERNORS = frozenset({"from", "between", "on", "in", "during"})


def _finished(span: ProtectedSpan, match: re.Match[str]) -> ProtectedSpan:
    """``span``, without its governor where the span cannot carry it ("between July 13")."""
    if span.kind is SpanKind.DATE_RANGE:
        carried = span.governor in _RANGE_GOVERNORS
    else:
        carried = span.governor != "between"
    if span.governor is None or carried:
        return span
    return _trimmed(span, match)


_AFTER_GOVERNOR = re.compile(r"\s*(?:[Tt]he )?")


def _trimmed(span: ProtectedSpan, match: re.Match[str]) -> ProtectedSpan:
    """``span`` starting after its governor and an article that follows it."""
    after = _AFTER_GOVERNOR.match(match.string, match.end("gov"))  # always matches
    start = after.end() if after else match.end("gov")
    return replace(span, start=start, text=match.string[start : span.end], governor=None)


def _with_year(year: str | None, reference: date) -> int:
    return int(year) if year else reference.year


def _single_dates(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for pattern in (_DATE_MONTH_FIRST, _DATE_DAY_FIRST):
        for m in pattern.finditer(text):
            year = _with_year(m.group("year"), reference)
            try:
                value = date(year, month_number(m.group("month")), _day(m.group("day")))
            except ValueError:  # "February 30"
                continue
            weekday = m.group("weekday")
            if weekday and calendar.day_name[value.weekday()] != weekday:
                # The source's weekday and date disagree: the date alone is protected, the
                # weekday is left to the engine (and to the translator's eye).
                start = min(m.start("month"), m.start("day"))
                yield ProtectedSpan(
                    SpanKind.DATE, start, m.end(), text[start : m.end()], value.isoformat()
                )
                continue
            span = span_of(
                SpanKind.DATE,
                m,
                value.isoformat(),
                governor=_governor(m),
                qualifier="weekday" if weekday else None,
            )
            yield _finished(span, m)


def _numeric_dates(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _NUMERIC_DATE.finditer(text):
        if m.group("iso_year"):
            parts = (m.group("iso_year"), m.group("iso_month"), m.group("iso_day"))
            year, month, day = (int(p) for p in parts)
        else:
            a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
            if a <= 12 and b <= 12 and a != b:
                continue  # 05/06/2004: May 6 or 5 June? Only the writer knows.
            day, month = (a, b) if a > 12 or m.group("sep") == "." else (b, a)
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        yield _finished(span_of(SpanKind.DATE, m, value.isoformat(), governor=_governor(m)), m)


def _range_years(m: re.Match[str], first: int, last: int, reference: date) -> tuple[int, int]:
    """The years of a range's two ends; the named year is the end's."""
    if m.group("year1") and m.group("year"):
        return int(m.group("year1")), int(m.group("year"))
    if m.group("year"):
        end_year = int(m.group("year"))
        return end_year - (last < first), end_year
    if m.group("year1"):
        start_year = int(m.group("year1"))
        return start_year, start_year + (last < first)
    if last < first:  # December to January, no year: the turn of the year nearest the article
        start_year = reference.year if reference.month >= 7 else reference.year - 1
        return start_year, start_year + 1
    return reference.year, reference.year


def _ranges(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for pattern in (_RANGE_MONTH_FIRST, _RANGE_DAY_FIRST):
        for m in pattern.finditer(text):
            if (m.group("gov") or "").lower() != "between" and re.search(r"\sand\s", m.group()):
                continue  # "July 13 and 14": two dates, not a range
            first = month_number(m.group("month") or m.group("month2"))
            last = month_number(m.group("month2") or m.group("month"))
            start_year, end_year = _range_years(m, first, last, reference)
            try:
                start = date(start_year, first, _day(m.group("day")))
                end = date(end_year, last, _day(m.group("day2")))
            except ValueError:
                continue
            if end > start:
                value = f"{start.isoformat()}/{end.isoformat()}"
                yield _range_span(m, value)


def _range_span(m: re.Match[str], value: str) -> ProtectedSpan:
    return _finished(span_of(SpanKind.DATE_RANGE, m, value, governor=_governor(m)), m)


def _month_ranges(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _MONTH_RANGE.finditer(text):
        governor = (m.group("gov") or "").lower()
        if " and " in m.group() and governor != "between":
            continue
        if not (m.group("year") or governor in ("from", "between")):
            continue  # "May - June" alone says too little
        first, last = month_number(m.group("month")), month_number(m.group("month2"))
        start_year, end_year = _range_years(m, first, last, reference)
        if (end_year, last) <= (start_year, first):
            continue
        yield _range_span(m, f"{start_year:04d}-{first:02d}/{end_year:04d}-{last:02d}")


def _part(m: re.Match[str]) -> str | None:
    if m.group("phrase"):
        return _PHRASE_PARTS[m.group("phrase").lower()]
    return m.group("part").lower() if m.group("part") else None


def _months(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _MONTH_ONLY.finditer(text):
        part = _part(m)
        if not (part or m.group("gov") or m.group("year")) or _unled(m, text):
            continue  # a bare month name says too little ("May", "March")
        value = f"{_with_year(m.group('year'), reference):04d}-{month_number(m['month']):02d}"
        yield _finished(span_of(SpanKind.DATE, m, value, governor=_governor(m), qualifier=part), m)


def _seasons(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _SEASON_ONLY.finditer(text):
        if _unled(m, text):
            continue
        if m.group("season_y"):
            continue  # "summer's": a possessive, not a date
        value = f"{int(m.group('year')):04d}-{_SEASONS[m.group('season').lower()]}"
        span = span_of(SpanKind.DATE, m, value, governor=_governor(m), qualifier=_part(m))
        yield _finished(span, m)


def _year_parts(text: str, reference: date) -> Iterator[ProtectedSpan]:
    for m in _YEAR_PART.finditer(text):
        part = _part(m)
        if part is None or _unled(m, text):
            continue
        span = span_of(SpanKind.DATE, m, m.group("year"), governor=_governor(m), qualifier=part)
        yield _finished(span, m)


DATE_DETECTORS = (
    _ranges,
    _month_ranges,
    _single_dates,
    _numeric_dates,
    _months,
    _seasons,
    _year_parts,
)
