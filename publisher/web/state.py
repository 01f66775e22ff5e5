"""What every request handler needs, built once per app: settings, database, Celery."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from celery import Celery
from fastapi import Request

from publisher.config import Settings
from publisher.db.session import Database


@dataclass(frozen=True)
class WebState:
    settings: Settings
    database: Database
    celery: Celery
    secret: bytes


def load_secret(settings: Settings) -> bytes:
    """``TARJIMA_SECRET_KEY``, else a random key kept (mode 0600) in the data folder, so
    every web process of one installation shares it and restarts keep forms valid."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / "secret_key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new_secret(path)
    return path.read_bytes().strip()


def _write_new_secret(path: Path) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.tarjima
    return state
