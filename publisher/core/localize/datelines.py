"""Datelines and bylines: recognized at ingest, printed by the publisher in each locale.

A dateline ("DUSHANBE, July 21 (RFE/RL) —") and a byline ("By Bruce Pannier") are not
prose: an engine would translate them word by word, or not at all. Ingest makes each one
a block of its own (``BlockKind.DATELINE``/``BYLINE``) with no segments, so nothing of
them is dispatched, reviewed or exported; the edition prints them itself (``render``):
the place and the names through the glossary of the edition's language, the date by
the locale's formatter, the agency as written, the byline under the label the
language's press prints (``LocalePatterns.press``, with its source). Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from publisher.core.articles import BlockKind
from publisher.core.locales import LOCALE_CODES
from publisher.core.localize.locale_patterns import patterns_for

if TYPE_CHECKING:
    from publisher.core.localize.l10n import LocaleFormatter

#: Blocks the publisher prints itself: they have no segments.
PRINTED_KINDS = frozenset({BlockKind.DATELINE, BlockKind.BYLINE})

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
# "DUSHANBE", "KHOROG, Tajikistan", "NEW YORK": a place in capitals, a region after it.
_PLACE = r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][A-Za-z.'’-]+(?: [A-Z][a-z]+)?)?"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE})"
    rf"(?:,\s+(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:,\s+(?P<year>\d{{4}}))?)?"
    r"(?:\s+\((?P<agency>[A-Za-z][\w/&.' -]{0,30})\))?"
    r"\s*(?P<dash>—|–|--|-)(?=\s|$)"
)
_NAME = r"[A-Z][\w'’.-]*(?: (?:[A-Z][\w'’.-]*|de|van|von|al-\w+|bin|ibn))*"
_BYLINE = re.compile(
    rf"(?i:by)\s+(?P<names>{_NAME}(?:(?:,\s+|\s+and\s+){_NAME})*)"
    r"(?:\s*,\s*(?P<affiliation>[A-Z][\w/&.' -]{0,40}))?"
)
_NAME_SEPARATOR = re.compile(r",\s+|\s+and\s+")
_DASH = " —"  # em dash: Russian, Kyrgyz, Tajik and Uzbek typography alike


def dateline_length(line: str) -> int | None:
    """How many characters of ``line``'s start are a dateline, or None if it has none.

    A dateline needs a place in capitals followed by a date or an agency, then a dash.
    """
    found = _DATELINE.match(line)
    if found is None or not (found.group("month") or found.group("agency")):
        return None
    if sum(c.isalpha() for c in found.group("place")) < 3:
        return None
    return found.end()


def is_byline(line: str) -> bool:
    """ "By Bruce Pannier", "By A. Smith and B. Jones, RFE/RL": the whole line."""
    return len(line) <= 120 and _BYLINE.fullmatch(line.strip()) is not None


Glossary = Mapping[str, str]  # casefolded source term -> its translation


def _through_glossary(text: str, glossary: Glossary, convert: Callable[[str], str]) -> str:
    found = glossary.get(" ".join(text.split()).casefold())
    if found is None:
        return text
    found = convert(found)
    return found.upper() if text.isupper() else found


def _place(place: str, glossary: Glossary, convert: Callable[[str], str]) -> str:
    return ", ".join(_through_glossary(part, glossary, convert) for part in place.split(", "))


def _date(found: re.Match[str], published: date) -> date | None:
    month = _MONTHS[found.group("month")[:3].lower()]
    year = int(found.group("year") or published.year)
    try:
        day = date(year, month, int(found.group("day")))
    except ValueError:
        return None
    if not found.group("year") and day > published + timedelta(days=31):
        return day.replace(year=year - 1) if not (month == 2 and day.day == 29) else None
    return day


def render_dateline(
    text: str,
    *,
    fmt: LocaleFormatter,
    published: date,
    glossary: Glossary,
    convert: Callable[[str], str] = str,
) -> str:
    """The dateline in ``fmt``'s locale: "ДУШАНБЕ, 21 июля (RFE/RL) —"; as written if
    it cannot be read."""
    found = _DATELINE.match(text)
    if found is None:
        return text
    parts = [_place(found.group("place"), glossary, convert)]
    if found.group("month"):
        day = _date(found, published)
        if day is None:
            return text
        parts.append(fmt.date(day) if found.group("year") else fmt.day_month(day))
    printed = ", ".join(parts)
    if found.group("agency"):
        printed += f" ({found.group('agency')})"
    return printed + _DASH


def render_byline(
    text: str, *, locale: str, glossary: Glossary, convert: Callable[[str], str] = str
) -> str:
    """The byline in ``locale``: "Автор: Bruce Pannier" (names through the glossary)."""
    found = _BYLINE.fullmatch(text.strip())
    if found is None or locale not in LOCALE_CODES:
        return text
    words = patterns_for(locale).press
    names = [
        _through_glossary(n, glossary, convert) for n in _NAME_SEPARATOR.split(found.group("names"))
    ]
    joined = (
        names[0]
        if len(names) == 1
        else (", ".join(names[:-1]) + f" {words.conjunction} " + names[-1])
    )
    label = words.author if len(names) == 1 else words.authors
    printed = f"{label} {joined}"
    if found.group("affiliation"):
        printed += f", {found.group('affiliation')}"
    return printed


def render(
    kind: BlockKind,
    text: str,
    *,
    locale: str,
    fmt: LocaleFormatter,
    published: date,
    glossary: Glossary,
    convert: Callable[[str], str] = str,
) -> str:
    """A printed block (see ``PRINTED_KINDS``) in ``locale``; ``convert`` turns glossary
    translations into the locale's script (uz -> uz_Cyrl)."""
    if kind is BlockKind.DATELINE:
        return render_dateline(
            text, fmt=fmt, published=published, glossary=glossary, convert=convert
        )
    return render_byline(text, locale=locale, glossary=glossary, convert=convert)
