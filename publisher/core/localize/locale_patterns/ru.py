"""Russian: every hand-written form, with its source.

CLDR gives the nominative (``LLLL``: "июль") and genitive ("18 июля") month names; every
other case, the seasons, the parts of a month and the governed phrases are written here.
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

_ROSENTAL = (
    "grammar: Д. Э. Розенталь, «Справочник по правописанию и литературной правке», "
    "управление предлогов (с, до, к, после, между + падеж)"
)
_ZALIZNYAK = "grammar: А. А. Зализняк, «Грамматический словарь русского языка» (склонение)"
_CLDR_ICU = "CLDR 49 / ICU 77 long date and interval patterns (the dash between spaces)"
_BYLINE = (
    "usage: Коммерсантъ, РБК, Ведомости — the author line «Автор: …» (plural «Авторы»), "
    "names joined by «и»"
)
_PRESS = "usage: Коммерсантъ, РБК, ТАСС — year in running text written out («2021 года»)"

_MONTH_CASES = cases(
    dat=(
        "январю",
        "февралю",
        "марту",
        "апрелю",
        "маю",
        "июню",
        "июлю",
        "августу",
        "сентябрю",
        "октябрю",
        "ноябрю",
        "декабрю",
    ),
    acc=(
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ),
    ins=(
        "январём",
        "февралём",
        "мартом",
        "апрелем",
        "маем",
        "июнем",
        "июлем",
        "августом",
        "сентябрём",
        "октябрём",
        "ноябрём",
        "декабрём",
    ),
    loc=(
        "январе",
        "феврале",
        "марте",
        "апреле",
        "мае",
        "июне",
        "июле",
        "августе",
        "сентябре",
        "октябре",
        "ноябре",
        "декабре",
    ),
)
_SEASONS = seasons(
    nom=("весна", "лето", "осень", "зима"),
    gen=("весны", "лета", "осени", "зимы"),
    dat=("весне", "лету", "осени", "зиме"),
    acc=("весну", "лето", "осень", "зиму"),
    ins=("весной", "летом", "осенью", "зимой"),
    loc=("весне", "лете", "осени", "зиме"),
)


def _noun(nom: str, gen: str, dat: str, acc: str, ins: str, loc: str) -> dict[str, str]:
    return {"nom": nom, "gen": gen, "dat": dat, "acc": acc, "ins": ins, "loc": loc}


_SINCE_UNTIL = {
    "since": "с {gen}",
    "from": "с {gen}",
    "until": "до {gen}",
    "before": "до {gen}",
    "after": "после {gen}",
    "by": "к {dat}",
    "for": "на {acc}",
}

RU = LocalePatterns(
    code="ru",
    day_month="{day} {month}",
    dateline_year="{core} {year}\u202fг.",
    month_year="{nom} {year}\u202fг.",
    text_year="{core} {year} года",
    bare_year="dateline",
    phrases=frozen(
        {
            # A date used as an adverbial takes no preposition: "18 июля".
            "day": frozen(
                {"": "{nom}", "on": "{nom}", "in": "{nom}", "during": "{nom}", **_SINCE_UNTIL}
            ),
            "month": frozen(
                {
                    "": "{nom}",
                    "in": "в {loc}",
                    "on": "в {loc}",
                    "during": "в течение {gen}",
                    **_SINCE_UNTIL,
                }
            ),
            # "весной 2001 года": a season in time takes the instrumental, no preposition.
            "season": frozen({"in": "{ins}", "on": "{ins}"}),
            "range": frozen(
                {
                    "": "{start_nom}\u202f–\u2009{end_nom}",
                    "from": "с {start_gen} по {end_acc}",
                    "between": "между {start_ins} и {end_ins}",
                }
            ),
        }
    ),
    range_phrases=frozen(),
    cases=_MONTH_CASES,
    seasons=_SEASONS,
    parts=frozen(
        {
            "early": _noun("начало", "начала", "началу", "начало", "началом", "начале"),
            "mid": _noun("середина", "середины", "середине", "середину", "серединой", "середине"),
            "late": _noun("конец", "конца", "концу", "конец", "концом", "конце"),
        }
    ),
    part_core="{part} {gen}",
    year_noun=frozen(
        {
            "nom": "{year} год",
            "gen": "{year} года",
            "dat": "{year} году",
            "acc": "{year} год",
            "ins": "{year} годом",
            "loc": "{year} году",
        }
    ),
    weekday=frozen({"": "{weekday}, {date}", "on": "в {weekday_acc}, {date}"}),
    weekday_cases=frozen(
        {
            "acc": (
                "понедельник",
                "вторник",
                "среду",
                "четверг",
                "пятницу",
                "субботу",
                "воскресенье",
            )
        }
    ),
    range_start_year="{core} {year}",
    range_start_day_only=True,
    sources=frozen(
        {
            "day_month": Source("CLDR 49 (format, wide: «18 июля»)"),
            "dateline_year": Source("CLDR 49 long date («18 июля 2021 г.», U+202F before «г.»)"),
            "month_year": Source("CLDR 49 yMMMM («июль 2021 г.»)"),
            "text_year": Source(_PRESS),
            "range_start_year": Source(
                "usage: «между сентябрём 2002 и мартом 2003 года» — one «года» closes the range"
            ),
            "cases": Source(_ZALIZNYAK),
            "seasons": Source(_ZALIZNYAK),
            "parts": Source(_ZALIZNYAK),
            "year_noun": Source(_ZALIZNYAK + "; «в начале 2020 года», «к концу 2020 года»"),
            "part_core": Source("grammar: «в конце июня», «к концу апреля» (part noun + genitive)"),
            "phrases.day": Source(_ROSENTAL),
            "phrases.month": Source(_ROSENTAL),
            "phrases.season": Source("grammar: instrumental of time («весной», «летом»)"),
            "phrases.range": Source(_ROSENTAL + "; " + _CLDR_ICU),
            "weekday": Source("grammar: «в пятницу» (в + accusative)"),
            "weekday_cases": Source(_ZALIZNYAK),
            "percent": Source("CLDR 49 ru percent pattern («5 %», U+00A0 before the sign)"),
            "number_phrases": Source(
                _ROSENTAL + ": «выросла на 5 %», «купил за 300 долларов», «до 7 %», «с 1 млрд»"
            ),
            "genitive_by_count": Source(
                _ZALIZNYAK + ": «до 5 долларов» (gen. pl.), «до 1 доллара», «до 1,5 доллара»"
            ),
            "quotes": Source(
                "CLDR 49 ru delimiters: «…», „…“ inside; usage: Коммерсантъ, РБК, ТАСС"
            ),
            "press": Source(_BYLINE),
            "ordinal": Source(
                "grammar: Розенталь, наращение падежного окончания («55-й»); masculine "
                "nominative (год, день, век, раз): the noun is not in the span, so a feminine "
                "or neuter noun needs the translator («55-я», «55-е»)"
            ),
        }
    ),
    number_phrases=frozen(
        {
            "": "{nom}",
            "by": "на {nom}",
            "for": "за {nom}",
            "to": "до {gen}",
            "from": "с {gen}",
        }
    ),
    genitive_by_count=True,
    ordinal="{number}-й",
    press=PressWords("Автор:", "Авторы:", "и"),
    quotes=GUILLEMETS,
)
