"""The JSON API against its own OpenAPI schema: schemathesis fuzzes every operation.

The app runs in-process on PostgreSQL (a schema of its own, dropped afterwards) with its
embedded Celery worker; requests carry an admin's API token, so every route is reached
past its guards. No input may produce a server error (5xx), and every response must be
one the schema documents: its status code, content type and body shape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis

# Imported now, at collection, not lazily inside the test: a lazy import compiles (pytest
# rewrites schemathesis, a plugin) while the app's embedded worker threads run, and such a
# compile on CPython 3.11 sporadically raised "SystemError: AST constructor recursion depth
# mismatch" here (python/cpython#106905: spurious in threaded programs).
import schemathesis.python.asgi
import schemathesis.specs.openapi.schemas
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import func, select

from publisher.core.config import Settings
from publisher.core.enums import Role
from publisher.db.models import SegmentRow
from publisher.db.session import Database
from publisher.services import accounts
from publisher.web.app import create_app
from publisher.web.schemas import NO_CONTROLS

# The operations of an OpenAPI schema (schemathesis leaves their parameters generic).
Operation = APIOperation[Any, Any, Any, Any]


ADMIN = "fuzz-admin"
PASSWORD = "correct horse battery"
ARTICLE = (
    "# Kyrgyz herders return to the Pamirs\n\n"
    "On July 18, 2021, 4,000 people crossed the border. They paid $1.5 million.\n\n"
    "The road was closed for two weeks."
)
# Requests per operation and mode, on each backend (derandomized: every run sends the
# same ones). 30 made these six tests a tenth of the whole suite's time.
MAX_EXAMPLES = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@dataclass
class Newsroom:
    """The app under test, its database and the admin whose token every request carries."""

    app: FastAPI
    database: Database
    admin_id: int
    translator_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def keep_admin(self) -> None:
        """Undo what fuzzed requests may have done to the admin (a PATCH that demoted or
        deactivated them, a DELETE of their token), so every request stays authorized."""
        user = accounts.token_user(self.database, self.token)
        if user is not None and user.role is Role.ADMIN:
            return
        accounts.update_account(self.database, user_id=self.admin_id, role=Role.ADMIN, active=True)
        if accounts.token_user(self.database, self.token) is None:
            self.token = accounts.create_token(
                self.database, user_id=self.admin_id, name="fuzz"
            ).token

    def known_ids(self) -> dict[str, int]:
        """Path ids of rows that exist now: article 1 and its first segment (a fuzzed PUT
        re-segments it), the translator, and a token of the admin's to revoke."""
        with self.database.session() as session:
            segment_id = session.scalar(
                select(func.min(SegmentRow.id)).where(SegmentRow.article_id == 1)
            )
        spare = accounts.create_token(self.database, user_id=self.admin_id, name="spare")
        return {
            "article_id": 1,
            "segment_id": segment_id or 1,
            "user_id": self.translator_id,
            "token_id": spare.id,
        }


def _newsroom(tmp_path: Path, database_url: str) -> Newsroom:
    """The app with an admin, a translator of Kyrgyz, and no Argos models: segments end as
    awaiting a human, which leaves every review and publishing route something to do."""
    settings = Settings(
        data_dir=tmp_path / "var",
        database_url=database_url,
        broker_url=None,
        engine="argos",
        allowed_hosts=("testserver",),
    )
    app = create_app(settings)
    database: Database = app.state.tarjima.database
    admin_id = accounts.create_user(database, username=ADMIN, password=PASSWORD, role=Role.ADMIN)
    translator_id = accounts.create_user(
        database,
        username="fuzz-translator",
        password=PASSWORD,
        role=Role.TRANSLATOR,
        languages=["ky"],
    )
    token = accounts.create_token(database, user_id=admin_id, name="fuzz").token
    return Newsroom(app, database, admin_id, translator_id, token)


@pytest.fixture()
def newsroom(tmp_path: Path, db_url: str) -> Iterator[Newsroom]:
    room = _newsroom(tmp_path, db_url)
    try:
        yield room
    finally:
        # Schemathesis runs the app's lifespan (the embedded worker) until the process
        # ends; stop it before the database schema is dropped.
        from schemathesis.python import asgi

        asgi.shutdown_lifespans()
        room.database.dispose()


@pytest.fixture()
def api_schema(newsroom: Newsroom) -> schemathesis.BaseSchema:
    """The app's own OpenAPI schema (loading it starts the app's lifespan), with article 1
    submitted through the API."""
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", newsroom.app)
    submit = schema["/api/articles"]["POST"].Case(
        body={
            "text": ARTICLE,
            "format": "markdown",
            "date": dt.date(2021, 7, 21).isoformat(),
            "targets": ["ky", "ru"],
            "slug": "pamir-herders",
        }
    )
    response = submit.call(headers=newsroom.headers)
    assert response.status_code == 201, response.text
    assert response.json()["id"] == 1
    return schema


def _fuzz(
    operation: Operation,
    mode: GenerationMode,
    newsroom: Newsroom,
    path_parameters: dict[str, int],
) -> None:
    """Up to MAX_EXAMPLES requests to ``operation``; the first failing one is raised."""
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
    )
    @given(case=strategy)
    def fuzz(case: schemathesis.Case[Any]) -> None:
        newsroom.keep_admin()
        case.call_and_validate(headers=newsroom.headers, checks=CHECKS)

    fuzz()


@pytest.mark.parametrize(
    ("mode", "pin_ids"),
    [
        pytest.param(GenerationMode.POSITIVE, False, id="valid"),
        pytest.param(GenerationMode.POSITIVE, True, id="valid-existing-rows"),
        pytest.param(GenerationMode.NEGATIVE, False, id="invalid"),
    ],
)
def test_every_operation_answers_as_documented(
    api_schema: schemathesis.BaseSchema,
    newsroom: Newsroom,
    mode: GenerationMode,
    pin_ids: bool,
    subtests: pytest.Subtests,
) -> None:
    # Tried: every operation of the schema with input valid by the schema, valid with ids of
    # rows that exist (random ids rarely hit one), and invalid; no 5xx, nothing undocumented.
    operations = []
    for result in api_schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operations.append(result.ok())
    assert len(operations) >= 17
    for operation in operations:
        names = {parameter.name for parameter in operation.path_parameters}
        if pin_ids and not names & {"article_id", "segment_id", "user_id", "token_id"}:
            continue  # no row to point at
        if mode is GenerationMode.NEGATIVE and not _takes_input(operation):
            continue  # nothing to make invalid
        pinned = {k: v for k, v in newsroom.known_ids().items() if k in names} if pin_ids else {}
        with subtests.test(msg=operation.label):
            _fuzz(operation, mode, newsroom, pinned)


def _takes_input(operation: Operation) -> bool:
    return any(
        len(inputs)
        for inputs in (
            operation.path_parameters,
            operation.query,
            operation.headers,
            operation.cookies,
            operation.body,
        )
    )


def test_the_schema_documents_what_the_api_checks(newsroom: Newsroom) -> None:
    # Tried: the schema's word on locales, refusals and text, which fuzzing relies on.
    document = newsroom.app.openapi()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "locale":  # the review routes said "any string"
                    assert parameter["schema"]["enum"] == ["uz", "ky", "tg", "ru"], where
            refusal = operation["responses"]["422"]["content"]["application/json"]["schema"]
            assert refusal == {"$ref": "#/components/schemas/ValidationErrorOut"}, where
    assert "409" not in document["paths"]["/api/articles"]["post"]["responses"]
    text = document["components"]["schemas"]["ArticleIn"]["properties"]["text"]
    assert text["pattern"] == NO_CONTROLS
    assert re.fullmatch(text["pattern"], "Tab\there,\r\nnew lines, ⟦1⟧ and ёж")
    assert not re.fullmatch(text["pattern"], "NUL \x00") and not re.search(text["pattern"], "\x85")
