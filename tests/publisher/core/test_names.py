"""The name finder: what is a name in an English sentence, and what is not."""

from __future__ import annotations

import pytest

from publisher.core.names import capitalised_inside, find_names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # multi-word names stay together
        (
            "Sadyr Japarov met the Asian Development Bank in Bishkek.",
            ["Sadyr Japarov", "Asian Development Bank", "Bishkek"],
        ),
        # titles go, the name stays
        ("President Sadyr Japarov spoke.", ["Sadyr Japarov"]),
        ("He met Mr. Emomali Rahmon and Dr. Ali Khan.", ["Emomali Rahmon", "Ali Khan"]),
        ("Foreign Minister Jeenbek Kulubaev said so.", ["Jeenbek Kulubaev"]),
        ("Talks with Prime Minister Akylbek Japarov ended.", ["Akylbek Japarov"]),
        # sentence-initial "The" and an article before a name
        ("The Taliban took Kabul.", ["Taliban", "Kabul"]),
        ("The Foreign Ministry of Kyrgyzstan replied.", ["Foreign Ministry of Kyrgyzstan"]),
        # possessives
        ("It was Japarov's decision, said Sadyr Japarov's office.", ["Japarov", "Sadyr Japarov"]),
        ("The Pamirs’ villages are cut off.", ["Pamirs"]),
        # months and weekdays are dates, not names
        ("On Monday, in May and in July, nothing happened in Osh.", ["Osh"]),
        # acronyms are left to the editors (each language writes its own)
        ("The UN and the CSTO met in Dushanbe.", ["Dushanbe"]),
        # connectors inside a name, not at its ends
        (
            "The Bank of England and the Ministry for Emergency Situations.",
            ["Bank of England", "Ministry for Emergency Situations"],
        ),
        # hyphenated names and placeholders
        ("On ⟦1⟧, 345 people crossed into Gorno-Badakhshan.", ["Gorno-Badakhshan"]),
        ("New York is far.", ["New York"]),
        # no names
        ("The river rose again in the valley.", []),
        ("", []),
    ],
)
def test_names_in_a_sentence(text: str, names: list[str]) -> None:
    assert find_names(text) == names


def test_a_word_alone_at_a_sentence_start_is_a_name_only_if_capitalised_inside() -> None:
    assert find_names("Reporter number 3 wrote that the river rose.") == []
    assert find_names("Talks in Dushanbe end without agreement") == ["Dushanbe"]
    assert find_names("Officials met. They left.") == []
    assert find_names("Japarov's visit was short.") == []
    context = capitalised_inside("Later, Japarov's visit was short.")
    assert find_names("Japarov's visit was short.", context=context) == ["Japarov"]
    # a common word is never a name, even when capitalised inside (a headline)
    assert find_names("In Osh", context=frozenset({"in"})) == ["Osh"]


def test_a_title_or_an_initial_does_not_end_the_sentence() -> None:
    assert find_names("They met Mr. Rahmon. Rahmon left.") == ["Rahmon"]
    assert find_names("They met Gen. Rahmon in Osh.") == ["Rahmon", "Osh"]
    assert find_names("It rained. Kabul was calm.") == []  # alone at a start, nowhere else
    assert find_names("It rained. Kabul was calm.", context=frozenset({"kabul"})) == ["Kabul"]


def test_each_name_once_in_order() -> None:
    assert find_names("Osh and Bishkek, then Osh again.") == ["Osh", "Bishkek"]
