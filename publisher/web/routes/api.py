"""The JSON API under /api, for scripts (``Authorization: Bearer <token>``) and the pages'
own scripts (session cookie plus ``X-CSRF-Token`` on writes). Its OpenAPI schema is at
/api/openapi.json and its documentation at /api/docs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Body, Query, Request, Response, status
from fastapi.responses import JSONResponse

from publisher.core.errors import NotFoundError
from publisher.services import accounts, name_offers, review
from publisher.services.editions import assemble_and_store
from publisher.services.headline_publish import publish_headline_and_lead
from publisher.services.publish import QAErrorsError, publish_edition, unpublish_edition
from publisher.services.review import ConfirmationNeededError, StaleVersionError
from publisher.services.submit import Submission, submit, update
from publisher.services.urgent import mark_urgent
from publisher.web import views
from publisher.web.auth import Admin, BrowserSession, Editor, LocaleTranslator, Staff
from publisher.web.render import staff_locale
from publisher.web.schemas import (
    MAX_ID,
    AppliedMatchOut,
    ArticleDetail,
    ArticleIn,
    ArticleOut,
    EditionOut,
    ErrorOut,
    GlossaryTermOut,
    Id,
    Locale,
    NameAcceptIn,
    NameDismissIn,
    NameOfferOut,
    NewTokenOut,
    PublicationOut,
    PublishIn,
    PublishRefusedOut,
    QueueItemOut,
    SaveRefusedOut,
    SegmentIn,
    SegmentOut,
    TokenIn,
    TokenOut,
    UserIn,
    UserOut,
    UserPatch,
    ValidationErrorOut,
    WarningCode,
)
from publisher.web.state import state_of

ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorOut, "description": "The input cannot be accepted; `detail` says why"},
    401: {"model": ErrorOut, "description": "No valid session or API token"},
    403: {"model": ErrorOut, "description": "Not allowed for this user (or a missing CSRF header)"},
    404: {"model": ErrorOut, "description": "No such article, edition or segment"},
    413: {"model": ErrorOut, "description": "Request body over the size limit"},
    # The app's own shape (publisher.web.app), not FastAPI's default HTTPValidationError.
    422: {"model": ValidationErrorOut, "description": "The request does not match the schema"},
}
router = APIRouter(prefix="/api", responses=ERRORS)


def _submission(body: ArticleIn) -> Submission:
    return Submission.pasted(
        body.text,
        body.format,
        targets=body.targets,
        published=body.date,
        slug=body.slug,
        title=body.title,
        kicker=body.kicker,
        source_url=body.source_url,
        urgent=body.urgent,
    )


@router.get("/me", tags=["account"])
def me(principal: Staff) -> UserOut:
    """The signed-in user."""
    return views.user_out(principal.user)


@router.get("/articles", tags=["articles"])
def list_articles(request: Request, _: Editor) -> list[ArticleOut]:
    """Articles, most recently changed first."""
    return views.articles(state_of(request).database)


@router.post("/articles", status_code=status.HTTP_201_CREATED, tags=["articles"])
def create_article(
    request: Request, body: ArticleIn, response: Response, _: Editor
) -> ArticleDetail:
    """Submit an article: it is segmented and its translation work sent at once. A slug
    that is taken or reserved is refused with 400."""
    state = state_of(request)
    article_id = submit(state.database, state.settings, state.celery, _submission(body))
    response.headers["location"] = f"/api/articles/{article_id}"
    return views.article_detail(state.database, article_id)


@router.get("/articles/{article_id}", tags=["articles"])
def get_article(request: Request, article_id: Id, _: Editor) -> ArticleDetail:
    """An article with each edition's progress and publication state."""
    return views.article_detail(state_of(request).database, article_id)


@router.put("/articles/{article_id}", tags=["articles"])
def update_article(request: Request, article_id: Id, body: ArticleIn, _: Editor) -> ArticleDetail:
    """Replace the article's text and targets; its work is sent again. Readers keep the
    published editions until they are published again."""
    state = state_of(request)
    update(state.database, state.settings, state.celery, article_id, _submission(body))
    return views.article_detail(state.database, article_id)


@router.post("/articles/{article_id}/urgent", tags=["articles"])
def mark_article_urgent(request: Request, article_id: Id, _: Editor) -> ArticleDetail:
    """Mark the article urgent (breaking news): its batches still waiting in the queue are
    sent again, the headline and lead first, ahead of all other queued work."""
    state = state_of(request)
    mark_urgent(
        state.celery, state.database, article_id=article_id, batch_size=state.settings.batch_size
    )
    return views.article_detail(state.database, article_id)


@router.get("/articles/{article_id}/progress", tags=["articles"])
def progress(request: Request, article_id: Id, _: Editor) -> list[EditionOut]:
    """Per locale: segments done, awaiting review, awaiting a human, failed."""
    return views.article_detail(state_of(request).database, article_id).editions


@router.post(
    "/articles/{article_id}/editions/{locale}/publication",
    tags=["publishing"],
    response_model=PublicationOut,
    responses={
        409: {
            "model": PublishRefusedOut,
            "description": (
                "Partial edition not accepted, or QA errors in the edition's text without "
                "an override (`segments` lists each offending segment)"
            ),
        }
    },
)
def publish(
    request: Request,
    article_id: Id,
    locale: Locale,
    principal: Editor,
    body: Annotated[PublishIn | None, Body()] = None,
) -> PublicationOut | Response:
    """Publish the edition as it stands now (a partial one only with accept_partial, or
    with headline_and_lead once the headline and lead are translated)."""
    state = state_of(request)
    choice = body or PublishIn.model_validate({})
    try:
        if choice.headline_and_lead:
            edition = publish_headline_and_lead(
                state.database,
                state.settings,
                article_id=article_id,
                locale=locale,
                user_id=principal.user.id,
                override_errors=choice.override_errors,
                username=principal.user.username,
            )
        else:
            edition = publish_edition(
                state.database,
                state.settings,
                article_id=article_id,
                locale=locale,
                user_id=principal.user.id,
                accept_partial=choice.accept_partial,
                override_errors=choice.override_errors,
                username=principal.user.username,
            )
    except QAErrorsError as exc:
        refused = PublishRefusedOut(
            detail=str(exc),
            label=exc.localized(staff_locale(request)),
            segments=views.offending_out(
                article_id, exc.locale, exc.segments, staff_locale=staff_locale(request)
            ),
        )
        return JSONResponse(refused.model_dump(mode="json"), status_code=409)
    slug = views.article_detail(state.database, article_id).slug
    return PublicationOut(
        article_id=article_id,
        locale=locale,
        state=edition.state,
        missing=len(edition.missing),
        url=f"/{locale}/{slug}",
    )


@router.delete(
    "/articles/{article_id}/editions/{locale}/publication",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["publishing"],
)
def unpublish(request: Request, article_id: Id, locale: Locale, _: Editor) -> Response:
    """Take the edition away from readers (they get 404)."""
    state = state_of(request)
    unpublish_edition(state.database, state.settings, article_id=article_id, locale=locale)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/review/{locale}", tags=["review"])
def review_queue(
    request: Request, locale: Locale, _: LocaleTranslator, warning: WarningCode | None = None
) -> list[QueueItemOut]:
    """Articles with segments to approve in ``locale``, weakest and oldest first; with
    ``warning``, only those with an open QA warning of that kind."""
    items = review.queue(state_of(request).database, locale=locale, warning=warning)
    return [views.queue_out(locale, item) for item in items]


@router.get("/review/{locale}/articles/{article_id}", tags=["review"])
def review_segments(
    request: Request, locale: Locale, article_id: Id, _: LocaleTranslator
) -> list[SegmentOut]:
    """Every segment of the article with its translation into ``locale``."""
    items = review.review_items(state_of(request).database, article_id=article_id, locale=locale)
    return [views.segment_out(item, locale=staff_locale(request)) for item in items]


def _segment(
    request: Request, locale: str, article_id: int, segment_id: int, *, suggestions: bool = True
) -> SegmentOut:
    items = review.review_items(
        state_of(request).database,
        article_id=article_id,
        locale=locale,
        segment_ids={segment_id},
        suggestions=suggestions,
    )
    if not items:
        raise NotFoundError(f"article {article_id} has no segment {segment_id}")
    return views.segment_out(items[0], locale=staff_locale(request))


@router.get("/review/{locale}/articles/{article_id}/segments/{segment_id}", tags=["review"])
def get_segment(
    request: Request, locale: Locale, article_id: Id, segment_id: Id, _: LocaleTranslator
) -> SegmentOut:
    """One segment with its translation into ``locale``."""
    return _segment(request, locale, article_id, segment_id)


@router.put(
    "/review/{locale}/articles/{article_id}/segments/{segment_id}",
    tags=["review"],
    response_model=SegmentOut,
    responses={
        409: {
            "model": SaveRefusedOut,
            "description": (
                "Not saved: someone else saved the segment first (`reason` conflict, "
                "`current` holds their version), or an approval over QA errors without "
                "`confirm_errors` (`reason` qa_errors, `errors` lists them)"
            ),
        }
    },
)
def save_segment(
    request: Request,
    locale: Locale,
    article_id: Id,
    segment_id: Id,
    body: SegmentIn,
    principal: LocaleTranslator,
    background: BackgroundTasks,
) -> Response:
    """Save a translator's text (approved with ``approve``); send the version you loaded.
    A draft (no ``approve``) is work in progress: editions keep what they showed. The
    answer is the segment as saved (without memory suggestions); an approval's edition is
    assembled right after the answer."""
    state = state_of(request)
    try:
        review.save_segment(
            state.database,
            state.settings,
            article_id=article_id,
            locale=locale,
            segment_id=segment_id,
            text=body.text,
            approve=body.approve,
            version=body.version,
            username=principal.user.username,
            confirm_errors=body.confirm_errors,
            assemble=False,
        )
    except ConfirmationNeededError as exc:
        refused = SaveRefusedOut(
            detail=str(exc),
            label=exc.localized(staff_locale(request)),
            reason="qa_errors",
            errors=views.labelled_warnings(exc.errors, staff_locale(request)),
        )
        return JSONResponse(refused.model_dump(mode="json"), status_code=409)
    except StaleVersionError as exc:
        refused = SaveRefusedOut(
            detail=str(exc),
            label=exc.localized(staff_locale(request)),
            reason="conflict",
            current=_segment(request, locale, article_id, segment_id),
        )
        return JSONResponse(refused.model_dump(mode="json"), status_code=409)
    if body.approve:  # after the answer: the translator's loop does not wait for it
        background.add_task(
            assemble_and_store, state.database, state.settings, article_id=article_id, locale=locale
        )
    saved = _segment(request, locale, article_id, segment_id, suggestions=False)
    if body.approve:
        saved.name_offers = [
            views.name_offer_out(o)
            for o in name_offers.name_offers(
                state.database, article_id=article_id, locale=locale, segment_ids={segment_id}
            )
        ]
    return JSONResponse(saved.model_dump(mode="json"))


@router.post("/review/{locale}/articles/{article_id}/memory", tags=["review"])
def apply_memory(
    request: Request, locale: Locale, article_id: Id, principal: LocaleTranslator
) -> list[AppliedMatchOut]:
    """Put every exact translation-memory match into the article's open segments (those
    not approved); a translator's draft is kept. Lists each segment and what changed."""
    state = state_of(request)
    applied = review.apply_exact_matches(
        state.database,
        state.settings,
        article_id=article_id,
        locale=locale,
        username=principal.user.username,
    )
    return [views.applied_out(a) for a in applied]


@router.get("/review/{locale}/articles/{article_id}/name-offers", tags=["review"])
def list_name_offers(
    request: Request,
    locale: Locale,
    article_id: Id,
    _: LocaleTranslator,
    segment_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[NameOfferOut]:
    """Names of the article's approved segments that the glossary of ``locale`` lacks and
    no translator declined, with the approved spelling (of one segment, with
    ``segment_id``)."""
    offers = name_offers.name_offers(
        state_of(request).database,
        article_id=article_id,
        locale=locale,
        segment_ids=None if segment_id is None else {segment_id},
    )
    return [views.name_offer_out(offer) for offer in offers]


@router.post(
    "/review/{locale}/articles/{article_id}/name-offers/accept",
    status_code=status.HTTP_201_CREATED,
    tags=["review"],
)
def accept_name_offer(
    request: Request,
    locale: Locale,
    article_id: Id,
    body: NameAcceptIn,
    principal: LocaleTranslator,
) -> GlossaryTermOut:
    """Add an offered name to the glossary of ``locale`` with ``spelling``: QA then
    requires that spelling in every later translation (an error otherwise)."""
    term = name_offers.accept_name(
        state_of(request).database,
        article_id=article_id,
        locale=locale,
        name=body.name,
        spelling=body.spelling,
        username=principal.user.username,
    )
    return views.term_out(term)


@router.post(
    "/review/{locale}/articles/{article_id}/name-offers/dismiss",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["review"],
)
def dismiss_name_offer(
    request: Request,
    locale: Locale,
    article_id: Id,
    body: NameDismissIn,
    principal: LocaleTranslator,
) -> Response:
    """Decline an offered name: it is not offered again for ``locale``."""
    name_offers.dismiss_name(
        state_of(request).database,
        article_id=article_id,
        locale=locale,
        name=body.name,
        username=principal.user.username,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/tokens", tags=["account"])
def list_tokens(request: Request, principal: Staff) -> list[TokenOut]:
    """Your API tokens (their secrets are never shown again)."""
    tokens = accounts.tokens_of(state_of(request).database, principal.user.id)
    return [views.token_out(t) for t in tokens]


@router.post("/tokens", status_code=status.HTTP_201_CREATED, tags=["account"])
def create_token(request: Request, body: TokenIn, principal: BrowserSession) -> NewTokenOut:
    """A new API token for you; the secret is in this response only. Only a signed-in
    browser session (cookie and `X-CSRF-Token`) may create one: a token cannot (403)."""
    new = accounts.create_token(
        state_of(request).database, user_id=principal.user.id, name=body.name
    )
    return NewTokenOut(id=new.id, name=new.name, token=new.token)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["account"])
def revoke_token(request: Request, token_id: Id, principal: Staff) -> Response:
    """Revoke one of your tokens; it stops working at once."""
    if not accounts.revoke_token(
        state_of(request).database, user_id=principal.user.id, token_id=token_id
    ):
        raise NotFoundError(f"you have no active token with id {token_id}")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/users", tags=["users"])
def list_users(request: Request, _: Admin) -> list[UserOut]:
    return [views.user_out(u) for u in accounts.users(state_of(request).database)]


@router.post("/users", status_code=status.HTTP_201_CREATED, tags=["users"])
def create_user(request: Request, body: UserIn, _: Admin) -> UserOut:
    database = state_of(request).database
    user_id = accounts.create_user(
        database,
        username=body.username,
        password=body.password,
        role=body.role,
        languages=body.languages,
        display_name=body.display_name,
    )
    return views.user_out(accounts.update_account(database, user_id=user_id))


@router.patch("/users/{user_id}", tags=["users"])
def update_user(request: Request, user_id: Id, body: UserPatch, principal: Admin) -> UserOut:
    """Change a user's role, languages, password or whether they may sign in."""
    user = accounts.update_account(
        state_of(request).database,
        user_id=user_id,
        role=body.role,
        languages=body.languages,
        active=body.active,
        password=body.password,
        display_name=body.display_name,
        acting_user_id=principal.user.id,
    )
    return views.user_out(user)


@router.get("/users/{user_id}/tokens", tags=["users"])
def list_user_tokens(request: Request, user_id: Id, _: Admin) -> list[TokenOut]:
    """A user's API tokens, revoked ones included (their secrets are never shown)."""
    database = state_of(request).database
    accounts.require_user(database, user_id)
    return [views.token_out(t) for t in accounts.tokens_of(database, user_id)]


@router.delete(
    "/users/{user_id}/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["users"]
)
def revoke_user_token(request: Request, user_id: Id, token_id: Id, _: Admin) -> Response:
    """Revoke one of a user's tokens; it stops working at once."""
    database = state_of(request).database
    accounts.require_user(database, user_id)
    if not accounts.revoke_token(database, user_id=user_id, token_id=token_id):
        raise NotFoundError(f"user {user_id} has no active token with id {token_id}")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
