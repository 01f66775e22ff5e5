"""The web tests' own scaffolding (``tests.support.webapp``) is cheap on disk: each test's
data folder hard-links one install of the copy models instead of unpacking its own (50 MB
a test, 18 GB a run before), and a copy of the translated sample shares the models but
not the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publisher.core.config import Settings
from tests.support.webapp import SampleTemplate


def _files(folder: Path) -> dict[Path, Path]:
    return {path.relative_to(folder): path for path in folder.rglob("*") if path.is_file()}


def test_a_web_tests_models_are_links_to_one_install(web_settings: Settings) -> None:
    models = web_settings.resolved_models_dir
    assert sorted(p.name for p in models.iterdir()) == ["translate-en_ky", "translate-en_ru"]
    files = _files(models)
    assert any(path.name == "model.bin" for path in files.values())
    # every file is a link to the process's one install, not bytes of its own
    assert all(path.stat().st_nlink >= 2 for path in files.values())


def test_a_sample_copy_links_the_models_and_copies_the_database(
    web_settings: Settings, sample_template: SampleTemplate, sample_article: dict[str, Any]
) -> None:
    copied, template = web_settings.data_dir, sample_template.data_dir
    models = _files(copied / "models")
    assert models.keys() == _files(template / "models").keys()
    for name, path in models.items():
        assert path.stat().st_ino == (template / "models" / name).stat().st_ino
    if sample_template.database is None:  # SQLite: the database is a file in the folder
        database = copied / "tarjima.db"
        assert database.stat().st_ino != (template / "tarjima.db").stat().st_ino
        assert database.stat().st_nlink == 1
