"""The gettext catalogs of the page chrome: complete, right plural rules, used by editions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from publisher.core.localize import catalogs
from publisher.core.localize.transliterate import latin_to_cyrillic

LOCALES = list(catalogs.CATALOG_LOCALES)
PLURAL_FORMS = {"uz": 2, "ky": 2, "tg": 2, "ru": 3}
PUBLISHER_DIR = catalogs.DEFAULT_LOCALES_DIR.parent / "publisher"
TEMPLATE_DIRS = [PUBLISHER_DIR / "web" / "templates", PUBLISHER_DIR / "templates"]


def _catalog(locale: str) -> Catalog:
    path = catalogs.DEFAULT_LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_translated_and_not_fuzzy(locale: str) -> None:
    catalog = _catalog(locale)
    template_path = catalogs.DEFAULT_LOCALES_DIR / "messages.pot"
    with template_path.open("rb") as handle:
        template_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert ids == template_ids
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), message.id
        assert all(s != message.id for s in strings if isinstance(message.id, str)), message.id


# What readers of an edition see: the web app's reader pages, the static edition pages
# and the editor's preview of them (shown in the edition's language).
READER_TEMPLATES = ("web/templates/reader/", "web/templates/editor/preview.html", "templates/")


def _template_messages(*, readers_only: bool = False) -> dict[str | tuple[str, ...], str]:
    """Every gettext message in the Jinja2 templates (web app and editions), with where it is."""
    found: dict[str | tuple[str, ...], str] = {}
    options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in {".html", ".xml"}:
                continue
            where = path.relative_to(PUBLISHER_DIR).as_posix()
            if readers_only and not where.startswith(READER_TEMPLATES):
                continue
            for lineno, message, _comments, _context in extract_from_file(
                "jinja2.ext:babel_extract", path, options=options
            ):
                found.setdefault(message, f"{path.relative_to(PUBLISHER_DIR)}:{lineno}")
    return found


def test_web_templates_have_messages() -> None:
    messages = _template_messages()
    assert "Sign in" in messages
    assert ("%(num)d article to review", "%(num)d articles to review") in messages


@pytest.mark.parametrize("locale", LOCALES)
def test_every_template_string_translated(locale: str) -> None:
    # Fails when a template gains a string that was not extracted and translated.
    catalog = _catalog(locale)
    for msgid, where in _template_messages().items():
        message = catalog.get(msgid)
        assert message is not None, f"{where}: {msgid!r} missing from the {locale} catalog"
        assert message.id == msgid, where
        assert not message.fuzzy, where
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(strings) == (PLURAL_FORMS[locale] if isinstance(msgid, tuple) else 1), where
        assert all(strings), f"{where}: {msgid!r} not translated into {locale}"


@pytest.mark.parametrize("locale", LOCALES)
def test_plural_forms(locale: str) -> None:
    assert _catalog(locale).num_plurals == PLURAL_FORMS[locale]


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 фрагмент ожидает перевода"),
        (3, "3 фрагмента ожидают перевода"),
        (5, "5 фрагментов ожидают перевода"),
        (21, "21 фрагмент ожидает перевода"),
        (24, "24 фрагмента ожидают перевода"),
        (11, "11 фрагментов ожидают перевода"),
    ],
)
def test_russian_plurals_pick_the_right_form(count: int, expected: str) -> None:
    translations = catalogs.translations("ru")
    message = translations.ngettext(
        "%(num)d passage awaits translation", "%(num)d passages await translation", count
    )
    assert message % {"num": count} == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("uz", "Tezkor xabarlar"),
        ("ky", "Шашылыш кабарлар"),
        ("tg", "Хабарҳои фаврӣ"),
        ("ru", "Срочные новости"),
    ],
)
def test_chrome_translated(locale: str, expected: str) -> None:
    assert catalogs.translations(locale).gettext("Breaking News") == expected


def test_language_names_are_endonyms_in_their_own_catalog() -> None:
    names = {code: catalogs.language_name(code, in_locale=code) for code in LOCALES}
    assert names == {"uz": "Oʻzbekcha", "ky": "Кыргызча", "tg": "Тоҷикӣ", "ru": "Русский"}
    assert catalogs.language_name("ky", in_locale="ru") == "Киргизский"


def test_po_compiled_in_memory_when_mo_missing(tmp_path: Path) -> None:
    # A fresh checkout has no .mo files until `pybabel compile` runs.
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source = catalogs.DEFAULT_LOCALES_DIR / "ru" / "LC_MESSAGES" / "messages.po"
    (folder / "messages.po").write_bytes(source.read_bytes())
    translations = catalogs.translations("ru", tmp_path)
    assert translations.gettext("About This Blog") == "Об этом блоге"
    assert catalogs.translations("xx", tmp_path).gettext("Watch") == "Watch"


# -- Uzbek in Cyrillic script: the uz catalog, transliterated when loaded ------------------

_FORMAT = re.compile(r"%\([a-z_]+\)[sd]")


def _cyrillic(uz_text: str) -> str:
    """What the uz_Cyrl catalog should say for ``uz_text``: transliterated, placeholders kept."""
    parts, fields = _FORMAT.split(uz_text), _FORMAT.findall(uz_text)
    out = [latin_to_cyrillic(parts[0])]
    for field, text in zip(fields, parts[1:], strict=True):
        out += [field, latin_to_cyrillic(text)]
    return "".join(out)


def test_every_template_string_is_in_cyrillic_uzbek() -> None:
    uz, cyrl = catalogs.translations("uz"), catalogs.translations("uz_Cyrl")
    for msgid, where in _template_messages().items():
        if isinstance(msgid, tuple):
            for n in (1, 2):
                expected = _cyrillic(uz.ngettext(msgid[0], msgid[1], n))
                assert cyrl.ngettext(msgid[0], msgid[1], n) == expected, where
            continue
        translated = cyrl.gettext(msgid)
        assert translated != msgid, f"{where}: {msgid!r} not in the uz_Cyrl catalog"
        assert translated == _cyrillic(uz.gettext(msgid)), where
        assert _FORMAT.findall(translated) == _FORMAT.findall(msgid), where


def test_what_readers_see_in_cyrillic_has_no_latin_letters() -> None:
    cyrl = catalogs.translations("uz_Cyrl")
    for msgid, where in _template_messages(readers_only=True).items():
        strings = (
            [cyrl.ngettext(msgid[0], msgid[1], n) for n in (1, 2)]
            if isinstance(msgid, tuple)
            else [cyrl.gettext(msgid)]
        )
        for text in strings:
            assert not re.search("[A-Za-z]", _FORMAT.sub("", text)), f"{where}: {text!r}"
    note = cyrl.gettext(catalogs.AWAITS_TRANSLATION)
    assert note == "Бу парча таржимани кутмоқда"


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("Breaking News", "Тезкор хабарлар"),
        ("About This Blog", "Блог ҳақида"),
        ("Watch", "Томоша қилинг"),
        ("Published", "Чоп этилди"),
        ("News feed", "Янгиликлар лентаси"),
        ("Latest news", "Сўнгги янгиликлар"),
    ],
)
def test_cyrillic_chrome(msgid: str, expected: str) -> None:
    assert catalogs.translations("uz_Cyrl").gettext(msgid) == expected


def test_cyrillic_plurals_keep_their_placeholder() -> None:
    cyrl = catalogs.translations("uz_Cyrl")
    message = cyrl.ngettext(
        "%(num)d passage awaits translation", "%(num)d passages await translation", 3
    )
    assert message == "%(num)d та парча таржимани кутмоқда"
    assert message % {"num": 3} == "3 та парча таржимани кутмоқда"


def test_names_of_uzbek_in_both_scripts() -> None:
    assert catalogs.endonym("uz") == "Oʻzbekcha"
    assert catalogs.endonym("uz_Cyrl") == "Ўзбекча"
    assert catalogs.endonym("ky") == "Кыргызча"
    assert catalogs.language_name("uz_Cyrl", in_locale="ru") == "Узбекский (кириллица)"
    assert catalogs.language_name("uz_Cyrl", in_locale="uz") == "Oʻzbekcha (kirill)"


def test_the_cyrillic_catalog_is_made_from_the_uz_po_or_a_folder_of_its_own(
    tmp_path: Path,
) -> None:
    # A fresh checkout (no .mo): the uz .po is read and transliterated in memory.
    folder = tmp_path / "uz" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source = catalogs.DEFAULT_LOCALES_DIR / "uz" / "LC_MESSAGES" / "messages.po"
    (folder / "messages.po").write_bytes(source.read_bytes())
    assert catalogs.translations("uz_Cyrl", tmp_path).gettext("Watch") == "Томоша қилинг"
    # Without a uz catalog there is nothing to transliterate: English, never a crash.
    assert catalogs.translations("uz_Cyrl", tmp_path / "none").gettext("Watch") == "Watch"
    # A catalog of its own, if a translator ever writes one, wins.
    own = tmp_path / "uz_Cyrl" / "LC_MESSAGES"
    own.mkdir(parents=True)
    (own / "messages.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Watch"\nmsgstr "Кўринг"\n',
        encoding="utf-8",
    )
    catalogs.translations.cache_clear()
    assert catalogs.translations("uz_Cyrl", tmp_path).gettext("Watch") == "Кўринг"


# -- messages of the code (N_): errors and QA warnings in the staff's language ----------------

_ANY_FORMAT = re.compile(r"%\([a-z_]+\)[sd]")


def _texts(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """A message's id or translation as its forms (one, or one per plural form)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_every_placeholder(locale: str) -> None:
    # A translation that lost or renamed a placeholder would fall back to English.
    for message in _catalog(locale):
        if not message.id:
            continue
        ids, strings = _texts(message.id), _texts(message.string)
        wanted = sorted(_ANY_FORMAT.findall(ids[-1]))
        for text in strings:
            assert sorted(_ANY_FORMAT.findall(text)) == wanted, (locale, message.id, text)


def test_messages_marked_in_the_code_are_in_the_catalogs() -> None:
    options: dict[str, str] = {}
    marked = {
        msgid
        for path in sorted(PUBLISHER_DIR.rglob("*.py"))
        for _lineno, msgid, _comments, _context in extract_from_file(
            "python", path, keywords={"N_": None}, options=options
        )
    }
    assert "the translation is empty: type it, or leave the segment as it is" in marked
    for locale in LOCALES:
        catalog = _catalog(locale)
        missing = sorted(m for m in marked if catalog.get(m) is None)
        assert not missing, (locale, missing[:5])


def test_uzbek_chrome_follows_the_house_style() -> None:
    """Page chrome prints oʻ/gʻ with U+02BB and the tutuq with U+02BC, as the editions do
    (issue 14, point 5): no U+2018 or typed apostrophe inside an Uzbek word. A message that
    fails is named; `publisher.core.localize.orthography.uzbek_latin` gives its house-style
    spelling."""
    from publisher.core.localize.orthography import uzbek_latin

    for message in _catalog("uz"):
        for text in _texts(message.string):
            assert uzbek_latin(text) == text, text
            assert "\u2018" not in text, text
    assert catalogs.endonym("uz") == "O\u02bbzbekcha"
