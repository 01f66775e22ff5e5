"""Publish the sample article through the real Argos/CTranslate2 path, as a user does.

Packages are built on the fly (copy weights: the model reproduces its input, so the
expected output is exact) and installed with `tarjima models install`; en->uz and en->tg
have no package, so those editions must show the source, marked as awaiting a human.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

SLUG = "tajikistan-misses-big-opportunity-to-mend-ties-with-kyrgyzstan"
TARJIMA = str(Path(sys.executable).with_name("tarjima"))

# Exact renderings per edition, code points included (\xa0 NBSP, \u202f NNBSP).
EXPECTED = {
    "ru": [
        "4\xa0000 livestock",
        "345 ethnic",
        "13–14 июля",
        "с 14 по 16 июля",
        "18 июля",
        "в конце июня",
        "в середине июля",
        "в конце апреля",
        "More than 50 people",
        "21 июля 2021\u202fг.",
    ],
    "ky": [
        "4\xa0000 livestock",
        "345 ethnic",
        "13–14-июль күндөрү",
        "14-июлдан 16-июлга чейин",
        "18-июль күнү",
        "июнь айынын аягында",
        "июль айынын ортосунда",
        "2021-ж., 21-июль",
    ],
}
CHROME = {
    "ru": ["Об этом блоге", "Опубликовано", "Русский", "Кыргызча"],
    "ky": ["Блог жөнүндө", "Жарыяланды", "Кыргызча", "Тоҷикӣ"],
    "uz": ["Blog haqida", "Chop etildi", "Oʻzbekcha"],
    "tg": ["Дар бораи ин блог", "Нашр шуд", "Тоҷикӣ"],
}
ORDER = [  # source fragments in document order: headline, lead, body, aside
    "Tajikistan Misses Big Opportunity",
    "Relations between Kyrgyzstan",
    "It seemed simple enough.",
    "The Kyrgyz Foreign Ministry says",
    "Qishloq Ovozi is a blog",
]
# The photo's caption (no photo is kept) and the "WATCH" callout (no link to the video):
# left out of every edition, the "Watch" label with them.
LEFT_OUT = {"Pamir Kyrgyz traditionally live": 2, "As Rockets Fall Near Presidential Palace": 1}
WATCH = {"ru": "Смотрите", "ky": "Көрүңүз", "uz": "Tomosha qiling", "tg": "Тамошо кунед"}


def _run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TARJIMA_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    for var in ("TARJIMA_BROKER_URL", "TARJIMA_DATABASE_URL", "TARJIMA_MODELS_DIR"):
        env.pop(var, None)
    return subprocess.run(
        [TARJIMA, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory, sample_path: Path, package_dir: dict[str, Path]
) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("e2e")
    data_dir, out = root / "var", root / "out"
    for name in ("en-ru", "en-ky"):
        installed = _run(["models", "install", str(package_dir[name])], data_dir)
        assert installed.returncode == 0, installed.stderr
    result = _run(
        [
            "publish",
            str(sample_path),
            "--to",
            "uz,ky,tg,ru",
            "--date",
            "2021-07-21",
            "--out",
            str(out),
        ],
        data_dir,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return data_dir, out, result.stdout


def _page(out: Path, locale: str) -> str:
    return (out / locale / f"{SLUG}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("locale", ["ru", "ky"])
def test_translated_editions_render_exact_locale_values(
    published: tuple[Path, Path, str], locale: str
) -> None:
    page = _page(published[1], locale)
    assert f'<html lang="{locale}"' in page
    for expected in EXPECTED[locale]:
        assert expected in page, expected
    assert "4,000" not in page and "July 13-14" not in page and "late June" not in page
    assert 'class="untranslated"' not in page


@pytest.mark.parametrize("locale", ["uz", "ky", "tg", "ru"])
def test_every_edition_has_its_chrome_alternates_and_order(
    published: tuple[Path, Path, str], locale: str
) -> None:
    page = _page(published[1], locale)
    for text in CHROME[locale]:
        assert text in page, text
    partial = 'class="untranslated"' in page  # uz and tg: no model, awaiting translators
    # A partial page declares no hreflang alternates, and a complete one declares only the
    # complete editions (ky and ru): uz and tg await translators.
    for code in ("uz", "ky", "tg", "ru"):
        link = f'hreflang="{code}" href="https://news.example.org/{code}/{SLUG}"'
        assert (link in page) is (not partial and code in ("ky", "ru")), code
    positions = [page.index(fragment) for fragment in ORDER]
    assert positions == sorted(positions)
    for chrome in (
        "Accessibility links",
        "Blog Archive",
        "please wait",
        "0:00 0:01:55",
        "No media source",
        "WATCH:",
        WATCH[locale],
        *LEFT_OUT,
    ):
        assert chrome not in page


@pytest.mark.parametrize(
    ("locale", "notice"),
    [
        ("uz", "ta parcha tarjimani kutmoqda"),
        ("tg", "порча интизори тарҷума аст"),
    ],
)
def test_locales_without_a_model_are_marked_not_passed_off(
    published: tuple[Path, Path, str], locale: str, notice: str
) -> None:
    data_dir, out, stdout = published
    page = _page(out, locale)
    marked = re.findall(r'<span class="untranslated" lang="en"', page)
    database = sqlite3.connect(data_dir / "tarjima.db")
    segments = database.execute("select count(*) from segments").fetchone()[0]
    assert len(marked) == segments - sum(LEFT_OUT.values())  # segments of each fragment
    assert notice in page
    # The summary names the engine that covers the language and the one command that
    # installs it (never a nonexistent translate-en_uz package).
    said = " ".join(stdout.split())
    assert "await" in said and f"translate-en_{locale}" not in said
    assert (
        f"the NLLB-200 model covers en->{locale}; install it with "
        "`tarjima models download nllb-200-distilled-600M`"
    ) in said
    state = database.execute("select state from editions where locale = ?", (locale,)).fetchone()[0]
    assert state == "partial"
    assert "4\xa0000" not in page and "4,000 livestock" in page  # source shown as written


def test_the_uzbek_edition_is_written_in_cyrillic_script_too(
    published: tuple[Path, Path, str],
) -> None:
    page = _page(published[1], "uz-Cyrl")
    assert '<html lang="uz-Cyrl"' in page and "та парча таржимани кутмоқда" in page
    assert "21 июл, 2021" in page and 'class="kicker"' not in page  # none was set
    assert "4,000 livestock" in page  # awaiting translation: the English source, as written


def test_store_holds_one_translation_per_segment_and_locale(
    published: tuple[Path, Path, str],
) -> None:
    database = sqlite3.connect(published[0] / "tarjima.db")
    segments = database.execute("select count(*) from segments").fetchone()[0]
    per_locale = dict(
        database.execute("select locale, count(*) from translations group by locale").fetchall()
    )
    assert per_locale == {"uz": segments, "ky": segments, "tg": segments, "ru": segments}
    statuses = dict(
        database.execute(
            "select locale, group_concat(distinct status) from translations group by locale"
        ).fetchall()
    )
    assert statuses == {
        "ru": "machine",
        "ky": "machine",
        "uz": "awaiting_human",
        "tg": "awaiting_human",
    }
    states = dict(database.execute("select locale, state from editions").fetchall())
    # uz_Cyrl: the Uzbek edition in Cyrillic script, assembled with uz from its rows.
    assert states == {
        "ru": "complete",
        "ky": "complete",
        "uz": "partial",
        "tg": "partial",
        "uz_Cyrl": "partial",
    }


def test_markup_survives_translation(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    data_dir = tmp_path / "var"
    assert _run(["models", "install", str(package_dir["en-ru"])], data_dir).returncode == 0
    article = tmp_path / "story.md"
    article.write_text(
        "# Kyrgyz Herders Sent Back\n\n"
        "On July 18, [Khovar](https://khovar.tj/news?id=1&lang=en) reported that *about "
        "4,000 animals* were turned back. **It was** a setback.\n",
        encoding="utf-8",
    )
    result = _run(
        [
            "publish",
            str(article),
            "--to",
            "ru",
            "--date",
            "2021-07-21",
            "--out",
            str(tmp_path / "out"),
        ],
        data_dir,
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "ru" / "kyrgyz-herders-sent-back.html").read_text(encoding="utf-8")
    assert '<a href="https://khovar.tj/news?id=1&amp;lang=en">Khovar</a>' in page
    assert "<em>about 4\xa0000 animals</em>" in page
    assert "<strong>It was</strong> a setback." in page
    assert "18 июля" in page
