"""Translators' screens: a queue per language and a review screen per article, where each
segment is edited, saved or approved (keyboard: Ctrl+Enter approves and moves on)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from publisher import review
from publisher.config import TARGET_LOCALES
from publisher.db.enums import Role
from publisher.errors import InputError
from publisher.qa import CODES
from publisher.review import StaleVersionError
from publisher.web import views
from publisher.web.auth import LocaleTranslator, Reviewer
from publisher.web.i18n import language_name
from publisher.web.render import render
from publisher.web.schemas import MAX_ID, Id, Locale, form_text
from publisher.web.security import csrf_form
from publisher.web.state import state_of

router = APIRouter(prefix="/translate", include_in_schema=False,
                   dependencies=[Depends(csrf_form)])


@router.get("/")
def languages(request: Request, principal: Reviewer) -> Response:
    """The queues this user works on, with how many articles wait in each."""
    mine = TARGET_LOCALES if principal.role is Role.ADMIN else principal.user.languages
    database = state_of(request).database
    queues = [(code, len(review.queue(database, locale=code))) for code in mine]
    return render(request, "translate/languages.html",
                  {"queues": queues, "language_name": language_name})


@router.get("/{locale}/")
def queue(request: Request, locale: Locale, _: LocaleTranslator,
          warning: Annotated[str, Query(max_length=32)] = "") -> Response:
    chosen = warning if warning in CODES else None
    items = review.queue(state_of(request).database, locale=locale, warning=chosen)
    return render(request, "translate/queue.html", {
        "queue_locale": locale, "items": [views.queue_out(locale, i) for i in items],
        "language_name": language_name, "codes": CODES, "warning": chosen or "",
    })


def _review_page(request: Request, locale: str, article_id: int, *, status_code: int = 200,
                 focus: int | None = None, problem: dict[str, object] | None = None,
                 weakest_first: bool = False) -> Response:
    database = state_of(request).database
    items = review.review_items(database, article_id=article_id, locale=locale)
    if weakest_first:  # the engine's least confident output first; unscored last
        items.sort(key=lambda i: (i.row.score is None, i.row.score or 0.0))
    detail = views.article_detail(database, article_id)
    return render(request, "translate/review.html", {
        "a": detail, "review_locale": locale, "items": items, "focus": focus,
        "problem": problem, "language_name": language_name, "weakest_first": weakest_first,
    }, status_code=status_code)


@router.get("/{locale}/{article_id}")
def review_screen(request: Request, locale: Locale, article_id: Id, _: LocaleTranslator,
                  focus: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
                  order: Annotated[str, Query(max_length=16)] = "") -> Response:
    return _review_page(request, locale, article_id, focus=focus,
                        weakest_first=order == "score")


@router.post("/{locale}/{article_id}/segments/{segment_id}")
def save(
    request: Request, locale: Locale, article_id: Id, segment_id: Id,
    principal: LocaleTranslator,
    text: Annotated[str, Form(max_length=20_000)] = "",
    version: Annotated[int, Form(ge=0, le=MAX_ID)] = 0,
    action: Annotated[str, Form(max_length=16)] = "save",
    next_segment: Annotated[int | None, Form(ge=0, le=MAX_ID)] = None,
) -> Response:
    """Save or approve; a stale version re-shows the screen with the translator's text kept."""
    if action not in ("save", "approve"):
        raise InputError(f"unknown action {action!r}")
    state = state_of(request)
    try:
        review.save_segment(
            state.database, state.settings, article_id=article_id, locale=locale,
            segment_id=segment_id, text=form_text(text), approve=action == "approve",
            version=version, username=principal.user.username,
        )
    except (StaleVersionError, InputError) as exc:
        status = 409 if isinstance(exc, StaleVersionError) else 400
        return _review_page(request, locale, article_id, status_code=status, focus=segment_id,
                            problem={"segment_id": segment_id, "message": str(exc),
                                     "text": text, "conflict": status == 409})
    target = next_segment if action == "approve" and next_segment else segment_id
    return RedirectResponse(f"/translate/{locale}/{article_id}?focus={target}#s-{target}",
                            status_code=303)
