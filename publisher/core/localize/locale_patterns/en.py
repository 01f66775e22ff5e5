"""English: the source language's own forms, for previews and the en edition."""

from __future__ import annotations

from publisher.core.articles import GOVERNORS
from publisher.core.localize.locale_patterns.model import (
    ENGLISH_PRESS,
    LocalePatterns,
    Source,
    cases,
    frozen,
    seasons,
)

_STYLE = "usage: AP Stylebook (dates, months, seasons)"
_GOVERNED = {"": "{nom}", **{word: f"{word} {{nom}}" for word in sorted(GOVERNORS)}}


def ordinal(number: int) -> str:
    """ "1st", "2nd", "11th", "23rd", "55th"."""
    suffix = (
        "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


EN = LocalePatterns(
    code="en",
    day_month="{month} {day}",
    dateline_year="{core}, {year}",
    month_year="{nom} {year}",
    text_year="{core}, {year}",
    month_text_year="{core} {year}",
    bare_year="dateline",
    phrases=frozen(
        {
            "day": frozen(_GOVERNED),
            "month": frozen(_GOVERNED),
            "range": frozen(
                {
                    "": "{start_nom}–{end_nom}",
                    "from": "from {start_nom} to {end_nom}",
                    "between": "between {start_nom} and {end_nom}",
                }
            ),
        }
    ),
    range_phrases=frozen({word: f"{word} {{date}}" for word in ("on", "in", "during")}),
    cases=cases(),
    seasons=seasons(nom=("spring", "summer", "autumn", "winter")),
    parts=frozen(
        {
            "early": frozen({"nom": "early "}),
            "mid": frozen({"nom": "mid-"}),
            "late": frozen({"nom": "late "}),
        }
    ),
    part_core="{part}{nom}",
    weekday=frozen({"": "{weekday}, {date}", "on": "on {weekday}, {date}"}),
    weekday_cases=frozen(),
    lowercase_months=False,
    compact_format="long",  # "1.5 million US dollars", not "1.5M US dollars"
    sources=frozen(
        {
            **{
                key: Source(_STYLE)
                for key in (
                    "day_month",
                    "dateline_year",
                    "month_year",
                    "text_year",
                    "month_text_year",
                    "seasons",
                    "parts",
                    "part_core",
                    "phrases.day",
                    "phrases.month",
                    "phrases.range",
                    "range_phrases",
                    "weekday",
                )
            },
            "number_phrases": Source(
                "usage: AP Stylebook — the source's own preposition "
                "before an amount («by 5 percent», «for $300»)"
            ),
            "ordinal": Source(
                "grammar: English ordinal suffixes in figures — -st, -nd, -rd "
                "after 1, 2, 3, -th after 11, 12, 13 and every other digit"
            ),
            "quotes": Source("CLDR 49 en delimiters: “…”, ‘…’ inside (AP Stylebook alike)"),
            "press": Source("usage: AP Stylebook — the byline «By …», names joined by «and»"),
        }
    ),
    number_phrases=frozen(_GOVERNED),
    ordinal=ordinal,
    press=ENGLISH_PRESS,
)
