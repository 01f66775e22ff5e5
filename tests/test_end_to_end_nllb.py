"""Publish the sample article with all four languages covered: Argos packages for Kyrgyz,
the NLLB engine for Uzbek, Tajik and (by configuration) Russian, as a user sets it up:
`tarjima models install <folder>` for a converted NLLB model, `TARJIMA_ENGINES` for the
choice per locale, `tarjima publish` for the job.

The tiny NLLB-shaped model copies its input only when the engine keeps NLLB's token
conventions (tests/worker/engines/test_nllb.py), so exact output here proves the whole
path: segments, placeholders, the engine, CTranslate2, restoring spans per locale.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

SLUG = "tajikistan-misses-big-opportunity-to-mend-ties-with-kyrgyzstan"
TARJIMA = str(Path(sys.executable).with_name("tarjima"))
EXPECTED = {  # locale values rendered into text that went through the NLLB engine
    "uz": ["4\xa0000 livestock", "13–14-iyul", "18-iyul kuni", "iyun oxirida"],
    "tg": ["4\xa0000 livestock", "13–14 июл", "охири моҳи июн"],
    "ru": ["4\xa0000 livestock", "13–14 июля", "в конце июня", "21 июля 2021\u202fг."],
}


def _run(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "TARJIMA_DATA_DIR": str(data_dir), "COLUMNS": "200", **env}
    for var in (
        "TARJIMA_BROKER_URL",
        "TARJIMA_DATABASE_URL",
        "TARJIMA_MODELS_DIR",
        "TARJIMA_ENGINE",
        "TARJIMA_NLLB_MODEL",
    ):
        environment.pop(var, None)
    return subprocess.run(
        [TARJIMA, *args], env=environment, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory,
    sample_path: Path,
    package_dir: dict[str, Path],
    nllb_dir: dict[str, Path],
) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("e2e-nllb")
    data_dir, out = root / "var", root / "out"
    for model in (str(package_dir["en-ky"]), str(package_dir["en-ru"]), str(nllb_dir["copy"])):
        installed = _run(["models", "install", model], data_dir)
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
        TARJIMA_ENGINES="ru=nllb",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return data_dir, out


def test_every_language_is_machine_translated_by_the_engine_configured_for_it(
    published: tuple[Path, Path],
) -> None:
    database = sqlite3.connect(published[0] / "tarjima.db")
    engines = dict(
        database.execute(
            "select locale, group_concat(distinct engine) from translations group by locale"
        ).fetchall()
    )
    assert engines["uz"] == engines["tg"] == engines["ru"] == "nllb:tiny-nllb"
    assert engines["ky"] == "argos:en-ky:0.0.test"  # auto: the Argos package
    statuses = dict(
        database.execute(
            "select locale, group_concat(distinct status) from translations group by locale"
        ).fetchall()
    )
    assert statuses == {"uz": "machine", "ky": "machine", "tg": "machine", "ru": "machine"}
    states = dict(database.execute("select locale, state from editions").fetchall())
    assert all(states[code] == "complete" for code in ("uz", "ky", "tg", "ru")), states


@pytest.mark.parametrize("locale", ["uz", "tg", "ru"])
def test_nllb_editions_render_exact_locale_values(
    published: tuple[Path, Path], locale: str
) -> None:
    page = (published[1] / locale / f"{SLUG}.html").read_text(encoding="utf-8")
    assert f'<html lang="{locale}"' in page
    for expected in EXPECTED[locale]:
        assert expected in page, expected
    assert 'class="untranslated"' not in page
    assert "eng_Latn" not in page and "</s>" not in page


def test_the_machine_translated_uzbek_edition_is_also_written_in_cyrillic(
    published: tuple[Path, Path],
) -> None:
    page = (published[1] / "uz-Cyrl" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="uz-Cyrl"' in page
    assert "18 июл куни" in page and "13–14 июл" in page  # Babel's uz_Cyrl data
    assert 'class="untranslated"' not in page
    database = sqlite3.connect(published[0] / "tarjima.db")
    state = database.execute("select state from editions where locale = 'uz_Cyrl'").fetchone()
    assert state == ("complete",)
