"""Render an article's blocks in one edition locale: each segment's translation with its
protected spans restored for the locale (Babel plus the per-locale patterns), the house
style and quotation marks applied; datelines and bylines printed by the publisher; a
segment with no usable translation shown in the source language, marked as awaiting
translation. Pure: the rows come in as records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from publisher.core.articles import Article, Block, BlockKind, ProtectedSpan, Segment
from publisher.core.locales import SPECS
from publisher.core.localize import catalogs, datelines, quotes
from publisher.core.localize.l10n import DERIVED, LocaleFormatter, formatter_for
from publisher.core.localize.locale_patterns import patterns_for
from publisher.core.localize.locale_patterns.model import QuoteMarks
from publisher.core.protect import mask, restore
from publisher.core.records import StoredTranslation


@dataclass(frozen=True)
class RenderedBlock:
    kind: BlockKind
    html: Markup


@dataclass(frozen=True)
class LocaleStyle:
    """How segments are written in one edition locale."""

    fmt: LocaleFormatter
    note: str  # the "awaits translation" note, in the edition's language
    transliterate: Callable[[str], str]  # applied to the base locale's masked text
    quotes: QuoteMarks  # the edition's quotation marks (publisher.core.localize.quotes)

    @classmethod
    def of(cls, locale: str) -> LocaleStyle:
        derived = DERIVED.get(locale)
        return cls(
            formatter_for(locale),
            catalogs.translations(locale).gettext(catalogs.AWAITS_TRANSLATION),
            _house_style(locale) if derived is None else derived.transliterate,
            patterns_for(locale).quotes,
        )


def _unchanged(text: str) -> str:
    return text


def _house_style(locale: str) -> Callable[[str], str]:
    """The registry's house spelling of ``locale`` (uz: ``publisher.core.localize.orthography``),
    applied to its translations' text as printed (not as stored)."""
    spec = SPECS.get(locale)
    return _unchanged if spec is None or spec.house_style is None else spec.house_style


def _segment_html(
    segment: Segment, row: StoredTranslation | None, how: LocaleStyle, source_locale: str
) -> tuple[Markup, bool]:
    """HTML of one segment and whether it is translated."""
    shown = None if row is None else row.shown_text
    if shown:
        text = quotes.localize(how.transliterate(shown), how.quotes)
        return Markup(restore(text, segment.spans, render=how.fmt.render).html), True
    source = restore(mask(segment.text, segment.spans), segment.spans, render=_as_written)
    marked = Markup('<span class="untranslated" lang="{}" data-note="{}">{}</span>').format(
        source_locale, how.note, Markup(source.html)
    )
    return marked, False


def _as_written(span: ProtectedSpan) -> str:
    return span.text


def _printed_html(
    article: Article, block: Block, locale: str, how: LocaleStyle, glossary: datelines.Glossary
) -> Markup:
    """A dateline or byline as the publisher prints it in ``locale`` (never translated)."""
    return escape(
        datelines.render(
            block.kind,
            block.text,
            locale=locale,
            fmt=how.fmt,
            published=article.published,
            glossary=glossary,
            convert=how.transliterate,
        )
    )


def left_out(block: Block) -> bool:
    """Whether the edition leaves ``block`` out: a photo caption (Tarjima keeps no photos,
    so it would caption nothing) and a "WATCH" callout with no link to the video (a label
    over nothing). A callout whose title links somewhere is kept, as that link. Their
    passages never count as awaiting translation."""
    if block.kind is BlockKind.CAPTION:
        return True
    return block.kind is BlockKind.EMBED and not any(
        span.value == "a" and dict(span.attrs).get("href") for span in block.markup
    )


def kicker(article: Article, locale: str, glossary: datelines.Glossary) -> str | None:
    """The article's kicker in ``locale``: its glossary translation (in the locale's script
    and house style), or as the editor wrote it; None when the article has none."""
    if not article.kicker:
        return None
    found = glossary.get(" ".join(article.kicker.split()).casefold())
    return article.kicker if found is None else LocaleStyle.of(locale).transliterate(found)


def render_blocks(
    article: Article,
    rows: dict[tuple[int, int], StoredTranslation],
    locale: str,
    glossary: datelines.Glossary | None = None,
) -> tuple[list[RenderedBlock], list[tuple[int, int]]]:
    """Rendered blocks in order (those ``left_out`` skipped), and the positions of segments
    that await translation.

    ``rows`` are the translations into ``base_locale(locale)``; ``glossary`` (source term,
    casefolded -> translation) names places and people in datelines and bylines."""
    how = LocaleStyle.of(locale)
    rendered, missing = [], []
    for block in article.blocks:
        if left_out(block):
            continue
        if block.kind in datelines.PRINTED_KINDS:
            html = _printed_html(article, block, locale, how, glossary or {})
            rendered.append(RenderedBlock(block.kind, html))
            continue
        parts: list[Markup] = []
        for segment in block.segments:
            position = (segment.block_index, segment.index)
            html, done = _segment_html(segment, rows.get(position), how, article.source_locale)
            parts.append(html + Markup(escape(segment.separator)))
            if not done:
                missing.append(position)
        rendered.append(RenderedBlock(block.kind, Markup("").join(parts)))
    return rendered, missing
