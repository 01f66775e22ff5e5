"""``tarjima models download nllb-...`` as a user runs it (a real subprocess), against a
stand-in for the Hugging Face Hub on 127.0.0.1 serving a tiny checkpoint."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.support.hub_server import serve_hub

NAME = "nllb-200-distilled-600M"
REPO = f"facebook/{NAME}"


def cli_env(data_dir: Path, env: dict[str, str]) -> dict[str, str]:
    full = {
        **os.environ,
        "TARJIMA_DATA_DIR": str(data_dir),
        "COLUMNS": "200",
        # The stand-in Hub is plain http on 127.0.0.1: allowed only with this setting.
        "TARJIMA_MODEL_INDEX_LOOPBACK_HTTP": "true",
        **env,
    }
    for name in ("TARJIMA_BROKER_URL", "TARJIMA_DATABASE_URL", "TARJIMA_MODELS_DIR"):
        full.pop(name, None)
    if "HF_ENDPOINT" not in env:
        full.pop("HF_ENDPOINT", None)
    return full


def run_cli(
    args: list[str], data_dir: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        env=cli_env(data_dir, env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _nothing_installed(data_dir: Path) -> bool:
    nllb = data_dir / "models" / "nllb"
    return not nllb.exists() or list(nllb.iterdir()) == []


def _error_line(stderr: str, prefix: str = "error:") -> str:
    assert "Traceback" not in stderr, stderr
    (line,) = [line for line in stderr.splitlines() if line.startswith(prefix)]
    return line


def test_download_shows_its_stages_installs_and_routes_uzbek_and_tajik(
    tmp_path: Path, hf_nllb_checkpoint: Path
) -> None:
    data_dir = tmp_path / "var"
    with serve_hub(REPO, hf_nllb_checkpoint) as (endpoint, _hub):
        done = run_cli(["models", "download", NAME], data_dir, {"TARJIMA_HF_ENDPOINT": endpoint})
    assert done.returncode == 0, done.stderr
    stages = [line.split(" ", 2)[:2] for line in done.stderr.splitlines() if line.startswith("[")]
    assert stages == [["[1/3]", "downloading"], ["[2/3]", "converting"], ["[3/3]", "installing"]], (
        done.stderr
    )
    bars = [
        line
        for line in done.stderr.splitlines()
        if line.strip().startswith(("config.json", "model.safetensors", "sentencepiece.bpe.model"))
    ]
    assert len(bars) == 3 and all("kB" in bar or "bytes" in bar for bar in bars), done.stderr
    assert f"installed nllb:{NAME} covering en, uz, ky, tg, ru" in done.stdout
    listed = run_cli(["models", "list"], data_dir, {})
    assert f"nllb:{NAME} (eng_Latn -> uzn_Latn)" in listed.stdout
    assert f"nllb:{NAME} (eng_Latn -> tgk_Cyrl)" in listed.stdout


def test_offline_is_one_clear_line_and_installs_nothing(
    tmp_path: Path, hf_nllb_checkpoint: Path
) -> None:
    with serve_hub(REPO, hf_nllb_checkpoint) as (endpoint, _hub):
        pass  # closed again: connections to it are refused, as offline
    data_dir = tmp_path / "var"
    offline = run_cli(["models", "download", NAME], data_dir, {"HF_ENDPOINT": endpoint})
    assert offline.returncode == 1
    # Expected offline: a plain line, not an error.
    assert "error:" not in offline.stderr, offline.stderr
    line = _error_line(offline.stderr, prefix=f"{NAME}: ")
    assert line.startswith(f"{NAME}: no internet access to the Hugging Face Hub"), line
    assert "run the same command again" in line and "tarjima models install FOLDER" in line
    assert _nothing_installed(data_dir)


def test_a_broken_download_resumes_when_the_command_is_run_again(
    tmp_path: Path, hf_nllb_checkpoint: Path
) -> None:
    data_dir = tmp_path / "var"
    with serve_hub(REPO, hf_nllb_checkpoint) as (endpoint, hub):
        hub.cut_after["model.safetensors"] = 10_000
        env = {"TARJIMA_HF_ENDPOINT": endpoint}
        broken = run_cli(["models", "download", NAME], data_dir, env)
        line = _error_line(broken.stderr)
        assert (
            broken.returncode == 1
            and "the download from the Hugging Face Hub broke off" in line
            and "run the same command again: it resumes" in line
        )
        assert _nothing_installed(data_dir)
        again = run_cli(["models", "download", NAME], data_dir, env)
    assert again.returncode == 0, again.stderr
    assert hub.ranged_requests("model.safetensors") == ["bytes=10000-"]
    assert (data_dir / "models" / "nllb" / NAME / "model.bin").is_file()


def test_an_unknown_name_lists_the_known_ones(tmp_path: Path) -> None:
    unknown = run_cli(["models", "download", "nllb-200-9B"], tmp_path / "var", {})
    assert unknown.returncode == 2
    line = _error_line(unknown.stderr)
    assert "unknown model 'nllb-200-9B'" in line
    for name in (NAME, "nllb-200-distilled-1.3B", "nllb-200-1.3B", "nllb-200-3.3B", "en-ru"):
        assert name in line


def test_ctrl_c_during_the_download_keeps_it_for_the_next_run(
    tmp_path: Path, hf_nllb_checkpoint: Path
) -> None:
    data_dir = tmp_path / "var"
    with serve_hub(REPO, hf_nllb_checkpoint) as (endpoint, hub):
        hub.hold_after["model.safetensors"] = 8192
        env = {"TARJIMA_HF_ENDPOINT": endpoint}
        process = subprocess.Popen(
            [sys.executable, "-m", "publisher", "models", "download", NAME],
            env=cli_env(data_dir, env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert hub.holding.wait(timeout=120), "the download never started"
            partial = next(_partials(data_dir, deadline=time.monotonic() + 120))
            process.send_signal(signal.SIGINT)
            _out, err = process.communicate(timeout=120)
        finally:
            hub.release.set()
            if process.poll() is None:
                process.kill()
        assert process.returncode == 1
        line = _error_line(err)
        assert f"{NAME}: interrupted; nothing installed" in line and "resumes" in line
        assert _nothing_installed(data_dir)
        again = run_cli(["models", "download", NAME], data_dir, env)
    assert again.returncode == 0, again.stderr
    assert hub.ranged_requests("model.safetensors") == [f"bytes={partial}-"]


def _partials(data_dir: Path, deadline: float) -> Iterator[int]:
    """The size of the partial weights file once the 8192 bytes sent have reached it."""
    downloads = data_dir / "models" / ".downloads"
    while time.monotonic() < deadline:
        sizes = [p.stat().st_size for p in downloads.rglob("model.safetensors.incomplete")]
        if sizes and sizes[0] >= 8192:
            yield sizes[0]
            return
        os.sched_yield()
    raise AssertionError("the partial download never reached the disk")
