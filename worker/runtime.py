"""Per-process resources of a worker: the database and the engine, created lazily.

CTranslate2 is not fork-safe, so nothing here is created in a parent process that
forks children: each process builds its own runtime, and loads each model, on first
use (a runtime inherited across a fork is rebuilt).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from celery import Celery

from publisher.core.config import Settings
from publisher.db.session import Database
from worker.app_settings import settings_of
from worker.engines.base import Engine
from worker.engines.factory import create_engine


@dataclass
class WorkerRuntime:
    settings: Settings
    database: Database
    pid: int = field(default_factory=os.getpid)
    _engine: Engine | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = create_engine(self.settings)
            return self._engine


_runtimes: WeakKeyDictionary[Celery, WorkerRuntime] = WeakKeyDictionary()
_runtimes_lock = threading.Lock()


def runtime_for(celery: Celery) -> WorkerRuntime:
    """The runtime of this process for ``celery`` (built on first use)."""
    with _runtimes_lock:
        runtime = _runtimes.get(celery)
        if runtime is None or runtime.pid != os.getpid():
            settings = settings_of(celery)
            runtime = WorkerRuntime(settings, Database.for_settings(settings))
            _runtimes[celery] = runtime
        return runtime
