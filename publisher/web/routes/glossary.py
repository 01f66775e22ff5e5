"""Editors' glossary pages: per target language, the terms with their required
translations; add, change and delete terms, import and export them as CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from publisher.core.errors import InputError, NotFoundError
from publisher.core.glossary import MAX_IMPORT_ROWS
from publisher.core.locales import TARGET_LOCALES
from publisher.core.messages import N_
from publisher.services import glossary, glossary_first_use
from publisher.web.auth import Editor
from publisher.web.flash import flashed, redirect_with
from publisher.web.render import render, said
from publisher.web.schemas import MAX_ID, Id
from publisher.web.security import csrf_form
from publisher.web.state import state_of

router = APIRouter(
    prefix="/editor/glossary", include_in_schema=False, dependencies=[Depends(csrf_form)]
)
MESSAGES = {"added", "updated", "deleted", "gone", "imported"}
#: Form fields are bounded before the domain's own checks (200 characters for terms).
FormField = Annotated[str, Form(max_length=5000)]


def _target(locale: str) -> str:
    """The path's language, when Tarjima has a glossary for it; 404 otherwise."""
    if locale not in TARGET_LOCALES:
        raise NotFoundError(N_("there is no glossary for “%(code)s”"), code=locale[:20])
    return locale


def _page(
    request: Request,
    locale: str,
    *,
    status_code: int = 200,
    done: str = "",
    error: str = "",
    import_error: str = "",
    values: dict[str, str] | None = None,
    result: glossary.ImportResult | None = None,
) -> Response:
    database = state_of(request).database
    terms = glossary.terms_for(database, locale)
    return render(
        request,
        "editor/glossary.html",
        {
            "glossary_locale": locale,
            "terms": terms,
            "first_uses": glossary_first_use.first_uses(database, locale),
            "done": done if done in MESSAGES else "",
            "error": error,
            "import_error": import_error,
            "result": result,
            "values": values or {"term": "", "translation": "", "note": ""},
            "max_rows": MAX_IMPORT_ROWS,
        },
        status_code=status_code,
    )


@router.get("/")
def index(request: Request, _: Editor) -> Response:
    state = state_of(request)
    counts = [
        (code, len(glossary.terms_for(state.database, code)))
        for code in state.settings.target_locales
    ]
    return render(request, "editor/glossary_index.html", {"glossaries": counts})


def _count(value: str) -> int:
    return min(int(value), MAX_ID) if value.isdigit() else 0


@router.get("/{locale}")
def terms(request: Request, locale: str, _: Editor) -> Response:
    """The glossary; after a change, its flash message says what was done."""
    target = _target(locale)
    message = flashed(request)
    done = message.get("done", "")
    result = (
        glossary.ImportResult(
            *(_count(message.get(key, "")) for key in ("added", "updated", "unchanged"))
        )
        if done == "imported"
        else None
    )
    return _page(request, target, done=done, result=result)


@router.post("/{locale}")
def save_term(
    request: Request,
    locale: str,
    _: Editor,
    term: FormField = "",
    translation: FormField = "",
    note: FormField = "",
) -> Response:
    """Add a term, or change the translation and note of the same term (in any case)."""
    target = _target(locale)
    try:
        added = glossary.add_term(
            state_of(request).database,
            target_locale=target,
            term=term,
            translation=translation,
            note=note,
        )
    except InputError as exc:
        return _page(
            request,
            target,
            status_code=400,
            error=said(request, exc),
            values={"term": term, "translation": translation, "note": note},
        )
    return redirect_with(
        request, f"/editor/glossary/{target}", done="added" if added else "updated"
    )


@router.post("/{locale}/{term_id}/delete")
def delete_term(request: Request, locale: str, term_id: Id, _: Editor) -> Response:
    target = _target(locale)
    removed = glossary.remove_term(state_of(request).database, term_id, target_locale=target)
    return redirect_with(
        request, f"/editor/glossary/{target}", done="deleted" if removed else "gone"
    )


@router.get("/{locale}/export.csv")
def export(request: Request, locale: str, _: Editor) -> Response:
    """The glossary as a CSV download (UTF-8 with a BOM, so spreadsheets read it right)."""
    target = _target(locale)
    text = glossary.export_csv(state_of(request).database, target)
    return Response(
        ("\ufeff" + text).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="glossary-en-{target}.csv"'},
    )


@router.post("/{locale}/import")
async def import_terms(
    request: Request,
    locale: str,
    _: Editor,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Add or update the terms of an uploaded CSV file: all of them, or none."""
    target = _target(locale)
    state = state_of(request)
    limit = state.settings.max_upload_bytes
    try:
        if file is None or not file.filename:
            raise InputError(N_("choose a CSV file to import"))
        data = await file.read(limit + 1)
        result = await run_in_threadpool(
            lambda: glossary.import_csv(state.database, data, target, max_bytes=limit)
        )
    except InputError as exc:
        message = said(request, exc)
        return await run_in_threadpool(
            lambda: _page(request, target, status_code=400, import_error=message)
        )
    return redirect_with(
        request,
        f"/editor/glossary/{target}",
        done="imported",
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
    )
