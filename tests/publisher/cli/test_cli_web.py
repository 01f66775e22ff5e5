"""The commands around the web app, as a user runs them: ``users``, ``editions`` and
``serve`` (a real uvicorn process answering HTTP on 127.0.0.1)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from publisher.core.locales import TARGET_LOCALES
from tests.support.services import free_port, wait_until

SAMPLE_DATE = "2021-07-21"


def run_cli(
    args: list[str],
    data_dir: Path,
    stdin: str = "",
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TARJIMA_DATA_DIR": str(data_dir)}
    for name in ("TARJIMA_BROKER_URL", "TARJIMA_DATABASE_URL"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_users_add_list_and_password(tmp_path: Path) -> None:
    data = tmp_path / "var"
    made = run_cli(
        [
            "users",
            "add",
            "aziza",
            "--role",
            "translator",
            "--language",
            "uz",
            "--language",
            "tg",
            "--name",
            "Aziza",
            "--password-stdin",
        ],
        data,
        stdin="a long password\n",
    )
    assert made.returncode == 0, made.stderr
    listed = run_cli(["users", "list"], data)
    assert "aziza" in listed.stdout and "uz,tg" in listed.stdout
    # Tried: a short password, an unknown role, a translator without a language, a
    # taken name: each exits 2 with one line saying why.
    for args, stdin, word in (
        (["users", "add", "bob", "--role", "editor", "--password-stdin"], "short\n", "10"),
        (
            ["users", "add", "bob", "--role", "chief", "--password-stdin"],
            "a long password\n",
            "unknown role",
        ),
        (
            ["users", "add", "bob", "--role", "translator", "--password-stdin"],
            "a long password\n",
            "at least one language",
        ),
        (
            ["users", "add", "aziza", "--role", "editor", "--password-stdin"],
            "a long password\n",
            "taken",
        ),
    ):
        result = run_cli(args, data, stdin=stdin)
        assert result.returncode == 2 and word in result.stderr, (args, result.stderr)
    changed = run_cli(
        ["users", "password", "aziza", "--password-stdin"], data, stdin="another long password\n"
    )
    assert changed.returncode == 0, changed.stderr


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode(), ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace"), exc.headers.get("location", "")


@pytest.mark.integration
def test_publish_editions_then_serve_the_four_localized_pages(
    tmp_path: Path, sample_path: Path
) -> None:
    data = tmp_path / "var"
    published = run_cli(
        ["publish", str(sample_path), "--date", SAMPLE_DATE, "--slug", "sample"], data
    )
    assert published.returncode == 0, published.stderr
    # Without models every edition is partial: refused unless accepted explicitly.
    refused = run_cli(["editions", "publish", "sample"], data)
    assert refused.returncode == 2 and "--accept-partial" in refused.stderr
    live = run_cli(["editions", "publish", "sample", "--accept-partial"], data)
    assert live.returncode == 0, live.stderr
    assert live.stdout.count("published (partial") == 4

    port = free_port()
    env = {**os.environ, "TARJIMA_DATA_DIR": str(data)}
    for name in ("TARJIMA_BROKER_URL", "TARJIMA_DATABASE_URL"):
        env.pop(name, None)
    server = subprocess.Popen(
        [sys.executable, "-m", "publisher", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            assert server.poll() is None, "the server exited"
            try:
                return _get(f"{base}/login")[0] == 200
            except OSError:
                return False

        wait_until(answers, timeout=60, what="the server to answer", every=0.3)
        for locale in TARGET_LOCALES:
            status, page, _ = _get(f"{base}/{locale}/sample")
            assert status == 200 and f'<html lang="{locale}"' in page, locale
        status, _, location = _get(f"{base}/sample", {"Accept-Language": "ky-KG"})
        assert status == 303 and location == "/ky/sample"
        gone = run_cli(["editions", "unpublish", "sample", "--to", "ky"], data)
        assert gone.returncode == 0 and "ky: unpublished" in gone.stdout
        assert _get(f"{base}/ky/sample")[0] == 404
    finally:
        server.terminate()
        # communicate() reads the server's output and closes the pipe (an open pipe is a
        # ResourceWarning, an error in the tests).
        try:
            output, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    assert server.returncode in (0, -15), output


def test_serve_refuses_several_processes_without_a_broker(tmp_path: Path) -> None:
    result = run_cli(["serve", "--workers", "2"], tmp_path / "var")
    assert result.returncode == 2 and "broker" in result.stderr
