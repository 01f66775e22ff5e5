"""The tarjima command as a user runs it: a real subprocess, real exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

BadInput = Callable[[Path], list[str]]


def run_cli(
    args: list[str], data_dir: Path, timeout: float = 300, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TARJIMA_DATA_DIR": str(data_dir)}
    env.pop("TARJIMA_BROKER_URL", None)
    env.pop("TARJIMA_DATABASE_URL", None)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _write(path: Path, data: bytes) -> list[str]:
    path.write_bytes(data)
    return [str(path)]


BAD_FILES: dict[str, tuple[str, bytes, str]] = {
    "empty": ("a.txt", b"", "empty"),
    "whitespace": ("a.txt", b" \n\n\t \n", "empty"),
    "not-utf8": ("a.txt", b"Qishloq Ovozi" + b"\xff\xfe broken", "UTF-8"),
    "binary-png": ("a.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    "binary-nul": ("a.txt", b"Headline\x00\x00\x00body\x00" * 50, "binary"),
    "too-large": ("a.txt", b"Headline\n\n" + b"Word. " * 400_000, "2"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_exit_2_and_leave_nothing(tmp_path: Path, case: str) -> None:
    name, data, word = BAD_FILES[case]
    source = tmp_path / name
    source.write_bytes(data)
    data_dir, out = tmp_path / "var", tmp_path / "out"
    result = run_cli(["publish", str(source), "--out", str(out)], data_dir)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and word in lines[0], result.stderr
    assert not data_dir.exists() and not out.exists()


@pytest.mark.parametrize(
    ("targets", "word"),
    [
        ("xx", "unknown locale"),
        ("fr", "unsupported"),
        ("uz_Cyrl", "unsupported"),
        ("ru,,", ""),
        ("", "no target language"),
        ("ky;ru", "unknown locale"),
    ],
)
def test_bad_locales_exit_2(tmp_path: Path, sample_path: Path, targets: str, word: str) -> None:
    data_dir = tmp_path / "var"
    result = run_cli(["publish", str(sample_path), "--to", targets], data_dir)
    if targets == "ru,,":  # a trailing comma is harmless; ru alone is fine
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 2, result.stderr
    assert word in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not data_dir.exists()


def test_bad_source_locale_and_date(tmp_path: Path, sample_path: Path) -> None:
    data_dir = tmp_path / "var"
    for args in (["--source", "zz"], ["--source", "ru"], ["--date", "21/07/2021"]):
        result = run_cli(["publish", str(sample_path), *args], data_dir)
        assert result.returncode == 2, (args, result.stderr)
    assert not data_dir.exists()


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.txt", tmp_path):
        result = run_cli(["publish", str(path)], tmp_path / "var")
        assert result.returncode == 2 and result.stderr.startswith("error: ")


def test_segment_prints_blocks_segments_and_spans(tmp_path: Path, sample_path: Path) -> None:
    result = run_cli(["segment", str(sample_path), "--date", "2021-07-21"], tmp_path / "var")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    kinds = [block["kind"] for block in report["blocks"]]
    assert kinds[0] == "headline" and "embed" in kinds and kinds[-1] == "aside"
    spans = [s for b in report["blocks"] for seg in b["segments"] for s in seg["spans"]]
    by_text = {s["text"]: s for s in spans}
    assert by_text["4,000"]["kind"] == "number" and by_text["4,000"]["value"] == "4000"
    ranges = [s for s in spans if s["kind"] == "date_range"]
    assert any(s["value"] == "2021-07-13/2021-07-14" for s in ranges)
    assert all({"start", "end", "value"} <= s.keys() for s in spans)
    discarded = {d["text"] for d in report["discarded"]}
    assert {"Accessibility links", "Breaking News", "Blog Archive"} <= discarded
    assert not (tmp_path / "var").exists()  # segmenting stores nothing


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = run_cli(["publish"], tmp_path / "var")
    assert result.returncode == 2
    result = run_cli(["no-such-command"], tmp_path / "var")
    assert result.returncode == 2


def test_models_install_list_and_bad_archive(tmp_path: Path, package_dir: dict[str, Path]) -> None:
    data_dir = tmp_path / "var"
    listed = run_cli(["models", "list"], data_dir)
    assert listed.returncode == 0 and listed.stdout.count("none") == 4
    installed = run_cli(["models", "install", str(package_dir["en-ru"])], data_dir)
    assert installed.returncode == 0 and "installed en->ru" in installed.stdout
    listed = run_cli(["models", "list"], data_dir)
    assert "argos:en-ru" in listed.stdout and listed.stdout.count("none") == 3
    not_a_model = tmp_path / "x.argosmodel"
    not_a_model.write_text("plain text")
    bad = run_cli(["models", "install", str(not_a_model)], data_dir)
    assert bad.returncode == 2 and "not a zip archive" in bad.stderr


def test_models_download_without_index_exits_1(tmp_path: Path) -> None:
    result = run_cli(
        ["models", "download", "en-ru"],
        tmp_path / "var",
        # https (plain http is refused before any request): nothing listens on port 9.
        extra_env={"TARJIMA_ARGOS_INDEX_URL": "https://127.0.0.1:9/index.json"},
    )
    # Expected offline: one plain line (not "error:"), exit status 1, nothing installed.
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("en-ru: not installed: no internet access to the Argos index")
    assert "error" not in result.stderr.lower().split("(")[0], result.stderr
    assert "tarjima models install FILE.argosmodel" in result.stderr
    assert not list((tmp_path / "var").glob("models/*"))


def test_status_after_publish_and_unknown_article(tmp_path: Path, sample_path: Path) -> None:
    data_dir = tmp_path / "var"
    published = run_cli(
        ["publish", str(sample_path), "--to", "uz,tg", "--date", "2021-07-21", "--slug", "sample"],
        data_dir,
    )
    assert published.returncode == 0, published.stderr
    # The summary names the engine that covers each language and the one install command
    # (Argos has no en->uz or en->tg package: never a `translate-en_uz.argosmodel`).
    said = " ".join(published.stdout.split())
    for code in ("uz", "tg"):
        assert (
            f"{code}: 24 passages await a human translator (shown in the source "
            f"language, marked): no translation model for en->{code}: the NLLB-200 model "
            f"covers en->{code}; install it with "
            "`tarjima models download nllb-200-distilled-600M`."
        ) in said
    assert "argosmodel" not in said
    status = run_cli(["status", "sample"], data_dir)
    assert status.returncode == 0
    rows = [line for line in status.stdout.splitlines() if line.startswith(("│ uz", "│ tg"))]
    assert len(rows) == 2 and all("partial" in row and "24" in row for row in rows)
    again = run_cli(["publish", str(sample_path), "--to", "uz", "--slug", "sample"], data_dir)
    assert again.returncode == 2 and "--replace" in again.stderr
    assert "24 awaiting_human: no translation model for en->uz" in status.stdout
    for unknown in ("nope", "999"):
        missing = run_cli(["status", unknown], data_dir)
        assert missing.returncode == 1 and f"no article '{unknown}'" in missing.stderr


def test_publish_takes_the_kicker_and_original_the_editor_sets(
    tmp_path: Path, sample_path: Path
) -> None:
    data_dir = tmp_path / "var"
    result = run_cli(
        [
            "publish",
            str(sample_path),
            "--to",
            "tg",
            "--date",
            "2021-07-21",
            "--slug",
            "sample",
            "--kicker",
            "Analysis",
            "--out",
            str(tmp_path / "out"),
            "--source-url",
            "https://www.rferl.org/a/1.html",
        ],
        data_dir,
    )
    assert result.returncode == 0, result.stderr
    pages = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("sample.html")]
    assert pages and all('<p class="kicker">Analysis</p>' in page for page in pages)
    assert all('href="https://www.rferl.org/a/1.html" hreflang="en"' in page for page in pages)
    too_long = run_cli(
        ["publish", str(sample_path), "--to", "tg", "--slug", "other", "--kicker", "K" * 61],
        data_dir,
    )
    assert too_long.returncode == 2 and "the kicker is too long" in too_long.stderr


@pytest.mark.parametrize("slug", ["../../escaped", "///", "Has Space", "a?b", "x" * 81, "-a"])
def test_unsafe_slugs_refused(tmp_path: Path, sample_path: Path, slug: str) -> None:
    # Tried: path traversal, absolute-looking, spaces, URL metacharacters, too long.
    result = run_cli(
        ["publish", str(sample_path), "--to", "ru", "--slug", slug, "--out", str(tmp_path / "out")],
        tmp_path / "var",
    )
    assert result.returncode == 2 and "invalid slug" in result.stderr
    assert not (tmp_path / "var").exists() and not (tmp_path / "escaped").exists()


def test_unwritable_output_and_bad_settings_refused_before_storing(
    tmp_path: Path, sample_path: Path
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    result = run_cli(
        ["publish", str(sample_path), "--to", "ru", "--out", str(a_file)], tmp_path / "var"
    )
    assert result.returncode == 2 and "is a file" in result.stderr
    bad = run_cli(
        ["publish", str(sample_path)], tmp_path / "var", extra_env={"TARJIMA_BATCH_SIZE": "0"}
    )
    assert bad.returncode == 2 and bad.stderr.startswith("error: invalid setting: TARJIMA_BATCH")
    assert len(bad.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "var").exists()


def test_unreachable_broker_stores_nothing(tmp_path: Path, sample_path: Path) -> None:
    broker = {"TARJIMA_BROKER_URL": "redis://127.0.0.1:9/0"}
    result = run_cli(["publish", str(sample_path)], tmp_path / "var", extra_env=broker)
    assert result.returncode == 1 and "cannot reach the broker" in result.stderr
    assert not (tmp_path / "var" / "tarjima.db").exists()
    with_out = run_cli(
        ["publish", str(sample_path), "--out", "x"], tmp_path / "var", extra_env=broker
    )
    assert with_out.returncode == 2 and "--out applies" in with_out.stderr


def test_db_upgrade_creates_the_schema_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    for _ in range(2):  # idempotent: compose runs it at every start
        result = run_cli(["db", "upgrade"], data_dir)
        assert result.returncode == 0 and "up to date" in result.stdout, result.stderr
    import sqlite3

    with sqlite3.connect(data_dir / "tarjima.db") as conn:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version == ("0012",)


def test_reconcile_needs_a_broker(tmp_path: Path) -> None:
    result = run_cli(["reconcile"], tmp_path / "var")
    assert result.returncode == 2 and "needs a broker" in result.stderr


@pytest.mark.integration
def test_reconcile_leaves_queued_work_alone_and_resends_what_the_broker_lost(
    tmp_path: Path, sample_path: Path
) -> None:
    # No worker runs: the published work waits in a Redis of the test's own.
    from publisher.core.task_names import BACKLOG_PRIORITY
    from tests.support.services import priority_list, private_redis, wait_until

    ru, ky = (priority_list(f"translation.{c}", BACKLOG_PRIORITY) for c in ("ru", "ky"))
    with private_redis(tmp_path) as redis_server:
        client = redis_server.client()
        env = {
            "TARJIMA_BROKER_URL": redis_server.url,
            "TARJIMA_BATCH_SIZE": "16",
            "TARJIMA_LEASE_TTL": "2",
            "TARJIMA_HEARTBEAT_EVERY": "1",
            "TARJIMA_RECONCILE_EVERY": "0.5",
            "TARJIMA_RECONCILE_CONFIRM": "0",
        }
        data_dir = tmp_path / "var"
        queued = run_cli(
            ["publish", str(sample_path), "--to", "ru,ky", "--date", "2021-07-21"],
            data_dir,
            extra_env=env,
        )
        assert queued.returncode == 0 and "4 translation tasks" in queued.stdout, queued.stderr
        once = run_cli(["reconcile", "--once"], data_dir, extra_env=env)
        assert once.returncode == 0, once.stderr
        assert "watching for 2 s" in once.stdout and "nothing was lost" in once.stdout
        assert client.llen(ru) == client.llen(ky) == 2
        down = run_cli(
            ["reconcile", "--once"],
            data_dir,
            extra_env={**env, "TARJIMA_BROKER_URL": "redis://127.0.0.1:9/0"},
        )
        assert down.returncode == 1
        assert down.stderr.startswith("error: reconcile: the broker is unreachable")
        assert len(down.stderr.strip().splitlines()) == 1
        loop = subprocess.Popen(
            [sys.executable, "-m", "publisher", "reconcile"],
            env={**os.environ, "TARJIMA_DATA_DIR": str(data_dir), **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            redis_server.restart()  # without persistence: the four batches are gone
            wait_until(
                lambda: client.llen(ru) == 2 and client.llen(ky) == 2,
                timeout=60,
                what="the reconciler to send the lost batches again",
            )
        finally:
            loop.terminate()
            out, errors = loop.communicate(timeout=30)
        assert loop.returncode == 0, errors
        lines = [line for line in out.splitlines() if line.startswith("article")]
        assert len(lines) == 4, out  # each action printed once
        assert all(
            "re-sent a batch of 16 segments" in line or "re-sent a batch of 8 segments" in line
            for line in lines
        )
        assert all("the broker lost its queues" in line for line in lines)


def test_a_refused_or_hung_database_is_one_line_within_the_connect_timeout(
    tmp_path: Path,
) -> None:
    # Tried: nothing listening on the port (refused), and a server that accepts the
    # connection and never answers (hung): the command must not wait for ever, and must
    # say in one line what is down, without the driver's hints.
    import socket

    from tests.support.services import free_port

    refused_port = free_port()
    refused = run_cli(
        ["status"],
        tmp_path / "var",
        extra_env={
            "TARJIMA_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{refused_port}/x"
        },
    )
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: the database is unreachable: connection failed")
    assert "Connection refused" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"postgresql+psycopg://postgres@127.0.0.1:{silent.getsockname()[1]}/x"
        # Bounded by run_cli's timeout: a command that waited for ever fails the test.
        hung = run_cli(
            ["status", "some-article"],
            tmp_path / "var",
            timeout=60,
            extra_env={"TARJIMA_DATABASE_URL": url, "TARJIMA_DB_CONNECT_TIMEOUT": "2"},
        )
    assert hung.returncode == 1
    assert hung.stderr.strip() == "error: the database is unreachable: connection timeout expired"


def test_publish_urgent_stores_the_mark_and_headline_and_lead_waits_for_its_translation(
    tmp_path: Path, sample_path: Path
) -> None:
    from publisher.core.config import Settings
    from publisher.db import repository as repo
    from publisher.db.session import Database

    data_dir = tmp_path / "var"
    result = run_cli(
        [
            "publish",
            str(sample_path),
            "--to",
            "tg",
            "--date",
            "2021-07-21",
            "--slug",
            "breaking",
            "--urgent",
            "--out",
            str(tmp_path / "out"),
        ],
        data_dir,
    )
    assert result.returncode == 0, result.stderr
    database = Database.for_settings(Settings(data_dir=data_dir), upgrade=False)
    try:
        with database.session() as session:
            article_id = repo.find_article_id(session, slug="breaking")
            assert article_id is not None and repo.is_urgent(session, article_id=article_id)
    finally:
        database.dispose()
    # No tg model: nothing is translated, so not even the headline and lead can go out.
    early = run_cli(["editions", "publish", "breaking", "--headline-and-lead"], data_dir)
    assert early.returncode != 0 and "not translated yet" in early.stderr, early.stderr
