"""Quotation marks in each locale's form (publisher.core.localize.quotes), code points spelled
out."""

from __future__ import annotations

import pytest

from publisher.core.localize.locale_patterns import patterns_for
from publisher.core.localize.locale_patterns.model import ENGLISH_QUOTES, GUILLEMETS
from publisher.core.localize.quotes import localize, localize_for

LAQUO, RAQUO = "\u00ab", "\u00bb"  # « »
BDQUO, LDQUO, RDQUO = "\u201e", "\u201c", "\u201d"  # „ “ ”
LSQUO, RSQUO = "\u2018", "\u2019"  # ‘ ’


@pytest.mark.parametrize("locale", ["ru", "ky", "tg", "uz", "uz_Cyrl"])
def test_each_edition_locale_prints_guillemets_with_low_high_quotes_inside(locale: str) -> None:
    marks = patterns_for(locale).quotes
    assert (marks.start, marks.end) == (LAQUO, RAQUO)
    assert (marks.alternate_start, marks.alternate_end) == (BDQUO, LDQUO)


def test_english_keeps_curly_quotes() -> None:
    assert patterns_for("en").quotes == ENGLISH_QUOTES
    assert localize_for('He said "yes".', "en") == f"He said {LDQUO}yes{RDQUO}."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Он сказал: "Мы придём".', f"Он сказал: {LAQUO}Мы придём{RAQUO}."),
        (f"Он сказал: {LDQUO}Мы придём{RDQUO}.", f"Он сказал: {LAQUO}Мы придём{RAQUO}."),
        # nested: English single quotes inside, and doubles inside doubles
        (
            f"{LDQUO}Это {LSQUO}план{RSQUO} Путина{RDQUO}, — сказал он.",
            f"{LAQUO}Это {BDQUO}план{LDQUO} Путина{RAQUO}, — сказал он.",
        ),
        ('"Это "план" Путина"', f"{LAQUO}Это {BDQUO}план{LDQUO} Путина{RAQUO}"),
        ("Компания 'Газпром' заявила", f"Компания {LAQUO}Газпром{RAQUO} заявила"),
    ],
)
def test_russian_quotes(text: str, expected: str) -> None:
    assert localize(text, GUILLEMETS) == expected


def test_apostrophes_and_uzbek_letters_stay() -> None:
    text = (
        f"O{LSQUO}zbekiston ma{RSQUO}no don't o'g'il bog\u02bb ma\u02bcno "
        f"the students{RSQUO} books {RSQUO}90s"
    )
    assert localize(text, GUILLEMETS) == text


def test_uzbek_quotation_around_words_with_letter_marks() -> None:
    text = f"U {LDQUO}O{LSQUO}zbekiston ma{RSQUO}no{RDQUO} dedi"
    assert localize_for(text, "uz") == f"U {LAQUO}O{LSQUO}zbekiston ma{RSQUO}no{RAQUO} dedi"


def test_a_quotation_running_over_two_segments_opens_in_one_and_closes_in_the_other() -> None:
    assert localize('"Мы придём.', GUILLEMETS) == f"{LAQUO}Мы придём."
    assert localize('Мы победим."', GUILLEMETS) == f"Мы победим.{RAQUO}"


def test_placeholders_are_left_intact() -> None:
    text = 'Он назвал \u27e61\u27e7"Газпром"\u27e6/1\u27e7 и "\u27e62\u27e7"'
    assert localize(text, GUILLEMETS) == (
        f"Он назвал \u27e61\u27e7{LAQUO}Газпром{RAQUO}\u27e6/1\u27e7 и {LAQUO}\u27e62\u27e7{RAQUO}"
    )


def test_a_lone_mark_between_spaces_stays() -> None:
    assert localize('5 " 6', GUILLEMETS) == '5 " 6'
