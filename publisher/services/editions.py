"""Assemble an edition and store it: one article in one locale, rendered
(``publisher.core.assemble``) from one snapshot of its translations.

A segment with no usable translation is named in the edition's ``missing`` list. A derived
locale (``publisher.core.localize.l10n.DERIVED``: uz_Cyrl) has no translations of its own:
its edition is made from its base locale's rows (uz), read in the same snapshot, its text
transliterated and its spans rendered for the derived locale. Storing a base edition stores
its derived editions with it, so every caller (workers, review, imports, publishing) keeps
them in step.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from publisher.core.articles import Article
from publisher.core.assemble.pages import Provenance, render_edition_content, render_edition_page
from publisher.core.assemble.render import kicker, render_blocks
from publisher.core.config import Settings
from publisher.core.localize import datelines
from publisher.core.localize.l10n import (
    base_locale,
    derived_locales,
    edition_locales,
    locale_tag,
)
from publisher.db import repository as repo
from publisher.db.models import EditionState, Origin, Status
from publisher.db.session import Database


@dataclass(frozen=True)
class Edition:
    article_id: int
    locale: str
    state: EditionState
    html: str
    missing: tuple[tuple[int, int], ...]
    title: str
    content: str
    path: str | None = None
    changed: bool = True  # False: the stored edition was already exactly this
    provenance: Provenance = (
        "machine"  # what the page tells its reader (publisher.core.assemble.pages)
    )


def _rows_by_position(
    article: Article, rows: dict[int, repo.StoredTranslation], ids: Sequence[int]
) -> dict[tuple[int, int], repo.StoredTranslation]:
    positions = [(s.block_index, s.index) for b in article.blocks for s in b.segments]
    return {pos: rows[i] for pos, i in zip(positions, ids, strict=True) if i in rows}


@dataclass(frozen=True)
class _Snapshot:
    """What one edition and those derived from it are made of, read at one moment."""

    article_id: int
    article: Article
    targets: tuple[str, ...]
    rows: dict[tuple[int, int], repo.StoredTranslation]
    machine: bool  # some usable text was written by a machine
    moment: datetime  # when the snapshot was taken: it holds every write before it
    glossary: datelines.Glossary  # for datelines and bylines


def _read(database: Database, article_id: int, locale: str) -> _Snapshot:
    """The article and its translations into ``locale``, read in one snapshot so that an
    article updated meanwhile cannot mix old and new segments."""
    with database.snapshot() as session:
        moment = repo.database_now(session)
        article = repo.get_article(session, article_id=article_id)
        targets = repo.list_targets(session, article_id=article_id)
        ids = repo.segment_ids(session, article_id=article_id)
        rows = repo.translations_for(session, article_id=article_id, locale=locale)
        terms = repo.glossary(session, source_locale=article.source_locale, target_locale=locale)
    # The "translated automatically" notice, only where a machine wrote some of the text.
    machine = any(_shows_machine_text(row) for row in rows.values())
    return _Snapshot(
        article_id,
        article,
        tuple(targets),
        _rows_by_position(article, rows, ids),
        machine,
        moment,
        {" ".join(t.term.split()).casefold(): t.translation for t in terms},
    )


def _shows_machine_text(row: repo.StoredTranslation) -> bool:
    """Whether the edition shows the engine's text for ``row``: machine output, or a
    translator's unapproved draft over it (readers get the engine's text meanwhile)."""
    if row.status is Status.APPROVED or row.approved_text or not row.shown_text:
        return False
    return row.origin is Origin.MACHINE or (
        row.origin is Origin.HUMAN and row.machine_text is not None
    )


def _build(settings: Settings, snapshot: _Snapshot, locale: str) -> Edition:
    article = snapshot.article
    blocks, missing = render_blocks(article, snapshot.rows, locale, snapshot.glossary)
    content = render_edition_content(
        article,
        locale,
        blocks,
        awaiting=len(missing),
        machine=snapshot.machine,
        kicker=kicker(article, locale, snapshot.glossary),
    )
    html = render_edition_page(
        settings, article.slug, locale, edition_locales(snapshot.targets), content
    )
    state = EditionState.PARTIAL if missing else EditionState.COMPLETE
    return Edition(
        snapshot.article_id,
        locale,
        state,
        html,
        tuple(missing),
        content.title,
        str(content.html),
        provenance=content.provenance,
    )


def assemble(
    database: Database, settings: Settings, *, article_id: int, locale: str
) -> tuple[Article, Edition]:
    """Build the edition from what the database holds now (no writes); a derived locale
    (uz_Cyrl) from its base locale's translations."""
    snapshot = _read(database, article_id, base_locale(locale))
    return snapshot.article, _build(settings, snapshot, locale)


def _assemble_snapshot(
    database: Database, settings: Settings, *, article_id: int, locale: str
) -> tuple[Article, list[Edition], datetime]:
    snapshot = _read(database, article_id, base_locale(locale))
    locales = (locale, *derived_locales(locale))
    editions = [_build(settings, snapshot, code) for code in locales]
    return snapshot.article, editions, snapshot.moment


PREVIEW_MODE = 0o600  # drafts and unpublished editions: never for other users to read


def edition_path(settings: Settings, slug: str, locale: str) -> Path:
    """``<output>/<tag>/<slug>.html``, the public page of a published edition, the folder
    named by the BCP 47 tag ("uz-Cyrl"), as the web app's URLs are."""
    return _page_path(settings.resolved_output_dir, slug, locale)


def preview_path(settings: Settings, slug: str, locale: str) -> Path:
    """``<previews>/<tag>/<slug>.html``: every assembly's page, drafts and unpublished
    editions included, kept out of the public output folder."""
    return _page_path(settings.resolved_preview_dir, slug, locale)


def _page_path(folder: Path, slug: str, locale: str) -> Path:
    root = folder.resolve()
    path = (root / locale_tag(locale) / f"{slug}.html").resolve()
    if not path.is_relative_to(root):  # slugs are checked at ingest; never trust them here
        raise ValueError(f"edition path {path} escapes the folder {root}")
    return path


def write_page(path: Path, html: str) -> None:
    """Write a public page atomically, readable as the umask allows
    (publisher.services.public_folder
    decides what goes there)."""
    _write(path, html)


def remove_published(settings: Settings, slug: str, locales: Sequence[str]) -> None:
    """Take the pages of unpublished editions out of the public output folder."""
    for locale in locales:
        edition_path(settings, slug, locale).unlink(missing_ok=True)


def _write(path: Path, html: str, mode: int = 0o666) -> None:
    """Write the page atomically. A published page gets the permissions the umask gives a
    new file (a web server running as another user must be able to read it); a preview
    (``mode=0o600``) is its owner's only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(html)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _same_as_stored(stored: repo.StoredEdition | None, edition: Edition) -> bool:
    return stored is not None and (
        stored.state,
        stored.html,
        stored.missing,
        stored.title,
        stored.content,
    ) == (edition.state, edition.html, edition.missing, edition.title, edition.content)


def _newer_stored(stored: repo.StoredEdition | None, moment: datetime) -> bool:
    return stored is not None and stored.checked_at is not None and stored.checked_at > moment


def assemble_and_store(
    database: Database, settings: Settings, *, article_id: int, locale: str
) -> Edition:
    """Assemble, write the page to the previews folder and store the edition (idempotent;
    only publishing writes the public output folder).
    The editions derived from ``locale`` (uz -> uz_Cyrl) are stored with it."""
    return assemble_and_store_with_derived(
        database, settings, article_id=article_id, locale=locale
    )[0]


def assemble_and_store_with_derived(
    database: Database, settings: Settings, *, article_id: int, locale: str
) -> list[Edition]:
    """Assemble the edition of ``locale`` and those derived from it from one snapshot,
    write their pages to the previews folder, and store them in one transaction;
    ``locale``'s comes first.

    An edition exactly as stored already is neither written nor stored again (its
    revision stays; only the moment it was last checked moves on): an assembly with
    nothing new since the last one does nothing."""
    article, editions, moment = _assemble_snapshot(
        database, settings, article_id=article_id, locale=locale
    )
    with database.session() as session:
        stored = {
            e.locale: repo.get_edition(session, article_id=article_id, locale=e.locale)
            for e in editions
        }
    done = []
    for edition in editions:
        path = preview_path(settings, article.slug, edition.locale)
        if _newer_stored(stored[edition.locale], moment):
            # Assembled meanwhile from a later snapshot: this older one changes nothing.
            done.append(replace(edition, path=str(path), changed=False))
            continue
        same = _same_as_stored(stored[edition.locale], edition)
        if not same or not path.exists():
            _write(path, edition.html, PREVIEW_MODE)
        done.append(replace(edition, path=str(path), changed=not same))
    with database.session() as session:
        for edition in done:
            _save(session, article_id, edition, moment)
    return done


def _save(session: Session, article_id: int, edition: Edition, moment: datetime) -> None:
    if not edition.changed:
        repo.touch_edition(session, article_id=article_id, locale=edition.locale, checked_at=moment)
        return
    repo.save_edition(
        session,
        article_id=article_id,
        locale=edition.locale,
        state=edition.state,
        html=edition.html,
        missing=[list(p) for p in edition.missing],
        path=edition.path,
        title=edition.title,
        content=edition.content,
        checked_at=moment,
    )
