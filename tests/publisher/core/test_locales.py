"""The locale registry: every list derives from its one table, and adding a language is a
row there plus a catalog (Kazakh, tried on a copy of the code)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from pydantic import ValidationError

from publisher.core import locales
from publisher.core.config import Settings
from publisher.core.locales import LOCALES, SPECS
from publisher.core.localize import catalogs, l10n
from publisher.core.localize.locale_patterns import has_written_forms, patterns_for
from publisher.core.localize.locale_patterns.cldr import cldr_patterns

ROOT = Path(__file__).resolve().parents[3]


def test_the_lists_derive_from_the_table() -> None:
    assert locales.TARGET_LOCALES == ("uz", "ky", "tg", "ru")
    assert locales.SOURCE_LOCALES == ("en",)
    assert locales.DERIVED_LOCALES == ("uz_Cyrl",)
    assert locales.EDITION_LOCALES == ("uz", "uz_Cyrl", "ky", "tg", "ru")
    assert locales.STAFF_LOCALES == ("en", "uz", "ky", "tg", "ru")
    assert tuple(spec.code for spec in LOCALES) == locales.LOCALE_CODES
    assert dict(locales.NLLB_CODES) == {
        "en": "eng_Latn",
        "uz": "uzn_Latn",
        "ky": "kir_Cyrl",
        "tg": "tgk_Cyrl",
        "ru": "rus_Cyrl",
    }
    assert {("en", "ru"), ("en", "ky")} == locales.ARGOS_INDEX_PAIRS
    assert {"ru"} == locales.NUMBER_AGREEMENT
    assert locales.LENGTH_RATIOS["ru"] == (0.5, 1.9)


def test_the_table_is_consistent() -> None:
    assert len(SPECS) == len(LOCALES)  # codes are unique
    for spec in LOCALES:
        Locale.parse(spec.code)  # Babel knows every code
        assert spec.script in Locale("en").scripts, spec.code
        if spec.role == "derived":
            assert spec.derived_from in locales.TARGET_LOCALES and spec.transliterate, spec.code
        else:
            assert spec.derived_from is None and spec.transliterate is None, spec.code
        if spec.length_ratio is not None:
            low, high = spec.length_ratio
            assert 0 < low < 1 < high, spec.code


def test_the_localize_layer_reads_the_registry() -> None:
    assert dict(l10n.SCRIPTS) == {
        "uz": "Latn",
        "ky": "Cyrl",
        "tg": "Cyrl",
        "ru": "Cyrl",
        "en": "Latn",
    }
    assert set(l10n.DERIVED) == set(locales.DERIVED_LOCALES)
    assert l10n.DERIVED["uz_Cyrl"].base == "uz"
    assert set(catalogs.LANGUAGE_NAMES) == set(locales.LOCALE_CODES)
    assert all(has_written_forms(code) for code in locales.LOCALE_CODES)


def test_every_catalog_locale_has_a_catalog_and_every_catalog_a_locale() -> None:
    folders = {p.name for p in (ROOT / "locales").iterdir() if p.is_dir()}
    assert folders == set(catalogs.CATALOG_LOCALES)
    for code in catalogs.CATALOG_LOCALES:
        assert (ROOT / "locales" / code / "LC_MESSAGES" / "messages.po").is_file(), code


def test_web_schemas_take_their_enums_from_the_registry() -> None:
    from pydantic import TypeAdapter

    from publisher.web.schemas import Locale as LocaleParam
    from publisher.web.schemas import PreviewLocale

    assert TypeAdapter(LocaleParam).json_schema() == {
        "type": "string",
        "enum": list(locales.TARGET_LOCALES),
    }
    assert TypeAdapter(PreviewLocale).json_schema()["enum"] == list(locales.EDITION_LOCALES)
    with pytest.raises(ValidationError, match="Input should be 'uz', 'ky', 'tg' or 'ru'"):
        TypeAdapter(LocaleParam).validate_python("uz_Cyrl")
    assert TypeAdapter(PreviewLocale).validate_python("uz_Cyrl") == "uz_Cyrl"


# -- Settings.target_locales --------------------------------------------------------------


def test_target_locales_default_to_every_target() -> None:
    assert Settings().target_locales == locales.TARGET_LOCALES


def test_target_locales_from_the_environment_keep_the_registry_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TARJIMA_TARGET_LOCALES", "ru, ky,ru")
    settings = Settings()
    assert settings.target_locales == ("ky", "ru")
    assert settings.default_locale == "ru"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("ru,kk", "kk is not a target locale"),
        ("uz_Cyrl", "uz_Cyrl is not a target locale"),
        ("en", "en is not a target locale"),
        ("", "name at least one of uz, ky, tg, ru"),
    ],
)
def test_target_locales_are_registry_targets(
    value: str, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TARJIMA_TARGET_LOCALES", value)
    with pytest.raises(ValidationError, match=words):
        Settings()


def test_the_default_reader_language_follows_the_targets() -> None:
    assert Settings(target_locales=("tg", "ky")).default_locale == "ky"
    with pytest.raises(ValidationError, match=r"default_locale must be one of .*\(ky\)"):
        Settings(target_locales=("ky",), default_locale="ru")


def test_per_locale_settings_name_registry_targets() -> None:
    with pytest.raises(ValidationError, match="engines: kk is not a target locale"):
        Settings(engines={"kk": "nllb"})
    with pytest.raises(ValidationError, match="review_below_by_locale: xx is not a target"):
        Settings(review_below_by_locale={"xx": -1.0})


# -- a locale with no hand-written forms ----------------------------------------------------


def test_cldr_forms_for_a_locale_nobody_wrote_forms_for() -> None:
    kazakh = cldr_patterns("kk")
    assert kazakh.day_month == "{day} {month}"
    assert kazakh.dateline_year == "{year}\u202fж. {core}"  # CLDR kk long: "y 'ж'. d MMMM"
    assert kazakh.month_year == "{year}\u202fж. {nom}"
    assert kazakh.press.conjunction  # a word, whatever CLDR's list pattern says
    russian = cldr_patterns("ru")  # the same builder on a locale CLDR spells out fully
    assert russian.dateline_year == "{core} {year}\u202fг."
    assert not has_written_forms("kk")
    with pytest.raises(KeyError):
        patterns_for("kk")  # not in the registry


# -- Kazakh: a registry row and a catalog ---------------------------------------------------

KAZAKH_ROW = '    LocaleSpec("kk", N_("Kazakh"), "target", "Cyrl", nllb="kaz_Cyrl"),\n'
KAZAKH_CATALOG = {
    "Kazakh": "Қазақша",
    "Published": "Жарияланды",
    "This passage awaits translation": "Бұл үзінді аударманы күтуде",
}

CHECKS = textwrap.dedent(
    """
    import datetime as dt
    import json
    from pathlib import Path

    import publisher
    assert Path(publisher.__file__).resolve().is_relative_to(Path.cwd().resolve())

    from babel.dates import format_date
    from babel.numbers import format_decimal
    from pydantic import TypeAdapter

    from publisher.core import locales
    from publisher.core.articles import Article
    from publisher.core.assemble.pages import render_edition_content, render_edition_page
    from publisher.core.assemble.render import render_blocks
    from publisher.core.config import Settings
    from publisher.core.coverage import install_hint
    from publisher.core.enums import Origin, Status
    from publisher.core.ingest import SourceDocument
    from publisher.core.localize import catalogs
    from publisher.core.localize.l10n import normalize_locale
    from publisher.core.localize.locale_patterns import has_written_forms, patterns_for
    from publisher.core.protect import mask
    from publisher.core.qa import DEFAULT_RATIO
    from publisher.core.records import StoredTranslation
    from publisher.services.intake import parse_locales, prepare
    from publisher.services.submit import RESERVED_SLUGS
    from publisher.web.i18n import language_name
    from publisher.web.schemas import ArticleIn, Locale, PreviewLocale

    # the lists
    assert locales.TARGET_LOCALES[-1] == "kk", locales.TARGET_LOCALES
    assert "kk" in locales.EDITION_LOCALES and "kk" in locales.STAFF_LOCALES
    assert locales.NLLB_CODES["kk"] == "kaz_Cyrl"
    assert parse_locales("kk,ru") == ("kk", "ru") and normalize_locale("kk-KZ") == "kk"
    assert "kk" in RESERVED_SLUGS
    # the web schemas' enums
    assert TypeAdapter(Locale).validate_python("kk") == "kk"
    assert "kk" in TypeAdapter(Locale).json_schema()["enum"]
    assert "kk" in TypeAdapter(PreviewLocale).json_schema()["enum"]
    assert "kk" in json.dumps(ArticleIn.model_json_schema())
    # the settings
    assert Settings(engines="kk=nllb").engines == {"kk": "nllb"}
    assert Settings(target_locales="kk").target_locales == ("kk",)
    assert Settings(target_locales="kk").default_locale == "kk"
    # the catalogs and names
    assert "kk" in catalogs.CATALOG_LOCALES
    assert catalogs.language_name("kk", in_locale="kk") == "Қазақша"
    assert language_name("kk") == "Қазақ тілі", language_name("kk")  # CLDR's endonym
    # the engines
    hint = install_hint("en", "kk")
    assert hint.engine == "nllb", hint
    assert hint.command == "tarjima models download nllb-200-distilled-600M", hint
    assert ("en", "kk") not in locales.ARGOS_INDEX_PAIRS
    # forms and checks from CLDR and defaults
    assert not has_written_forms("kk") and patterns_for("kk").code == "kk"
    assert "kk" not in locales.LENGTH_RATIOS and DEFAULT_RATIO
    from publisher.core.localize.locale_review import render_review
    assert "## Kazakh (`kk`)" in render_review()  # its CLDR forms await a native check

    # an edition
    text = "Herders cross the border\\n\\nOn July 18, 2021, 4,000 people crossed it.\\n"
    published = dt.date(2021, 7, 21)
    article = prepare(
        SourceDocument(text, "text", "kk.txt"), source_locale="en", published=published
    ).article
    moment = dt.datetime(2021, 7, 21, tzinfo=dt.UTC)
    rows = {
        (s.block_index, s.index): StoredTranslation(
            id=n, segment_id=n, locale="kk", text=mask(s.text, s.spans),
            origin=Origin.HUMAN, status=Status.APPROVED, engine=None, warnings=(),
            error=None, attempts=0, version=1, created_at=moment, updated_at=moment,
        )
        for n, s in enumerate((s for b in article.blocks for s in b.segments), 1)
    }
    blocks, missing = render_blocks(article, rows, "kk")
    assert missing == []
    content = render_edition_content(article, "kk", blocks, awaiting=0)
    page = render_edition_page(
        Settings(target_locales="kk,ru"), article.slug, "kk", ["kk", "ru"], content
    )
    assert format_date(dt.date(2021, 7, 18), "long", locale="kk") in page  # 2021 ж. 18 шілде
    assert format_decimal(4000, locale="kk") in page  # 4\\xa0000
    assert format_date(published, "long", locale="kk") in page
    assert '<html lang="kk"' in page, page
    assert "Жарияланды" in page, page  # the kk catalog's "Published"
    print("kk ok")
    """
)


def _kazakh_catalog(target: Path) -> None:
    """locales/kk/LC_MESSAGES/messages.po (and .mo) from the template, a few messages
    translated (the others fall back to English)."""
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        catalog = read_po(handle, locale="kk")
    for msgid, translated in KAZAKH_CATALOG.items():
        catalog.add(msgid)  # a message the template lacks (a new language's name)
        catalog[msgid].string = translated
    target.mkdir(parents=True)
    with (target / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)


def test_kazakh_is_one_registry_row_and_a_catalog(tmp_path: Path) -> None:
    for name in ("publisher", "worker", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    registry = tmp_path / "publisher" / "core" / "locales.py"
    text = registry.read_text(encoding="utf-8")
    anchor = '    LocaleSpec("en", '
    assert text.count(anchor) == 1
    registry.write_text(text.replace(anchor, KAZAKH_ROW + anchor), encoding="utf-8")
    _kazakh_catalog(tmp_path / "locales" / "kk" / "LC_MESSAGES")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CHECKS],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "kk ok"


def test_the_kazakh_dates_are_babels() -> None:
    # What the Kazakh edition above compares against (CLDR 49 through Babel 2.19).
    from babel.dates import format_date

    assert format_date(dt.date(2021, 7, 18), "long", locale="kk") == "2021\u202fж. 18 шілде"
