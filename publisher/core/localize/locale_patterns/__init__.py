"""Per-locale forms where CLDR (49) and Babel (2.19) fall short of what a newspaper prints.

One module per language holds every hand-written form of that language, each with its
source (``LocalePatterns.sources``): ``ru``, ``uz`` (Latin and Cyrillic), ``ky``, ``tg``,
``en``. A registry locale (``publisher.core.locales``) without a module here prints
CLDR's forms (``cldr``). ``publisher.core.localize.l10n`` takes month names, numbers,
times and currency names from Babel and builds every date and date phrase from these
forms (``publisher.core.localize.date_phrases``),
so that a single date, a range and a governed phrase ("с мая 2021 года") share one shape.
``docs/locale-review.md`` lists them for a native editor
(``publisher.core.localize.locale_review``).

Template fields: ``{day}`` (a day or a day range), ``{month}`` (the month form CLDR puts
after a day: Russian genitive), ``{nom}``/``{gen}``/``{dat}``/``{acc}``/``{ins}``/``{loc}``/
``{abl}``/``{term}`` (the core in that case), ``{year}``, ``{core}`` (the date or month
being wrapped), ``{date}`` (a compact range), ``{start_<case>}``/``{end_<case>}`` (the two
ends of a range), ``{part}`` (a part of a month), ``{weekday}``/``{weekday_acc}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from types import MappingProxyType

from publisher.core.locales import LOCALE_CODES
from publisher.core.localize.locale_patterns.cldr import cldr_patterns
from publisher.core.localize.locale_patterns.en import EN
from publisher.core.localize.locale_patterns.ky import KY
from publisher.core.localize.locale_patterns.model import CASES, LocalePatterns, Source
from publisher.core.localize.locale_patterns.ru import RU
from publisher.core.localize.locale_patterns.tg import TG
from publisher.core.localize.locale_patterns.uz import UZ, cyrillic

# A cross-month range: an en dash after a narrow no-break space (U+202F, so that no line
# starts with the dash) and before a thin space (U+2009), as CLDR's interval patterns space
# it ("30 июля – 2 августа"). Same-month ranges: an en dash without spaces ("13–14").
DAY_RANGE_DASH = "–"
RANGE_SEPARATOR = "\u202f–\u2009"

MONTH_PARTS = ("early", "mid", "late")

__all__ = [
    "CASES",
    "DAY_RANGE_DASH",
    "EN",
    "KY",
    "MONTH_PARTS",
    "RANGE_SEPARATOR",
    "RU",
    "TG",
    "UZ",
    "LocalePatterns",
    "Source",
    "has_written_forms",
    "patterns_for",
    "uz_cyrillic",
]


@cache
def uz_cyrillic() -> LocalePatterns:
    """The uz patterns in Cyrillic letters (built once, by transliteration)."""
    from publisher.core.localize.transliterate import latin_to_cyrillic

    return cyrillic(UZ, latin_to_cyrillic)


# The locales with hand-written forms; every other registry locale gets CLDR's (``cldr``).
_WRITTEN: Mapping[str, LocalePatterns] = MappingProxyType({p.code: p for p in (UZ, KY, TG, RU, EN)})
# ... and those built from another's (uz_Cyrl: the uz forms in Cyrillic letters).
_BUILT: Mapping[str, Callable[[], LocalePatterns]] = MappingProxyType({"uz_Cyrl": uz_cyrillic})


def has_written_forms(code: str) -> bool:
    """Whether ``code`` has a module of hand-written forms here (else: CLDR's)."""
    return code in _WRITTEN or code in _BUILT


@cache
def patterns_for(code: str) -> LocalePatterns:
    """The patterns of a registry locale (``publisher.core.locales.LOCALE_CODES``): its
    hand-written forms, or CLDR's where it has none; KeyError for other codes."""
    if code not in LOCALE_CODES:
        raise KeyError(code)
    if code in _WRITTEN:
        return _WRITTEN[code]
    return _BUILT[code]() if code in _BUILT else cldr_patterns(code)
