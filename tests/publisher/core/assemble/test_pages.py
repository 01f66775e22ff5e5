"""Edition pages: escaping, language links, chrome."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from publisher.core.articles import Article, BlockKind
from publisher.core.assemble.pages import render_edition_content, render_edition_page
from publisher.core.config import Settings
from publisher.core.assemble.render import RenderedBlock


def test_title_fallback_is_escaped_and_links_point_to_each_locale(settings: Settings) -> None:
    # Tried: an article with no headline block whose title carries hostile HTML.
    article = Article("story", '<img src=x onerror="alert(1)"> Title', "en", date(2021, 7, 21))
    blocks = [RenderedBlock(BlockKind.PARAGRAPH, Markup("Body &amp; more"))]
    content = render_edition_content(article, "ky", blocks, awaiting=0)
    assert content.title == '<img src=x onerror="alert(1)"> Title'  # plain text, not markup
    assert content.html.startswith("<article>") and "<img" not in content.html
    page = render_edition_page(settings, article.slug, "ky", ["ky", "ru"], content)
    assert "<img" not in page and "&lt;img src=x" in page
    assert '<html lang="ky"' in page and "Body &amp; more" in page
    assert 'hreflang="ru" href="https://news.example.org/ru/story"' in page
    assert 'href="../ru/story.html"' in page and 'aria-current="page"' in page
    assert "2021-ж., 21-июль" in page and "Машиналык котормо" in page


def test_each_locale_keeps_its_own_chrome_whatever_was_rendered_before() -> None:
    """The environments are kept per locale: rendering one language must never change
    another's words (Jinja overlays share their globals, and once did)."""
    article = Article("story", "Title", "en", date(2021, 7, 21))
    blocks = [RenderedBlock(BlockKind.PARAGRAPH, Markup("Body"))]
    first = render_edition_content(article, "ky", blocks, awaiting=0).html
    for other in ("uz", "ru", "tg", "uz_Cyrl"):
        render_edition_content(article, other, blocks, awaiting=0)
    assert render_edition_content(article, "ky", blocks, awaiting=0).html == first
    assert "Жарыяланды" in first  # Kyrgyz: "Published"
