"""Translators' screens: a queue per language and a review screen per article, where each
segment is edited, saved or approved (keyboard: Ctrl+Enter approves and moves on)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from publisher import review
from publisher.config import TARGET_LOCALES
from publisher.db.enums import Role
from publisher.errors import InputError, NotFoundError
from publisher.l10n import base_locale, edition_locales
from publisher.messages import N_, LanguageName
from publisher.qa import CODE_NAMES, CODES
from publisher.review import ConfirmationNeededError, StaleVersionError
from publisher.web import views
from publisher.web.auth import LocaleTranslator, Reviewer
from publisher.web.i18n import language_name
from publisher.web.preview import preview_page
from publisher.web.render import render, said
from publisher.web.schemas import MAX_ID, Id, Locale, PreviewLocale, form_text
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
        "language_name": language_name, "codes": CODES, "code_names": CODE_NAMES,
        "warning": chosen or "",
    })


def review_page(request: Request, locale: str, article_id: int, *, status_code: int = 200,
                focus: int | None = None, problem: dict[str, object] | None = None,
                weakest_first: bool = False, show: str = "all",
                applied: list[review.AppliedMatch] | None = None,
                import_error: str = "") -> Response:
    """The review screen; ``problem`` is a refused save (shown at its segment),
    ``import_error`` a refused XLIFF import (shown next to the import form)."""
    database = state_of(request).database
    items = review.review_items(database, article_id=article_id, locale=locale)
    if weakest_first:  # the engine's least confident output first; unscored last
        items.sort(key=lambda i: (i.row.score is None, i.row.score or 0.0))
    detail = views.article_detail(database, article_id)
    return render(request, "translate/review.html", {
        "a": detail, "review_locale": locale, "items": items, "focus": focus,
        "problem": problem, "language_name": language_name, "weakest_first": weakest_first,
        "show": show if show in SHOWN else "all", "counts": review.counts(items),
        "preview_locales": edition_locales([locale]), "applied": applied,
        "import_error": import_error,
    }, status_code=status_code)


SHOWN = ("all", *review.FILTERS)


@router.get("/{locale}/{article_id}")
def review_screen(request: Request, locale: Locale, article_id: Id, _: LocaleTranslator,
                  focus: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
                  order: Annotated[str, Query(max_length=16)] = "",
                  show: Annotated[str, Query(max_length=16)] = "all") -> Response:
    return review_page(request, locale, article_id, focus=focus,
                       weakest_first=order == "score", show=show)


@router.get("/{locale}/{article_id}/preview/{edition}")
def preview(request: Request, locale: Locale, article_id: Id, edition: PreviewLocale,
            _: LocaleTranslator) -> Response:
    """The edition of the translator's language as it would be published now (uz_Cyrl
    too, for uz translators)."""
    if base_locale(edition) != locale:
        raise NotFoundError(N_("the %(edition)s edition is not made from %(language)s"),
                            edition=edition, language=LanguageName(locale))
    review.check_locale_target(state_of(request).database, article_id, locale)
    return preview_page(request, article_id, edition,
                        back_url=f"/translate/{locale}/{article_id}")


@router.post("/{locale}/{article_id}/memory")
def apply_memory(request: Request, locale: Locale, article_id: Id,
                 principal: LocaleTranslator) -> Response:
    """Apply every exact memory match to the article's open segments; the page lists
    what changed."""
    state = state_of(request)
    applied = review.apply_exact_matches(state.database, state.settings,
                                         article_id=article_id, locale=locale,
                                         username=principal.user.username)
    return review_page(request, locale, article_id, applied=applied)


@router.post("/{locale}/{article_id}/segments/{segment_id}")
def save(
    request: Request, locale: Locale, article_id: Id, segment_id: Id,
    principal: LocaleTranslator,
    text: Annotated[str, Form(max_length=20_000)] = "",
    version: Annotated[int, Form(ge=0, le=MAX_ID)] = 0,
    action: Annotated[str, Form(max_length=20)] = "save",
    next_segment: Annotated[int | None, Form(ge=0, le=MAX_ID)] = None,
) -> Response:
    """Save a draft or approve, for browsers without scripts (the screen's script uses the
    JSON API); a stale version or an approval over QA errors re-shows the screen with the
    translator's text kept."""
    if action not in ("save", "approve", "approve_confirmed"):
        raise InputError(N_("unknown action “%(action)s”"), action=action)
    approve = action != "save"
    state = state_of(request)
    try:
        review.save_segment(
            state.database, state.settings, article_id=article_id, locale=locale,
            segment_id=segment_id, text=form_text(text), approve=approve, version=version,
            username=principal.user.username, confirm_errors=action == "approve_confirmed",
        )
    except (StaleVersionError, ConfirmationNeededError, InputError) as exc:
        status = 400 if type(exc) is InputError else 409
        return review_page(request, locale, article_id, status_code=status, focus=segment_id,
                           problem={"segment_id": segment_id, "message": said(request, exc),
                                    "text": text,
                                    "conflict": isinstance(exc, StaleVersionError),
                                    "confirm": isinstance(exc, ConfirmationNeededError)})
    target = next_segment if approve and next_segment else segment_id
    # No fragment: a URL fragment makes Chromium skip autofocus, breaking the keyboard loop.
    return RedirectResponse(f"/translate/{locale}/{article_id}?focus={target}",
                            status_code=303)
