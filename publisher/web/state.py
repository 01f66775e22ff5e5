"""What every request handler needs, built once per app: settings, database, Celery."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from celery import Celery
from fastapi import Request

from publisher.core.config import Settings
from publisher.core.errors import TarjimaError
from publisher.db.session import Database


@dataclass(frozen=True)
class WebState:
    settings: Settings
    database: Database
    celery: Celery
    secret: bytes
    #: How sign-in waits out the throttle's slow-down without holding a thread (tests
    #: put a recorder here).
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep)


def load_secret(settings: Settings) -> bytes:
    """``TARJIMA_SECRET_KEY``, else a random key kept (mode 0600) in the data folder, so
    every web process of one installation shares it and restarts keep forms valid."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / "secret_key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new_secret(path)
    secret = path.read_bytes().strip()
    if len(secret) < 32:
        raise TarjimaError(f"{path} holds no usable secret key; delete it to make a new one")
    return secret


def _write_new_secret(path: Path) -> None:
    """Write the key to a private temporary file, then link it into place: a process
    starting at the same moment sees either no file or the whole key, and the first
    writer wins."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        with contextlib.suppress(FileExistsError):  # another process was first: use theirs
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.tarjima
    return state
