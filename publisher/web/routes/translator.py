"""Translators' screens: a queue per language and a review screen per article, where each
segment is edited, saved or approved (keyboard: Ctrl+Enter approves and moves on)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from publisher.core.enums import Role
from publisher.core.errors import InputError, NotFoundError
from publisher.core.localize.l10n import base_locale, edition_locales
from publisher.core.messages import N_, LanguageName
from publisher.core.qa import CODE_NAMES, CODES
from publisher.services import name_offers, review
from publisher.services.review import ConfirmationNeededError, StaleVersionError
from publisher.web import views
from publisher.web.auth import LocaleTranslator, Reviewer
from publisher.web.i18n import language_name
from publisher.web.preview import preview_page
from publisher.web.render import render, said
from publisher.web.schemas import MAX_ID, Id, Locale, PreviewLocale, form_text
from publisher.web.security import csrf_form
from publisher.web.state import state_of

router = APIRouter(prefix="/translate", include_in_schema=False, dependencies=[Depends(csrf_form)])


@router.get("/")
def languages(request: Request, principal: Reviewer) -> Response:
    """The queues this user works on, with how many articles wait in each."""
    state = state_of(request)
    mine = (
        state.settings.target_locales if principal.role is Role.ADMIN else principal.user.languages
    )
    database = state.database
    queues = [(code, len(review.queue(database, locale=code))) for code in mine]
    return render(
        request, "translate/languages.html", {"queues": queues, "language_name": language_name}
    )


@router.get("/{locale}/")
def queue(
    request: Request,
    locale: Locale,
    _: LocaleTranslator,
    warning: Annotated[str, Query(max_length=32)] = "",
) -> Response:
    chosen = warning if warning in CODES else None
    items = review.queue(state_of(request).database, locale=locale, warning=chosen)
    return render(
        request,
        "translate/queue.html",
        {
            "queue_locale": locale,
            "items": [views.queue_out(locale, i) for i in items],
            "language_name": language_name,
            "codes": CODES,
            "code_names": CODE_NAMES,
            "warning": chosen or "",
        },
    )


def _offers_by_segment(
    request: Request, locale: str, article_id: int
) -> dict[int, list[name_offers.NameOffer]]:
    found: dict[int, list[name_offers.NameOffer]] = {}
    for offer in name_offers.name_offers(
        state_of(request).database, article_id=article_id, locale=locale
    ):
        found.setdefault(offer.segment_id, []).append(offer)
    return found


def review_page(
    request: Request,
    locale: str,
    article_id: int,
    *,
    status_code: int = 200,
    focus: int | None = None,
    problem: dict[str, object] | None = None,
    weakest_first: bool = False,
    show: str = "all",
    applied: list[review.AppliedMatch] | None = None,
    import_error: str = "",
    offers_focus: int | None = None,
    offer_problem: dict[str, object] | None = None,
) -> Response:
    """The review screen; ``problem`` is a refused save (shown at its segment),
    ``import_error`` a refused XLIFF import (shown next to the import form);
    ``offers_focus`` the segment whose name offers get the focus (after its approval),
    ``offer_problem`` a refused name offer (shown at it)."""
    database = state_of(request).database
    items = review.review_items(database, article_id=article_id, locale=locale)
    offers = _offers_by_segment(request, locale, article_id)
    if offers_focus not in offers:
        offers_focus = None
    if weakest_first:  # the engine's least confident output first; unscored last
        items.sort(key=lambda i: (i.row.score is None, i.row.score or 0.0))
    detail = views.article_detail(database, article_id)
    return render(
        request,
        "translate/review.html",
        {
            "a": detail,
            "review_locale": locale,
            "items": items,
            "problem": problem,
            "language_name": language_name,
            "weakest_first": weakest_first,
            "show": show if show in SHOWN else "all",
            "counts": review.counts(items),
            "preview_locales": edition_locales([locale]),
            "applied": applied,
            "import_error": import_error,
            "name_offers": offers,
            "offers_focus": offers_focus,
            "offer_problem": offer_problem,
            "focus": None if offers_focus is not None else focus,
        },
        status_code=status_code,
    )


SHOWN = ("all", *review.FILTERS)


@router.get("/{locale}/{article_id}")
def review_screen(
    request: Request,
    locale: Locale,
    article_id: Id,
    _: LocaleTranslator,
    focus: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    order: Annotated[str, Query(max_length=16)] = "",
    show: Annotated[str, Query(max_length=16)] = "all",
    offers: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
) -> Response:
    return review_page(
        request,
        locale,
        article_id,
        focus=focus,
        weakest_first=order == "score",
        show=show,
        offers_focus=offers,
    )


@router.get("/{locale}/{article_id}/preview/{edition}")
def preview(
    request: Request, locale: Locale, article_id: Id, edition: PreviewLocale, _: LocaleTranslator
) -> Response:
    """The edition of the translator's language as it would be published now (uz_Cyrl
    too, for uz translators)."""
    if base_locale(edition) != locale:
        raise NotFoundError(
            N_("the %(edition)s edition is not made from %(language)s"),
            edition=edition,
            language=LanguageName(locale),
        )
    review.check_locale_target(state_of(request).database, article_id, locale)
    return preview_page(request, article_id, edition, back_url=f"/translate/{locale}/{article_id}")


@router.post("/{locale}/{article_id}/memory")
def apply_memory(
    request: Request, locale: Locale, article_id: Id, principal: LocaleTranslator
) -> Response:
    """Apply every exact memory match to the article's open segments; the page lists
    what changed."""
    state = state_of(request)
    applied = review.apply_exact_matches(
        state.database,
        state.settings,
        article_id=article_id,
        locale=locale,
        username=principal.user.username,
    )
    return review_page(request, locale, article_id, applied=applied)


@router.post("/{locale}/{article_id}/segments/{segment_id}")
def save(
    request: Request,
    locale: Locale,
    article_id: Id,
    segment_id: Id,
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
            state.database,
            state.settings,
            article_id=article_id,
            locale=locale,
            segment_id=segment_id,
            text=form_text(text),
            approve=approve,
            version=version,
            username=principal.user.username,
            confirm_errors=action == "approve_confirmed",
        )
    except (StaleVersionError, ConfirmationNeededError, InputError) as exc:
        status = 400 if type(exc) is InputError else 409
        return review_page(
            request,
            locale,
            article_id,
            status_code=status,
            focus=segment_id,
            problem={
                "segment_id": segment_id,
                "message": said(request, exc),
                "text": text,
                "conflict": isinstance(exc, StaleVersionError),
                "confirm": isinstance(exc, ConfirmationNeededError),
            },
        )
    target = next_segment if approve and next_segment else segment_id
    if approve and name_offers.name_offers(
        state.database, article_id=article_id, locale=locale, segment_ids={segment_id}
    ):
        # Its names the glossary lacks are offered: the focus goes to the first offer.
        return RedirectResponse(
            f"/translate/{locale}/{article_id}?offers={segment_id}", status_code=303
        )
    # No fragment: a URL fragment makes Chromium skip autofocus, breaking the keyboard loop.
    return RedirectResponse(f"/translate/{locale}/{article_id}?focus={target}", status_code=303)


@router.post("/{locale}/{article_id}/names")
def name_offer(
    request: Request,
    locale: Locale,
    article_id: Id,
    principal: LocaleTranslator,
    name: Annotated[str, Form(max_length=200)] = "",
    spelling: Annotated[str, Form(max_length=200)] = "",
    action: Annotated[str, Form(max_length=20)] = "accept",
    segment_id: Annotated[int, Form(ge=0, le=MAX_ID)] = 0,
    next_segment: Annotated[int | None, Form(ge=0, le=MAX_ID)] = None,
) -> Response:
    """Accept an offered name into the glossary with the spelling the translator
    confirmed or corrected, or dismiss it (not offered again for this language). The
    focus stays on the segment's next offer, else goes to the next segment."""
    if action not in ("accept", "dismiss"):
        raise InputError(N_("unknown action “%(action)s”"), action=action)
    database = state_of(request).database
    username = principal.user.username
    try:
        if action == "accept":
            name_offers.accept_name(
                database,
                article_id=article_id,
                locale=locale,
                name=form_text(name),
                spelling=form_text(spelling),
                username=username,
            )
        else:
            name_offers.dismiss_name(
                database,
                article_id=article_id,
                locale=locale,
                name=form_text(name),
                username=username,
            )
    except InputError as exc:
        return review_page(
            request,
            locale,
            article_id,
            status_code=400,
            offers_focus=segment_id,
            offer_problem={"name": name, "spelling": spelling, "message": said(request, exc)},
        )
    if name_offers.name_offers(
        database, article_id=article_id, locale=locale, segment_ids={segment_id}
    ):
        return RedirectResponse(
            f"/translate/{locale}/{article_id}?offers={segment_id}", status_code=303
        )
    target = next_segment or segment_id
    return RedirectResponse(f"/translate/{locale}/{article_id}?focus={target}", status_code=303)
