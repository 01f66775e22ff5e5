"""The translator's loop, timed in Chromium (issue 13, point 1): on a 121-segment article,
from the Ctrl+Enter keypress to the next box focused with the row marked approved, and
the server's part of it.

    .venv/bin/python -m bench.review_loop                 # 120 approvals, PostgreSQL
    .venv/bin/python -m bench.review_loop --approvals 30  # a quick run
    .venv/bin/python -m bench.review_loop --database sqlite

The web app runs as ``tarjima serve`` (its own process, one server process, as in
production) on a free port against a PostgreSQL database of its own
(``tarjima_bench_<random>``, dropped at the end) or a SQLite file; the article is seeded
with machine translations (no worker); a Kyrgyz translator's session drives headless
Debian Chromium through Playwright.

What is measured, in the page (``performance.now()``, so the polling of the driver adds
nothing): ``loop`` from the keydown of Ctrl+Enter to the ``focusin`` of the next box (the
screen's script marks the row approved before it moves the focus, and the script checks
it); ``server`` from the Resource Timing entry of the PUT request, ``responseStart -
requestStart`` (on localhost: the time the server took to answer, the network being
nothing). Reported: median and 90th percentile of each, with every sample. A full run
writes ``bench/results/review-loop-<date>.json``; other runs write under ``bench/.work``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.support.services import free_port, fresh_postgres_database, wait_until

if TYPE_CHECKING:
    from publisher.core.config import Settings

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / ".work" / "review-loop"
RESULTS = REPO / "bench" / "results"
SEGMENTS = 121
CHROMIUM = "/usr/bin/chromium"
TARGET_SERVER_MS = 100.0

# Installed in the page before the loop: one sample per approval.
PROBE = """
() => {
  window.__samples = [];
  let started = null;
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") started = performance.now();
  }, true);
  document.addEventListener("focusin", (event) => {
    if (started === null || !event.target.matches("textarea[data-segment]")) return;
    const ended = performance.now();
    const rows = Array.from(document.querySelectorAll("li[data-segment-id]"));
    const row = event.target.closest("li[data-segment-id]");
    const previous = rows[rows.indexOf(row) - 1];
    const put = performance.getEntriesByType("resource")
      .filter((e) => e.initiatorType === "fetch" && e.name.includes("/segments/")).pop();
    window.__samples.push({
      loop_ms: ended - started,
      server_ms: put ? put.responseStart - put.requestStart : null,
      marked: Boolean(previous && previous.classList.contains("status-approved")),
      focused: event.target.id,
    });
    performance.clearResourceTimings();
    started = null;
  }, true);
}
"""


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 1),
        "p90": round(_percentile(values, 0.9), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
    }


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    tarjima = str(Path(sys.executable).with_name("tarjima"))
    with log.open("wb") as out:
        server = subprocess.Popen(
            [tarjima, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    import urllib.request

    def ready() -> bool:
        if server.poll() is not None:
            raise RuntimeError(f"tarjima serve exited: see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1):
                return True
        except OSError:
            return False

    wait_until(ready, timeout=60, what="tarjima serve to answer")
    return server


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _environment(folder: Path, url: str, base: str) -> tuple[dict[str, str], Settings]:
    """The web app's environment (it runs as ``tarjima serve``) and the same Settings for
    seeding its database from here."""
    from publisher.core.config import Settings

    env = {
        **os.environ,
        "TARJIMA_DATABASE_URL": url,
        "TARJIMA_DATA_DIR": str(folder),
        "TARJIMA_SECRET_KEY": "review loop benchmark",
        "TARJIMA_SITE_URL": base,
        "TARJIMA_BROKER_URL": "",
    }
    settings = Settings.model_validate(
        {
            "data_dir": folder,
            "database_url": url,
            "broker_url": None,
            "secret_key": "review loop benchmark",
            "site_url": base,
        }
    )
    return env, settings


def run(approvals: int, database_kind: str, out: Path | None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from publisher.core.enums import Role
    from publisher.db.session import Database
    from publisher.services import accounts
    from publisher.web.security import SESSION_COOKIE
    from tests.support.browser import long_article_text, seed_article

    approvals = min(approvals, SEGMENTS - 1)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = WORK / stamp
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        if database_kind == "postgres":
            url = stack.enter_context(fresh_postgres_database("tarjima_bench"))
        else:
            url = f"sqlite:///{(folder / 'tarjima.db').as_posix()}"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env, settings = _environment(folder, url, base)
        database = Database.for_settings(settings)
        stack.callback(database.dispose)
        translator = accounts.create_user(
            database,
            username="bench-ky",
            password="bench passphrase 1",
            role=Role.TRANSLATOR,
            languages=("ky",),
        )
        article = seed_article(database, settings, long_article_text(SEGMENTS), targets=("ky",))
        server = _serve(env, port, folder / "serve.log")
        stack.callback(_stop, server)
        token = accounts.start_session(database, settings, user_id=translator)

        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        stack.callback(browser.close)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base}])
        page = context.new_page()
        page.goto(f"{base}/translate/ky/{article.id}?focus={article.segment_ids[0]}")
        samples, elapsed, reloaded = _approve_in_a_row(page, article.segment_ids, approvals)
    return _report(samples, approvals, database_kind, elapsed, reloaded, folder, out)


def _approve_in_a_row(
    page: Any, ids: tuple[int, ...], approvals: int
) -> tuple[list[dict[str, Any]], float, int]:
    """Press Ctrl+Enter ``approvals`` times, each time waiting for the next box to have
    the focus; the page's probe keeps the samples."""
    from playwright.sync_api import expect

    # expect() rather than wait_for_function: the page's CSP forbids eval'd strings.
    expect(page.locator(f"#t-{ids[0]}")).to_be_focused(timeout=30_000)
    page.evaluate(PROBE)
    started = time.monotonic()
    for n in range(approvals):
        page.keyboard.press("Control+Enter")
        expect(page.locator(f"#t-{ids[n + 1]}")).to_be_focused(timeout=30_000)
        if (n + 1) % 10 == 0 or n + 1 == approvals:
            print(f"  {n + 1}/{approvals} approvals", flush=True)
    samples: list[dict[str, Any]] = page.evaluate("window.__samples")
    elapsed = time.monotonic() - started
    loads = int(page.evaluate("performance.getEntriesByType('navigation').length"))
    return samples, elapsed, loads


def _report(
    samples: list[dict[str, Any]],
    approvals: int,
    database_kind: str,
    elapsed: float,
    reloaded: int,
    folder: Path,
    out: Path | None,
) -> dict[str, Any]:
    bad = [s for s in samples if not s["marked"]]
    if len(samples) != approvals or bad:
        raise RuntimeError(
            f"{len(samples)} samples for {approvals} approvals; "
            f"{len(bad)} moved on before the row was marked approved"
        )
    loop = [s["loop_ms"] for s in samples]
    server_times = [s["server_ms"] for s in samples if s["server_ms"] is not None]
    result = {
        "what": "Ctrl+Enter to the next box focused and the row marked approved, on the "
        f"review screen of a {SEGMENTS}-segment article (issue 13, point 1)",
        "command": f"python -m bench.review_loop --approvals {approvals} "
        f"--database {database_kind}",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "database": database_kind,
        "segments": SEGMENTS,
        "approvals": approvals,
        "page_loads": reloaded,
        "loop_ms": _summary(loop),
        "server_ms": _summary(server_times),
        "server_target_ms": TARGET_SERVER_MS,
        "server_under_target": _percentile(server_times, 0.9) < TARGET_SERVER_MS,
        "wall_s": round(elapsed, 1),
        "samples": samples,
    }
    if out is None:
        full = approvals == SEGMENTS - 1 and database_kind == "postgres"
        out = (RESULTS if full else folder) / f"review-loop-{datetime.now(UTC):%Y-%m-%d}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    loop_ms, server_ms = _summary(loop), _summary(server_times)
    print(f"loop   median {loop_ms['median']} ms, p90 {loop_ms['p90']} ms")
    print(
        f"server median {server_ms['median']} ms, p90 {server_ms['p90']} ms"
        f" (target under {TARGET_SERVER_MS:.0f} ms)"
    )
    print(f"written to {out}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--approvals", type=int, default=SEGMENTS - 1)
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    result = run(args.approvals, args.database, args.out)
    sys.exit(0 if result["server_under_target"] else 1)


if __name__ == "__main__":
    main()
