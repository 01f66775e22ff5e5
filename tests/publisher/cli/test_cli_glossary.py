"""`tarjima glossary` as a user runs it: a real subprocess, real exit statuses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_cli(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TARJIMA_DATA_DIR": str(data_dir)}
    env.pop("TARJIMA_BROKER_URL", None)
    env.pop("TARJIMA_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _one_error_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], result.stderr


def test_seed_list_export_and_import(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    seeded = run_cli(["glossary", "seed"], data_dir)
    assert seeded.returncode == 0, seeded.stderr
    for locale in ("uz", "ky", "tg", "ru"):
        assert f"{locale}: 14 starter terms added" in seeded.stdout
    again = run_cli(["glossary", "seed"], data_dir)
    assert again.returncode == 0 and again.stdout.count("has terms already") == 4, again.stdout

    listed = run_cli(["glossary", "list", "--to", "ky"], data_dir)
    assert listed.returncode == 0, listed.stderr
    assert "Садыр Жапаров" in listed.stdout and "Ооганстан" in listed.stdout

    exported = run_cli(["glossary", "export", "--to", "ru"], data_dir)
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.splitlines()
    assert lines[0] == "term,translation,note" and len(lines) == 15
    assert "Dushanbe,Душанбе," in lines
    assert "Foreign Ministry,иностранных дел," in exported.stdout

    out = tmp_path / "ky.csv"
    written = run_cli(["glossary", "export", "--to", "ky", "--out", str(out)], data_dir)
    assert written.returncode == 0 and "14 terms written" in written.stdout, written.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfterm,translation,note\r\n")  # a BOM for spreadsheets

    edited = tmp_path / "edited.csv"
    edited.write_bytes(
        data.replace("Душанбе".encode(), "Дүйшөмбү".encode())
        + "Osh,Ош,city in the south\r\n".encode()
    )
    imported = run_cli(["glossary", "import", str(edited), "--to", "ky"], data_dir)
    assert imported.returncode == 0, imported.stderr
    assert "ky: 1 added, 1 updated, 13 unchanged" in imported.stdout
    listed = run_cli(["glossary", "list", "--to", "ky"], data_dir)
    assert "Дүйшөмбү" in listed.stdout and "Ош" in listed.stdout


def test_a_bad_file_exits_2_with_the_line_and_changes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    assert run_cli(["glossary", "seed"], data_dir).returncode == 0
    before = run_cli(["glossary", "export", "--to", "ky"], data_dir).stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("term,translation\nOsh,Ош\nDushanbe,\n", encoding="utf-8")
    _one_error_line(
        run_cli(["glossary", "import", str(bad), "--to", "ky"], data_dir),
        "line 3",
        "translation is empty",
    )
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _one_error_line(run_cli(["glossary", "import", str(binary), "--to", "ky"], data_dir), "binary")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("term,translation\nDushanbe,Душанбе\n".encode("cp1251"))
    _one_error_line(run_cli(["glossary", "import", str(latin), "--to", "ky"], data_dir), "UTF-8")
    assert run_cli(["glossary", "export", "--to", "ky"], data_dir).stdout == before


@pytest.mark.parametrize("command", [["list"], ["export"], ["import", "whatever.csv"]])
def test_an_unknown_language_exits_2(tmp_path: Path, command: list[str]) -> None:
    result = run_cli(["glossary", *command, "--to", "fr"], tmp_path / "var")
    _one_error_line(result, "unknown target language “fr”")


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_cli(
        ["glossary", "import", str(tmp_path / "nope.csv"), "--to", "ky"], tmp_path / "var"
    )
    _one_error_line(result, "no such file")
