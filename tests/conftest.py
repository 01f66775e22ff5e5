"""Shared fixtures: isolated settings, the sample article, Argos packages built on the
fly, and databases (SQLite, and PostgreSQL with ``--db=postgres|both``).

The fixtures only declare; what they build comes from ``tests/support`` (nothing imports
a conftest). ``--db`` (or ``TARJIMA_TEST_DB``) picks the backends of every test that
takes ``db_url`` (the storage, exchange and web tests): ``sqlite`` (the default, the fast
loop), ``postgres`` or ``both`` (CI). Their PostgreSQL runs are marked ``postgres``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Importing argostranslate creates folders under $HOME / XDG dirs: keep them out of the
# developer's home. Set before any test imports engine code.
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="tarjima-argos-home-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = str(_ARGOS_HOME / _var.lower())

import shutil  # noqa: E402

from publisher.core.config import Settings  # noqa: E402
from tests.support import databases  # noqa: E402
from tests.support.nllb_builder import NllbSpec, build_nllb_model  # noqa: E402
from tests.support.package_builder import PackageSpec, build_package  # noqa: E402
from tests.support.services import ServiceUnavailable  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO.parent / "shared" / "samples" / "qishloq-ovozi-afghan-kyrgyz.txt"
SAMPLE_DATE = "2021-07-21"
POSTGRES_URL = databases.POSTGRES_URL


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=("sqlite", "postgres", "both"),
        default=os.environ.get(databases.DB_OPTION_ENV, "sqlite"),
        help="database backends of the tests that take db_url (default: sqlite, or "
        f"${databases.DB_OPTION_ENV})",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that takes ``db_backend`` (through ``db_url``) runs on each backend of
    ``--db``; its PostgreSQL run is marked ``postgres``."""
    if "db_backend" not in metafunc.fixturenames:
        return
    chosen = databases.backends(metafunc.config.getoption("--db"))
    params = [
        pytest.param(name, marks=[pytest.mark.postgres] if name == "postgres" else [])
        for name in chosen
    ]
    metafunc.parametrize("db_backend", params)


def pytest_unconfigure(config: pytest.Config) -> None:
    """The session's temporary home goes with it (processes the tests started are gone)."""
    shutil.rmtree(_ARGOS_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def sample_path() -> Path:
    if not SAMPLE.is_file():
        pytest.fail(f"the reference article is missing: {SAMPLE} (../shared beside the checkout)")
    return SAMPLE


@pytest.fixture(scope="session")
def sample_text(sample_path: Path) -> str:
    return sample_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def package_dir(tmp_path_factory: pytest.TempPathFactory, sample_text: str) -> dict[str, Path]:
    """Argos packages built on the fly: deterministic copy models and a random-weight one.

    The copy models' tokenizers are trained on the sample article, so it tokenizes
    compactly; any other text still round-trips through byte fallback.
    """
    out = tmp_path_factory.mktemp("argos-packages")
    corpus = tuple(sample_text.splitlines())
    specs = {
        "en-ru": PackageSpec("en", "ru", "copy", corpus=corpus),
        "en-ky": PackageSpec("en", "ky", "copy", corpus=corpus),
        "en-uz": PackageSpec("en", "uz", "copy", corpus=corpus),
        "en-tg": PackageSpec("en", "tg", "copy", corpus=corpus),
        "ru-en": PackageSpec("ru", "en", "copy", corpus=corpus),
        "en-ky-random": PackageSpec("en", "ky", "random", corpus=corpus),
    }
    return {name: build_package(out / name, spec) for name, spec in specs.items()}


@pytest.fixture(scope="session")
def nllb_dir(tmp_path_factory: pytest.TempPathFactory, sample_text: str) -> dict[str, Path]:
    """NLLB-shaped model folders built on the fly (as ct2-transformers-converter writes
    them): ``copy`` reproduces its input when the NLLB token conventions are kept;
    ``random`` gives output that depends on the target language token."""
    out = tmp_path_factory.mktemp("nllb-models")
    corpus = tuple(sample_text.splitlines())
    return {
        "copy": build_nllb_model(out / "tiny-nllb", NllbSpec(corpus=corpus)),
        "random": build_nllb_model(
            out / "tiny-nllb-random", NllbSpec(kind="random", corpus=corpus, length_gain=1.0)
        ),
    }


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL URL that works (user postgres, then root); skips when none does."""
    try:
        return databases.find_postgres()
    except ServiceUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture()
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """``postgres_url`` with a fresh schema as its search_path; the schema is dropped after."""
    with databases.postgres_schema(postgres_url) as url:
        yield url


@pytest.fixture()
def db_url(request: pytest.FixtureRequest, db_backend: str, tmp_path: Path) -> str:
    """An empty database on ``db_backend`` (parametrized by ``--db``): a SQLite file in a
    folder not created yet, or a PostgreSQL schema of the test's own."""
    if db_backend == "sqlite":
        return databases.sqlite_url(tmp_path / "var")
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """Settings for one test: SQLite, models and editions under a fresh folder."""
    return Settings(data_dir=tmp_path / "var", broker_url=None)


@pytest.fixture(scope="session")
def hf_nllb_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny NLLB-200 checkpoint in Hugging Face format (random weights), as the Hub
    serves ``facebook/nllb-200-*``: the input of ``tarjima models download nllb-...``."""
    from tests.support.nllb_checkpoint import build_tiny_nllb_checkpoint

    return build_tiny_nllb_checkpoint(tmp_path_factory.mktemp("hf-nllb") / "checkpoint")
