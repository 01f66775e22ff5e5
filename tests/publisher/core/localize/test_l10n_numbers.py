"""Numbers, percentages, money and ordinals per locale (publisher.core.localize.number_phrases),
with
exact code points: \\xa0 is U+00A0 (between a number and its scale word or percent word,
and in thousands), ʻ is U+02BB (Uzbek oʻ/gʻ), ӯ U+04EF and ў U+045E, Қ/қ U+049A/U+049B."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.numbers import get_currency_name

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.localize.l10n import formatter_for
from publisher.core.localize.locale_patterns import patterns_for
from publisher.core.protect import find_spans

REFERENCE = dt.date(2021, 7, 22)
LOCALES = ("ru", "uz", "uz_Cyrl", "ky", "tg")


def _render(text: str, locale: str) -> str:
    (span,) = find_spans(text, reference=REFERENCE)
    return formatter_for(locale).render(span)


# English source -> ru, uz, uz_Cyrl, ky, tg.
RENDERED: dict[str, tuple[str, str, str, str, str]] = {
    "$16.379 billion": (
        "16,379\xa0млрд долларов США",
        "16,379\xa0mlrd AQSH dollari",
        "16,379\xa0млрд АҚШ доллари",
        "16,379\xa0млрд АКШ доллары",
        "16,379\xa0млрд доллари ИМА",
    ),
    "$1.50 million": (
        "1,50\xa0млн долларов США",
        "1,50\xa0mln AQSH dollari",
        "1,50\xa0млн АҚШ доллари",
        "1,50\xa0млн АКШ доллары",
        "1,50\xa0млн доллари ИМА",
    ),
    "€2 trillion": (
        "2\xa0трлн евро",
        "2\xa0trln yevro",
        "2\xa0трлн евро",
        "2\xa0трлн евро",
        "2\xa0трлн евро",
    ),
    "5%": ("5\xa0%", "5\xa0foiz", "5\xa0фоиз", "5\xa0пайыз", "5\xa0фоиз"),
    "by 5 percent": (
        "на 5\xa0%",
        "5\xa0foizga",
        "5\xa0фоизга",
        "5\xa0пайызга",
        "ба 5\xa0фоиз",
    ),
    "from 3.5%": (
        "с 3,5\xa0%",
        "3,5\xa0foizdan",
        "3,5\xa0фоиздан",
        "3,5\xa0пайыздан",
        "аз 3,5\xa0фоиз",
    ),
    "to 7%": ("до 7\xa0%", "7\xa0foizgacha", "7\xa0фоизгача", "7\xa0пайызга чейин", "то 7\xa0фоиз"),
    "for $300": (
        "за 300 долларов США",
        "300 AQSH dollariga",
        "300 АҚШ долларига",
        "300 АКШ долларына",
        "ба 300 доллари ИМА",
    ),
    "to $1": (
        "до 1 доллара США",
        "1 AQSH dollarigacha",
        "1 АҚШ долларигача",
        "1 АКШ долларына чейин",
        "то 1 доллари ИМА",
    ),
    "from $1 billion": (
        "с 1\xa0млрд долларов США",
        "1\xa0mlrd AQSH dollaridan",
        "1\xa0млрд АҚШ долларидан",
        "1\xa0млрд АКШ долларынан",
        "аз 1\xa0млрд доллари ИМА",
    ),
    "by 500 soms": (
        "на 500 киргизских сомов",
        "500 Qirgʻiziston somiga",
        "500 Қирғизистон сомига",
        "500 сомго",
        "ба 500 соми Қирғизистон",
    ),
    "55th": ("55-й", "55-", "55-", "55-", "55-ум"),
    "iOS 14.5": ("14.5", "14.5", "14.5", "14.5", "14.5"),
}


@pytest.mark.parametrize("source", list(RENDERED))
@pytest.mark.parametrize("index", range(len(LOCALES)))
def test_rendered_spans(source: str, index: int) -> None:
    assert _render(source, LOCALES[index]) == RENDERED[source][index]


def test_every_locale_phrases_every_governor_the_detector_captures() -> None:
    for code in (*LOCALES, "en"):
        assert {"", "by", "for", "to", "from"} <= set(patterns_for(code).number_phrases), code


def test_english_keeps_the_governor() -> None:
    assert _render("for $300", "en") == "for 300 US dollars"
    assert _render("by 5 percent", "en") == "by 5%"
    assert _render("the 21st", "en") == "21st"


@pytest.mark.parametrize(
    ("locale", "currency", "expected"),
    [
        ("uz", "UZS", "1,5\xa0mln so\u02bbm"),
        ("uz_Cyrl", "UZS", "1,5\xa0млн с\u045eм"),
        ("ky", "KGS", "1,5\xa0млн сом"),
        ("tg", "TJS", "1,5\xa0млн сомон\u04e3"),
    ],
)
def test_the_home_currency_has_its_everyday_name(locale: str, currency: str, expected: str) -> None:
    assert formatter_for(locale).money(Decimal("1500000"), currency) == expected


@pytest.mark.parametrize(
    ("locale", "currency", "cldr", "ours"),
    [
        # The yuan is "юан"; CLDR says "иена" (the yen).
        ("tg", "CNY", "иенаи хитоӣ", "юани хитоӣ"),
        # Қазоқистон: CLDR writes К U+041A and о for қ U+049B.
        ("tg", "KZT", "тангаи Казокистон", "тангаи \u049aаз\u043e\u049bистон"),
        # Tajik ӯ (U+04EF), not the Uzbek ў (U+045E).
        ("tg", "UZS", "с\u045eми \u04eeзбекистон", "с\u04efми \u04eeзбекистон"),
        ("ky", "GBP", "британия фунт стерлинги", "Британия фунт стерлинги"),
        # uz_Cyrl names the rouble as uz Latin does ("Rossiya rubli").
        ("uz_Cyrl", "RUB", "Рус рубли", "Россия рубли"),
        # uz Latin writes gʻ with U+02BB (CLDR: U+2018).
        ("uz", "KGS", "Qirg\u2018iziston somi", "Qirg\u02bbiziston somi"),
        ("uz", "KZT", "Qozog\u2018iston tengesi", "Qozog\u02bbiston tengesi"),
    ],
)
def test_cldr_currency_name_corrections(locale: str, currency: str, cldr: str, ours: str) -> None:
    assert get_currency_name(currency, count=2, locale=locale) == cldr  # else the fix can go
    assert patterns_for(locale).currency_names[currency] == ours
    assert formatter_for(locale).money(Decimal("2"), currency) == f"2 {ours}"
    assert f"currency.{currency}" in patterns_for(locale).sources


def test_kyrgyz_writes_mlrd_and_tajik_drops_the_period() -> None:
    billion = Decimal("2500000000")
    assert formatter_for("ky").money(billion, "USD") == "2,5\xa0млрд АКШ доллары"  # CLDR "млд"
    assert formatter_for("tg").money(billion, "USD") == "2,5\xa0млрд доллари ИМА"  # CLDR "млрд."
    assert formatter_for("uz").money(billion, "USD") == "2,5\xa0mlrd AQSH dollari"
    assert formatter_for("tg").money(Decimal("2000000"), "TJS") == "2\xa0млн сомонӣ"


def test_stored_spans_without_a_scale_render_as_before() -> None:
    ru = formatter_for("ru")
    old = ProtectedSpan(SpanKind.MONEY, 0, 15, "$16.379 billion", "16379000000", currency="USD")
    assert ru.render(old) == "16\xa0379\xa0000\xa0000 долларов США"
    old = ProtectedSpan(SpanKind.MONEY, 0, 12, "$1.5 million", "1500000", currency="USD")
    assert ru.render(old) == "1,5\xa0млн долларов США"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1", "до 1 доллара США"),
        ("21", "до 21 доллара США"),
        ("11", "до 11 долларов США"),
        ("2", "до 2 долларов США"),
        ("5", "до 5 долларов США"),
        ("1.5", "до 1,5 доллара США"),
    ],
)
def test_russian_genitive_after_a_number(amount: str, expected: str) -> None:
    assert formatter_for("ru").money(Decimal(amount), "USD", governor="to") == expected


def test_kyrgyz_izafet_names_decline_as_possessives() -> None:
    ky = formatter_for("ky")
    assert ky.money(Decimal("300"), "KZT", governor="from") == "300 Казакстан теңгесинен"
    assert ky.money(Decimal("300"), "EUR", governor="by") == "300 еврого"
    assert ky.money(Decimal("300"), "RUB", governor="by") == "300 орус рублуна"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1-ум"),
        (2, "2-юм"),
        (3, "3-юм"),
        (12, "12-ум"),
        (13, "13-ум"),
        (22, "22-юм"),
        (30, "30-юм"),
        (55, "55-ум"),
        (100, "100-ум"),
    ],
)
def test_tajik_ordinals(number: int, expected: str) -> None:
    assert formatter_for("tg").numbers.ordinal(number) == expected


def test_dotted_times_render_as_clock_times() -> None:
    assert _render("at 23.45", "ru") == "23:45"
    assert _render("at 6.30", "uz") == "06:30"
