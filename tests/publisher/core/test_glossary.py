"""Glossaries: matching terms and required translations, managing terms, CSV import and
export (all or nothing), the starter glossaries, and highlighting terms in the source."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from publisher.core import glossary
from publisher.core.errors import InputError
from publisher.core.glossary import highlight, keeps, missing_terms, terms_in
from publisher.core.locales import TARGET_LOCALES
from publisher.core.records import TermRecord
from publisher.db.session import Database
from publisher.services.glossary import (
    STARTER_DIR,
    ImportResult,
    add_term,
    export_csv,
    import_csv,
    remove_term,
    seed_starter,
    terms_for,
)

LIMIT = 1024 * 1024


def _term(term: str, translation: str, note: str = "", term_id: int = 1) -> TermRecord:
    return TermRecord(
        id=term_id,
        source_locale="en",
        target_locale="ky",
        term=term,
        translation=translation,
        note=note,
    )


JAPAROV = _term("Sadyr Japarov", "Садыр Жапаров", term_id=1)
PAMIR = _term("Pamir", "Памир", term_id=2)
MINISTRY = _term("Foreign Ministry", "Тышкы иштер министрлиги", term_id=3)
JUST_MINISTRY = _term("Ministry", "министрли", term_id=4)  # a stem: министрлик, -лиги
TASHKENT = _term("Tashkent", "Toshkent", term_id=5)
TERMS = [JAPAROV, PAMIR, MINISTRY, JUST_MINISTRY, TASHKENT]


@pytest.fixture()
def database(tmp_path: Path) -> Database:
    return Database.open(f"sqlite:///{tmp_path / 'glossary.sqlite'}")


def _table(database: Database, locale: str = "ky") -> list[tuple[str, str, str]]:
    return [(t.term, t.translation, t.note) for t in terms_for(database, locale)]


# --- matching -----------------------------------------------------------------------


def test_terms_match_case_insensitively_at_word_boundaries() -> None:
    assert terms_in("President SADYR JAPAROV said", TERMS) == [JAPAROV]
    assert terms_in("sadyr japarov's visit", TERMS) == [JAPAROV]
    assert terms_in("Sadyr\nJaparov", TERMS) == [JAPAROV]  # any white space between words
    assert terms_in("Sadyr Japarovich", TERMS) == []
    assert terms_in("Tashkentology", TERMS) == []
    assert terms_in("In Tashkent.", TERMS) == [TASHKENT]


def test_a_term_also_matches_its_english_plural_but_not_other_endings() -> None:
    assert terms_in("the Pamirs", TERMS) == [PAMIR]
    assert terms_in("the Pamir's roads", TERMS) == [PAMIR]
    assert terms_in("Pamiri languages", TERMS) == []


def test_longer_terms_first_and_terms_inside_terms_both_found() -> None:
    assert terms_in("The Foreign Ministry in Tashkent", TERMS) == [
        MINISTRY,
        JUST_MINISTRY,
        TASHKENT,
    ]


def test_a_required_translation_may_take_suffixes() -> None:
    assert keeps("Садыр Жапаровдун сапары", "Садыр Жапаров")  # Kyrgyz genitive
    assert keeps("встреча Садыра Жапарова", "Садыр Жапаров")  # Russian: each word's ending
    assert keeps("САДЫР ЖАПАРОВ", "Садыр Жапаров")
    assert keeps("Toshkentda", "Toshkent")
    assert keeps("Qirg'izistonning", "Qirg‘iziston")  # any apostrophe
    assert keeps("Министерства иностранных дел", "иностранных дел")
    assert not keeps("Жапаров", "Садыр Жапаров")
    assert not keeps("Ташкентский", "Toshkent")
    assert not keeps("МИД", "иностранных дел")
    assert keeps("экс-Жапаров", "Жапаров")  # a hyphen starts a word


def test_missing_terms_are_those_in_the_source_without_their_translation() -> None:
    source = "Sadyr Japarov met officials of the Foreign Ministry in the Pamirs."
    kept = "Садыр Жапаровдун Тышкы иштер министрлигинин кызматкерлери менен Памирде"
    assert missing_terms(source, kept, TERMS) == []
    missing = missing_terms(source, "Жапаров Памирде министрлик менен жолукту", TERMS)
    assert missing == [MINISTRY, JAPAROV]  # longest first
    assert missing_terms("Nothing here", "", TERMS) == []


# --- highlighting -------------------------------------------------------------------


def test_highlight_marks_terms_with_their_translation_as_title() -> None:
    marked = highlight("Sadyr Japarov visited the Pamirs.", TERMS)
    assert str(marked) == (
        '<mark class="term" title="Садыр Жапаров">Sadyr Japarov</mark> visited the '
        '<mark class="term" title="Памир">Pamirs</mark>.'
    )


def test_highlight_prefers_the_longest_term_and_never_overlaps() -> None:
    marked = str(highlight("The Foreign Ministry and the ministry", TERMS))
    assert marked == (
        'The <mark class="term" title="Тышкы иштер министрлиги">Foreign Ministry</mark> and '
        'the <mark class="term" title="министрли">ministry</mark>'
    )
    overlapping = [_term("New York", "Нью-Йорк", term_id=1), _term("York Times", "YT", term_id=2)]
    assert str(highlight("New York Times", overlapping)) == (
        '<mark class="term" title="Нью-Йорк">New York</mark> Times'
    )


def test_highlight_escapes_hostile_source_and_translations() -> None:
    hostile = [
        _term("Dushanbe", '"><script>alert(1)</script>', term_id=1),
        _term("<b>", "<i>", term_id=2),
    ]
    marked = str(highlight("<script>alert('x')</script> Dushanbe & <b>", hostile))
    assert "<script>" not in marked and "<b>" not in marked and "<i>" not in marked
    assert marked.startswith("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; ")
    assert (
        '<mark class="term" title="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">'
        "Dushanbe</mark> &amp; "
    ) in marked
    assert marked.endswith('<mark class="term" title="&lt;i&gt;">&lt;b&gt;</mark>')


def test_highlight_without_terms_only_escapes() -> None:
    assert str(highlight("a < b ⟦1⟧", [])) == "a &lt; b ⟦1⟧"


# --- managing terms -----------------------------------------------------------------


def test_add_update_and_remove_terms(database: Database) -> None:
    assert add_term(database, target_locale="ky", term="  Dushanbe ", translation="Душанбе")
    assert not add_term(
        database,
        target_locale="ky",
        term="DUSHANBE",
        translation="Душанбе",
        note="capital of Tajikistan",
    )
    assert _table(database) == [("DUSHANBE", "Душанбе", "capital of Tajikistan")]
    assert terms_for(database, "ru") == []
    term_id = terms_for(database, "ky")[0].id
    assert not remove_term(database, term_id, target_locale="ru")  # not that glossary's
    assert remove_term(database, term_id, target_locale="ky")
    assert not remove_term(database, term_id)
    assert terms_for(database, "ky") == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"term": "", "translation": "Душанбе"}, "the term is empty"),
        ({"term": "   ", "translation": "Душанбе"}, "the term is empty"),
        ({"term": "Dushanbe", "translation": " "}, "the translation is empty"),
        ({"term": "D" * 201, "translation": "Душанбе"}, "the term is too long"),
        ({"term": "Dushanbe", "translation": "Д" * 201}, "the translation is too long"),
        ({"term": "ß" * 150, "translation": "x"}, "the term is too long"),  # casefolds to 300
        ({"term": "Dush\x00anbe", "translation": "Душанбе"}, "control character U+0000"),
        ({"term": "Dushanbe", "translation": "Душ\x1banbe"}, "control character U+001B"),
        ({"term": "Dushanbe", "translation": "=HYPERLINK(1)"}, "formula"),
        ({"term": "Dushanbe", "translation": "Душанбе", "note": "\x07"}, "control character"),
        (
            {"term": "Dushanbe", "translation": "Душанбе", "target_locale": "fr"},
            "unknown target language “fr”",
        ),
        (
            {"term": "Dushanbe", "translation": "Душанбе", "source_locale": "ru"},
            "unknown source language “ru”",
        ),
    ],
)
def test_add_term_refuses_bad_input_clearly(
    database: Database, fields: dict[str, str], message: str
) -> None:
    arguments = {"target_locale": "ky", "note": "", **fields}
    with pytest.raises(InputError, match=re.escape(message)):
        add_term(database, **arguments)
    assert terms_for(database, "ky") == []


def test_terms_for_an_unknown_locale_is_refused(database: Database) -> None:
    with pytest.raises(InputError, match="unknown target language “xx”"):
        terms_for(database, "xx")


# --- CSV ----------------------------------------------------------------------------


def test_csv_round_trip_keeps_quotes_commas_newlines_and_cyrillic(
    database: Database, tmp_path: Path
) -> None:
    rows = [
        ("Foreign Ministry", "Тышкы иштер министрлиги", 'the "ministry", in full'),
        ("Badakhshan", "Бадахшан", "line one\nline two"),
        ("Emomali Rahmon", "Эмомали Рахмон", ""),
    ]
    for term, translation, note in rows:
        add_term(database, target_locale="ky", term=term, translation=translation, note=note)
    exported = export_csv(database, "ky")
    assert exported.startswith("term,translation,note\r\n")
    parsed = list(csv.reader(io.StringIO(exported, newline="")))
    assert parsed[1:] == [list(r) for r in sorted(rows, key=lambda r: r[0].casefold())]
    other = Database.open(f"sqlite:///{tmp_path / 'other.sqlite'}")
    assert import_csv(other, exported.encode(), "ky", max_bytes=LIMIT) == ImportResult(3, 0)
    assert _table(other) == _table(database)
    # With a BOM (as the web download and `--out` write it), importing again changes nothing.
    again = import_csv(other, ("\ufeff" + exported).encode(), "ky", max_bytes=LIMIT)
    assert again == ImportResult(0, 0, 3)


def test_import_adds_and_updates_and_leaves_other_terms(database: Database) -> None:
    add_term(database, target_locale="ky", term="Kabul", translation="Кабул")
    add_term(database, target_locale="ky", term="Osh", translation="Ош")
    data = "term,translation,note\nkabul,Кабул,capital\nBishkek,Бишкек,\n".encode()
    assert import_csv(database, data, "ky", max_bytes=LIMIT) == ImportResult(1, 1, 0)
    assert _table(database) == [
        ("Bishkek", "Бишкек", ""),
        ("kabul", "Кабул", "capital"),
        ("Osh", "Ош", ""),
    ]


def test_import_reads_a_header_in_any_case_any_column_order_and_semicolons(
    database: Database,
) -> None:
    data = "\ufeffTranslation;Term\r\nДушанбе;Dushanbe\r\n\r\nТашкент;Tashkent\r\n"
    assert import_csv(database, data.encode(), "ky", max_bytes=LIMIT) == ImportResult(2, 0)
    assert _table(database) == [("Dushanbe", "Душанбе", ""), ("Tashkent", "Ташкент", "")]


BAD_CSV: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "blank": (b"\n \r\n", "empty"),
    "not-utf8": ("term,translation\nDushanbe,Душанбе\n".encode("cp1251"), "not UTF-8"),
    "binary-nul": (b"term,translation\nA,\x00\x00\x00B\n", "binary"),
    "binary-png": (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)), "not UTF-8"),
    "binary-controls": (b"term,translation\nA,B\x01\x02\n", "binary"),
    "no-header": ("Dushanbe,Душанбе\nTashkent,Ташкент\n".encode(), "line 1 must be the header"),
    "no-translation-column": (b"term,note\nDushanbe,x\n", "line 1 must be the header"),
    "unknown-column": ("term,translation,comment\nA,Б,c\n".encode(), "unknown column “comment”"),
    "twice-a-column": ("term,translation,term\nA,Б,c\n".encode(), "appears twice"),
    "empty-term": (
        "term,translation\nDushanbe,Душанбе\n,Ташкент\n".encode(),
        "line 3: the term is empty",
    ),
    "empty-translation": (
        "term,translation\nDushanbe,Душанбе\n\nTashkent,\n".encode(),
        "line 4: the translation is empty",
    ),
    "short-row": (
        "term,translation,note\nDushanbe,Душанбе,\nTashkent\n".encode(),
        "line 3: the translation is empty",
    ),
    "long-row": ("term,translation\nDushanbe,Душанбе,extra\n".encode(), "line 2: 3 fields"),
    "too-long-term": (f"term,translation\n{'x' * 201},y\n".encode(), "line 2: the term is too"),
    "duplicate": ("term,translation\nOsh,Ош\nOSH,Ош\n".encode(), "line 3: the term “OSH” is"),
    "bad-quotes": (b'term,translation\n"Osh"x,y\n', "line 2: not valid CSV"),
    "formula": (b"term,translation\n=cmd|' /C calc'!A0,x\n", "line 2: the term starts with"),
    "too-large": (b"term,translation\n" + b"Osh,Osh\n" * 200_000, "too large"),
    "too-many-rows": (
        ("term,translation\n" + "".join(f"term{i},t{i}\n" for i in range(5001))).encode(),
        "more than 5000 terms",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CSV))
def test_a_refused_import_changes_nothing(database: Database, case: str) -> None:
    add_term(database, target_locale="ky", term="Dushanbe", translation="Дүшөмбү", note="old")
    before = _table(database)
    data, message = BAD_CSV[case]
    with pytest.raises(InputError, match=message):
        import_csv(database, data, "ky", max_bytes=LIMIT)
    assert _table(database) == before


def test_a_bad_last_line_refuses_the_whole_file(database: Database) -> None:
    rows = "".join(f"term{i},перевод{i}\n" for i in range(100))
    data = f"term,translation\n{rows}Dushanbe,\n".encode()
    with pytest.raises(InputError, match="line 102: the translation is empty"):
        import_csv(database, data, "ky", max_bytes=LIMIT)
    assert terms_for(database, "ky") == []


def test_import_into_an_unknown_locale_is_refused(database: Database) -> None:
    with pytest.raises(InputError, match="unknown target language"):
        import_csv(database, b"term,translation\nA,B\n", "en", max_bytes=LIMIT)


def test_exactly_5000_rows_import(database: Database) -> None:
    data = ("term,translation\n" + "".join(f"term{i},t{i}\n" for i in range(5000))).encode()
    assert import_csv(database, data, "tg", max_bytes=LIMIT).added == 5000


# --- the starter glossaries ---------------------------------------------------------


def test_the_starter_glossaries_have_every_term_and_parse() -> None:
    wanted = {
        "Sadyr Japarov",
        "Emomali Rahmon",
        "Badakhshan",
        "Dushanbe",
        "Tashkent",
        "Bishkek",
        "Kabul",
        "Taliban",
        "Foreign Ministry",
        "Khovar",
        "Kyrgyzstan",
        "Tajikistan",
        "Afghanistan",
        "Pamir",
    }
    for locale in TARGET_LOCALES:
        data = (STARTER_DIR / f"{locale}.csv").read_bytes()
        items = glossary.parse_csv(data, max_bytes=LIMIT)
        assert {i.term for i in items} == wanted, locale


@pytest.mark.parametrize(
    ("locale", "translated"),
    [
        ("ky", "Садыр Жапаровдун Душанбедеги сапары: Тышкы иштер министрлиги билдирди"),
        ("ru", "Визит Садыра Жапарова в Душанбе: сообщило Министерство иностранных дел"),
        ("tg", "Сафари Садир Жапаров ба Душанбе: Вазорати корҳои хориҷии Қирғизистон"),
        ("uz", "Sadir Japarovning Dushanbega tashrifi: Tashqi ishlar vazirligi xabar berdi"),
    ],
)
def test_the_starter_glossaries_accept_inflected_translations(
    database: Database, locale: str, translated: str
) -> None:
    seed_starter(database, max_bytes=LIMIT)
    source = "Sadyr Japarov's visit to Dushanbe: the Foreign Ministry said"
    found = terms_in(source, terms_for(database, locale))
    assert {t.term for t in found} == {"Sadyr Japarov", "Dushanbe", "Foreign Ministry"}
    assert missing_terms(source, translated, terms_for(database, locale)) == []


def test_seeding_fills_only_empty_glossaries_and_is_idempotent(database: Database) -> None:
    add_term(database, target_locale="ru", term="Osh", translation="Ош")
    first = seed_starter(database, max_bytes=LIMIT)
    assert first["ru"] is None
    assert {locale: r.added for locale, r in first.items() if r is not None} == {
        "uz": 14,
        "ky": 14,
        "tg": 14,
    }
    assert _table(database, "ru") == [("Osh", "Ош", "")]
    assert seed_starter(database, max_bytes=LIMIT) == dict.fromkeys(TARGET_LOCALES)
    assert len(terms_for(database, "ky")) == 14
