"""Exchange with CAT tools: a review screen's article as XLIFF (download and import) for
translators of its language, and the translation memory as TMX for editors. A refused
import shows its page again (400) with the reason beside the import form.

Translators of the locale and admins may approve on the review screen, so their imports
approve what the file marks final; anything else arrives needing review.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from publisher.core.errors import InputError
from publisher.core.messages import N_
from publisher.services import exchange, review
from publisher.services.exchange.files import ExportedFile
from publisher.services.exchange.xliff import XliffVersion
from publisher.web.auth import Editor, LocaleTranslator
from publisher.web.flash import redirect_with
from publisher.web.render import said
from publisher.web.routes.editor import dashboard_page
from publisher.web.routes.translator import review_page
from publisher.web.schemas import Id, Locale
from publisher.web.security import csrf_form
from publisher.web.state import state_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_form)])
Upload = Annotated[UploadFile | None, File()]


def _download(exported: ExportedFile) -> Response:
    return Response(
        exported.data,
        media_type=exported.media_type,
        headers={
            "content-disposition": f'attachment; filename="{exported.filename}"',
        },
    )


async def _uploaded(upload: UploadFile | None, max_bytes: int, kind: str) -> bytes:
    """The uploaded file's bytes, at most one past the limit (the import refuses those)."""
    if upload is None or not upload.filename:
        raise InputError(N_("choose the %(kind)s file to import"), kind=kind)
    return await upload.read(max_bytes + 1)


@router.get("/translate/{locale}/{article_id}/xliff")
def export_xliff(
    request: Request,
    locale: Locale,
    article_id: Id,
    _: LocaleTranslator,
    version: Annotated[XliffVersion, Query()] = "2.0",
) -> Response:
    """The article's segments in ``locale`` as XLIFF 2.0 (or 1.2), as a download."""
    return _download(
        exchange.export_xliff(
            state_of(request).database, article_id=article_id, locale=locale, version=version
        )
    )


@router.post("/translate/{locale}/{article_id}/xliff")
async def import_xliff(
    request: Request,
    locale: Locale,
    article_id: Id,
    principal: LocaleTranslator,
    file: Upload = None,
) -> Response:
    """Import an XLIFF file of this article and locale; back to the review screen, which
    says how many translations were imported, kept, and not imported because their
    sentence changed since the export."""
    state = state_of(request)
    await run_in_threadpool(review.check_locale_target, state.database, article_id, locale)
    try:
        data = await _uploaded(file, state.settings.max_upload_bytes, "XLIFF")
        result = await run_in_threadpool(
            exchange.import_xliff,
            state.database,
            state.settings,
            data,
            may_approve=principal.may_translate(locale),
            username=principal.user.username,
            article_id=article_id,
            locale=locale,
        )
    except InputError as exc:  # the review screen again, the error beside the import form
        return await run_in_threadpool(
            partial(
                review_page,
                request,
                locale,
                article_id,
                status_code=400,
                import_error=said(request, exc),
            )
        )
    # outdated: sentences the article no longer has, reported, not imported
    return redirect_with(
        request,
        f"/translate/{locale}/{article_id}",
        imported=result.written,
        kept=len(result.kept_approved),
        outdated=len(result.outdated),
    )


@router.get("/editor/memory.tmx")
def export_memory(
    request: Request, _: Editor, to: Annotated[Locale | None, Query()] = None
) -> Response:
    """The translation memory (into one language, with ``to``) as TMX 1.4."""
    return _download(
        exchange.export_tmx(state_of(request).database, target_locales=None if to is None else [to])
    )


@router.post("/editor/memory")
async def import_memory(request: Request, principal: Editor, file: Upload = None) -> Response:
    """Add a TMX file's translations to the memory; back to the article list."""
    state = state_of(request)
    try:
        data = await _uploaded(file, state.settings.max_upload_bytes, "TMX")
        result = await run_in_threadpool(
            exchange.import_tmx,
            state.database,
            data,
            max_bytes=state.settings.max_upload_bytes,
            changed_by=principal.user.username,
        )
    except InputError as exc:  # the article list again, the error beside the TMX form
        return await run_in_threadpool(
            partial(dashboard_page, request, status_code=400, memory_error=said(request, exc))
        )
    return redirect_with(request, "/editor/", memory_imported=result.imported)
