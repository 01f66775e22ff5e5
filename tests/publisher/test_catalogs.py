"""The gettext catalogs of the page chrome: complete, right plural rules, used by editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from publisher import catalogs

LOCALES = ["uz", "ky", "tg", "ru"]
PLURAL_FORMS = {"uz": 2, "ky": 2, "tg": 2, "ru": 3}
PUBLISHER_DIR = catalogs.DEFAULT_LOCALES_DIR.parent / "publisher"
TEMPLATE_DIRS = [PUBLISHER_DIR / "web" / "templates", PUBLISHER_DIR / "templates"]


def _catalog(locale: str):  # type: ignore[no-untyped-def]
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


def _template_messages() -> dict[str | tuple[str, ...], str]:
    """Every gettext message in the Jinja2 templates (web app and editions), with where it is."""
    found: dict[str | tuple[str, ...], str] = {}
    options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in {".html", ".xml"}:
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
    [(1, "1 фрагмент ожидает перевода"), (3, "3 фрагмента ожидают перевода"),
     (5, "5 фрагментов ожидают перевода"), (21, "21 фрагмент ожидает перевода"),
     (24, "24 фрагмента ожидают перевода"), (11, "11 фрагментов ожидают перевода")],
)
def test_russian_plurals_pick_the_right_form(count: int, expected: str) -> None:
    translations = catalogs.translations("ru")
    message = translations.ngettext(
        "%(num)d passage awaits translation", "%(num)d passages await translation", count
    )
    assert message % {"num": count} == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("uz", "Tezkor xabarlar"), ("ky", "Шашылыш кабарлар"), ("tg", "Хабарҳои фаврӣ"),
     ("ru", "Срочные новости")],
)
def test_chrome_translated(locale: str, expected: str) -> None:
    assert catalogs.translations(locale).gettext("Breaking News") == expected


def test_language_names_are_endonyms_in_their_own_catalog() -> None:
    names = {code: catalogs.language_name(code, in_locale=code) for code in LOCALES}
    assert names == {"uz": "O‘zbekcha", "ky": "Кыргызча", "tg": "Тоҷикӣ", "ru": "Русский"}
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
