"""docs/locale-review.md: every hand-written form, with its source, in step with the code."""

from __future__ import annotations

from dataclasses import replace

import pytest

from publisher.core.locales import LOCALE_CODES
from publisher.core.localize import locale_review
from publisher.core.localize.locale_patterns import patterns_for


def test_the_page_is_in_step_with_the_tables() -> None:
    # Regenerate with `python -m publisher.core.localize.locale_review` after changing a locale's
    # forms.
    assert locale_review.PAGE.read_text(encoding="utf-8") == locale_review.render_review()


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_every_form_names_a_source_and_shows_an_example(code: str) -> None:
    rows = locale_review.rows(code)
    keys = {row.key for row in rows}
    assert all(row.source.basis for row in rows)
    assert any(key.startswith("phrases.month.") for key in keys)
    since = next(row for row in rows if row.key == "phrases.month.since")
    assert since.example.startswith("since May 2021 → ")


def test_a_form_without_a_source_is_refused() -> None:
    bare = replace(patterns_for("ru"), sources={})
    with pytest.raises(LookupError, match="names no source"):
        locale_review.source_of(bare, "phrases.month.since")


def test_unchecked_forms_say_so() -> None:
    page = locale_review.render_review()
    assert "**needs native check**" in page
    assert "## Kyrgyz (`ky`)" in page and "май айынан бери" in page
