"""What a locale's table of forms holds, and where each form comes from.

Every hand-written form of a locale (a pattern, a phrase, a case form, a corrected name)
lives in that locale's module of this package, and names its source in ``sources``: a
grammar reference, native news usage, or CLDR corrected. ``docs/locale-review.md`` is
generated from these tables (``publisher.core.localize.locale_review``) so that a native editor can
sign each form off; a form nobody has checked yet says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

# Cases a phrase template may ask for: the core (a date, month or season, with its year)
# in that case. Russian uses nom, gen, dat, acc, ins, loc (prepositional); Uzbek and
# Kyrgyz mark them with suffixes: dat (-ga), loc (-da), abl (-dan), term (uz -gacha).
CASES = ("nom", "gen", "dat", "acc", "ins", "loc", "abl", "term")

# Shapes of what a phrase governs: a day ("July 18"), a month or season ("May 2021",
# "late June", "the spring of 2001"), a range of days or of months ("from July 14 to 16",
# "between September 2002 and March 2003").
Shape = Literal["day", "month", "range"]


@dataclass(frozen=True)
class Source:
    """Where a hand-written form comes from, and whether a native editor has checked it."""

    basis: str  # "grammar: ...", "usage: ...", "CLDR correction: ..."
    checked_by: str | None = None  # who signed the form off; None: needs a native check


def frozen(mapping: Mapping[str, object] | None = None) -> MappingProxyType:  # type: ignore[type-arg]
    return MappingProxyType(dict(mapping or {}))


def cases(**forms: tuple[str, ...]) -> Mapping[str, tuple[str, ...]]:
    """Month forms by case; each case gives twelve names, January first."""
    for name, names in forms.items():
        if len(names) != 12:
            raise ValueError(f"case {name!r} needs 12 month names, got {len(names)}")
    return MappingProxyType(forms)


def seasons(**forms: tuple[str, str, str, str]) -> Mapping[str, tuple[str, ...]]:
    """Season names by case: spring, summer, autumn, winter."""
    return MappingProxyType(forms)


Inflect = Callable[[str, str], str]


@dataclass(frozen=True)
class PressWords:
    """How one language's press labels a byline and joins two names."""

    author: str  # "Автор:" before one name
    authors: str  # "Авторы:" before two or more
    conjunction: str  # "и" between the last two names


ENGLISH_PRESS = PressWords("By", "By", "and")


@dataclass(frozen=True)
class QuoteMarks:
    """A language's quotation marks: the primary pair, and the pair for a quotation
    inside a quotation (CLDR's ``delimiters``)."""

    start: str
    end: str
    alternate_start: str
    alternate_end: str


ENGLISH_QUOTES = QuoteMarks("\u201c", "\u201d", "\u2018", "\u2019")  # “…” and ‘…’
# «…» with „…“ inside: Russian, Kyrgyz, Tajik and Uzbek typography alike.
GUILLEMETS = QuoteMarks("\u00ab", "\u00bb", "\u201e", "\u201c")


@dataclass(frozen=True)
class LocalePatterns:
    """How one locale writes dates and the phrases around them (see the locale modules)."""

    code: str
    day_month: str  # "{day} {month}": "18 июля", "13–14 июля", "18-iyul"
    dateline_year: str  # CLDR long date around a day-month: "{core} {year}\u202fг."
    month_year: str  # a month and year standing alone: "{nom} {year}\u202fг."
    text_year: str  # a year in running text around a date or month: "{core} {year} года"
    # How a date with a year and no governing word prints in running text: the CLDR
    # dateline form ("18 июля 2021 г.") or the running-text form ("2021-yil 18-iyul").
    bare_year: Literal["dateline", "text"]
    # governor ("" for none) -> template, per shape; fields: a case name ({gen}) for the
    # core in that case; ranges: {start_<case>}, {end_<case>}.
    phrases: Mapping[str, Mapping[str, str]]
    # A compact range ("13–14 июля") after a governor: governor -> template using {date}.
    range_phrases: Mapping[str, str]
    # Month forms by case beyond CLDR's nominative and genitive.
    cases: Mapping[str, tuple[str, ...]]
    seasons: Mapping[str, tuple[str, ...]]  # case -> spring, summer, autumn, winter
    # A part of a month or season: part -> case -> the part's noun in that case (ru
    # "late": "конце" in loc); ``part_core`` joins it with the month or season.
    parts: Mapping[str, Mapping[str, str]]
    part_core: str  # "{part} {gen}": "конце июня"; uz "{nom} {part}": "iyun oxirida"
    weekday: Mapping[str, str]  # governor ("" or "on") -> "{weekday}, {date}"
    weekday_cases: Mapping[str, tuple[str, ...]]  # case -> Monday..Sunday (beyond CLDR)
    sources: Mapping[str, Source]
    month_core: str = "{nom}"  # a month's core before a suffix: ky "{nom} айы"
    # A year as the core of a part ("early 2020"): case -> template with {year}; "nom"
    # is required (ru "{year} год", gen "{year} года"; uz "{year}-yil"; tg "соли {year}").
    year_noun: Mapping[str, str] = field(default_factory=lambda: frozen({"nom": "{year}"}))
    range_start_year: str | None = None  # the start's year when a range spans two years
    range_start_day_only: bool = False  # "с 14 по 16 июля": a same-month start is a day
    lowercase_months: bool = True
    # Suffix languages: put ``case`` on the last word of a phrase core.
    inflect: Inflect | None = None
    month_text_year: str | None = None  # text_year for months, where it differs
    compact_format: Literal["short", "long"] = "short"  # style of "1,5 млн" in money amounts
    # Put between a compact number and its scale word where CLDR writes none ("1,5млн").
    compact_separator: str = ""
    # Currency names by ISO code where CLDR's are missing or wrong; others come from Babel.
    currency_names: Mapping[str, str] = field(default_factory=frozen)
    # -- numbers, percentages, money (publisher.core.localize.number_phrases) --
    # Scale words of compact amounts where CLDR's are wrong: "billion" -> ky "млрд" ("млд").
    compact_scales: Mapping[str, str] = field(default_factory=frozen)
    # A percentage as running text prints it, where that is a word and not CLDR's sign:
    # "{number}\xa0foiz". None: CLDR's percent pattern ("5\xa0%").
    percent_phrase: str | None = None
    # A number phrase (an amount, a percentage) after a governing word of the source:
    # governor -> template; {nom} is the phrase, {gen}/{dat}/{abl}/{term} the phrase in
    # that case (suffix languages: ``inflect_number``, else ``inflect``).
    number_phrases: Mapping[str, str] = field(default_factory=frozen)
    # Case suffixes on a number phrase where ``inflect``'s rule is not enough (ky izafet).
    inflect_number: Inflect | None = None
    # Russian: a currency name in the genitive after a number is CLDR's plural form of
    # another count ("many": "до 5 долларов"; "other" after 1, 21 and fractions).
    genitive_by_count: bool = False
    # An ordinal written in digits ("55th"): a template with {number}, or a function.
    ordinal: str | Callable[[int], str] = "{number}"
    # -- bylines (publisher.core.localize.datelines) --
    press: PressWords = ENGLISH_PRESS
    # -- quotation marks (publisher.core.localize.quotes) --
    quotes: QuoteMarks = ENGLISH_QUOTES
