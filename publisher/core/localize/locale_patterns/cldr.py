"""The forms of a locale nobody has written forms for yet: what CLDR (through Babel) says.

A locale added to the registry (``publisher.core.locales``) prints dates and numbers
from this until a native speaker writes its module here: CLDR's day-month, long-date and
month-year patterns and its list conjunction; English quotation marks (Babel has no
CLDR delimiters). Governing words
("since July 18") are not rendered: CLDR has no grammar of them, so the phrase is the
bare date. CLDR has no season names nor words for parts of a month; those stay English
and the review page (``docs/locale-review.md``) lists every such form as unchecked.
"""

from __future__ import annotations

import re

from babel import Locale

from publisher.core.articles import GOVERNORS
from publisher.core.localize.locale_patterns.model import (
    ENGLISH_PRESS,
    LocalePatterns,
    PressWords,
    Source,
    cases,
    frozen,
    seasons,
)

_CLDR = "CLDR (Babel) only: no hand-written form for this locale yet"
# Date fields of a CLDR pattern -> our template fields; quoted text is literal.
_FIELDS = re.compile(r"'([^']*)'|(d+|M{3,}|L{3,}|y+)")


# The forms (and groups of forms) ``publisher.core.localize.locale_review`` lists.
_FORMS = (
    "day_month",
    "dateline_year",
    "month_year",
    "text_year",
    "part_core",
    "phrases",
    "range_phrases",
    "weekday",
    "cases",
    "seasons",
    "parts",
    "weekday_cases",
    "currency",
    "number_phrases",
    "press",
    "quotes",
)


def _template(pattern: str, fields: dict[str, str]) -> str:
    """A CLDR date pattern as a template: "y 'ж'. d MMMM" -> "{year} ж. {day} {month}"."""

    def field(found: re.Match[str]) -> str:
        if found.group(1) is not None:
            return found.group(1).replace("{", "{{").replace("}", "}}") or "'"
        return fields[found.group(2)[0]]

    return _FIELDS.sub(field, pattern.replace("{", "{{").replace("}", "}}"))


def _dateline(locale: Locale, day_month_skeleton: str) -> str:
    """CLDR's long date with its day and month as ``{core}``, when they stand together."""
    long = locale.date_formats["long"].pattern
    if day_month_skeleton in long:
        return _template(long.replace(day_month_skeleton, "\0"), {"y": "{year}"}).replace(
            "\0", "{core}"
        )
    return "{core} {year}"


def _conjunction(locale: Locale) -> str:
    """The word CLDR's "standard" list puts between the last two items ("және")."""
    end = locale.list_patterns["standard"]["end"]
    word = end.replace("{0}", "").replace("{1}", "").strip(" ,")
    return word or ENGLISH_PRESS.conjunction


def cldr_patterns(code: str) -> LocalePatterns:
    """The forms of ``code`` from CLDR alone (see the module's notes)."""
    locale = Locale.parse(code)
    day_month = locale.datetime_skeletons["MMMMd"].pattern
    governed = frozen({"": "{nom}", **dict.fromkeys(sorted(GOVERNORS), "{nom}")})
    return LocalePatterns(
        code=code,
        day_month=_template(day_month, {"d": "{day}", "M": "{month}", "L": "{month}"}),
        dateline_year=_dateline(locale, day_month),
        month_year=_template(
            locale.datetime_skeletons["yMMMM"].pattern,
            {"y": "{year}", "M": "{nom}", "L": "{nom}"},
        ),
        text_year=_dateline(locale, day_month),
        bare_year="dateline",
        phrases=frozen(
            {
                "day": governed,
                "month": governed,
                "range": frozen(dict.fromkeys(("", "from", "between"), "{start_nom}–{end_nom}")),
            }
        ),
        range_phrases=frozen(),
        cases=cases(),
        seasons=seasons(nom=("spring", "summer", "autumn", "winter")),
        parts=frozen({part: frozen({"nom": f"{part} "}) for part in ("early", "mid", "late")}),
        part_core="{part}{nom}",
        weekday=frozen({"": "{weekday}, {date}", "on": "{weekday}, {date}"}),
        weekday_cases=frozen(),
        lowercase_months=False,
        number_phrases=governed,
        press=PressWords(ENGLISH_PRESS.author, ENGLISH_PRESS.authors, _conjunction(locale)),
        # Every form the review page lists: all need a native speaker's check.
        sources=frozen({key: Source(_CLDR) for key in _FORMS}),
    )
