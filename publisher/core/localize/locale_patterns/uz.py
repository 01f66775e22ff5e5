"""Uzbek, Latin (uz) and Cyrillic (uz_Cyrl): every hand-written form, with its source.

Uzbek marks a date's relation with a suffix on its last word ("18-iyuldan beri",
"2021-yil maygacha"): the phrases put the core in a case and ``inflect`` adds the suffix.
Latin Uzbek writes oʻ and gʻ with U+02BB and the tutuq belgisi with U+02BC, as the
official alphabet (1995) and native news do. The Cyrillic edition keeps the Uzbek house
style of Cyrillic-script papers: "2020 йил", "18 июл" (no hyphen), CLDR's uz_Cyrl month
names; its phrases are the Latin ones transliterated (``UZ_CYRL`` is built from ``UZ``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace

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
    "grammar: A. Hojiyev et al., «Hozirgi oʻzbek adabiy tili» — kelishik qoʻshimchalari "
    "(-ga/-ka/-qa, -da, -dan, -ning, -ni) and -gacha"
)
_PRESS = "usage: Kun.uz, Gazeta.uz, Xalq soʻzi — «2021-yil 18-iyul», «8-fevraldan», «maygacha»"
_CYRILLIC_PRESS = "usage: «Халқ сўзи», «Ўзбекистон овози» (Cyrillic) — «2020 йил 18 июл»"

# Suffixes by case; after k and q the dative and terminative start with that letter.
_LATIN_SUFFIXES = {
    "gen": "ning",
    "dat": "ga",
    "acc": "ni",
    "loc": "da",
    "abl": "dan",
    "term": "gacha",
}
_CYRILLIC_SUFFIXES = {
    "gen": "нинг",
    "dat": "га",
    "acc": "ни",
    "loc": "да",
    "abl": "дан",
    "term": "гача",
}


def _inflect(word: str, case: str, suffixes: dict[str, str], hard: dict[str, str]) -> str:
    if case == "nom":
        return word
    suffix = suffixes[case]
    last = word[-1:].lower()
    if case in ("dat", "term") and last in hard:
        suffix = hard[last] + suffix[1:]
    return word + suffix


def inflect_latin(word: str, case: str) -> str:
    """``word`` with the suffix of ``case``: ("18-iyul", "abl") -> "18-iyuldan"."""
    return _inflect(word, case, _LATIN_SUFFIXES, {"k": "k", "q": "q"})


def inflect_cyrillic(word: str, case: str) -> str:
    """The same in Cyrillic letters: ("18 июл", "abl") -> "18 июлдан"."""
    return _inflect(word, case, _CYRILLIC_SUFFIXES, {"к": "к", "қ": "қ"})


_DAY = {
    "": "{nom}",
    "on": "{nom} kuni",
    "in": "{nom} kuni",
    "during": "{nom} kuni",
    "since": "{abl} beri",
    "from": "{abl}",
    "until": "{term}",
    "by": "{term}",
    "before": "{abl} oldin",
    "after": "{abl} keyin",
    "for": "{dat}",
}
_MONTH = {
    **_DAY,
    "on": "{loc}",
    "in": "{loc}",
    "during": "{nom} davomida",
}
_RANGE = {
    "": "{start_nom}–{end_nom}",
    "from": "{start_abl} {end_term}",
    "between": "{start_nom} va {end_nom} oraligʻida",
}
_PARTS = {"early": "boshi", "mid": "oʻrtasi", "late": "oxiri"}
_SOURCES = {
    "day_month": Source("CLDR 49 uz («18-iyul»): the hyphen after a day is Uzbek orthography"),
    "dateline_year": Source("CLDR 49 uz long date («18-iyul, 2021»), for datelines only"),
    "month_year": Source(_PRESS),
    "text_year": Source(_PRESS),
    "seasons": Source("grammar: fasl nomlari (bahor, yoz, kuz, qish)"),
    "parts": Source(_GRAMMAR + "; usage: «iyun oxirida», «may boshida»"),
    "part_core": Source(_PRESS),
    "year_noun": Source(_PRESS + " — «2020-yil boshida», «2020-yil oxirigacha»"),
    "phrases.day": Source(_GRAMMAR + "; " + _PRESS),
    "phrases.month": Source(_GRAMMAR),
    "phrases.range": Source(_GRAMMAR),
    "range_phrases": Source("usage: «13–14-iyul kunlari»"),
    "weekday": Source("usage: «21-iyul, juma kuni»"),
    "inflect": Source(_GRAMMAR),
}

_NUMBERS_PRESS = "usage: Kun.uz, Gazeta.uz, Xalq soʻzi — «1,5 mln soʻm», «5 foizga oshdi»"
_NUMBER_SOURCES = {
    "currency.UZS": Source(_NUMBERS_PRESS + " — the home currency is «soʻm» in text"),
    "currency.KGS": Source("CLDR 49 uz with oʻ/gʻ written U+02BB (CLDR: U+2018)"),
    "currency.KZT": Source("CLDR 49 uz with oʻ/gʻ written U+02BB (CLDR: U+2018)"),
    "percent": Source(_NUMBERS_PRESS + " — «foiz» in running text, never «%»"),
    "number_phrases": Source(_GRAMMAR + "; " + _NUMBERS_PRESS),
    "quotes": Source(
        "CLDR correction: CLDR 49 uz gives “…” with ’…‘ inside; the Uzbek press prints «…» "
        "(usage: Kun.uz, Gazeta.uz, Xalq soʻzi), „…“ inside"
    ),
    "press": Source(
        "usage: Kun.uz, Gazeta.uz — the author line «Muallif: …» (plural «Mualliflar»), "
        "names joined by «va»"
    ),
    "ordinal": Source("grammar: tartib son in digits with a hyphen («55-yilligi»)"),
}

UZ = LocalePatterns(
    code="uz",
    day_month="{day}-{month}",
    dateline_year="{core}, {year}",
    month_year="{year}-yil {nom}",
    text_year="{year}-yil {core}",
    bare_year="text",
    phrases=frozen({"day": frozen(_DAY), "month": frozen(_MONTH), "range": frozen(_RANGE)}),
    range_phrases=frozen({"on": "{date} kunlari", "in": "{date} kunlari"}),
    cases=cases(),
    seasons=seasons(nom=("bahor", "yoz", "kuz", "qish")),
    parts=frozen({part: frozen({"nom": noun}) for part, noun in _PARTS.items()}),
    part_core="{nom} {part}",
    year_noun=frozen({"nom": "{year}-yil"}),
    weekday=frozen({"": "{date}, {weekday}", "on": "{date}, {weekday} kuni"}),
    weekday_cases=frozen(),
    inflect=inflect_latin,
    sources=frozen({**_SOURCES, **_NUMBER_SOURCES}),
    currency_names=frozen(
        {
            "UZS": "soʻm",
            "KGS": "Qirgʻiziston somi",
            "KZT": "Qozogʻiston tengesi",
        }
    ),
    percent_phrase="{number}\xa0foiz",
    number_phrases=frozen(
        {
            "": "{nom}",
            "by": "{dat}",
            "for": "{dat}",
            "to": "{term}",
            "from": "{abl}",
        }
    ),
    ordinal="{number}-",
    press=PressWords("Muallif:", "Mualliflar:", "va"),
    quotes=GUILLEMETS,
)


# CLDR's uz_Cyrl currency names (basic coverage) differ from its uz names: "Евро",
# "Ўзбекистон сўм", ISO codes for KGS, TJS, KZT. We print the uz names transliterated.
CYRILLIC_CURRENCY_NAMES = {
    "EUR": "евро",
    "UZS": "сўм",
    "KGS": "Қирғизистон соми",
    "TJS": "Тожикистон сомонийси",
    "KZT": "Қозоғистон тенгеси",
    "GBP": "Англия фунт стерлинги",
    # CLDR 49 uz_Cyrl «Рус рубли» ("Russian rouble"); uz Latin: «Rossiya rubli».
    "RUB": "Россия рубли",
}


# Where the Cyrillic edition's forms come from, where they differ from the Latin ones.
_CYRILLIC_SOURCES: Mapping[str, Source] = frozen(
    {
        "day_month": Source(_CYRILLIC_PRESS + "; CLDR 49 uz_Cyrl month names («июл»)"),
        "month_year": Source(_CYRILLIC_PRESS),
        "text_year": Source(_CYRILLIC_PRESS),
        "year_noun": Source(_CYRILLIC_PRESS + " — «2020 йил охирида»"),
        "inflect": Source(_GRAMMAR + " (in Cyrillic letters)"),
        "currency": Source(
            "CLDR correction: CLDR 49 uz_Cyrl has basic coverage (ISO codes for KGS, "
            "TJS, KZT; «Евро»); we print CLDR's uz names in Cyrillic letters"
        ),
        "currency.UZS": Source(_CYRILLIC_PRESS + " — the home currency is «сўм» in text"),
        "currency.RUB": Source(
            "CLDR correction: CLDR 49 uz_Cyrl «Рус рубли» differs from uz «Rossiya "
            "rubli»; one edition names the rouble one way: «Россия рубли»"
        ),
        "percent": Source(_CYRILLIC_PRESS + " — «5 фоиз»"),
    }
)


def cyrillic(patterns: LocalePatterns, transliterate: Callable[[str], str]) -> LocalePatterns:
    """``UZ`` in Cyrillic letters, in the house style of Cyrillic-script Uzbek papers."""

    def letters(template: str) -> str:  # template fields ("{nom}") stay as they are
        return "".join(
            piece if piece.startswith("{") else transliterate(piece)
            for piece in re.split(r"(\{[^}]*\})", template)
        )

    def each(mapping: Mapping[str, str]) -> Mapping[str, str]:
        return frozen({key: letters(text) for key, text in mapping.items()})

    return replace(
        patterns,
        code="uz_Cyrl",
        day_month="{day} {month}",
        month_year="{year} йил {nom}",
        year_noun=frozen({"nom": "{year} йил"}),
        text_year="{year} йил {core}",
        phrases=frozen({shape: each(t) for shape, t in patterns.phrases.items()}),
        range_phrases=each(patterns.range_phrases),
        seasons=frozen(
            {
                case: tuple(transliterate(name) for name in names)
                for case, names in patterns.seasons.items()
            }
        ),
        parts=frozen({part: each(forms) for part, forms in patterns.parts.items()}),
        weekday=each(patterns.weekday),
        inflect=inflect_cyrillic,
        compact_separator="\xa0",
        currency_names=frozen({**patterns.currency_names, **CYRILLIC_CURRENCY_NAMES}),
        percent_phrase=letters(patterns.percent_phrase or "{number}"),
        number_phrases=each(patterns.number_phrases),
        press=PressWords(
            *(
                transliterate(word)
                for word in (
                    patterns.press.author,
                    patterns.press.authors,
                    patterns.press.conjunction,
                )
            )
        ),
        sources=frozen({**patterns.sources, **_CYRILLIC_SOURCES}),
    )
