"""Real services for integration tests and benchmarks, each private to one run.

* :class:`PrivateRedis`: a redis-server of its own on a free port, without persistence
  (as on the deployment machine): a restart loses every queued task. Two test runs (or a
  benchmark and a run) never share a broker.
* :func:`fresh_postgres_database`: a PostgreSQL database of its own, dropped afterwards
  (from :mod:`tests.support.databases`).
* :class:`TcpProxy`: stands between the workers and PostgreSQL, so a test can refuse or
  hang the database for everyone using it without touching the shared server.
* :class:`Process`: a `tarjima` subprocess (worker, reconciler) in its own process group,
  with its output in a log file, killed or stopped with the whole group.
* :func:`wait_until`: waits for a condition on database or process state, bounded in time.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import redis

TARJIMA = str(Path(sys.executable).with_name("tarjima"))
T = TypeVar("T")


class ServiceUnavailable(RuntimeError):
    """A service the test needs is not installed or not running."""


def wait_until(
    condition: Callable[[], T | None], *, timeout: float, what: str, every: float = 0.1
) -> T:
    """Poll ``condition`` (a look at database or process state) until it returns a truthy
    value; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def priority_list(queue: str, priority: int) -> str:
    """The Redis list in which kombu's Redis transport keeps ``queue``'s messages of one
    priority step (step 0, the highest, is the queue's own name)."""
    return queue if priority == 0 else f"{queue}\x06\x16{priority}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _accepts(port: int) -> bool:
    with socket.socket() as conn:
        conn.settimeout(0.5)
        return conn.connect_ex(("127.0.0.1", port)) == 0


class PrivateRedis:
    """A redis-server of this run's own, on a free port, without persistence."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise ServiceUnavailable("redis-server is not installed (apt-get install redis-server)")
        self.binary, self.workdir, self.port = binary, workdir, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = self.workdir / f"redis-{self.port}.log"
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
            "--logfile",
            str(log),
        ]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        proc = self.proc

        def listening() -> bool:
            if proc.poll() is not None:
                said = log.read_text(errors="replace")[-500:] if log.exists() else ""
                raise ServiceUnavailable(f"redis-server exited ({proc.returncode}): {said}")
            return _accepts(self.port)

        wait_until(listening, timeout=10, what="redis-server to listen")

    def stop(self) -> None:
        """Kill it: whatever it held (queues, unacknowledged tasks) is gone."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def client(self) -> redis.Redis:
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)


@contextlib.contextmanager
def private_redis(workdir: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(workdir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class TcpProxy:
    """A TCP proxy on a free port in front of ``target``, in a thread of its own.

    ``refuse()`` closes every connection and the listening socket (clients get
    "connection refused", as from a stopped server); ``hang()`` stops moving bytes and
    accepts no one (a server frozen mid-query: clients wait); ``resume()`` brings it back.
    """

    def __init__(self, target: tuple[str, int]) -> None:
        self.target, self.port = target, free_port()
        self._selector = selectors.DefaultSelector()
        self._listener: socket.socket | None = None
        self._pairs: dict[socket.socket, socket.socket] = {}
        self._mode = "forward"
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tcp-proxy", daemon=True)

    def start(self) -> TcpProxy:
        self._listen()
        self._thread.start()
        return self

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.setblocking(False)
        self._listener = listener
        self._selector.register(listener, selectors.EVENT_READ)

    def refuse(self) -> None:
        with self._lock:
            self._mode = "refuse"
            for sock in list(self._pairs):
                self._close(sock)
            if self._listener is not None:
                self._selector.unregister(self._listener)
                self._listener.close()
                self._listener = None

    def hang(self) -> None:
        with self._lock:
            self._mode = "hang"

    def resume(self) -> None:
        with self._lock:
            if self._listener is None:
                self._listen()
            self._mode = "forward"

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        with self._lock:
            for sock in list(self._pairs):
                self._close(sock)
            if self._listener is not None:
                self._listener.close()

    def _close(self, sock: socket.socket) -> None:
        other = self._pairs.pop(sock, None)
        for each in (sock, other):
            if each is None:
                continue
            self._pairs.pop(each, None)
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(each)
            each.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                mode = self._mode
            if mode == "hang":
                time.sleep(0.05)
                continue
            for key, _ in self._selector.select(timeout=0.05):
                with self._lock:
                    self._handle(key.fileobj)  # type: ignore[arg-type]

    def _handle(self, sock: socket.socket) -> None:
        if self._mode != "forward":
            return
        if sock is self._listener:
            client, _ = sock.accept()
            upstream = socket.create_connection(self.target, timeout=5)
            for each in (client, upstream):
                each.setblocking(False)
                self._selector.register(each, selectors.EVENT_READ)
            self._pairs[client], self._pairs[upstream] = upstream, client
            return
        if sock not in self._pairs:
            return
        try:
            data = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._close(sock)
            return
        peer = self._pairs[sock]
        peer.setblocking(True)
        try:
            peer.sendall(data)
        except OSError:
            self._close(sock)
        else:
            peer.setblocking(False)


class Process:
    """A `tarjima` subprocess in its own process group, logging to a file."""

    def __init__(self, args: Sequence[str], env: dict[str, str], log: Path) -> None:
        self.args, self.env, self.log = list(args), env, log
        with log.open("ab") as out:
            self.proc = subprocess.Popen(
                [TARJIMA, *self.args],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole group (a worker's main process and its pool at once)."""
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM (warm shutdown), then SIGKILL whatever is left after ``timeout``."""
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # pool children left behind


def start_worker(
    env: dict[str, str], log: Path, name: str, concurrency: int = 1, queues: str | None = None
) -> Process:
    """A `tarjima worker` (``queues``: its --queues, e.g. "urgent")."""
    node = f"{name}-{uuid.uuid4().hex[:6]}@%h"
    asked = ["--queues", queues] if queues else []
    return Process(["worker", "--concurrency", str(concurrency), "--name", node, *asked], env, log)


def start_reconciler(env: dict[str, str], log: Path) -> Process:
    return Process(["reconcile"], env, log)


def run_cli(
    args: Sequence[str], env: dict[str, str], timeout: float = 300, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [TARJIMA, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


# The database factory lives with the other databases; benchmarks import it from here.
from tests.support.databases import fresh_postgres_database  # noqa: E402

__all__ = [
    "TARJIMA",
    "PrivateRedis",
    "Process",
    "ServiceUnavailable",
    "TcpProxy",
    "free_port",
    "fresh_postgres_database",
    "priority_list",
    "private_redis",
    "run_cli",
    "start_reconciler",
    "start_worker",
    "wait_until",
]
