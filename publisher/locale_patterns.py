"""Per-locale patterns where CLDR (49) and Babel (2.19) fall short of what a newspaper prints.

``publisher.l10n`` takes month names, numbers, times and currency names from Babel, and
builds every date from the patterns below, so that a single date, a range and a phrase
("в конце июня") share one shape. Tests check that the plain single-date patterns give
exactly what CLDR gives (``format_date(d, "long")``, ``format_skeleton("MMMMd")``,
``format_skeleton("yMMMM")``), except for the Tajik month case (see ``lowercase_months``).

Why each pattern exists:

- Ranges: Babel's ``format_interval`` puts the month first in ky ("июль 13–14") and tg
  ("Июл 13–14"), uses an em dash in ru ("13—14 июля") and abbreviates months once a year
  is shown ("13—14 июл. 2021 г."). We print the locale's own day-month shape with the
  days widened to a range: "13–14-июль", "13–14 июл", "13–14 июля", en dash, full months.
- Tajik: CLDR capitalizes month names ("18 Июл 2021") and pads the day in the long date
  ("05 Июл 2021"); Tajik text writes months in lowercase and days unpadded.
- Phrases: a protected span may carry a preposition ("on July 18") or a part of a month
  ("late June"). CLDR has no such phrases, and they need grammatical cases CLDR lacks
  (the Russian prepositional "в июне", Kyrgyz dative/ablative "18-июлга", "18-июлдан").
- Year in running text: CLDR's "18 июля 2021 г." is a dateline form; inside a phrase a
  newspaper writes "в конце июня 2021 года", "2021-yil 18-iyul kuni", "18 июли соли 2021".
- Uzbek in Cyrillic (uz_Cyrl): its edition is the uz edition in other letters, so its
  patterns are the uz ones in Cyrillic, filled with Babel's uz_Cyrl month names ("июл",
  "январ": CLDR's spelling, without the soft sign). CLDR's uz_Cyrl data has basic coverage
  only, and differs from its own uz data where we keep the uz house style:

  | what          | CLDR uz_Cyrl    | CLDR uz            | we print (uz_Cyrl)        |
  |---------------|-----------------|--------------------|---------------------------|
  | long date     | 18 июл, 2021    | 18-iyul, 2021      | 18-июл, 2021              |
  | day and month | 18 июл          | 18-iyul            | 18-июл                    |
  | 1.5 million   | 1,5млн          | 1,5 mln (U+00A0)   | 1,5 млн (U+00A0)          |
  | EUR           | Евро            | yevro              | евро                      |
  | UZS           | Ўзбекистон сўм  | O‘zbekiston so‘mi  | Ўзбекистон сўми           |
  | KGS, TJS, KZT | KGS, TJS, KZT   | Qirg‘iziston somi… | Қирғизистон соми…         |
  | GBP           | Инглиз фунт     | Angliya funt…      | Англия фунт стерлинги     |

  The hyphen after a day number is Uzbek orthography in both scripts; the currency names
  we print are CLDR's uz names transliterated (a test checks each).

Template fields: ``{day}`` (a day or a day range), ``{nom}`` (month name, nominative),
``{gen}`` (the month form CLDR uses after a day: Russian genitive), ``{prep}`` (Russian
prepositional), ``{dat}``/``{abl}`` (Kyrgyz dative/ablative), ``{year}``, ``{core}`` (the
date or month being wrapped), ``{date}``/``{date_dat}``/``{date_abl}`` (a day-month).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

# Same-month ranges: an en dash without spaces ("13–14"). Ranges across months: an en dash
# between thin spaces, as CLDR's own interval patterns write it ("30 июля – 2 августа").
DAY_RANGE_DASH = "–"
RANGE_SEPARATOR = "\u2009–\u2009"

MONTH_PARTS = ("early", "mid", "late", "in")
DATE_PREPOSITIONS = ("on", "in", "by", "until", "since", "from")


def _cases(**forms: tuple[str, ...]) -> Mapping[str, tuple[str, ...]]:
    for name, names in forms.items():
        if len(names) != 12:
            raise ValueError(f"case {name!r} needs 12 month names, got {len(names)}")
    return MappingProxyType(forms)


def _phrases(templates: dict[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(templates or {})


@dataclass(frozen=True)
class LocalePatterns:
    """How one locale writes dates and date phrases (see the module docstring)."""

    code: str
    day_month: str  # "{day} {gen}": "18 июля", "13–14 июля"
    dateline_year: str  # CLDR long date around a day-month: "{core} {year}\u202fг."
    month_year: str  # CLDR yMMMM around a nominative month: "{nom} {year}\u202fг."
    text_year: str  # a year inside a phrase, around a date or month form: "{core} {year} года"
    date_phrases: Mapping[str, str]  # preposition -> template using {date}
    range_phrases: Mapping[str, str]  # preposition -> template; others print the bare range
    month_phrases: Mapping[str, str]  # early/mid/late/in -> template using month forms
    lowercase_months: bool = True
    cases: Mapping[str, tuple[str, ...]] = field(default_factory=_cases)
    month_text_year: str | None = None  # text_year for months, where it differs
    compact_format: Literal["short", "long"] = "short"  # style of "1,5 млн" in money amounts
    # Put between a compact number and its scale word where CLDR writes none ("1,5млн").
    compact_separator: str = ""
    # Currency names by ISO code where CLDR's are missing or wrong; others come from Babel.
    currency_names: Mapping[str, str] = field(default_factory=_phrases)


# Russian has no prepositional month names in CLDR; "в июне" needs them.
_RU_PREPOSITIONAL = (
    "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)

# Kyrgyz suffixes follow vowel harmony and voicing: "18-июлга чейин" (until July 18),
# "1-апрелден" (from April 1), "1-мартка", "1-августтан"; the soft sign is dropped.
_KY_DATIVE = (
    "январга", "февралга", "мартка", "апрелге", "майга", "июнга",
    "июлга", "августка", "сентябрга", "октябрга", "ноябрга", "декабрга",
)
_KY_ABLATIVE = (
    "январдан", "февралдан", "марттан", "апрелден", "майдан", "июндан",
    "июлдан", "августтан", "сентябрдан", "октябрдан", "ноябрдан", "декабрдан",
)

RU = LocalePatterns(
    code="ru",
    day_month="{day} {gen}",
    dateline_year="{core} {year}\u202fг.",
    month_year="{nom} {year}\u202fг.",
    text_year="{core} {year} года",
    # Russian puts no preposition before a date used as an adverbial: "18 июля".
    date_phrases=_phrases({
        "on": "{date}", "in": "{date}", "by": "к {date}", "until": "до {date}",
        "since": "с {date}", "from": "с {date}",
    }),
    range_phrases=_phrases(),
    month_phrases=_phrases({
        "early": "в начале {gen}", "mid": "в середине {gen}", "late": "в конце {gen}",
        "in": "в {prep}",
    }),
    cases=_cases(prep=_RU_PREPOSITIONAL),
)

UZ = LocalePatterns(
    code="uz",
    day_month="{day}-{gen}",
    dateline_year="{core}, {year}",
    month_year="{nom}, {year}",
    text_year="{year}-yil {core}",
    date_phrases=_phrases({
        "on": "{date} kuni", "in": "{date} kuni", "by": "{date}gacha", "until": "{date}gacha",
        "since": "{date}dan beri", "from": "{date}dan",
    }),
    range_phrases=_phrases({"on": "{date} kunlari", "in": "{date} kunlari"}),
    # CLDR writes Uzbek o‘ and g‘ with U+2018 ("o‘zbek"); so do we.
    month_phrases=_phrases({
        "early": "{nom} boshida", "mid": "{nom} o‘rtalarida", "late": "{nom} oxirida",
        "in": "{nom}da",
    }),
)

# The uz patterns above in Cyrillic letters (a test checks that they transliterate alike).
UZ_CYRL = LocalePatterns(
    code="uz_Cyrl",
    day_month="{day}-{gen}",
    dateline_year="{core}, {year}",
    month_year="{nom}, {year}",
    text_year="{year}-йил {core}",
    date_phrases=_phrases({
        "on": "{date} куни", "in": "{date} куни", "by": "{date}гача", "until": "{date}гача",
        "since": "{date}дан бери", "from": "{date}дан",
    }),
    range_phrases=_phrases({"on": "{date} кунлари", "in": "{date} кунлари"}),
    month_phrases=_phrases({
        "early": "{nom} бошида", "mid": "{nom} ўрталарида", "late": "{nom} охирида",
        "in": "{nom}да",
    }),
    compact_separator="\xa0",
    currency_names=_phrases({
        "EUR": "евро", "UZS": "Ўзбекистон сўми", "KGS": "Қирғизистон соми",
        "TJS": "Тожикистон сомонийси", "KZT": "Қозоғистон тенгеси",
        "GBP": "Англия фунт стерлинги",
    }),
)

KY = LocalePatterns(
    code="ky",
    day_month="{day}-{gen}",
    dateline_year="{year}-ж., {core}",
    month_year="{year}-ж., {nom}",
    text_year="{year}-жылы {core}",
    date_phrases=_phrases({
        "on": "{date} күнү", "in": "{date} күнү", "by": "{date_dat} чейин",
        "until": "{date_dat} чейин", "since": "{date_abl} бери", "from": "{date_abl} баштап",
    }),
    range_phrases=_phrases({"on": "{date} күндөрү", "in": "{date} күндөрү"}),
    month_phrases=_phrases({
        "early": "{nom} айынын башында", "mid": "{nom} айынын ортосунда",
        "late": "{nom} айынын аягында", "in": "{nom} айында",
    }),
    cases=_cases(dat=_KY_DATIVE, abl=_KY_ABLATIVE),
)

TG = LocalePatterns(
    code="tg",
    day_month="{day} {gen}",
    dateline_year="{core} {year}",
    month_year="{nom} {year}",
    # The izofa joins month and year: "18 июли соли 2021", "охири моҳи июни соли 2021".
    text_year="{core}и соли {year}",
    # Like Russian, a bare date works as an adverbial: "18 июл".
    date_phrases=_phrases({
        "on": "{date}", "in": "{date}", "by": "то {date}", "until": "то {date}",
        "since": "аз {date} инҷониб", "from": "аз {date}",
    }),
    range_phrases=_phrases(),
    month_phrases=_phrases({
        "early": "аввали моҳи {nom}", "mid": "нимаи моҳи {nom}", "late": "охири моҳи {nom}",
        "in": "дар моҳи {nom}",
    }),
)

_EN_PREPOSITIONS = {p: f"{p} {{date}}" for p in DATE_PREPOSITIONS}

EN = LocalePatterns(
    code="en",
    day_month="{gen} {day}",
    dateline_year="{core}, {year}",
    month_year="{nom} {year}",
    text_year="{core}, {year}",
    month_text_year="{core} {year}",
    date_phrases=_phrases(_EN_PREPOSITIONS),
    range_phrases=_phrases(_EN_PREPOSITIONS),
    month_phrases=_phrases({
        "early": "early {nom}", "mid": "mid-{nom}", "late": "late {nom}", "in": "in {nom}",
    }),
    lowercase_months=False,
    compact_format="long",  # "1.5 million US dollars", not "1.5M US dollars"
)

PATTERNS: Mapping[str, LocalePatterns] = MappingProxyType(
    {p.code: p for p in (UZ, UZ_CYRL, KY, TG, RU, EN)}
)


def patterns_for(code: str) -> LocalePatterns:
    """The patterns of a supported locale code ("uz", "uz_Cyrl", "ky", "tg", "ru", "en")."""
    return PATTERNS[code]
