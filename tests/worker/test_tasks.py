"""The Celery tasks on a real (embedded) worker: batches, assembly, retries, give-up."""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from publisher.core.config import Settings
from publisher.db import repository as repo
from publisher.db.models import EditionState, Status
from publisher.db.session import Database
from publisher.services.headline_publish import assemble_and_follow
from publisher.services.intake import dispatch
from tests.support.articles import make_article
from tests.support.fake_engine import FakeEngine
from tests.support.services import wait_until
from worker import tasks as worker_tasks
from worker.celery_app import create_celery
from worker.embedded import embedded_worker

ENGINE_MODULE = "tarjima_test_engines"


@pytest.fixture()
def engine_double() -> Iterator[FakeEngine]:
    """Plug the engine double through configuration, as `TARJIMA_ENGINE=module:factory`."""
    engine = FakeEngine()
    module = types.ModuleType(ENGINE_MODULE)
    module.factory = lambda settings: engine  # type: ignore[attr-defined]
    sys.modules[ENGINE_MODULE] = module
    yield engine
    del sys.modules[ENGINE_MODULE]


def _publish(settings: Settings, targets: list[str], timeout: float = 60) -> tuple[Database, int]:
    database = Database.open(settings.resolved_database_url)
    with database.session() as session:
        article_id = repo.add_article(
            session,
            article=make_article(),
            source_text="...",
            source_format="text",
            targets=targets,
        )
    celery = create_celery(settings)
    with embedded_worker(celery):
        dispatch(
            celery, database, article_id=article_id, targets=targets, batch_size=settings.batch_size
        )

        def assembled() -> bool:
            with database.session() as session:
                stored = {e.locale for e in repo.list_editions(session, article_id=article_id)}
            return stored >= set(targets)  # uz also brings its Cyrillic edition, uz_Cyrl

        wait_until(assembled, timeout=timeout, what="an edition per target")
    return database, article_id


def test_batches_then_one_edition_per_locale(tmp_path: Path, engine_double: FakeEngine) -> None:
    settings = Settings(data_dir=tmp_path / "var", engine=f"{ENGINE_MODULE}:factory", batch_size=2)
    database, article_id = _publish(settings, ["ru", "uz"])
    with database.session() as session:
        editions = {e.locale: e for e in repo.list_editions(session, article_id=article_id)}
        ru = repo.translations_for(session, article_id=article_id, locale="ru")
    assert editions["ru"].state is EditionState.COMPLETE
    assert editions["uz"].state is EditionState.PARTIAL and len(editions["uz"].missing) == 5
    assert Path(editions["ru"].path or "").is_file()
    assert len(ru) == 5 and {r.status for r in ru.values()} == {Status.MACHINE}
    assert [len(call[2]) for call in engine_double.calls] == [2, 2, 1]  # batches of 2


def test_engine_crash_retries_then_fails_segments_and_partial_edition(
    tmp_path: Path, engine_double: FakeEngine
) -> None:
    # Tried: an engine that raises a non-engine error for every call (a crash in native
    # code surfaces like this). Three retries with backoff (1+2+4 s by default; 0.01 s
    # here, so the test never waits on it), then give up.
    engine_double.fail_with = RuntimeError("segfault-ish")  # type: ignore[assignment]
    settings = Settings(
        data_dir=tmp_path / "var", engine=f"{ENGINE_MODULE}:factory", batch_size=5, retry_delay=0.01
    )
    database, article_id = _publish(settings, ["ru"], timeout=60)
    with database.session() as session:
        edition = repo.get_edition(session, article_id=article_id, locale="ru")
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
    assert len(engine_double.calls) == 4  # first try and three retries
    assert edition is not None and edition.state is EditionState.PARTIAL
    assert {r.status for r in rows.values()} == {Status.FAILED}
    assert all("segfault-ish" in (r.error or "") for r in rows.values())


def test_assembly_retries_while_the_previews_folder_is_unusable(
    tmp_path: Path, engine_double: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tried: the previews folder's place taken by a file (an unmounted or broken volume)
    # when the batches finish; it is fixed a moment later and the retry writes the edition.
    settings = Settings(data_dir=tmp_path / "var", engine=f"{ENGINE_MODULE}:factory", batch_size=5)
    out = settings.resolved_preview_dir
    out.parent.mkdir(parents=True)
    out.write_text("not a folder")
    database = Database.open(settings.resolved_database_url)
    with database.session() as session:
        article_id = repo.add_article(
            session, article=make_article(), source_text="...", source_format="text", targets=["ru"]
        )
    # The embedded worker runs in this process: observe the real assembly (it still runs
    # and fails) to know when the first attempt has met the file.
    failed = threading.Event()
    real = assemble_and_follow  # the function worker.tasks calls, patched below

    def observed(*args: Any, **kwargs: Any) -> Any:
        try:
            return real(*args, **kwargs)
        except OSError:
            failed.set()
            raise

    monkeypatch.setattr(worker_tasks, "assemble_and_follow", observed)
    celery = create_celery(settings)
    with embedded_worker(celery):
        dispatch(celery, database, article_id=article_id, targets=["ru"], batch_size=5)
        assert failed.wait(30), "no assembly met the unusable folder"
        out.unlink()  # fixed before the retry (1 s later by default)

        def stored() -> repo.StoredEdition | None:
            with database.session() as session:
                return repo.get_edition(session, article_id=article_id, locale="ru")

        edition = wait_until(stored, timeout=30, what="the edition written by the retry")
    assert edition.state is EditionState.COMPLETE
    assert Path(edition.path or "").is_file() and Path(edition.path or "").is_relative_to(out)
