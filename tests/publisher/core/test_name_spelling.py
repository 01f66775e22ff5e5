"""Proposing how an approved translation spells a name: by sound (transliterated,
endings left out), else by order among the capitalised phrases."""

from __future__ import annotations

import pytest

from publisher.core.name_spelling import in_script_of, propose_spelling, propose_spellings


@pytest.mark.parametrize(
    ("name", "translated", "spelling"),
    [
        # Kyrgyz: the genitive ending is not part of the name
        ("Sadyr Japarov", "Президент Садыр Жапаровдун айтымында, чек ара ачылат.", "Садыр Жапаров"),
        # Russian: inflected first and last names give their stems
        ("Sadyr Japarov", "Президент встретил Садыра Жапарова в Бишкеке.", "Садыр Жапаров"),
        # Tajik letters (ҳ, ӣ) compare as their Russian look-alikes
        ("Emomali Rahmon", "Эмомалӣ Раҳмон гуфт, ки ⟦1⟧ омад.", "Эмомалӣ Раҳмон"),
        # Uzbek Latin, with a locative ending
        ("Bishkek", "Prezident Sadir Japarov Bishkekda gapirdi.", "Bishkek"),
        ("Sadyr Japarov", "Prezident Sadir Japarov Bishkekda gapirdi.", "Sadir Japarov"),
    ],
)
def test_spelled_names_are_found_by_sound(name: str, translated: str, spelling: str) -> None:
    assert propose_spelling(name, translated) == spelling


def test_a_translated_name_is_found_by_its_order() -> None:
    translated = "Садыр Жапаров встретился с Азиатским банком развития в Бишкеке."
    # The names found by sound take their phrases; the bank takes the one left.
    assert propose_spellings(
        ["Sadyr Japarov", "Asian Development Bank", "Bishkek"], translated
    ) == ["Садыр Жапаров", "Азиатским банком развития", "Бишкек"]
    # "Президент" alone at the start of the sentence is no phrase to take.
    assert propose_spelling(
        "Asian Development Bank", "Президент Азиатского банка развития приехал."
    ) == ("Азиатского банка развития")


def test_without_any_match_the_transliterated_name_is_proposed() -> None:
    assert propose_spelling("Murghab", "чек арадан өттү") == "Мургаб"
    assert propose_spelling("Khorog", "чек арадан өттү") == "Хорог"
    assert in_script_of("Murghab", "Latin text") == "Murghab"
