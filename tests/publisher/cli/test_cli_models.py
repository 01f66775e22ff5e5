"""``tarjima models``: install by file or index name, remove, doctor, list, as a user runs them
(a real subprocess; the Argos index is served from 127.0.0.1 by the test)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from publisher.core.locales import TARGET_LOCALES


def run_cli(
    args: list[str],
    data_dir: Path,
    index_url: str = "http://127.0.0.1:9/index.json",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TARJIMA_DATA_DIR": str(data_dir),
        "COLUMNS": "200",
        "TARJIMA_ARGOS_INDEX_URL": index_url,
        # The test index is plain http on 127.0.0.1: allowed only with this setting on.
        "TARJIMA_MODEL_INDEX_LOOPBACK_HTTP": "true",
        **(env or {}),
    }
    env.pop("TARJIMA_BROKER_URL", None)
    env.pop("TARJIMA_DATABASE_URL", None)
    env.pop("TARJIMA_MODELS_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def index_root(tmp_path: Path, package_dir: dict[str, Path]) -> Iterator[tuple[Path, str]]:
    """A folder served on 127.0.0.1 holding en-ru and en-ky packages and their index."""
    root = tmp_path / "www"
    root.mkdir()
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root))
    )
    base = f"http://127.0.0.1:{server.server_port}"
    entries = []
    for pair in ("en-ru", "en-ky"):
        from_code, to_code = pair.split("-")
        (root / f"{pair}.argosmodel").write_bytes(package_dir[pair].read_bytes())
        entries.append(
            {
                "code": f"translate-{from_code}_{to_code}",
                "from_code": from_code,
                "to_code": to_code,
                "links": [f"{base}/{pair}.argosmodel"],
                "checksum": f"sha256:{_sha256(package_dir[pair])}",
            }
        )
    (root / "index.json").write_text(json.dumps(entries))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"{base}/index.json"
    server.shutdown()
    server.server_close()


def _routes(listing: str) -> dict[str, str]:
    """Target locale -> route cell of the ``models list`` table."""
    rows = [line.split("│") for line in listing.splitlines() if line.startswith("│")]
    return {
        cells[1].strip(): cells[2].strip()
        for cells in rows
        if len(cells) > 3 and cells[1].strip() in TARGET_LOCALES
    }


def test_install_by_name_and_list_routes(tmp_path: Path, index_root: tuple[Path, str]) -> None:
    _, index_url = index_root
    data_dir = tmp_path / "var"
    assert _routes(run_cli(["models", "list"], data_dir).stdout) == {
        "uz": "none",
        "ky": "none",
        "tg": "none",
        "ru": "none",
    }
    by_pair = run_cli(["models", "install", "en-ru"], data_dir, index_url)
    assert by_pair.returncode == 0 and "installed en->ru" in by_pair.stdout, by_pair.stderr
    by_code = run_cli(["models", "install", "translate-en_ky"], data_dir, index_url)
    assert by_code.returncode == 0 and "installed en->ky" in by_code.stdout, by_code.stderr
    listed = run_cli(["models", "list"], data_dir)
    assert listed.returncode == 0
    assert _routes(listed.stdout) == {
        "uz": "none",
        "ky": "en -> ky",
        "tg": "none",
        "ru": "en -> ru",
    }
    again = run_cli(["models", "download", "en-ru"], data_dir, index_url)
    assert again.returncode == 0 and "installed argos:en-ru" in again.stdout, again.stderr


def test_install_refusals(tmp_path: Path, index_root: tuple[Path, str]) -> None:
    root, index_url = index_root
    data_dir = tmp_path / "var"
    missing = run_cli(["models", "install", str(tmp_path / "x.argosmodel")], data_dir, index_url)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    unknown = run_cli(["models", "install", "en-uz"], data_dir, index_url)
    assert unknown.returncode == 2 and "no en->uz package" in unknown.stderr
    entries = json.loads((root / "index.json").read_text())
    entries[0]["checksum"] = "sha256:" + "0" * 64
    (root / "index.json").write_text(json.dumps(entries))
    mismatch = run_cli(["models", "install", "en-ru"], data_dir, index_url)
    assert mismatch.returncode == 2 and "checksum mismatch" in mismatch.stderr
    (root / "en-ru.argosmodel").unlink()
    gone = run_cli(["models", "install", "en-ru"], data_dir, index_url)
    assert gone.returncode == 1 and "download failed" in gone.stderr
    models = data_dir / "models"
    assert not models.exists() or list(models.iterdir()) == []


def test_remove(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    data_dir = tmp_path / "var"
    assert run_cli(["models", "install", str(package_dir["en-ru"])], data_dir).returncode == 0
    removed = run_cli(["models", "remove", "en-ru"], data_dir)
    assert removed.returncode == 0 and "removed argos:en-ru" in removed.stdout, removed.stderr
    assert list((data_dir / "models").iterdir()) == []
    again = run_cli(["models", "remove", "en-ru"], data_dir)
    assert again.returncode == 2 and "no en->ru package is installed" in again.stderr
    bad = run_cli(["models", "remove", "english"], data_dir)
    assert bad.returncode == 2 and "not a pair" in bad.stderr


def test_doctor_ok_then_broken(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    data_dir = tmp_path / "var"
    for pair in ("en-ru", "en-ky"):
        assert run_cli(["models", "install", str(package_dir[pair])], data_dir).returncode == 0
    healthy = run_cli(["models", "doctor"], data_dir)
    assert healthy.returncode == 0, healthy.stderr
    lines = healthy.stdout.splitlines()
    for name in ("translate-en_ru", "translate-en_ky"):
        assert any(line.startswith(f"OK    {name} (") and "Dushanbe" in line for line in lines)
    assert "no route en->uz" in healthy.stdout and "no route en->tg" in healthy.stdout
    assert "no route en->ru" not in healthy.stdout
    (data_dir / "models" / "translate-en_ky" / "model" / "model.bin").write_bytes(b"junk")
    broken = run_cli(["models", "doctor"], data_dir)
    assert broken.returncode == 1
    assert "FAIL  translate-en_ky" in broken.stdout and "OK    translate-en_ru" in broken.stdout
    assert "1 of 2 models failed: translate-en_ky" in broken.stderr


def _engine_cells(listing: str) -> dict[str, tuple[str, str]]:
    """Target locale -> (engine, model) cells of the routes table."""
    rows = [line.split("│") for line in listing.splitlines() if line.startswith("│")]
    return {
        cells[1].strip(): (cells[3].strip(), cells[4].strip())
        for cells in rows
        if len(cells) > 5 and cells[1].strip() in TARGET_LOCALES
    }


def test_an_nllb_model_is_installed_listed_checked_and_removed(
    tmp_path: Path, package_dir: dict[str, Path], nllb_dir: dict[str, Path]
) -> None:
    data_dir = tmp_path / "var"
    assert run_cli(["models", "install", str(package_dir["en-ru"])], data_dir).returncode == 0
    installed = run_cli(["models", "install", str(nllb_dir["copy"])], data_dir)
    assert installed.returncode == 0, installed.stderr
    assert "installed nllb:tiny-nllb covering en, uz, ky, tg, ru" in installed.stdout
    listed = run_cli(["models", "list"], data_dir)
    assert listed.returncode == 0, listed.stderr
    assert _routes(listed.stdout) == {
        "uz": "en -> uz",
        "ky": "en -> ky",
        "tg": "en -> tg",
        "ru": "en -> ru",
    }
    engines = _engine_cells(listed.stdout)
    assert engines["ru"] == ("argos (auto)", "argos:en-ru:0.0.test")
    assert engines["uz"] == ("nllb (auto)", "nllb:tiny-nllb (eng_Latn -> uzn_Latn)")
    assert engines["tg"] == ("nllb (auto)", "nllb:tiny-nllb (eng_Latn -> tgk_Cyrl)")
    assert "nllb:tiny-nllb (in use)" in listed.stdout
    # Configuration moves ru to NLLB and keeps ky on Argos only (none: no package).
    configured = run_cli(["models", "list"], data_dir, env={"TARJIMA_ENGINES": "ru=nllb,ky=argos"})
    engines = _engine_cells(configured.stdout)
    assert engines["ru"] == ("nllb", "nllb:tiny-nllb (eng_Latn -> rus_Cyrl)")
    assert engines["ky"] == ("argos", "no argos model covers ky")
    assert _routes(configured.stdout)["ky"] == "none"
    doctor = run_cli(["models", "doctor"], data_dir)
    assert doctor.returncode == 0, doctor.stderr
    line = next(x for x in doctor.stdout.splitlines() if x.startswith("OK    nllb:tiny-nllb"))
    assert "uz: The talks in Dushanbe ended on July 18." in line
    assert "no route" not in doctor.stdout
    removed = run_cli(["models", "remove", "tiny-nllb"], data_dir)
    assert removed.returncode == 0 and "removed nllb:tiny-nllb" in removed.stdout
    after = _routes(run_cli(["models", "list"], data_dir).stdout)
    assert after == {"uz": "none", "ky": "none", "tg": "none", "ru": "en -> ru"}


def test_a_bad_nllb_folder_is_refused_clearly(tmp_path: Path, nllb_dir: dict[str, Path]) -> None:
    data_dir = tmp_path / "var"
    folder = tmp_path / "half-converted"
    folder.mkdir()
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        (folder / name).write_bytes((nllb_dir["copy"] / name).read_bytes())
    refused = run_cli(["models", "install", str(folder)], data_dir)
    assert refused.returncode == 2
    assert "no sentencepiece.bpe.model" in refused.stderr
    assert not (data_dir / "models" / "nllb").exists() or not any(
        p for p in (data_dir / "models" / "nllb").iterdir() if not p.name.startswith(".")
    )
    # A broken installed model fails the doctor, by name.
    assert run_cli(["models", "install", str(nllb_dir["copy"])], data_dir).returncode == 0
    (data_dir / "models" / "nllb" / "tiny-nllb" / "model.bin").write_bytes(b"junk")
    broken = run_cli(["models", "doctor"], data_dir)
    assert broken.returncode == 1 and "FAIL  nllb:tiny-nllb" in broken.stdout


def test_hostile_models_are_refused_and_limits_come_from_settings(
    tmp_path: Path,
    index_root: tuple[Path, str],
    package_dir: dict[str, Path],
    nllb_dir: dict[str, Path],
) -> None:
    """Tried, through the command a user runs: a deflate bomb (64 MiB of zeros in a 64 KB
    archive), an NLLB folder with a link to the installation's secret_key, an index on
    plain http with the loopback setting off, and a real package over a lowered
    TARJIMA_MODEL_MAX_BYTES. Each is refused with exit 2 and leaves no model behind."""
    _, index_url = index_root
    data_dir = tmp_path / "var"
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pkg/metadata.json", json.dumps({"from_code": "en", "to_code": "ru"}))
        zf.writestr("pkg/model/model.bin", b"\0" * (64 << 20))
    refused = run_cli(["models", "install", str(bomb)], data_dir)
    assert refused.returncode == 2 and "compression ratio" in refused.stderr, refused.stderr
    secret = data_dir / "secret_key"
    secret.write_text("s3cr3t")
    folder = tmp_path / "nllb-600M"
    shutil.copytree(nllb_dir["copy"], folder)
    (folder / "secret_key").symlink_to(secret)
    linked = run_cli(["models", "install", str(folder)], data_dir)
    assert linked.returncode == 2 and "secret_key is a symbolic link" in linked.stderr
    plain = run_cli(
        ["models", "install", "en-ru"],
        data_dir,
        index_url,
        env={"TARJIMA_MODEL_INDEX_LOOPBACK_HTTP": "false"},
    )
    assert plain.returncode == 2 and "over https only" in plain.stderr, plain.stderr
    small = run_cli(
        ["models", "install", str(package_dir["en-ru"])],
        data_dir,
        env={"TARJIMA_MODEL_MAX_BYTES": "1000"},
    )
    assert small.returncode == 2 and "TARJIMA_MODEL_MAX_BYTES" in small.stderr, small.stderr
    assert not [p for p in (data_dir / "models").rglob("*") if p.name != "nllb"]
