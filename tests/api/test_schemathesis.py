"""Property tests of every operation against the OpenAPI document (schemathesis, in-process)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.exceptions import ImATeapot

from api.services import Services

Headers = dict[str, str]
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def run_every_operation(
    client: FlaskClient, headers: Headers, mode: GenerationMode, examples: int, checks: list[Any]
) -> int:
    """Run ``examples`` cases of each operation; the number of operations run."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", client.application)
    operations = [result.ok() for result in schema.get_all_operations()]
    ran = 0
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            sent = dict(headers)
            if mode == GenerationMode.NEGATIVE and "Authorization" in (case.headers or {}):
                del sent["Authorization"]  # the credential made invalid is the one sent
            case.call_and_validate(headers=sent, checks=checks)

        try:
            check()
        except Unsatisfiable:
            # Nothing about this operation can be invalid (``GET /healthz``).
            assert mode == GenerationMode.NEGATIVE
            continue
        ran += 1
    return ran


def test_valid_requests_never_fail_and_match_the_schema(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    assert run_every_operation(client, clerk, GenerationMode.POSITIVE, 12, CONFORMANCE) >= 18


def test_invalid_requests_record_nothing(
    client: FlaskClient, clerk: Headers, recorded: str, gcm: Services
) -> None:
    before = gcm.app.last_position()
    checks = [not_a_server_error, status_code_conformance, content_type_conformance]
    assert run_every_operation(client, clerk, GenerationMode.NEGATIVE, 12, checks) >= 15
    assert gcm.app.last_position() == before


@pytest.mark.parametrize("error", [ImATeapot, RuntimeError])
def test_the_checks_catch_a_contradiction(
    client: FlaskClient, clerk: Headers, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    """An undocumented status or a server error fails the run: the checks are not idle."""
    from projections import queries

    def broken(*args: object, **kwargs: object) -> None:
        raise error()

    monkeypatch.setattr(queries, "processes_page", broken)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", client.application)
    case = schema["/api/processes"]["GET"].Case()
    with pytest.raises(FailureGroup):
        case.call_and_validate(headers=clerk, checks=CONFORMANCE)
