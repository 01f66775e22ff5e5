"""Tajik: every hand-written form, with its source.

Tajik marks a date's relation with prepositions ("аз", "то", "пас аз") and joins a month
to its year with the izofa ("18 июли соли 2021", "моҳи майи соли 2021"); it has no case
endings to put on the date. CLDR capitalizes Tajik month names ("18 Июл 2021") and pads
the day of its long date ("05 Июл 2021"); Tajik text writes months in lowercase and days
unpadded.
"""

from __future__ import annotations

from publisher.locale_patterns.model import LocalePatterns, Source, cases, frozen, seasons

_GRAMMAR = (
    "grammar: «Грамматикаи забони адабии ҳозираи тоҷик» (1985) — пешояндҳо (аз, то, ба, "
    "пеш аз, пас аз, байни) and the izofa"
)
_PRESS = "usage: Ховар, Садои мардум, Озодӣ — «18 июли соли 2021», «дар моҳи июн»"

_DAY = {
    "": "{nom}", "on": "{nom}", "in": "{nom}", "during": "{nom}",
    "since": "аз {nom} инҷониб", "from": "аз {nom}", "until": "то {nom}", "by": "то {nom}",
    "before": "пеш аз {nom}", "after": "пас аз {nom}", "for": "ба {nom}",
}

TG = LocalePatterns(
    code="tg",
    day_month="{day} {month}",
    dateline_year="{core} {year}",
    month_year="{nom} {year}",
    text_year="{core}и соли {year}",
    bare_year="dateline",
    phrases=frozen({
        "day": frozen(_DAY),
        "month": frozen({**_DAY, "on": "дар {nom}", "in": "дар {nom}",
                         "during": "дар давоми {nom}"}),
        "range": frozen({
            "": "{start_nom}–{end_nom}", "from": "аз {start_nom} то {end_nom}",
            "between": "байни {start_nom} ва {end_nom}",
        }),
    }),
    range_phrases=frozen(),
    cases=cases(),
    seasons=seasons(nom=("баҳор", "тобистон", "тирамоҳ", "зимистон")),
    parts=frozen({"early": frozen({"nom": "аввали"}), "mid": frozen({"nom": "нимаи"}),
                  "late": frozen({"nom": "охири"})}),
    part_core="{part} {nom}",
    month_core="моҳи {nom}",
    weekday=frozen({"": "{weekday}, {date}", "on": "рӯзи {weekday}, {date}"}),
    weekday_cases=frozen(),
    range_start_day_only=True,
    sources=frozen({
        "day_month": Source("CLDR 49 tg, months lowercased («18 июл»)"),
        "dateline_year": Source("CLDR 49 tg long date, day unpadded, month lowercased"),
        "month_year": Source("CLDR 49 tg yMMMM, month lowercased"),
        "text_year": Source(_PRESS),
        "seasons": Source("grammar: фаслҳои сол (баҳор, тобистон, тирамоҳ, зимистон)"),
        "parts": Source(_PRESS + " — «охири моҳи июн»"),
        "part_core": Source(_PRESS + " — «охири моҳи июн»"),
        "month_core": Source(_PRESS),
        "phrases.day": Source(_GRAMMAR),
        "phrases.month": Source(_GRAMMAR + "; " + _PRESS),
        "phrases.range": Source(_GRAMMAR),
        "weekday": Source("usage: «рӯзи ҷумъа, 21 июл»"),
    }),
)
