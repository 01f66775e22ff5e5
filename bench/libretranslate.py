"""(iv) LibreTranslate (PyPI ``libretranslate``, in its own virtualenv) serving the package.

What it takes to run it offline, found by trying (each step answers an exact failure):

1. Its virtualenv: CPU torch first (``torch==2.13.0``; a bare resolve pulls a multi-GB CUDA
   build), then ``libretranslate`` and ``spacy`` in one resolve.
2. With fewer than two packages installed, LibreTranslate's start-up updates the Argos
   index from the internet and retries for ever (``URLError: Name or service not
   known``). The benchmark package is installed a second time with its codes reversed
   (ru->en), which is never requested.
3. Argos splits each request into sentences with MiniSBD, which downloads
   ``en.onnx`` from GitHub on the first request (``URLError``): the request fails with
   HTTP 500. Argos also accepts a spaCy pipeline inside the package (``<package>/spacy``)
   with ``ARGOS_CHUNK_TYPE=SPACY``; each package gets a blank English spaCy pipeline, to
   which Argos adds spaCy's rule-based ``sentencizer``. The (empty) folder
   ``$XDG_CACHE_HOME/argos-translate/spacy/senter/model`` stops Argos from trying to
   download spaCy's ``xx_sent_ud_sm`` at import.
4. HOME and the XDG folders point into the work folder: nothing is written under the real
   $HOME; ``ARGOS_PACKAGES_DIR`` holds only the benchmark package (and its reversed copy).

Decoding: ``ARGOS_BEAM_SIZE=2`` as Tarjima; Argos itself fixes ``num_hypotheses=1``,
``length_penalty=0.2`` and batches of 32 *tokens* (so in practice one sentence per
``translate_batch`` call), which the benchmark cannot change. Threads: the same total
as the other systems (``ARGOS_INTER_THREADS`` x ``ARGOS_INTRA_THREADS``), with as many
client threads as translator replicas. One request per paragraph; each paragraph is the
same masked segment texts the other systems translate, joined with spaces.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.services import vm_hwm_mib

VENV = Path(__file__).resolve().parent / ".work" / "venv-libretranslate"
TORCH = "torch==2.13.0"


def _pip(*args: str, log: Path, timeout: float) -> None:
    with log.open("ab") as out:
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=True,
        )


def ensure_venv(log: Path, timeout: float = 900) -> Path:
    """The LibreTranslate virtualenv, created on first use; returns its python."""
    python = VENV / "bin" / "python"
    marker = VENV / ".bench-ready"
    if not marker.is_file():
        subprocess.run(["python3.11", "-m", "venv", str(VENV)], check=True, timeout=120)
        _pip(TORCH, log=log, timeout=timeout)
        _pip("libretranslate", "spacy", log=log, timeout=timeout)
        marker.write_text("ok\n")
    return python


def _install(archive: Path, packages: Path, python: Path) -> None:
    """The package, its reversed twin, and a blank spaCy pipeline in each (see above)."""
    packages.mkdir(parents=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(packages)
    (source,) = [p for p in packages.iterdir() if p.is_dir()]
    twin = packages / "translate-ru_en-bench"
    shutil.copytree(source, twin)
    metadata = json.loads((twin / "metadata.json").read_text(encoding="utf-8"))
    metadata.update(from_code="ru", from_name="ru", to_code="en", to_name="en")
    (twin / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    for package in (source, twin):
        code = f"import spacy; spacy.blank('en').to_disk({str(package / 'spacy')!r})"
        subprocess.run([str(python), "-c", code], check=True, timeout=120)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(work: Path, *, inter: int, intra: int) -> dict[str, str]:
    home = work / "home"
    (home / ".cache" / "argos-translate" / "spacy" / "senter" / "model").mkdir(parents=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "ARGOS_PACKAGES_DIR": str(work / "packages"),
        "ARGOS_CHUNK_TYPE": "SPACY",
        "ARGOS_BEAM_SIZE": "2",
        "ARGOS_INTER_THREADS": str(inter),
        "ARGOS_INTRA_THREADS": str(intra),
        "ARGOS_DEVICE_TYPE": "cpu",
    }


def _post(url: str, text: str, timeout: float = 120) -> str:
    body = json.dumps({"q": text, "source": "en", "target": "ru"}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return str(json.loads(response.read())["translatedText"])


def _wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"LibreTranslate exited with status {proc.returncode}")
        try:
            _post(base + "/translate", "Ready.", timeout=30)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise TimeoutError(f"LibreTranslate did not answer within {timeout:.0f} s")


@contextmanager
def _server(python: Path, work: Path, *, inter: int, intra: int) -> Iterator[tuple[str, int]]:
    port = _free_port()
    args = [
        str(python),
        "-m",
        "libretranslate.main",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--load-only",
        "en,ru",
        "--disable-web-ui",
        "--threads",
        str(max(4, inter * 2)),
    ]
    with (work / "libretranslate.log").open("wb") as log:
        proc = subprocess.Popen(
            args,
            env=_env(work, inter=inter, intra=intra),
            cwd=work,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, proc, timeout=180)
        yield base, proc.pid
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def run(
    archive: Path,
    paragraphs: Sequence[str],
    work: Path,
    *,
    inter: int,
    intra: int,
    install_log: Path,
) -> dict[str, Any]:
    """Translate every paragraph with one request each; seconds, outputs, peak memory."""
    python = ensure_venv(install_log)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    _install(archive, work / "packages", python)
    with _server(python, work, inter=inter, intra=intra) as (base, pid):
        url = base + "/translate"
        _post(url, paragraphs[0])  # warm: the first request loads the model and spaCy
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=inter) as pool:
            outputs = list(pool.map(lambda text: _post(url, text), paragraphs))
        seconds = time.perf_counter() - started
        peak = vm_hwm_mib(pid)
    return {
        "requests": len(paragraphs),
        "client_threads": inter,
        "seconds": seconds,
        "inter_threads": inter,
        "intra_threads": intra,
        "peak_memory_mib": peak,
        "outputs": outputs,
    }
