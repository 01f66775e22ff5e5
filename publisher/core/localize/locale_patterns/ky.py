"""Kyrgyz: every hand-written form, with its source.

Kyrgyz marks a date's relation with a suffix on its last word ("18-июлдан бери",
"май айына чейин"). Suffixes follow vowel harmony (the last vowel picks a, e, o or ө)
and voicing (after a voiceless consonant: т, к), and the soft sign of a Russian loanword
drops before them ("июлга", not "июльга"). Months and the words that carry a possessive
suffix ("айы", "аягы") are listed whole (``_FORMS``); other words follow ``inflect``'s rule.
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
    "grammar: «Кыргыз тилинин грамматикасы» (Кыргыз ССР ИА, 1987) — жөндөмөлөр, "
    "үндөштүк закону (vowel harmony) and voicing of suffix consonants"
)
_PRESS = "usage: Kabar, Azattyk (Kyrgyz service), 24.kg — «18-июлга чейин», «1-апрелден»"

_MONTHS = (
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
)
_MONTH_CASES = cases(
    dat=(
        "январга",
        "февралга",
        "мартка",
        "апрелге",
        "майга",
        "июнга",
        "июлга",
        "августка",
        "сентябрга",
        "октябрга",
        "ноябрга",
        "декабрга",
    ),
    abl=(
        "январдан",
        "февралдан",
        "марттан",
        "апрелден",
        "майдан",
        "июндан",
        "июлдан",
        "августтан",
        "сентябрдан",
        "октябрдан",
        "ноябрдан",
        "декабрдан",
    ),
    loc=(
        "январда",
        "февралда",
        "мартта",
        "апрелде",
        "майда",
        "июнда",
        "июлда",
        "августта",
        "сентябрда",
        "октябрда",
        "ноябрда",
        "декабрда",
    ),
    gen=(
        "январдын",
        "февралдын",
        "марттын",
        "апрелдин",
        "майдын",
        "июндун",
        "июлдун",
        "августтун",
        "сентябрдын",
        "октябрдын",
        "ноябрдын",
        "декабрдын",
    ),
)


def _possessive(stem: str, vowel: str) -> dict[str, str]:
    """A word ending in a 3rd-person possessive: "айы" -> "айына", "айында"..."""
    return {
        "gen": f"{stem}н{vowel}н",
        "dat": f"{stem}на",
        "acc": f"{stem}н",
        "loc": f"{stem}нда",
        "abl": f"{stem}нан",
    }


# Whole words: their suffixes are not what the rule below would give.
_FORMS: dict[str, dict[str, str]] = {
    **{
        name: {case: forms[i] for case, forms in _MONTH_CASES.items()}
        for i, name in enumerate(_MONTHS)
    },
    "айы": _possessive("айы", "ы"),
    "аягы": _possessive("аягы", "ы"),
    "башы": _possessive("башы", "ы"),
    "ортосу": _possessive("ортосу", "у"),
}
_HARMONY = {
    "а": "а",
    "ы": "а",
    "я": "а",
    "е": "е",
    "и": "е",
    "э": "е",
    "о": "о",
    "у": "о",
    "ё": "о",
    "ю": "о",
    "ө": "ө",
    "ү": "ө",
}
_VOICELESS = frozenset("кпстфхцчшщ")
_SUFFIXES = {  # case -> (after a vowel or voiced consonant, after a voiceless one), by vowel
    "dat": (
        {"а": "га", "е": "ге", "о": "го", "ө": "гө"},
        {"а": "ка", "е": "ке", "о": "ко", "ө": "кө"},
    ),
    "loc": (
        {"а": "да", "е": "де", "о": "до", "ө": "дө"},
        {"а": "та", "е": "те", "о": "то", "ө": "тө"},
    ),
    "abl": (
        {"а": "дан", "е": "ден", "о": "дон", "ө": "дөн"},
        {"а": "тан", "е": "тен", "о": "тон", "ө": "төн"},
    ),
    "gen": (
        {"а": "дын", "е": "дин", "о": "дун", "ө": "дүн"},
        {"а": "тын", "е": "тин", "о": "тун", "ө": "түн"},
    ),
    "acc": (
        {"а": "ды", "е": "ди", "о": "ду", "ө": "дү"},
        {"а": "ты", "е": "ти", "о": "ту", "ө": "тү"},
    ),
}
_AFTER_VOWEL = {
    "gen": {"а": "нын", "е": "нин", "о": "нун", "ө": "нүн"},
    "acc": {"а": "ны", "е": "ни", "о": "ну", "ө": "нү"},
}


def inflect(word: str, case: str) -> str:
    """``word`` (or the last word of a phrase) with the suffix of ``case``.

    ("18-июль", "dat") -> "18-июлга"; ("жаз", "loc") -> "жазда"; ("күз", "abl") -> "күздөн".
    """
    if case == "nom":
        return word
    head, _, last = word.rpartition(" ")
    prefix, _, stem = last.rpartition("-")
    listed = _FORMS.get(stem.lower())
    if listed is not None:
        inflected = listed[case]
    else:
        bare = stem.removesuffix("ь")
        vowel = next((_HARMONY[c] for c in reversed(bare.lower()) if c in _HARMONY), "а")
        final = bare[-1:].lower()
        if final in _HARMONY and case in _AFTER_VOWEL:
            suffix = _AFTER_VOWEL[case][vowel]
        else:
            suffix = _SUFFIXES[case][final in _VOICELESS][vowel]
        inflected = bare + suffix
    joined = f"{prefix}-{inflected}" if prefix else inflected
    return f"{head} {joined}" if head else joined


_NUMBERS_PRESS = "usage: Kabar, Azattyk (Kyrgyz service), 24.kg — «1,5 млрд сом», «5 пайызга»"
# The possessive's vowel (last letter of an izafet name) -> its dative, ablative, locative.
_POSSESSIVE = {
    "ы": ("на", "нан", "нда"),
    "у": ("на", "нан", "нда"),
    "и": ("не", "нен", "нде"),
    "ү": ("нө", "нөн", "ндө"),
}


def inflect_number(phrase: str, case: str) -> str:
    """``case`` on a number phrase: "300 АКШ доллары" -> "300 АКШ долларына" (an izafet
    currency name declines as a possessive); "5 пайыз" -> "5 пайызга" (``inflect``)."""
    words = phrase.split(" ")
    forms = _POSSESSIVE.get(phrase[-1:])
    index = ("dat", "abl", "loc").index(case) if case in ("dat", "abl", "loc") else None
    if len(words) < 3 or forms is None or index is None:
        return inflect(phrase, case)
    return phrase + forms[index]


_DAY = {
    "": "{nom}",
    "on": "{nom} күнү",
    "in": "{nom} күнү",
    "during": "{nom} күнү",
    "since": "{abl} бери",
    "from": "{abl} баштап",
    "until": "{dat} чейин",
    "by": "{dat} чейин",
    "before": "{abl} мурун",
    "after": "{abl} кийин",
    "for": "{dat}",
}

KY = LocalePatterns(
    code="ky",
    day_month="{day}-{month}",
    dateline_year="{year}-ж., {core}",
    month_year="{year}-ж., {nom}",
    text_year="{year}-жылы {core}",
    bare_year="dateline",
    phrases=frozen(
        {
            "day": frozen(_DAY),
            "month": frozen({**_DAY, "on": "{loc}", "in": "{loc}", "during": "{nom} бою"}),
            "range": frozen(
                {
                    "": "{start_nom}–{end_nom}",
                    "from": "{start_abl} {end_dat} чейин",
                    "between": "{start_abl} {end_dat} чейин",
                }
            ),
        }
    ),
    range_phrases=frozen({"on": "{date} күндөрү", "in": "{date} күндөрү"}),
    cases=_MONTH_CASES,
    seasons=seasons(nom=("жаз", "жай", "күз", "кыш")),
    parts=frozen(
        {
            "early": frozen({"nom": "башы"}),
            "mid": frozen({"nom": "ортосу"}),
            "late": frozen({"nom": "аягы"}),
        }
    ),
    part_core="{gen} {part}",
    month_core="{nom} айы",
    year_noun=frozen({"nom": "{year}-жыл"}),
    weekday=frozen({"": "{date}, {weekday}", "on": "{date}, {weekday} күнү"}),
    weekday_cases=frozen(),
    inflect=inflect,
    sources=frozen(
        {
            "day_month": Source("CLDR 49 ky («18-июль»)"),
            "dateline_year": Source("CLDR 49 ky long date («2021-ж., 18-июль»)"),
            "month_year": Source("CLDR 49 ky yMMMM («2021-ж., июль»)"),
            "text_year": Source(_PRESS + "; «2021-жылы»"),
            "cases": Source(_GRAMMAR + "; " + _PRESS),
            "seasons": Source("grammar: жыл мезгилдери (жаз, жай, күз, кыш)"),
            "parts": Source(_PRESS + " — «июнь айынын аягында»"),
            "part_core": Source(_PRESS + " — «июнь айынын аягында»"),
            "year_noun": Source(_PRESS + " — «2020-жылдын башында», «2020-жылдын аягына чейин»"),
            "month_core": Source(_PRESS + " — «май айында»"),
            "phrases.day": Source(_GRAMMAR + "; " + _PRESS),
            "phrases.month": Source(_GRAMMAR + "; " + _PRESS),
            "phrases.range": Source(_GRAMMAR),
            "range_phrases": Source("usage: «13–14-июль күндөрү»"),
            "weekday": Source("usage: «21-июль, жума күнү»"),
            "inflect": Source(_GRAMMAR),
            "currency.KGS": Source(_NUMBERS_PRESS + " — the home currency is «сом» in text"),
            "currency.GBP": Source(
                "CLDR correction: CLDR 49 ky writes «британия фунт стерлинги»; Британия is a "
                "proper name: «Британия фунт стерлинги»"
            ),
            "compact_scales": Source(
                _NUMBERS_PRESS + " — «млрд» every time (CLDR 49 ky: «млд»); «млн», «трлн» as CLDR"
            ),
            "percent": Source(_NUMBERS_PRESS + " — «5 пайызга өстү»"),
            "number_phrases": Source(_GRAMMAR + "; " + _NUMBERS_PRESS),
            "inflect_number": Source(
                _GRAMMAR + " — a currency name in the izafet («АКШ доллары») declines as a "
                "possessive: «АКШ долларына», «теңгесинен»"
            ),
            "quotes": Source(
                "CLDR 49 ky delimiters: «…», „…“ inside; usage: Азаттык, 24.kg, Kaktus.media"
            ),
            "press": Source(
                "usage: Azattyk, 24.kg, Kaktus.media — the author line «Автор: …» (plural "
                "«Авторлор»), names joined by «жана»"
            ),
            "ordinal": Source("grammar: ordinal in digits with a hyphen («55-жылдыгы»)"),
        }
    ),
    currency_names=frozen({"KGS": "сом", "GBP": "Британия фунт стерлинги"}),
    compact_scales=frozen({"billion": "млрд"}),
    percent_phrase="{number}\xa0пайыз",
    number_phrases=frozen(
        {
            "": "{nom}",
            "by": "{dat}",
            "for": "{dat}",
            "to": "{dat} чейин",
            "from": "{abl}",
        }
    ),
    inflect_number=inflect_number,
    ordinal="{number}-",
    press=PressWords("Автор:", "Авторлор:", "жана"),
    quotes=GUILLEMETS,
)
