"""Babel formatting bound to one locale: dates, ranges, month phrases, times, numbers, money.

``formatter_for("ru")`` gives a ``LocaleFormatter``; its ``render(span)`` turns a protected
span of the English source into the words a newspaper in that locale prints. Every Babel
call passes ``locale=`` explicitly. Where CLDR falls short,
``publisher.core.localize.locale_patterns``
says what we print instead, and why.

What a span renders as (ru / uz / ky / tg; the sample article's values):

- "July 18, 2021": 18 июля 2021 г. / 18-iyul, 2021 / 2021-ж., 18-июль / 18 июл 2021
- "July 18": 18 июля / 18-iyul / 18-июль / 18 июл
- "on July 18": 18 июля / 18-iyul kuni / 18-июль күнү / 18 июл
- "July 13-14": 13–14 июля / 13–14-iyul / 13–14-июль / 13–14 июл
- "late June": в конце июня / iyun oxirida / июнь айынын аягында / охири моҳи июн
- "4,000", "1.5": 4 000, 1,5 in all four
- "$1.5 million": 1,5 млн долларов США / 1,5 mln AQSH dollari / 1,5 млн АКШ доллары /
  1,5 млн. доллари ИМА

(Russian puts U+202F before "г."; thousands are grouped with U+00A0, and a number between
it and its scale word too: "1,5\\xa0млн".) A single date with a year follows CLDR's long
format, except that Tajik months are lowercase and days unpadded. A date inside a phrase
writes its year the way running text does ("18 июля 2021 года", "2021-yil 18-iyul kuni").
Numbers keep the decimals and the grouping of the source: "2021" stays "2021".

Uzbek in Cyrillic script (``uz_Cyrl``) is a *derived* locale (``DERIVED``): nothing is
translated into it; its edition is the uz edition transliterated
(``publisher.core.localize.transliterate``),
with dates and numbers rendered from Babel's uz_Cyrl data in the uz house style:

- "July 18, 2021": 18-июл, 2021; "on July 18": 18-июл куни; "July 13-14": 13–14-июл;
  "on July 13-14": 13–14-июл кунлари; "late June": июн охирида; "4,000": 4 000;
  "$1.5 million": 1,5 млн АҚШ доллари (``publisher.core.localize.locale_patterns`` says why).

Locale codes are Babel's ("uz_Cyrl"): the database, the catalogs and the formatters use
them. URLs, output folders, ``lang`` and ``hreflang`` use the BCP 47 tag (``locale_tag``:
"uz-Cyrl").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from types import MappingProxyType
from typing import Literal

from babel.dates import format_time, get_day_names, get_month_names

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.errors import InputError
from publisher.core.locales import DERIVED_LOCALES, LOCALES, SPECS, LocaleSpec
from publisher.core.localize.date_phrases import DateWords
from publisher.core.localize.locale_patterns import LocalePatterns, patterns_for
from publisher.core.localize.number_phrases import NumberWords

# Supported base locales (sources and targets) and the script each is translated into.
SCRIPTS: Mapping[str, str] = MappingProxyType(
    {spec.code: spec.script for spec in LOCALES if spec.role != "derived"}
)


@dataclass(frozen=True)
class DerivedLocale:
    """A locale whose edition is made from another locale's translations by
    transliteration: nothing is translated into it, and its edition is assembled,
    published and unpublished together with the edition of ``base``."""

    code: str
    base: str
    transliterate: Callable[[str], str]


def _derived(spec: LocaleSpec) -> DerivedLocale:
    if spec.derived_from is None or spec.transliterate is None:
        raise ValueError(f"{spec.code}: a derived locale names its base and transliteration")
    return DerivedLocale(spec.code, spec.derived_from, spec.transliterate)


DERIVED: Mapping[str, DerivedLocale] = MappingProxyType(
    {code: _derived(SPECS[code]) for code in DERIVED_LOCALES}
)


def base_locale(locale: str) -> str:
    """The locale whose translations make the edition of ``locale`` ("uz_Cyrl" -> "uz")."""
    derived = DERIVED.get(locale)
    return locale if derived is None else derived.base


def derived_locales(base: str) -> tuple[str, ...]:
    """The locales made from ``base``'s translations ("uz" -> ("uz_Cyrl",))."""
    return tuple(d.code for d in DERIVED.values() if d.base == base)


def edition_locales(targets: Iterable[str]) -> tuple[str, ...]:
    """Every edition of an article translated into ``targets``: each target followed by
    the locales derived from it (uz, ky -> uz, uz_Cyrl, ky)."""
    return tuple(code for base in targets for code in (base, *derived_locales(base)))


def locale_tag(locale: str) -> str:
    """The BCP 47 tag of a locale code, used in URLs, ``lang`` and ``hreflang``:
    "uz_Cyrl" -> "uz-Cyrl"."""
    return locale.replace("_", "-")


# Source words that may start a span; "On July 16, ..." starts a sentence, "July 16" does not tell.
_LEADING_WORDS = frozenset(
    {
        "on",
        "in",
        "by",
        "since",
        "until",
        "till",
        "from",
        "at",
        "the",
        "between",
        "before",
        "after",
        "during",
        "for",
        "early",
        "mid",
        "late",
        "end",
        "beginning",
        "start",
        "middle",
    }
)


def normalize_locale(code: str) -> str:
    """The supported code of ``code``: "uz_UZ", "uz-Latn", "ru-RU.UTF-8" -> "uz", "ru";
    "uz-Cyrl", "uz_Cyrl_UZ" -> "uz_Cyrl" (a derived locale, see ``DERIVED``).

    Raises ``InputError`` for other languages and for scripts Tarjima does not publish
    ("ru-Latn", "tg_Arab").
    """
    parts = [p for p in re.split(r"[-_]", code.strip().split(".")[0].split("@")[0]) if p]
    language = parts[0].lower() if parts else ""
    if language not in SCRIPTS:
        supported = ", ".join(SCRIPTS)
        raise InputError(f"unsupported locale {code!r}: Tarjima supports {supported}")
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is None or script == SCRIPTS[language]:
        return language
    if f"{language}_{script}" in DERIVED:
        return f"{language}_{script}"
    scripts = [SCRIPTS[language]] + [
        d.code.split("_")[1] for d in DERIVED.values() if d.base == language
    ]
    raise InputError(
        f"unsupported locale {code!r}: {language} is published in {' and '.join(scripts)} "
        "script only"
    )


@dataclass(frozen=True)
class LocaleFormatter:
    """Dates, numbers and money written the way a newspaper in ``code`` prints them."""

    code: str
    # Derived from ``code``: equality and hashing use the code alone.
    patterns: LocalePatterns = field(compare=False)
    dates: DateWords = field(compare=False)

    # -- dates -------------------------------------------------------------------------

    def day_month(self, d: dt.date) -> str:
        """ "18 июля", "18-iyul", "18-июль", "18 июл"."""
        return self.dates.day_month(d)

    def date(self, d: dt.date) -> str:
        """A full date, CLDR's long form: "18 июля 2021\u202fг.", "18-iyul, 2021"."""
        return self.dates.dateline(d)

    def date_range(self, start: dt.date, end: dt.date, *, show_year: bool = False) -> str:
        """ "13–14 июля", "30 июля\u202f–\u20092 августа"; with a year as in ``date``."""
        return self.dates.date_range(start, end, year="bare" if show_year else None)

    def time(self, t: dt.time) -> str:
        """ "15:00" (en "3:00\u202fPM")."""
        return format_time(t, "short", locale=self.code)

    # -- numbers -----------------------------------------------------------------------

    @cached_property
    def numbers(self) -> NumberWords:
        """Numbers, percentages, money and ordinals (``publisher.core.localize.number_phrases``)."""
        return NumberWords(self.code, self.patterns)

    def number(self, value: Decimal, *, group: bool = True) -> str:
        """ "4\xa0000", "1,5", "12\xa0345,67"; keeps the decimals of ``value``."""
        return self.numbers.number(value, group=group)

    def percent(self, value: Decimal, governor: str | None = None) -> str:
        """``value`` in percent (3.5 means 3.5 %): ru "3,5\xa0%", uz "3,5\xa0foiz"."""
        return self.numbers.percent(value, governor)

    def money(
        self,
        value: Decimal,
        currency: str,
        *,
        scale: str | None = None,
        places: int | None = None,
        governor: str | None = None,
    ) -> str:
        """An amount and the currency's name: "1,5\xa0млн долларов США", "300 AQSH dollari"."""
        return self.numbers.money(value, currency, scale=scale, places=places, governor=governor)

    # -- spans -------------------------------------------------------------------------

    def render(self, span: ProtectedSpan) -> str:
        """The localized words for a protected span (not for markup spans)."""
        text = self._render(span)
        first_word = span.text.split(maxsplit=1)[0].lower() if span.text.strip() else ""
        starts = span.start == 0 or first_word in _LEADING_WORDS
        if span.text[:1].isupper() and starts and text[:1].islower():
            text = text[0].upper() + text[1:]  # the span started the source sentence
        return text

    def _render(self, span: ProtectedSpan) -> str:
        match span.kind:
            case SpanKind.DATE | SpanKind.DATE_RANGE:
                return self.dates.render(span)
            case SpanKind.TIME:
                return self.time(dt.time.fromisoformat(span.value))
            case SpanKind.NUMBER | SpanKind.PERCENT | SpanKind.MONEY:
                return self.numbers.render(span)
        raise ValueError(f"cannot render a {span.kind} span: {span.text!r}")


def _date_words(code: str, patterns: LocalePatterns) -> DateWords:
    def cased(name: str) -> str:
        return name.lower() if patterns.lowercase_months else name

    def months(context: Literal["format", "stand-alone"]) -> tuple[str, ...]:
        wide = get_month_names("wide", context, locale=code)
        return tuple(cased(wide[m]) for m in range(1, 13))

    weekdays = get_day_names("wide", "format", locale=code)
    return DateWords(
        patterns=patterns,
        months=MappingProxyType(
            {
                "nom": months("stand-alone"),
                "format": months("format"),
                "gen": months("format"),
                **patterns.cases,
            }
        ),
        weekdays=MappingProxyType(
            {
                "nom": tuple(cased(weekdays[d]) for d in range(7)),
                **patterns.weekday_cases,
            }
        ),
    )


@cache
def _build(code: str) -> LocaleFormatter:
    patterns = patterns_for(code)
    return LocaleFormatter(code=code, patterns=patterns, dates=_date_words(code, patterns))


def formatter_for(locale: str) -> LocaleFormatter:
    """The formatter of a supported locale; aliases such as "uz_UZ" or "ru-RU" are accepted.

    Raises ``InputError`` for unsupported languages or scripts.
    """
    return _build(normalize_locale(locale))
