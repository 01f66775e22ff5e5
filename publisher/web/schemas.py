"""JSON shapes of the API (request bodies and responses), validated by pydantic.

Every string a client sends must be valid Unicode without control characters (NUL
cannot be stored by PostgreSQL; a lone surrogate cannot be encoded), and every id must
fit the database's integer columns: malformed input gets a 422, never a 500.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Literal

from fastapi import Path
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from publisher.core.enums import EditionState, Origin, Role, Status
from publisher.core.errors import InputError
from publisher.core.locales import EDITION_LOCALES, TARGET_LOCALES
from publisher.core.messages import N_


def one_of(codes: tuple[str, ...]) -> AfterValidator:
    """Accepts only ``codes``, refusing others as ``Literal`` would (same error type and
    words: "Input should be 'uz', 'ky', 'tg' or 'ru'")."""
    quoted = [repr(code) for code in codes]
    expected = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"

    def check(value: str) -> str:
        if value not in codes:
            raise PydanticCustomError(
                "literal_error", "Input should be {expected}", {"expected": expected}
            )
        return value

    return AfterValidator(check)


def _enum_of(codes: tuple[str, ...]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(codes)})


# The registry's codes (publisher.core.locales): a str checked at run time, documented as
# an enum in the OpenAPI schema, so that a locale added to the registry is accepted here.
Locale = Annotated[str, one_of(TARGET_LOCALES), _enum_of(TARGET_LOCALES)]
#: Editions staff can preview: the targets and those derived from them.
PreviewLocale = Annotated[str, one_of(EDITION_LOCALES), _enum_of(EDITION_LOCALES)]
WarningCode = Literal[
    "empty",
    "span_missing",
    "span_duplicated",
    "span_unknown",
    "span_unbalanced",
    "untranslated",
    "length_ratio",
    "glossary",
]
MAX_ID = 2**31 - 1
_ALLOWED_CONTROLS = frozenset("\n\t\r")


def clean_text(value: str) -> str:
    """``value`` if it is storable text; ValueError otherwise."""
    problem = _text_problem(value)
    if problem is not None:
        raise ValueError(str(problem))
    return value


def _text_problem(value: str) -> InputError | None:
    """Why ``value`` cannot be stored, or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return InputError(N_("the text is not valid Unicode (lone surrogate)"))
    for char in value:
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc":
            return InputError(
                N_("the text contains the control character %(char)s"), char=f"U+{ord(char):04X}"
            )
    return None


def form_text(value: str) -> str:
    """``clean_text`` for form fields: an InputError (400) instead of a ValueError."""
    problem = _text_problem(value)
    if problem is not None:
        raise problem
    return value


#: ``clean_text``'s rule for the OpenAPI schema: no control character (category Cc) but
#: tab, line feed and carriage return.
NO_CONTROLS = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"


class _DocumentedAsClean:
    """Puts NO_CONTROLS in the JSON schema; ``clean_text`` still validates (and words the
    error)."""

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.setdefault("pattern", NO_CONTROLS)
        return json_schema


CleanText = Annotated[str, AfterValidator(clean_text), _DocumentedAsClean()]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: The ``label`` of a refusal or a QA warning: what it says in the caller's language.
LABEL = (
    "The same in the caller's language (the language cookie of the staff screens, "
    "else Accept-Language; English otherwise)"
)


class ErrorOut(BaseModel):
    """What every refusal of the API carries."""

    detail: str = Field(description="Why the request was refused")
    label: str | None = Field(default=None, description=LABEL)


class FieldError(BaseModel):
    field: str = Field(description="Where the input is wrong, e.g. `body.targets.0`")
    message: str


class ValidationErrorOut(BaseModel):
    """A 422: the request does not match the schema."""

    detail: list[FieldError]


class ArticleIn(Strict):
    """A new article, or the new version of one."""

    text: CleanText = Field(min_length=1, description="The article: plain text, Markdown or HTML")
    format: Literal["auto", "text", "markdown", "html"] = Field(
        "auto", description="How to read `text`; auto sniffs HTML and Markdown"
    )
    date: dt.date = Field(description="The article's date (dates in the text are read against it)")
    targets: list[Locale] = Field(min_length=1, max_length=len(TARGET_LOCALES))
    slug: Annotated[str, Field(max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")] | None = (
        Field(default=None, description="URL slug; default: made from the title")
    )
    title: Annotated[CleanText, Field(max_length=300)] | None = Field(
        default=None, description="Overrides the title found in the text"
    )
    kicker: Annotated[CleanText, Field(max_length=60)] | None = Field(
        default=None,
        description=(
            'The section or label printed over the headline ("Analysis"), through the '
            "glossary of each language or as written; none: no kicker"
        ),
    )
    source_url: Annotated[CleanText, Field(max_length=2000)] | None = Field(
        default=None,
        description="The English original's address (http or https), linked from every edition",
    )
    urgent: bool = Field(
        False,
        description=(
            "Breaking news: the headline and lead are translated into every language ahead of "
            "queued work, then the rest, still ahead of the backlog"
        ),
    )


class EditionOut(BaseModel):
    locale: str
    total: int
    translated: int
    machine: int
    human: int
    approved: int
    needs_review: int
    awaiting_human: int
    failed: int
    pending: int
    warnings: int
    errors: int = Field(
        description=(
            "QA errors in the edition's text (approved text included, drafts not): the "
            "publish check's count"
        )
    )
    done: bool
    edition: EditionState | None = Field(description="The assembled edition's state, if any")
    assembled_at: dt.datetime | None
    published: bool
    published_at: dt.datetime | None
    published_state: EditionState | None
    out_of_date: bool = Field(
        default=False,
        description=(
            "Published, and what readers see differs from the edition as it would be assembled "
            "now (after approvals or an article update): publish again to bring it up to date"
        ),
    )
    preview_url: str
    reader_url: str
    headline_ready: bool | None = Field(
        default=None,
        description=(
            "An urgent article's edition whose headline and lead are translated while the rest "
            "awaits translation (publish them alone with `headline_and_lead`); else null"
        ),
    )


class ArticleOut(BaseModel):
    id: int
    slug: str
    title: str
    date: dt.date
    created_at: dt.datetime
    updated_at: dt.datetime
    targets: list[str]
    kicker: str | None = Field(default=None, description="The label over the headline, if any")
    source_url: str | None = Field(default=None, description="The original's address, if given")
    urgent: bool = Field(default=False, description="Breaking news: its work goes first")


class OverrideOut(BaseModel):
    locale: str
    username: str
    errors: int
    at: dt.datetime


class ArticleDetail(ArticleOut):
    editions: list[EditionOut]
    overrides: list[OverrideOut] = Field(
        description="Publications over unresolved QA errors, newest first"
    )


class PublishIn(Strict):
    accept_partial: bool = Field(
        False, description="Publish even with passages still in the source language"
    )
    override_errors: bool = Field(
        False, description="Publish despite unresolved QA errors (recorded with your name)"
    )
    headline_and_lead: bool = Field(
        False,
        description=(
            "Publish once the headline and lead are translated, the rest still awaiting "
            "translation (a partial edition, accepted explicitly; refused with 409 before)"
        ),
    )


class PublicationOut(BaseModel):
    article_id: int
    locale: str
    state: EditionState
    missing: int
    url: str


class SuggestionOut(BaseModel):
    score: float
    source: str
    text: str
    article_slug: str | None


class NameOfferOut(BaseModel):
    """A name of an approved segment's source that the glossary lacks."""

    segment_id: int
    name: str = Field(description="The name as the English source writes it")
    spelling: str = Field(
        description=("How the approved translation spells it: confirm or correct it when accepting")
    )


class SegmentOut(BaseModel):
    segment_id: int
    block: int
    position: int
    source: str = Field(description="Source text with ⟦N⟧ placeholders for protected spans")
    text: str | None
    origin: Origin | None
    status: Status | None
    version: int = Field(description="Send it back when saving: a stale version is refused")
    score: float | None = Field(
        description="The engine's length-normalized log-probability (weaker: lower)"
    )
    warnings: list[dict[str, object]] = Field(
        description=(
            "QA findings: `code`, `severity` (error or warning), `message` (English), `params` "
            "(what the message says, for rendering it in other languages) and `label` (the "
            "message in the caller's language)"
        )
    )
    error: str | None = Field(
        description=("Why the engine gave no text: an operator's message (English)")
    )
    awaiting_model: bool = Field(
        default=False,
        description=(
            "No model translates into this language yet: the segment waits for a translator "
            "(`error` says what an operator installs)"
        ),
    )
    placeholders: dict[str, str] = Field(description="⟦N⟧ -> how it reads in this locale")
    suggestions: list[SuggestionOut] = Field(
        default_factory=list, description="Translation memory matches of 75% or more"
    )
    shown_text: str | None = Field(
        default=None,
        description=(
            "What the edition shows: the approved text, else the engine's; never an unapproved "
            "draft (null: the source, marked as awaiting translation)"
        ),
    )
    draft: bool = Field(
        default=False,
        description=("`text` is a translator's draft, not yet approved, which readers do not get"),
    )
    updated_at: dt.datetime | None = None
    updated_by: str | None = Field(
        default=None,
        description=(
            "Who saved `text`: a person's name, or the engine or memory entry that wrote it"
        ),
    )
    approved_by: str | None = None
    approved_at: dt.datetime | None = None
    confirmed_errors: list[str] = Field(
        default_factory=list, description="QA error codes the approver confirmed"
    )
    confirmed_by: str | None = None
    confirmed_at: dt.datetime | None = None
    previous_source: str | None = Field(
        default=None, description=("The English this segment replaced in the last article update")
    )
    previous_text: str | None = Field(
        default=None, description=("The translation of `previous_source` that the edition showed")
    )
    flags: list[str] = Field(
        default_factory=list,
        description=(
            "The review screen's filters the segment is in: open, review (a text awaiting "
            "approval), approved, errors, warnings, changed (its English was corrected)"
        ),
    )
    name_offers: list[NameOfferOut] = Field(
        default_factory=list,
        description=(
            "Names of the source the glossary lacks, offered after an approval (in the answer "
            "to an approving save; see `/name-offers`)"
        ),
    )


class SaveRefusedOut(BaseModel):
    detail: str
    label: str | None = Field(default=None, description=LABEL)
    reason: Literal["conflict", "qa_errors"]
    errors: list[dict[str, object]] = Field(
        default_factory=list,
        description="The QA errors an approval must confirm (shaped as a segment's `warnings`)",
    )
    current: SegmentOut | None = Field(
        default=None, description="The segment as someone else saved it meanwhile"
    )


class OffendingSegmentOut(BaseModel):
    segment_id: int
    number: int = Field(description="Its place in the article, from 1")
    errors: list[dict[str, object]] = Field(
        description="Its QA errors (shaped as a segment's `warnings`)"
    )
    approved: bool
    confirmed_by: str | None
    review_url: str


class PublishRefusedOut(BaseModel):
    detail: str
    label: str | None = Field(default=None, description=LABEL)
    segments: list[OffendingSegmentOut] = Field(
        default_factory=list, description="Each segment with QA errors in the edition"
    )


class AppliedMatchOut(BaseModel):
    segment_id: int
    number: int
    before: str | None
    after: str
    approved: bool
    applied: bool = Field(description="False: a translator's draft was kept")


class SegmentIn(Strict):
    text: Annotated[CleanText, Field(max_length=20_000)]
    version: int = Field(ge=0, le=MAX_ID)
    approve: bool = False
    confirm_errors: bool = Field(
        default=False,
        description="Approve even though the text has QA errors (recorded with your "
        "name); without it such an approval is refused with 409 and the errors",
    )


class QueueItemOut(BaseModel):
    article_id: int
    slug: str
    title: str
    total: int
    open: int
    failed: int
    awaiting_human: int
    needs_review: int
    warnings: int
    lowest_score: float | None = Field(description="The weakest engine score still open")
    waiting_since: dt.datetime
    review_url: str
    date: dt.date | None = Field(default=None, description="The article's date")
    source_changed: int = Field(
        default=0,
        description=("Open segments whose English was corrected in the last article update"),
    )


class TokenIn(Strict):
    name: Annotated[CleanText, Field(min_length=1, max_length=100)]


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewTokenOut(BaseModel):
    id: int
    name: str
    token: str = Field(description="Shown once; send it as `Authorization: Bearer <token>`")


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: Role
    languages: list[str]
    active: bool


class UserIn(Strict):
    username: Annotated[str, Field(min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]+$")]
    password: Annotated[CleanText, Field(min_length=10, max_length=1024)]
    role: Role
    languages: list[Locale] = Field(default_factory=list, max_length=len(TARGET_LOCALES))
    display_name: Annotated[CleanText, Field(max_length=200)] = ""


class UserPatch(Strict):
    role: Role | None = None
    languages: list[Locale] | None = Field(None, max_length=len(TARGET_LOCALES))
    active: bool | None = None
    password: Annotated[CleanText, Field(min_length=10, max_length=1024)] | None = None
    display_name: Annotated[CleanText, Field(max_length=200)] | None = None


class NameAcceptIn(Strict):
    name: Annotated[
        CleanText,
        Field(
            min_length=1, max_length=200, description=("An offered name (`name` of a name offer)")
        ),
    ]
    spelling: Annotated[
        CleanText,
        Field(
            min_length=1,
            max_length=200,
            description=("The spelling the glossary will require in every later translation"),
        ),
    ]


class NameDismissIn(Strict):
    name: Annotated[
        CleanText,
        Field(
            min_length=1,
            max_length=200,
            description=("An offered name: it is not offered again for this language"),
        ),
    ]


class GlossaryTermOut(BaseModel):
    """A glossary term with its required translation."""

    id: int
    term: str
    translation: str
    kind: Literal["name", "term"] = Field(
        description=(
            "name: a person, place or organisation, spelled one way (QA errors); term: "
            "anything else (QA warnings)"
        )
    )
    first_article_id: int | None = Field(description="The article where it was first used")
