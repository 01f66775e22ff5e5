"""An edition as it would be published now, for staff: assembled from the database, not
stored, in the reader's chrome with a banner (editors' and translators' previews)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from publisher.services.editions import assemble
from publisher.web.render import render
from publisher.web.state import state_of


def preview_page(request: Request, article_id: int, locale: str, *, back_url: str) -> Response:
    """The edition of ``locale`` (uz_Cyrl from the uz translations) as readers would get
    it if it were published now; ``back_url`` leads back to the screen it came from."""
    state = state_of(request)
    _article, edition = assemble(
        state.database, state.settings, article_id=article_id, locale=locale
    )
    return render(
        request,
        "editor/preview.html",
        {
            "edition": edition,
            "switcher": [],
            "preview_locale": locale,
            "back_url": back_url,
        },
        locale=locale,
    )
