"""Every QA check on one translation: spans missing, altered or duplicated, empty,
untranslated, length out of range for the pair, and a glossary term missed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from publisher.core.articles import Segment
from publisher.core.protect import find_spans, mask
from publisher.core.qa import (
    CODES,
    Severity,
    check_translation,
    labelled,
    unresolved_errors,
    warning_text,
)
from publisher.db.repository import TermRecord

TEXT = "On July 18, 2021, 345 ethnic Kyrgyz from Badakhshan crossed into Tajikistan."
SEGMENT = Segment(0, 0, TEXT, find_spans(TEXT, reference=date(2021, 7, 21)))
MASKED = mask(SEGMENT.text, SEGMENT.spans)  # "⟦1⟧, ⟦2⟧ ethnic Kyrgyz ..."
GOOD_KY = "⟦1⟧ Бадахшандан ⟦2⟧ этникалык кыргыз Тажикстанга өтүштү."
TERM = TermRecord(1, "en", "ky", "Badakhshan", "Бадахшан", "")


def _codes(translated: str, glossary: Sequence[TermRecord] = ()) -> list[str]:
    return [w.code for w in check_translation(SEGMENT, translated, locale="ky", glossary=glossary)]


def test_a_good_translation_has_no_warning() -> None:
    assert "⟦1⟧" in MASKED and "⟦2⟧" in MASKED
    assert _codes(GOOD_KY, glossary=[TERM]) == []


def test_protected_spans_missing_altered_or_duplicated_are_errors() -> None:
    missing = check_translation(SEGMENT, GOOD_KY.replace("⟦2⟧ ", ""), locale="ky")
    assert [w.code for w in missing] == ["span_missing"]
    assert missing[0].severity is Severity.ERROR and "345" in missing[0].message
    assert "span_duplicated" in _codes(GOOD_KY + " ⟦2⟧")
    # Altered: the number placeholder changed into one that does not exist.
    altered = _codes(GOOD_KY.replace("⟦2⟧", "⟦7⟧"))
    assert "span_unknown" in altered and "span_missing" in altered
    # A lost closing bracket is repaired, not flagged.
    assert _codes(GOOD_KY.replace("⟦2⟧", "⟦2")) == []


def test_empty_and_untranslated() -> None:
    assert _codes("   ") == ["empty"]
    untranslated = check_translation(SEGMENT, MASKED, locale="ky")
    assert [(w.code, w.severity) for w in untranslated] == [("untranslated", Severity.WARNING)]
    # A segment of numbers only may well stay as it is.
    numbers = Segment(0, 0, "345", find_spans("345", reference=date(2021, 7, 21)))
    assert check_translation(numbers, "⟦1⟧", locale="ky") == ()
    # Names, credits and datelines are often right as they are.
    for kept in ("Reuters", "AFP/Getty Images", "Shavkat Mirziyoyev", "Qishloq Ovozi Blog"):
        assert check_translation(Segment(0, 0, kept), kept, locale="uz") == (), kept


def test_length_out_of_range_for_the_pair() -> None:
    short = check_translation(SEGMENT, "⟦1⟧ ⟦2⟧ ок.", locale="ky")
    assert [w.code for w in short] == ["length_ratio"]
    long = GOOD_KY + " " + "Бул абдан узун кошумча сүйлөм. " * 6
    assert "length_ratio" in _codes(long)
    assert (
        check_translation(Segment(0, 0, "Hi."), "Саламатсызбы баарыңыздарга!", locale="ky") == ()
    )  # too short to judge
    # Concise but normal output is not flagged (ratios 0.6-0.65 seen in real copy).
    concise = Segment(0, 0, "He said that this was not the first time it happened.")
    assert check_translation(concise, "Ал мындай биринчи жолу болбогонун айтты.", locale="ky") == ()


def test_a_missed_glossary_term_is_a_warning_and_suffixes_are_fine() -> None:
    missed = check_translation(
        SEGMENT, GOOD_KY.replace("Бадахшандан", "Бадакшандан"), locale="ky", glossary=[TERM]
    )
    assert [w.code for w in missed] == ["glossary"]
    assert "Badakhshan" in missed[0].message and "Бадахшан" in missed[0].message
    assert _codes(GOOD_KY, glossary=[TERM]) == []  # "Бадахшандан" keeps the stem


def test_a_glossary_name_spelled_otherwise_is_an_error_other_terms_stay_warnings() -> None:
    name = TermRecord(
        id=9,
        source_locale="en",
        target_locale="ky",
        term="Badakhshan",
        translation="Бадахшан",
        note="",
        kind="name",
    )
    missed = check_translation(
        SEGMENT, GOOD_KY.replace("Бадахшандан", "Бадакшандан"), locale="ky", glossary=[name]
    )
    assert [(w.code, w.severity) for w in missed] == [("glossary", Severity.ERROR)]
    assert _codes(GOOD_KY, glossary=[name]) == []  # the suffix is allowed
    term = check_translation(
        SEGMENT, GOOD_KY.replace("Бадахшандан", "Бадакшандан"), locale="ky", glossary=[TERM]
    )
    assert [w.severity for w in term] == [Severity.WARNING]


def test_every_code_is_listed_and_errors_count_on_approved_rows_too() -> None:
    produced = {
        "empty",
        "span_missing",
        "span_duplicated",
        "span_unknown",
        "span_unbalanced",
        "untranslated",
        "length_ratio",
        "glossary",
    }
    assert produced == set(CODES)
    error = {"code": "span_missing", "severity": "error", "message": "x"}
    warning = {"code": "glossary", "severity": "warning", "message": "x"}
    rows = [("machine", [error, warning]), ("needs_review", [error]), ("approved", [error])]
    # An approval does not make a missing number appear: approved errors count.
    assert unresolved_errors(rows) == 3


def test_a_link_left_open_is_unbalanced() -> None:
    from publisher.core.articles import ProtectedSpan, SpanKind

    link = ProtectedSpan(
        SpanKind.MARKUP, 4, 10, "Kyrgyz", "a", attrs=(("href", "https://example.org/ky"),)
    )
    segment = Segment(0, 0, "The Kyrgyz of the Pamirs", (link,))
    assert mask(segment.text, segment.spans) == "The ⟦1⟧Kyrgyz⟦/1⟧ of the Pamirs"
    codes = [w.code for w in check_translation(segment, "Памирдин ⟦1⟧кыргыздары", locale="ky")]
    assert codes == ["span_unbalanced"]


# -- what a warning says, in the staff member's language ------------------------------------


def test_warnings_keep_their_params_and_say_them_in_any_language() -> None:
    found = check_translation(
        SEGMENT,
        GOOD_KY.replace("⟦2⟧ ", "").replace("Бадахшандан ", ""),
        locale="ky",
        glossary=[TERM],
    )
    assert [w.code for w in found] == ["span_missing", "glossary"]
    missing, glossary = (w.to_json() for w in found)
    # English stays the message of the API and the database; params say the same thing.
    assert missing["message"] == "number 345 missing from the translation"
    assert missing["params"] == {"reason": "missing", "span": {"kind": "number", "text": "345"}}
    assert warning_text(missing, "en") == missing["message"]
    assert warning_text(missing, "ru") == "в переводе нет: число 345"
    assert warning_text(missing, "ky") == "котормодо жок: сан 345"
    assert warning_text(missing, "tg") == "дар тарҷума нест: рақами 345"
    assert warning_text(missing, "uz") == "tarjimada yoʻq: raqam 345"
    assert warning_text(glossary, "ru") == "«Badakhshan» нужно переводить как «Бадахшан»"
    assert labelled([glossary], "ky")[0]["label"] == (
        "«Badakhshan» термини «Бадахшан» деп которулушу керек"
    )
    # Numbers are written the language's way.
    long = check_translation(SEGMENT, GOOD_KY + " Узун текст." * 20, locale="ky")
    ratio = next(w for w in long if w.code == "length_ratio").to_json()
    assert "," in warning_text(ratio, "ru") and "." in warning_text(ratio, "en")
    assert warning_text(ratio, "en") == ratio["message"]


def test_rows_stored_before_params_show_their_english_message() -> None:
    old = {
        "code": "span_missing",
        "message": "number 345 missing from the translation",
        "severity": "error",
    }
    assert warning_text(old, "ru") == old["message"]
    odd = {**old, "params": {"reason": "something new"}}
    assert warning_text(odd, "ky") == old["message"]
    assert warning_text({"code": "empty", "severity": "error"}, "ru") == "empty"
    assert labelled([old], "ru") == [{**old, "label": old["message"]}]
