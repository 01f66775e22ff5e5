"""Assemble an edition: one article in one locale, rendered to HTML and stored.

Each segment's translation has its protected spans restored and rendered for the
locale (Babel plus the per-locale patterns); a segment with no usable translation is
shown in the source language, marked as awaiting translation, and named in the
edition's ``missing`` list. The page chrome comes from the gettext catalogs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup, escape

from publisher import catalogs
from publisher.articles import Article, BlockKind, ProtectedSpan, Segment
from publisher.config import Settings
from publisher.db import repository as repo
from publisher.db.models import EditionState, Origin, Status
from publisher.db.session import Database
from publisher.l10n import LocaleFormatter, formatter_for
from publisher.pages import render_edition_content, render_edition_page
from publisher.protect import mask, restore

USABLE = {Status.MACHINE, Status.NEEDS_REVIEW, Status.APPROVED}


@dataclass(frozen=True)
class RenderedBlock:
    kind: BlockKind
    html: Markup


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


def _segment_html(
    segment: Segment,
    row: repo.StoredTranslation | None,
    fmt: LocaleFormatter,
    note: str,
    source_locale: str,
) -> tuple[Markup, bool]:
    """HTML of one segment and whether it is translated."""
    if row is not None and row.status in USABLE and row.text:
        return Markup(restore(row.text, segment.spans, render=fmt.render).html), True
    source = restore(mask(segment.text, segment.spans), segment.spans, render=_as_written)
    marked = Markup('<span class="untranslated" lang="{}" data-note="{}">{}</span>').format(
        source_locale, note, Markup(source.html)
    )
    return marked, False


def _as_written(span: ProtectedSpan) -> str:
    return span.text


def render_blocks(
    article: Article,
    rows: dict[tuple[int, int], repo.StoredTranslation],
    locale: str,
) -> tuple[list[RenderedBlock], list[tuple[int, int]]]:
    """Rendered blocks in order, and the positions of segments that await translation."""
    fmt = formatter_for(locale)
    note = catalogs.translations(locale).gettext(catalogs.AWAITS_TRANSLATION)
    rendered, missing = [], []
    for block in article.blocks:
        parts: list[Markup] = []
        for segment in block.segments:
            position = (segment.block_index, segment.index)
            html, done = _segment_html(
                segment, rows.get(position), fmt, note, article.source_locale
            )
            parts.append(html + Markup(escape(segment.separator)))
            if not done:
                missing.append(position)
        rendered.append(RenderedBlock(block.kind, Markup("").join(parts)))
    return rendered, missing


def _rows_by_position(
    article: Article, rows: dict[int, repo.StoredTranslation], ids: Sequence[int]
) -> dict[tuple[int, int], repo.StoredTranslation]:
    positions = [(s.block_index, s.index) for b in article.blocks for s in b.segments]
    return {pos: rows[i] for pos, i in zip(positions, ids, strict=True) if i in rows}


def assemble(
    database: Database, settings: Settings, *, article_id: int, locale: str
) -> tuple[Article, Edition]:
    """Build the edition from what the database holds now (no writes), read in one
    snapshot so that an article updated meanwhile cannot mix old and new segments."""
    with database.snapshot() as session:
        article = repo.get_article(session, article_id=article_id)
        targets = repo.list_targets(session, article_id=article_id)
        ids = repo.segment_ids(session, article_id=article_id)
        rows = repo.translations_for(session, article_id=article_id, locale=locale)
    blocks, missing = render_blocks(article, _rows_by_position(article, rows, ids), locale)
    # The "translated automatically" notice, only where a machine wrote some of the text.
    machine = any(
        row.origin is Origin.MACHINE and row.status in USABLE for row in rows.values()
    )
    content = render_edition_content(
        article, locale, blocks, awaiting=len(missing), machine=machine
    )
    html = render_edition_page(settings, article, locale, targets, content)
    state = EditionState.PARTIAL if missing else EditionState.COMPLETE
    return article, Edition(
        article_id, locale, state, html, tuple(missing), content.title, str(content.html)
    )


def edition_path(settings: Settings, slug: str, locale: str) -> Path:
    root = settings.resolved_output_dir.resolve()
    path = (root / locale / f"{slug}.html").resolve()
    if not path.is_relative_to(root):  # slugs are checked at ingest; never trust them here
        raise ValueError(f"edition path {path} escapes the output folder {root}")
    return path


def assemble_and_store(
    database: Database, settings: Settings, *, article_id: int, locale: str
) -> Edition:
    """Assemble, write the page to the output folder and store the edition (idempotent)."""
    article, edition = assemble(database, settings, article_id=article_id, locale=locale)
    path = edition_path(settings, article.slug, locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
    ) as handle:
        handle.write(edition.html)
    Path(handle.name).replace(path)
    with database.session() as session:
        repo.save_edition(
            session,
            article_id=article_id,
            locale=locale,
            state=edition.state,
            html=edition.html,
            missing=[list(p) for p in edition.missing],
            path=str(path),
            title=edition.title,
            content=edition.content,
        )
    return replace(edition, path=str(path))
