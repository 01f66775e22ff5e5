"""Messages for people in their language: an error's English text stays what the command
line and the API say; staff screens render the same message through the catalogs, with
its parameters (languages, numbers, nested messages) in the same language."""

from __future__ import annotations

import pickle

import pytest

from publisher.core.errors import InputError, TarjimaError
from publisher.core.messages import N_, Joined, LanguageName, Message, Number, message, render
from publisher.services.publish import PartialEditionError
from publisher.services.review import StaleVersionError


def test_an_error_is_english_text_and_says_itself_in_the_staff_language() -> None:
    error = InputError(N_("the title is too long (over %(limit)s characters)"), limit=200)
    assert str(error) == "the title is too long (over 200 characters)"
    assert error.args == ("the title is too long (over 200 characters)",)
    assert error.localized("en") == str(error)
    assert error.localized("ru") == "заголовок слишком длинный (больше 200 символов)"
    assert error.localized("ky") == "аталыш өтө узун (200 белгиден ашык)"


def test_parameters_are_said_in_the_same_language() -> None:
    partial = PartialEditionError("ky", 3)
    assert str(partial).startswith("the Kyrgyz edition is partial: 3 passages")
    assert partial.localized("ru").startswith("выпуск «Киргизский» неполный")
    assert partial.localized("tg").startswith("нашри Қирғизӣ қисман аст")
    listed = Joined([LanguageName("ky"), LanguageName("ru")], ", ")
    assert listed.localized("uz") == "Qirgʻizcha, Ruscha" and str(listed) == "Kyrgyz, Russian"
    assert Number(1048576).localized("ru") == "1\xa0048\xa0576"
    assert str(Number(1048576)) == "1,048,576"


def test_plain_text_errors_and_unknown_messages_stay_english() -> None:
    assert TarjimaError("a driver's own words").localized("ru") == "a driver's own words"
    # Not in the catalog: all of it in English, parameters included (never mixed).
    unknown = message("the %(language)s thing", language=LanguageName("ky"))
    assert unknown.localized("ru") == "the Kyrgyz thing"
    assert StaleVersionError(3).localized("xx") == str(StaleVersionError(3))


def test_a_translation_with_broken_placeholders_falls_back_to_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from publisher.core import messages

    broken = {"limit %(limit)s": "сломано %(nothing)s"}
    monkeypatch.setattr(
        messages, "gettext", lambda locale, msgid: msgid if locale == "en" else broken[msgid]
    )
    assert render("limit %(limit)s", {"limit": 5}, "ru") == "limit 5"
    assert str(Message("limit %(limit)s", {"limit": 5})) == "limit 5"


def test_errors_still_pickle_with_their_english_text() -> None:
    error = InputError(N_("the title is too long (over %(limit)s characters)"), limit=200)
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error)
