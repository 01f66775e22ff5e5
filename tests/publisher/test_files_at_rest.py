"""Files that hold secrets are private to their owner (issue 15, point 9).

The attack: another account on the same machine reads ``tarjima.db`` (sessions, token
and password hashes) or ``secret_key`` (which signs CSRF tokens and flash messages),
because they were created with the umask's mode (0644).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from publisher.core.config import Settings
from publisher.db.session import Database
from publisher.web.state import load_secret


@pytest.fixture()
def ordinary_umask() -> Iterator[None]:
    """The usual umask (022), under which a plain new file would be 0644."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("ordinary_umask")
def test_a_new_sqlite_database_and_its_wal_files_are_owner_only(tmp_path: Path) -> None:
    """Another local user tries to read the SQLite database and its WAL files."""
    settings = Settings(data_dir=tmp_path / "var")
    database = Database.for_settings(settings)
    try:
        with database.session() as session:
            session.execute(text("SELECT count(*) FROM users"))
        files = sorted((tmp_path / "var").glob("tarjima.db*"))
        assert [f.name for f in files][:1] == ["tarjima.db"]
        assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
    finally:
        database.dispose()


@pytest.mark.usefixtures("ordinary_umask")
def test_the_generated_secret_key_is_owner_only(tmp_path: Path) -> None:
    """Another local user tries to read the generated secret key."""
    settings = Settings(data_dir=tmp_path / "var")
    assert len(load_secret(settings)) >= 32
    assert _mode(tmp_path / "var" / "secret_key") == 0o600
