"""Only published editions are in the public output folder (issue 15, point 10).

The attack: an operator serves ``TARJIMA_OUTPUT_DIR`` with a plain web server (it is
the folder of static pages); every assembly wrote ``<out>/<locale>/<slug>.html`` there,
so drafts, partial and unpublished editions were readable by guessing a slug, and a
translator's later change reached readers without the editor's publish step.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import update

from publisher.core.config import Settings
from publisher.db import repository as repo
from publisher.db.models import Origin, PublicationRow, Status
from publisher.services.editions import assemble_and_store
from publisher.services.public_folder import refresh_public_pages
from publisher.services.publish import publish_edition, unpublish_edition
from tests.support.articles import UzSample

SLUG = "tajikistan-misses-big-opportunity-to-mend-ties-with-kyrgyzstan"


def _public(settings: Settings, tag: str) -> Path:
    return settings.resolved_output_dir / tag / f"{SLUG}.html"


def _pages(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.html"))


def test_an_assembly_writes_nothing_in_the_public_folder(
    settings: Settings, uz_sample: UzSample
) -> None:
    """Assembled (as a worker does after translating), never published: nothing public."""
    for locale in ("uz", "ky"):
        assemble_and_store(
            uz_sample.database, settings, article_id=uz_sample.article_id, locale=locale
        )
    assert not settings.resolved_output_dir.exists()
    assert _pages(settings.resolved_preview_dir) == [
        f"ky/{SLUG}.html",
        f"uz-Cyrl/{SLUG}.html",
        f"uz/{SLUG}.html",
    ]


def test_publish_writes_the_public_page_and_unpublish_removes_it(
    settings: Settings, uz_sample: UzSample
) -> None:
    database, article_id = uz_sample.database, uz_sample.article_id
    edition = publish_edition(
        database, settings, article_id=article_id, locale="uz", user_id=None, accept_partial=True
    )
    page = _public(settings, "uz").read_text(encoding="utf-8")
    assert edition.content in page and "Yangi" not in page
    assert _public(settings, "uz-Cyrl").is_file()  # the derived edition goes with it
    assert not _public(settings, "ky").exists()  # not published
    assert unpublish_edition(database, settings, article_id=article_id, locale="uz")
    assert _pages(settings.resolved_output_dir) == []  # uz and uz-Cyrl both gone


def test_a_later_change_reaches_the_public_page_only_when_published_again(
    settings: Settings, uz_sample: UzSample
) -> None:
    """A translator's approval re-assembles the edition; the public page keeps the
    published snapshot until an editor publishes again."""
    database, article_id = uz_sample.database, uz_sample.article_id
    publish_edition(
        database, settings, article_id=article_id, locale="uz", user_id=None, accept_partial=True
    )
    published = _public(settings, "uz").read_text(encoding="utf-8")
    with database.session() as session:
        segment = uz_sample.segment_ids[(7, 0)]  # a paragraph awaiting a human
        repo.upsert_translation(
            session,
            segment_id=segment,
            locale="uz",
            text="Yangi matn.",
            origin=Origin.HUMAN,
            status=Status.APPROVED,
            engine=None,
            warnings=[],
        )
    changed = assemble_and_store(database, settings, article_id=article_id, locale="uz")
    assert changed.changed and "Yangi matn." in changed.html
    assert _public(settings, "uz").read_text(encoding="utf-8") == published
    publish_edition(
        database, settings, article_id=article_id, locale="uz", user_id=None, accept_partial=True
    )
    assert "Yangi matn." in _public(settings, "uz").read_text(encoding="utf-8")


def _links(page: Path) -> tuple[list[str], list[str]]:
    """The page's language links and its hreflang alternates, as BCP 47 tags."""
    html = page.read_text(encoding="utf-8")
    switcher = re.findall(r'<a href="\.\./[^"]+" hreflang="([^"]+)" lang=', html)
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html)
    return switcher, alternates


def test_public_pages_link_only_published_editions_and_declare_only_complete_ones(
    settings: Settings, uz_sample: UzSample
) -> None:
    """A language link to an unpublished edition would be a dead link in the static
    folder; a partial edition is never an hreflang alternate. Both sets change with every
    publish and unpublish of any language, and every published page follows."""
    database, article_id = uz_sample.database, uz_sample.article_id
    publish_edition(
        database, settings, article_id=article_id, locale="ky", user_id=None, accept_partial=True
    )  # nothing translated into ky: partial
    assert _links(_public(settings, "ky")) == (["ky"], [])

    with database.session() as session:  # every open uz passage approved: uz is complete
        done = repo.translations_for(session, article_id=article_id, locale="uz")
        for segment in uz_sample.segment_ids.values():
            if segment not in done or done[segment].text is None:
                repo.upsert_translation(
                    session,
                    segment_id=segment,
                    locale="uz",
                    text="Yangi matn.",
                    origin=Origin.HUMAN,
                    status=Status.APPROVED,
                    engine=None,
                    warnings=[],
                )
    publish_edition(
        database, settings, article_id=article_id, locale="uz", user_id=None, override_errors=True
    )  # placeholders lost in the stand-in text
    everyone = ["uz", "uz-Cyrl", "ky"]
    for tag in ("uz", "uz-Cyrl"):
        assert _links(_public(settings, tag)) == (everyone, ["uz", "uz-Cyrl"])
    assert _links(_public(settings, "ky")) == (everyone, [])  # written again, still partial
    ky_text = _public(settings, "ky").read_text(encoding="utf-8")
    assert "Yangi matn." not in ky_text  # its own snapshot, not uz's text

    assert unpublish_edition(database, settings, article_id=article_id, locale="uz")
    assert _links(_public(settings, "ky")) == (["ky"], [])
    assert _pages(settings.resolved_output_dir) == [f"ky/{SLUG}.html"]


def test_a_publication_from_before_provenance_was_kept_is_written_as_it_read(
    settings: Settings, uz_sample: UzSample
) -> None:
    """Rows from before migration 0011 have no provenance: a partial one is written again
    as partial, a complete one as machine-translated (what such pages said then)."""
    database, article_id = uz_sample.database, uz_sample.article_id
    publish_edition(
        database, settings, article_id=article_id, locale="ky", user_id=None, accept_partial=True
    )
    with database.session() as session:
        session.execute(update(PublicationRow).values(provenance=None))
    refresh_public_pages(database, settings, article_id=article_id)
    assert "<footer>Жарым-жартылай котормону күтүүдө · " in _public(settings, "ky").read_text(
        encoding="utf-8"
    )
