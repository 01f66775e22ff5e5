"""Editors' screens: the article list, submitting and updating articles, live progress,
previews, and publishing or unpublishing each locale's edition.

An edition derived from a target (uz_Cyrl from uz) has no progress of its own: the
article's page shows it under its base, with its publication state and a preview, and
publishes and unpublishes it with the base."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from publisher.core.errors import InputError
from publisher.core.locales import TARGET_LOCALES
from publisher.core.localize import catalogs
from publisher.core.localize.l10n import base_locale, derived_locales, locale_tag
from publisher.core.messages import N_, LanguageName
from publisher.db import repository as repo
from publisher.services.editions import assemble
from publisher.services.headline_publish import HeadlineNotReadyError, publish_headline_and_lead
from publisher.services.publish import (
    PartialEditionError,
    QAErrorsError,
    edition_errors,
    publish_edition,
    publish_ready,
    unpublish_edition,
)
from publisher.services.submit import PASTED_NAMES, FormatChoice, Submission, submit, update
from publisher.services.urgent import mark_urgent
from publisher.web import views
from publisher.web.auth import Editor
from publisher.web.flash import flashed, redirect_with
from publisher.web.i18n import language_name
from publisher.web.preview import preview_page
from publisher.web.render import render, said, staff_locale
from publisher.web.schemas import (
    ArticleDetail,
    Id,
    Locale,
    OffendingSegmentOut,
    PreviewLocale,
    form_text,
)
from publisher.web.security import csrf_form
from publisher.web.state import state_of

router = APIRouter(prefix="/editor", include_in_schema=False, dependencies=[Depends(csrf_form)])
FORMATS: tuple[FormatChoice, ...] = ("auto", "text", "markdown", "html")
MESSAGES = {"published", "unpublished", "submitted", "updated", "ready", "urgent"}
REASONS = ("errors", "partial", "headline")


@dataclass(frozen=True)
class DerivedEdition:
    """An edition made from a target's (uz_Cyrl from uz), shown under its base."""

    locale: str
    follows: str  # "Made from the Uzbek edition ...", in the staff member's language
    published: bool
    partial: bool
    preview_url: str
    reader_url: str


def _derived(request: Request, detail: ArticleDetail) -> dict[str, list[DerivedEdition]]:
    """The derived editions of the article's targets, by base locale."""
    with state_of(request).database.session() as session:
        published = repo.publications_of(session, article_id=detail.id)
    gettext = catalogs.translations(staff_locale(request)).gettext
    found: dict[str, list[DerivedEdition]] = {}
    for base in detail.targets:
        for code in derived_locales(base):
            publication = published.get(code)
            language = catalogs.language_name(base, in_locale=staff_locale(request))
            found.setdefault(base, []).append(
                DerivedEdition(
                    locale=code,
                    follows=gettext(catalogs.FOLLOWS_EDITION) % {"language": language},
                    published=publication is not None,
                    partial=publication is not None and publication.missing > 0,
                    preview_url=f"/editor/articles/{detail.id}/preview/{code}",
                    reader_url=f"/{locale_tag(code)}/{detail.slug}",
                )
            )
    return found


def _article_page(
    request: Request, detail: ArticleDetail, status_code: int = 200, **context: Any
) -> Response:
    return render(
        request,
        "editor/article.html",
        {
            "a": detail,
            "done": "",
            "error": "",
            "language_name": language_name,
            "named": _namer(request),
            "derived": _derived(request, detail),
            **context,
        },
        status_code=status_code,
    )


def _namer(request: Request) -> Callable[[str], str]:
    """A language's name in the staff member's language, for messages ("the Kyrgyz
    edition"); ``language_name`` gives endonyms, for menus."""
    return partial(catalogs.language_name, in_locale=staff_locale(request))


def dashboard_page(request: Request, *, status_code: int = 200, memory_error: str = "") -> Response:
    """The article list; ``memory_error`` a refused TMX import, shown next to its form."""
    details = views.recent_article_details(state_of(request).database, limit=50)
    return render(
        request,
        "editor/dashboard.html",
        {"articles": details, "memory_error": memory_error},
        status_code=status_code,
    )


@router.get("/")
def dashboard(request: Request, _: Editor) -> Response:
    return dashboard_page(request)


def _form_defaults(request: Request) -> dict[str, object]:
    """The article form's choices: the deployment's target locales, all ticked."""
    targets = state_of(request).settings.target_locales
    return {
        "formats": FORMATS,
        "all_locales": targets,
        "values": {
            "targets": list(targets),
            "date": dt.date.today().isoformat(),
            "format": "auto",
            "text": "",
            "slug": "",
            "title": "",
            "kicker": "",
            "source_url": "",
            "urgent": False,
        },
    }


@router.get("/articles/new")
def new_article(request: Request, _: Editor) -> Response:
    return render(request, "editor/article_form.html", _form_defaults(request))


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            N_("the date must be YYYY-MM-DD, not “%(value)s”"), value=value[:20]
        ) from exc


async def _submission(
    text: str,
    fmt: str,
    upload: UploadFile | None,
    targets: list[str],
    date: str,
    slug: str,
    title: str,
    kicker: str,
    source_url: str,
    max_bytes: int,
    urgent: bool = False,
) -> Submission:
    if fmt not in FORMATS:
        raise InputError(N_("unknown format “%(format)s”"), format=fmt[:20])
    published, title = _parse_date(date), form_text(title)
    if upload is not None and upload.filename and text.strip():
        # Neither silently wins: the editor says which one is the article.
        raise InputError(
            N_(
                "both pasted text and a file (%(name)s) were given: the article must be one of "
                "them. To upload the file, empty the article text and choose the file again; "
                "to use the pasted text, submit again without a file"
            ),
            name=upload.filename[-100:],
        )
    if upload is not None and upload.filename:
        data = await upload.read(max_bytes + 1)
        name = upload.filename[-200:]
    elif text.strip():
        data, name = text.encode("utf-8", "replace"), PASTED_NAMES[fmt]
    else:
        raise InputError(N_("paste the article or choose a file to upload"))
    return Submission(
        data=data,
        name=name,
        targets=targets,
        published=published,
        slug=slug or None,
        title=title or None,
        kicker=form_text(kicker) or None,
        source_url=form_text(source_url) or None,
        urgent=urgent,
    )


FormText = Annotated[str, Form()]


def _values(
    text: str,
    fmt: str,
    targets: list[str],
    date: str,
    slug: str,
    title: str,
    kicker: str = "",
    source_url: str = "",
    urgent: bool = False,
) -> dict[str, object]:
    return {
        "text": text,
        "format": fmt,
        "targets": targets,
        "date": date,
        "slug": slug,
        "title": title,
        "kicker": kicker,
        "source_url": source_url,
        "urgent": urgent,
    }


def _refused_form(
    request: Request,
    exc: InputError,
    values: dict[str, object],
    article: ArticleDetail | None = None,
) -> Response:
    """The article form again with the error and everything the editor typed."""
    return render(
        request,
        "editor/article_form.html",
        {
            **_form_defaults(request),
            "error": said(request, exc),
            "article": article,
            "values": values,
        },
        status_code=400,
    )


@router.post("/articles/new")
async def create_article(
    request: Request,
    _: Editor,
    targets: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    text: FormText = "",
    format: FormText = "auto",
    date: FormText = "",
    slug: FormText = "",
    title: FormText = "",
    kicker: FormText = "",
    source_url: FormText = "",
    urgent: Annotated[str, Form(max_length=8)] = "",
    upload: Annotated[UploadFile | None, File()] = None,
) -> Response:
    state = state_of(request)
    try:
        submission = await _submission(
            text,
            format,
            upload,
            targets,
            date,
            slug,
            title,
            kicker,
            source_url,
            state.settings.max_upload_bytes,
            urgent == "on",
        )
        article_id = await run_in_threadpool(
            submit, state.database, state.settings, state.celery, submission
        )
    except InputError as exc:
        values = _values(
            text, format, targets, date, slug, title, kicker, source_url, urgent == "on"
        )
        return _refused_form(request, exc, values)
    return redirect_with(request, f"/editor/articles/{article_id}", done="submitted")


def _codes(value: str) -> list[str]:
    """Locale codes from a comma-separated value (unknown ones dropped)."""
    return [code for code in value.split(",") if code in TARGET_LOCALES]


@router.get("/articles/{article_id}")
def article(request: Request, _: Editor, article_id: Id) -> Response:
    """The article's page. After an action (redirected here, so a reload repeats
    nothing) its flash message says what happened: ``done`` and ``locale``; a refused
    publish's ``refused`` locale and ``reason`` (the page then offers the explicit choice
    and lists each offending segment); "publish every ready language"'s outcome per
    language. Never the query string: a link cannot make the page say anything."""
    state = state_of(request)
    named = _namer(request)
    message = flashed(request)
    done, locale = message.get("done", ""), message.get("locale", "")
    reason = message.get("reason", "")
    detail = views.article_detail(state.database, article_id)
    refused = message.get("refused", "")
    refused_locale = refused if refused in detail.targets else ""
    offending: list[OffendingSegmentOut] = []
    missing = 0
    if refused_locale and reason == "errors":
        offending = views.offending_out(
            article_id,
            refused_locale,
            edition_errors(state.database, article_id=article_id, locale=refused_locale),
            staff_locale=staff_locale(request),
        )
    elif refused_locale and reason == "partial":
        _article, edition = assemble(
            state.database, state.settings, article_id=article_id, locale=refused_locale
        )
        missing = len(edition.missing)
    return _article_page(
        request,
        detail,
        done=done if done in MESSAGES else "",
        done_locale=locale if locale in TARGET_LOCALES else "",
        refused=refused_locale,
        reason=reason if reason in REASONS else "",
        offending=offending,
        missing=missing,
        ready={
            key: [named(code) for code in _codes(message.get(key, ""))]
            for key in ("published", "current", "partial", "errors")
        },
    )


@router.get("/articles/{article_id}/edit")
def edit_article(request: Request, _: Editor, article_id: Id) -> Response:
    database = state_of(request).database
    detail = views.article_detail(database, article_id)
    with database.session() as session:
        text, fmt = repo.get_source(session, article_id=article_id)
    form_format = {"text": "text", "markdown": "markdown", "html": "html"}.get(fmt, "auto")
    return render(
        request,
        "editor/article_form.html",
        {
            **_form_defaults(request),
            "article": detail,
            "values": _values(
                text,
                form_format,
                detail.targets,
                detail.date.isoformat(),
                detail.slug,
                detail.title,
                detail.kicker or "",
                detail.source_url or "",
                detail.urgent,
            ),
        },
    )


@router.post("/articles/{article_id}/edit")
async def save_article(
    request: Request,
    _: Editor,
    article_id: Id,
    targets: Annotated[list[str], Form()] = [],  # noqa: B006
    text: FormText = "",
    format: FormText = "auto",
    date: FormText = "",
    slug: FormText = "",
    title: FormText = "",
    kicker: FormText = "",
    source_url: FormText = "",
    urgent: Annotated[str, Form(max_length=8)] = "",
    upload: Annotated[UploadFile | None, File()] = None,
) -> Response:
    state = state_of(request)
    detail = await run_in_threadpool(views.article_detail, state.database, article_id)
    try:
        submission = await _submission(
            text,
            format,
            upload,
            targets,
            date,
            slug,
            title,
            kicker,
            source_url,
            state.settings.max_upload_bytes,
            urgent == "on",
        )
        await run_in_threadpool(
            update, state.database, state.settings, state.celery, article_id, submission
        )
    except InputError as exc:
        values = _values(
            text, format, targets, date, slug, title, kicker, source_url, urgent == "on"
        )
        return _refused_form(request, exc, values, article=detail)
    return redirect_with(request, f"/editor/articles/{article_id}", done="updated")


@router.get("/articles/{article_id}/preview/{locale}")
def preview(request: Request, _: Editor, article_id: Id, locale: PreviewLocale) -> Response:
    """The edition as it would be published now (assembled from the database, not stored);
    uz_Cyrl from the uz translations."""
    with state_of(request).database.session() as session:
        targets = repo.article_summary(session, article_id=article_id).targets
    if base_locale(locale) not in targets:
        raise InputError(
            N_("article %(id)s is not translated into %(language)s"),
            id=article_id,
            language=LanguageName(locale),
        )
    return preview_page(request, article_id, locale, back_url=f"/editor/articles/{article_id}")


def _back(request: Request, article_id: int, **said: str) -> RedirectResponse:
    """Back to the article's page, saying what happened (Post/Redirect/Get)."""
    return redirect_with(request, f"/editor/articles/{article_id}", **said)


@router.post("/articles/{article_id}/editions/{locale}/publish")
def publish(
    request: Request,
    principal: Editor,
    article_id: Id,
    locale: Locale,
    accept_partial: Annotated[str, Form(max_length=8)] = "",
    override_errors: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Publish one language; a refusal (partial, or QA errors) goes back to the article's
    page, which offers the explicit choice and lists the offending segments."""
    state = state_of(request)
    try:
        publish_edition(
            state.database,
            state.settings,
            article_id=article_id,
            locale=locale,
            user_id=principal.user.id,
            accept_partial=accept_partial == "on",
            override_errors=override_errors == "on",
            username=principal.user.username,
        )
    except PartialEditionError:
        return _back(request, article_id, refused=locale, reason="partial")
    except QAErrorsError:
        return _back(request, article_id, refused=locale, reason="errors")
    return _back(request, article_id, done="published", locale=locale)


@router.post("/articles/{article_id}/editions/{locale}/publish-headline")
def publish_headline(
    request: Request,
    principal: Editor,
    article_id: Id,
    locale: Locale,
    override_errors: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Publish an urgent article's headline and lead alone: the editor accepts, by this
    button, a partial edition whose rest still awaits translation."""
    state = state_of(request)
    try:
        publish_headline_and_lead(
            state.database,
            state.settings,
            article_id=article_id,
            locale=locale,
            user_id=principal.user.id,
            override_errors=override_errors == "on",
            username=principal.user.username,
        )
    except HeadlineNotReadyError:
        return _back(request, article_id, refused=locale, reason="headline")
    except QAErrorsError:
        return _back(request, article_id, refused=locale, reason="errors")
    return _back(request, article_id, done="published", locale=locale)


@router.post("/articles/{article_id}/urgent")
def make_urgent(request: Request, _: Editor, article_id: Id) -> Response:
    """Mark the article urgent: its work still queued goes ahead of the backlog."""
    state = state_of(request)
    mark_urgent(
        state.celery, state.database, article_id=article_id, batch_size=state.settings.batch_size
    )
    return _back(request, article_id, done="urgent")


@router.post("/articles/{article_id}/publish-ready")
def publish_every_ready(request: Request, principal: Editor, article_id: Id) -> Response:
    """Publish each complete language without QA errors in one step; partial languages
    and those with errors still need their own explicit choice (listed on the page)."""
    state = state_of(request)
    outcomes = publish_ready(
        state.database,
        state.settings,
        article_id=article_id,
        user_id=principal.user.id,
        username=principal.user.username,
    )
    by_outcome: dict[str, list[str]] = {}
    for outcome in outcomes:
        by_outcome.setdefault(outcome.outcome, []).append(outcome.locale)
    return _back(
        request,
        article_id,
        done="ready",
        **{key: ",".join(codes) for key, codes in by_outcome.items()},
    )


@router.get("/articles/{article_id}/editions/{locale}/unpublish")
def confirm_unpublish(request: Request, _: Editor, article_id: Id, locale: Locale) -> Response:
    """Asks before an edition is taken away from readers."""
    detail = views.article_detail(state_of(request).database, article_id)
    return render(
        request,
        "editor/unpublish.html",
        {
            "a": detail,
            "edition_locale": locale,
            "named": _namer(request),
            "derived": [_namer(request)(code) for code in derived_locales(locale)],
        },
    )


@router.post("/articles/{article_id}/editions/{locale}/unpublish")
def unpublish(
    request: Request,
    _: Editor,
    article_id: Id,
    locale: Locale,
    confirm: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Take the edition away from readers, once confirmed; without ``confirm=yes`` the
    confirmation page is shown first."""
    if confirm != "yes":
        return RedirectResponse(
            f"/editor/articles/{article_id}/editions/{locale}/unpublish", status_code=303
        )
    state = state_of(request)
    unpublish_edition(state.database, state.settings, article_id=article_id, locale=locale)
    return _back(request, article_id, done="unpublished", locale=locale)
