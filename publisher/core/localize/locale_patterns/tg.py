"""Tajik: every hand-written form, with its source.

Tajik marks a date's relation with prepositions ("аз", "то", "пас аз") and joins a month
to its year with the izofa ("18 июли соли 2021", "моҳи майи соли 2021"); it has no case
endings to put on the date. CLDR capitalizes Tajik month names ("18 Июл 2021") and pads
the day of its long date ("05 Июл 2021"); Tajik text writes months in lowercase and days
unpadded.
"""

from __future__ import annotations

from publisher.core.localize.locale_patterns.model import (
    GUILLEMETS,
    LocalePatterns,
    PressWords,
    Source,
    cases,
    frozen,
    seasons,
)

_GRAMMAR = (
    "grammar: «Грамматикаи забони адабии ҳозираи тоҷик» (1985) — пешояндҳо (аз, то, ба, "
    "пеш аз, пас аз, байни) and the izofa"
)
_PRESS = "usage: Ховар, Садои мардум, Озодӣ — «18 июли соли 2021», «дар моҳи июн»"

_NUMBERS_PRESS = "usage: Ховар, Азия-Плюс, Озодӣ — «1,5 млн сомонӣ», «ба 5 фоиз»"


def ordinal(number: int) -> str:
    """ "5-ум", "2-юм", "30-юм": «-юм» where the numeral's last word ends in a vowel."""
    vowel_ending = (number % 10 in (2, 3) and number % 100 // 10 != 1) or number % 100 == 30
    return f"{number}-{'юм' if vowel_ending else 'ум'}"


_DAY = {
    "": "{nom}",
    "on": "{nom}",
    "in": "{nom}",
    "during": "{nom}",
    "since": "аз {nom} инҷониб",
    "from": "аз {nom}",
    "until": "то {nom}",
    "by": "то {nom}",
    "before": "пеш аз {nom}",
    "after": "пас аз {nom}",
    "for": "ба {nom}",
}

TG = LocalePatterns(
    code="tg",
    day_month="{day} {month}",
    dateline_year="{core} {year}",
    month_year="{nom} {year}",
    text_year="{core}и соли {year}",
    bare_year="dateline",
    phrases=frozen(
        {
            "day": frozen(_DAY),
            "month": frozen(
                {**_DAY, "on": "дар {nom}", "in": "дар {nom}", "during": "дар давоми {nom}"}
            ),
            "range": frozen(
                {
                    "": "{start_nom}–{end_nom}",
                    "from": "аз {start_nom} то {end_nom}",
                    "between": "байни {start_nom} ва {end_nom}",
                }
            ),
        }
    ),
    range_phrases=frozen(),
    cases=cases(),
    seasons=seasons(nom=("баҳор", "тобистон", "тирамоҳ", "зимистон")),
    parts=frozen(
        {
            "early": frozen({"nom": "аввали"}),
            "mid": frozen({"nom": "нимаи"}),
            "late": frozen({"nom": "охири"}),
        }
    ),
    part_core="{part} {nom}",
    month_core="моҳи {nom}",
    year_noun=frozen({"nom": "соли {year}"}),
    weekday=frozen({"": "{weekday}, {date}", "on": "рӯзи {weekday}, {date}"}),
    weekday_cases=frozen(),
    range_start_day_only=True,
    sources=frozen(
        {
            "day_month": Source("CLDR 49 tg, months lowercased («18 июл»)"),
            "dateline_year": Source("CLDR 49 tg long date, day unpadded, month lowercased"),
            "month_year": Source("CLDR 49 tg yMMMM, month lowercased"),
            "text_year": Source(_PRESS),
            "seasons": Source("grammar: фаслҳои сол (баҳор, тобистон, тирамоҳ, зимистон)"),
            "parts": Source(_PRESS + " — «охири моҳи июн»"),
            "part_core": Source(_PRESS + " — «охири моҳи июн»"),
            "month_core": Source(_PRESS),
            "year_noun": Source(_PRESS + " — «дар аввали соли 2020», «то охири соли 2020»"),
            "phrases.day": Source(_GRAMMAR),
            "phrases.month": Source(_GRAMMAR + "; " + _PRESS),
            "phrases.range": Source(_GRAMMAR),
            "weekday": Source("usage: «рӯзи ҷумъа, 21 июл»"),
            "currency.TJS": Source(_NUMBERS_PRESS + " — the home currency is «сомонӣ» in text"),
            "currency.CNY": Source(
                "CLDR correction: CLDR 49 tg says «иенаи хитоӣ» (иена is the yen); the yuan is "
                "«юан»: «юани хитоӣ»"
            ),
            "currency.KZT": Source(
                "CLDR correction: CLDR 49 tg misspells «Казокистон»; Tajik writes «Қазоқистон» "
                "(Қ U+049A, қ U+049B)"
            ),
            "currency.UZS": Source(
                "CLDR correction: CLDR 49 tg writes «сўм» with the Uzbek ў (U+045E); Tajik ӯ is "
                "U+04EF: «сӯми Ӯзбекистон»"
            ),
            "compact_scales": Source(
                _NUMBERS_PRESS + " — «млн», «млрд», «трлн» without CLDR's period («млн.»)"
            ),
            "percent": Source(_NUMBERS_PRESS + " — «5 фоиз», «ба 5 фоиз»"),
            "number_phrases": Source(_GRAMMAR + "; " + _NUMBERS_PRESS),
            "quotes": Source(
                "usage: Озодӣ, Asia-Plus, «Ҷумҳурият» — «…», „…“ inside, as in Russian typography"
            ),
            "press": Source(
                "usage: Ozodi, Asia-Plus — the author line «Муаллиф: …» (plural «Муаллифон»), "
                "names joined by «ва»"
            ),
            "ordinal": Source(
                "grammar: numeral + «-ум» («5-ум»), «-юм» after a vowel (2 ду, 3 се, 30 сӣ: "
                "«2-юм», «30-юм»); no gender in Tajik"
            ),
        }
    ),
    currency_names=frozen(
        {
            "TJS": "сомонӣ",
            "CNY": "юани хитоӣ",
            "KZT": "тангаи Қазоқистон",
            "UZS": "сӯми Ӯзбекистон",
        }
    ),
    compact_scales=frozen({"million": "млн", "billion": "млрд", "trillion": "трлн"}),
    percent_phrase="{number}\xa0фоиз",
    number_phrases=frozen(
        {
            "": "{nom}",
            "by": "ба {nom}",
            "for": "ба {nom}",
            "to": "то {nom}",
            "from": "аз {nom}",
        }
    ),
    ordinal=ordinal,
    press=PressWords("Муаллиф:", "Муаллифон:", "ва"),
    quotes=GUILLEMETS,
)
