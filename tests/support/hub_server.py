"""A stand-in for the Hugging Face Hub on 127.0.0.1, serving one folder as a repository.

It answers the two requests a model download makes, as the Hub does:

* ``GET /api/models/{repo}/revision/{rev}``: ``{"sha": ..., "siblings": [{"rfilename",
  "size", "lfs": {"sha256", "size"}}]}`` (``lfs`` for weights files, as on the Hub);
* ``GET|HEAD /{repo}/resolve/{rev}/{filename}``: the file, with ``ETag``,
  ``X-Repo-Commit``, ``Content-Length``, ``Accept-Ranges`` and ``Range`` support (206 and
  ``Content-Range``).

``cut_after`` makes the first request for a file send its full ``Content-Length`` but only
that many bytes before closing the connection (a download that breaks off); ``hold_after``
sends that many and then waits (a download in progress, for a test to interrupt). Every request
is recorded (path and ``Range`` header); tests read ``requests`` after the call returns.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMMIT = "0123456789abcdef0123456789abcdef01234567"
_LFS_SUFFIXES = (".safetensors", ".bin", ".model")


@dataclass
class HubState:
    """The repository served and what the server saw."""

    repo: str
    folder: Path
    cut_after: dict[str, int] = field(default_factory=dict)
    # hold_after[name] = n: send n bytes of the file, set ``holding``, wait for ``release``.
    hold_after: dict[str, int] = field(default_factory=dict)
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def siblings(self) -> list[dict[str, object]]:
        entries: list[dict[str, object]] = []
        for path in sorted(self.folder.iterdir()):
            size = path.stat().st_size
            entry: dict[str, object] = {"rfilename": path.name, "size": size}
            if path.name.endswith(_LFS_SUFFIXES):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                entry["lfs"] = {"sha256": digest, "size": size}
            entries.append(entry)
        return entries

    def ranged_requests(self, filename: str) -> list[str]:
        with self.lock:
            return [r for p, r in self.requests if p.endswith("/" + filename) and r]


class _Handler(BaseHTTPRequestHandler):
    state: HubState

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        with self.state.lock:
            self.state.requests.append((self.path, self.headers.get("Range")))
        api = f"/api/models/{self.state.repo}/revision/"
        resolve = f"/{self.state.repo}/resolve/"
        if self.path.startswith(api):
            data = json.dumps(
                {"id": self.state.repo, "sha": COMMIT, "siblings": self.state.siblings()}
            ).encode()
            self._send(200, data, {"Content-Type": "application/json"}, body)
        elif self.path.startswith(resolve):
            self._file(self.path[len(resolve) :].split("/", 1)[-1], body)
        else:
            self._send(404, b'{"error": "Repository not found"}', {}, body)

    def _file(self, name: str, body: bool) -> None:
        path = self.state.folder / name
        if "/" in name or not path.is_file():
            self._send(404, b"Entry not found", {}, body)
            return
        data = path.read_bytes()
        headers = {
            "ETag": f'"{hashlib.sha256(data).hexdigest()}"',
            "X-Repo-Commit": COMMIT,
            "Accept-Ranges": "bytes",
        }
        ranged = self.headers.get("Range", "")
        start = int(ranged.removeprefix("bytes=").split("-")[0]) if ranged else 0
        if start:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        with self.state.lock:
            cut = self.state.cut_after.pop(name, None)
            hold = self.state.hold_after.pop(name, None)
        if hold is not None:
            self._hold(data, headers, hold)
            return
        self._send(206 if start else 200, data[start:], headers, body, cut)

    def _hold(self, data: bytes, headers: dict[str, str], sent: int) -> None:
        self.send_response(200)
        for key, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data[:sent])
        self.wfile.flush()
        self.state.holding.set()
        self.state.release.wait(timeout=60)
        self.close_connection = True

    def _send(
        self, code: int, data: bytes, headers: dict[str, str], body: bool, cut: int | None = None
    ) -> None:
        self.send_response(code)
        for key, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            self.wfile.write(data if cut is None else data[:cut])
        if cut is not None:
            self.wfile.flush()
            self.close_connection = True


@contextmanager
def serve_hub(repo: str, folder: Path) -> Iterator[tuple[str, HubState]]:
    """Serve ``folder`` as ``repo`` on 127.0.0.1; yields the endpoint and the state."""
    state = HubState(repo=repo, folder=folder)
    handler = type("HubHandler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", state
    finally:
        server.shutdown()
        server.server_close()
