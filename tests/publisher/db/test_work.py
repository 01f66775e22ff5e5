"""Outstanding work per (article, locale), on SQLite and PostgreSQL: what the reconciler
reads to re-send lost batches and assemblies."""

from __future__ import annotations

from collections.abc import Callable

from publisher.core.articles import Article
from publisher.db import repository as repo
from publisher.db.models import EditionState, Origin, Status
from publisher.db.session import Database

NewArticle = Callable[..., Article]


def _store(database: Database, article: Article) -> tuple[int, list[int]]:
    with database.session() as session:
        article_id = repo.add_article(
            session, article=article, source_text="raw", source_format="text", targets=("ru", "ky")
        )
        return article_id, repo.segment_ids(session, article_id=article_id)


def _translate(database: Database, segment_ids: list[int], locale: str = "ru") -> None:
    with database.session() as session:
        for segment_id in segment_ids:
            repo.upsert_translation(
                session,
                segment_id=segment_id,
                locale=locale,
                text="т",
                origin=Origin.MACHINE,
                status=Status.MACHINE,
                engine="argos",
                warnings=(),
            )


def _assemble(database: Database, article_id: int, locale: str = "ru") -> None:
    with database.session() as session:
        repo.save_edition(
            session,
            article_id=article_id,
            locale=locale,
            state=EditionState.COMPLETE,
            html="<p>т</p>",
            missing=(),
            path=None,
        )


def _work(
    database: Database, article_id: int | None = None
) -> dict[tuple[int, str], repo.OutstandingWork]:
    with database.session() as session:
        found = repo.outstanding_work(session, article_id=article_id)
    return {(w.article_id, w.locale): w for w in found}


def test_a_new_article_has_all_its_work_outstanding(
    database: Database, new_article: NewArticle
) -> None:
    article_id, ids = _store(database, new_article())
    work = _work(database)
    assert set(work) == {(article_id, "ru"), (article_id, "ky")}
    assert work[(article_id, "ru")].untranslated == len(ids) == 5
    assert work[(article_id, "ru")].needs_assembly


def test_untranslated_ids_follow_the_writes_per_locale(
    database: Database, new_article: NewArticle
) -> None:
    article_id, ids = _store(database, new_article())
    _translate(database, [ids[0], ids[3]])
    with database.session() as session:
        ru = repo.untranslated_segment_ids(session, article_id=article_id, locale="ru")
        ky = repo.untranslated_segment_ids(session, article_id=article_id, locale="ky")
    assert ru == [ids[1], ids[2], ids[4]]
    assert ky == ids
    assert _work(database)[(article_id, "ru")].untranslated == 3


def test_failed_and_awaiting_rows_count_as_settled(
    database: Database, new_article: NewArticle
) -> None:
    # A segment that failed for good is not re-sent for ever: it has its row and error.
    article_id, ids = _store(database, new_article())
    with database.session() as session:
        repo.mark_failed(session, segment_ids=ids[:2], locale="ru", error="EngineError: x")
    _translate(database, ids[2:])
    work = _work(database)[(article_id, "ru")]
    assert (work.untranslated, work.needs_assembly) == (0, True)


def test_an_assembled_locale_is_finished_until_a_translation_changes(
    database: Database, new_article: NewArticle
) -> None:
    article_id, ids = _store(database, new_article())
    _translate(database, ids)
    assert _work(database)[(article_id, "ru")].needs_assembly
    _assemble(database, article_id)
    assert (article_id, "ru") not in _work(database)
    assert (article_id, "ky") in _work(database)
    _translate(database, ids[:1])  # a later write makes the edition stale
    stale = _work(database)[(article_id, "ru")]
    assert (stale.untranslated, stale.needs_assembly) == (0, True)


def test_work_can_be_limited_to_one_article(database: Database, new_article: NewArticle) -> None:
    first, _ = _store(database, new_article("first"))
    second, _ = _store(database, new_article("second"))
    assert {a for a, _ in _work(database)} == {first, second}
    assert {a for a, _ in _work(database, second)} == {second}


def test_segments_awaiting_a_model_are_listed_until_someone_writes_text(
    database: Database, new_article: NewArticle
) -> None:
    article_id, ids = _store(database, new_article())
    with database.session() as session:
        written = repo.await_model(
            session,
            segment_ids=ids,
            locale="ru",
            error="no model",
            blocked_on=repo.BLOCKED_ON_MODEL,
        )
        repo.mark_failed(session, segment_ids=ids, locale="ky", error="EngineError: x")
    assert written == len(ids)
    _translate(database, ids[:2])  # a model or a translator wrote two of them
    with database.session() as session:
        blocked = repo.blocked_on_model(session, locales=["ru", "ky"])
        again = repo.await_model(
            session,
            segment_ids=ids,
            locale="ru",
            error="no model",
            blocked_on=repo.BLOCKED_ON_MODEL,
        )
        rows = repo.translations_for(session, article_id=article_id, locale="ru")
    assert blocked == {(article_id, "ru"): ids[2:]}  # ky failed for another reason
    assert again == 3  # never over a translation
    assert [rows[i].text for i in ids] == ["т", "т", None, None, None]


def test_an_edition_checked_without_change_keeps_its_revision(
    database: Database, new_article: NewArticle
) -> None:
    article_id, ids = _store(database, new_article())
    _translate(database, ids)
    _assemble(database, article_id)
    _assemble(database, article_id)
    with database.session() as session:
        before = repo.get_edition(session, article_id=article_id, locale="ru")
        assert before is not None and before.revision == 2
        later = repo.database_now(session)
        repo.touch_edition(session, article_id=article_id, locale="ru", checked_at=later)
        after = repo.get_edition(session, article_id=article_id, locale="ru")
    assert after is not None
    assert (after.revision, after.assembled_at) == (2, before.assembled_at)
    assert after.checked_at == later
    assert (article_id, "ru") not in _work(database)
