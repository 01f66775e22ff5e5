"""``tarjima xliff`` and ``tarjima tm`` as a user runs them: a real subprocess, real exit
statuses, files and standard output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from translate.storage import tmx, xliff, xliff2

from publisher.core.articles import Segment
from publisher.core.config import Settings
from publisher.core.enums import Status
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.exchange.xliff import unit_ids
from publisher.services.memory import memory_key


def run_cli(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "TARJIMA_DATA_DIR": str(data_dir)}
    env.pop("TARJIMA_BROKER_URL", None)
    env.pop("TARJIMA_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )


def _error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.fixture()
def cli_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", broker_url=None)


@pytest.fixture()
def cli_database(cli_settings: Settings) -> Any:
    database = Database.open(cli_settings.resolved_database_url)
    yield database
    database.dispose()


@pytest.fixture()
def cli_story(cli_database: Database, make_story_in: Any) -> Any:
    return make_story_in(cli_database)


@pytest.fixture()
def make_story_in() -> Any:
    """Builds the exchange tests' article in a database of the test's choosing."""
    from datetime import date

    from publisher.core.articles import Article, Block, BlockKind, Segment

    def make(database: Database) -> tuple[int, list[int]]:
        article = Article(
            slug="border-news",
            title="The border was closed.",
            source_locale="en",
            published=date(2021, 7, 21),
            blocks=(
                Block(
                    0,
                    BlockKind.HEADLINE,
                    "The border was closed.",
                    segments=(Segment(0, 0, "The border was closed."),),
                ),
                Block(
                    1,
                    BlockKind.PARAGRAPH,
                    "Talks go on.",
                    segments=(Segment(1, 0, "Talks go on."),),
                ),
            ),
        )
        with database.session() as session:
            article_id = repo.add_article(
                session, article=article, source_text="x", source_format="text", targets=["ky"]
            )
            return article_id, repo.segment_ids(session, article_id=article_id)

    return make


def _statuses(database: Database, article_id: int) -> dict[int, tuple[str | None, Status]]:
    with database.session() as session:
        rows = repo.translations_for(session, article_id=article_id, locale="ky")
    return {sid: (row.text, row.status) for sid, row in rows.items()}


def test_xliff_export_and_import(
    tmp_path: Path, cli_settings: Settings, cli_database: Database, cli_story: Any
) -> None:
    article_id, segment_ids = cli_story
    data_dir = cli_settings.data_dir
    to_stdout = run_cli(["xliff", "export", "border-news", "--locale", "ky"], data_dir)
    assert to_stdout.returncode == 0, to_stdout.stderr
    store = xliff2.Xliff2File.parsestring(to_stdout.stdout)
    assert [u.getid() for u in store.units] == unit_ids(
        [Segment(0, 0, "The border was closed."), Segment(1, 0, "Talks go on.")]
    )

    path = tmp_path / "border.xlf"
    written = run_cli(
        [
            "xliff",
            "export",
            str(article_id),
            "--locale",
            "ky",
            "--version",
            "1.2",
            "--out",
            str(path),
        ],
        data_dir,
    )
    assert written.returncode == 0, written.stderr
    assert b"written to" in written.stdout
    old = xliff.xlifffile.parsestring(path.read_bytes())
    assert old.document.getroot().get("version") == "1.2"
    old.units[0].settarget("Чек ара жабылды.", lang="ky")
    old.units[0].markapproved(True)
    old.units[1].settarget("Сүйлөшүүлөр уланууда.", lang="ky")
    old.units[1].markapproved(False)  # the toolkit approves a first translation
    path.write_bytes(bytes(old))

    imported = run_cli(["xliff", "import", str(path)], data_dir)
    assert imported.returncode == 0, imported.stderr
    assert b"imported 2 translations (0 approved, 2 to review)" in imported.stdout
    assert _statuses(cli_database, article_id) == {
        segment_ids[0]: ("Чек ара жабылды.", Status.NEEDS_REVIEW),
        segment_ids[1]: ("Сүйлөшүүлөр уланууда.", Status.NEEDS_REVIEW),
    }

    approved = run_cli(["xliff", "import", str(path), "--approve"], data_dir)
    assert approved.returncode == 0, approved.stderr
    assert b"imported 1 translations (1 approved" in approved.stdout
    assert _statuses(cli_database, article_id)[segment_ids[0]] == (
        "Чек ара жабылды.",
        Status.APPROVED,
    )
    # An import reassembles the edition as a preview; the public folder waits for publish.
    assert (data_dir / "previews" / "ky" / "border-news.html").is_file()
    assert not (data_dir / "editions" / "ky" / "border-news.html").exists()


@pytest.mark.parametrize(
    ("args", "contents", "word"),
    [
        (["xliff", "import"], b"<xliff version='2.0'><file", "cannot be read"),
        (["xliff", "import"], b'<!DOCTYPE x [<!ENTITY a "b">]><xliff/>', "DTD"),
        (["xliff", "import"], b"x" * (2 * 1024 * 1024 + 1), "too large"),
        (["tm", "import"], b"<tmx version='1.4'><body>", "cannot be read"),
        (["tm", "import"], b'<!DOCTYPE tmx [<!ENTITY a "b">]><tmx/>', "DTD"),
    ],
)
def test_bad_files_exit_2_and_change_nothing(
    tmp_path: Path,
    cli_settings: Settings,
    cli_database: Database,
    cli_story: Any,
    dump: Any,
    args: list[str],
    contents: bytes,
    word: str,
) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(contents)
    before = dump(cli_database)
    result = run_cli([*args, str(path)], cli_settings.data_dir)
    assert result.returncode == 2, result.stderr
    assert word in _error_line(result)
    assert dump(cli_database) == before


def test_usage_errors_exit_2(cli_settings: Settings, cli_story: Any) -> None:
    data_dir = cli_settings.data_dir
    version = run_cli(
        ["xliff", "export", "border-news", "--locale", "ky", "--version", "3.0"], data_dir
    )
    assert version.returncode == 2 and "2.0 or 1.2" in _error_line(version)
    missing = run_cli(["xliff", "import", str(data_dir / "nowhere.xlf")], data_dir)
    assert missing.returncode == 2 and "no such file" in _error_line(missing)
    locale = run_cli(["tm", "export", "--to", "fr"], data_dir)
    assert locale.returncode == 2 and "unsupported" in _error_line(locale)


def test_tm_export_and_import(
    tmp_path: Path,
    cli_settings: Settings,
    cli_database: Database,
) -> None:
    with cli_database.session() as session:
        for locale, target in (("ky", "Чек ара жабылды."), ("ru", "Граница закрыта.")):
            repo.remember(
                session,
                source_locale="en",
                target_locale=locale,
                source_key=memory_key("The border was closed."),
                source_text="The border was closed.",
                target_text=target,
                article_id=None,
                article_slug=None,
                origin="human",
                approved=True,
                changed_by=None,
            )
    everything = run_cli(["tm", "export"], cli_settings.data_dir)
    assert everything.returncode == 0, everything.stderr
    assert len(tmx.tmxfile.parsestring(everything.stdout).units) == 2

    path = tmp_path / "ky.tmx"
    only_ky = run_cli(["tm", "export", "--to", "ky", "--out", str(path)], cli_settings.data_dir)
    assert only_ky.returncode == 0, only_ky.stderr
    assert [u.target for u in tmx.tmxfile.parsestring(path.read_bytes()).units] == [
        "Чек ара жабылды."
    ]

    other = tmp_path / "other"
    imported = run_cli(["tm", "import", str(path)], other)
    assert imported.returncode == 0, imported.stderr
    assert b"imported 1 translation memory entries" in imported.stdout
    database = Database.open(Settings(data_dir=other).resolved_database_url)
    with database.session() as session:
        entries = repo.memory_entries(session)
    database.dispose()
    assert [(e.source_text, e.target_locale, e.target_text, e.origin) for e in entries] == [
        ("The border was closed.", "ky", "Чек ара жабылды.", "import")
    ]
