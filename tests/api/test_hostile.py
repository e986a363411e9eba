"""Hostile requests in-process: each is a documented problem, and records nothing."""

from __future__ import annotations

import hmac
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.bodies import MAX_JSON_DEPTH, MAX_NUMBER_CHARS
from api.config import ApiConfig
from api.services import Services
from api.tokens import TokenStore
from tests.api.conftest import bearer
from tests.api.test_errors import problem

Headers = dict[str, str]
WRITES = ["/api/processes", "/api/processes/gcm-2018/sessions", "/api/processes/gcm-2018/imports"]


@pytest.mark.parametrize("path", WRITES)
def test_json_nested_too_deep_is_400_before_parsing(
    client: FlaskClient, clerk: Headers, recorded: str, gcm: Services, path: str
) -> None:
    before = gcm.app.last_position()
    deep = "[" * 1000 + "]" * 1000  # about 2 KB: Python's parser gives up at about 1,000
    response = client.post(path, data=deep, content_type="application/json", headers=clerk)
    assert "nested" in problem(response, 400, "malformed")["detail"]
    assert gcm.app.last_position() == before


def test_json_just_deep_enough_is_read(client: FlaskClient, clerk: Headers) -> None:
    body = '{"slug": "gcm-2018", "title": "GCM", "mandate": ' + "[" * (MAX_JSON_DEPTH - 1)
    body += "]" * (MAX_JSON_DEPTH - 1) + "}"
    response = client.post(
        "/api/processes", data=body, content_type="application/json", headers=clerk
    )
    problem(response, 422, "invalid")  # parsed, then refused field by field


def test_brackets_inside_strings_do_not_count(client: FlaskClient, clerk: Headers) -> None:
    title = "[" * 300 + '\\"{' * 50
    body = '{"slug": "gcm-2018", "title": "' + title + '", "announced_on": "2018-01-26"}'
    response = client.post(
        "/api/processes", data=body, content_type="application/json", headers=clerk
    )
    assert response.status_code == 201, response.get_data(as_text=True)


def test_an_integer_of_5000_digits_is_400(
    client: FlaskClient, clerk: Headers, recorded: str, gcm: Services
) -> None:
    before = gcm.app.last_position()
    body = '{"slug": "round-9", "kind": "negotiation_round", "number": ' + "9" * 5000 + "}"
    response = client.post(
        "/api/processes/gcm-2018/sessions",
        data=body,
        content_type="application/json",
        headers=clerk,
    )
    assert str(MAX_NUMBER_CHARS) in problem(response, 400, "malformed")["detail"]
    assert gcm.app.last_position() == before


@pytest.mark.parametrize("method", ["TRACE", "PATCH", "FOO", "DELETE"])
def test_unknown_methods_are_405_before_credentials_and_bodies(
    client: FlaskClient, method: str
) -> None:
    response = client.open(
        "/api/processes",
        method=method,
        data="x",
        content_type="text/plain",
        headers={"Authorization": "Bearer not-a-token"},
    )
    problem(response, 405, "method-not-allowed")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST", "OPTIONS"}


def test_options_answers_allow_without_a_token(client: FlaskClient) -> None:
    response = client.options("/api/processes/gcm-2018/sessions/round-1/venue")
    assert response.status_code == 200
    assert "POST" in response.headers["Allow"]


def test_healthz_hides_positions_when_reads_are_private(
    make_app: Callable[..., Flask], api_config: ApiConfig
) -> None:
    client = make_app(api_config, public_reads=False).test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    token = bearer(api_config, "delegation-x", "reader")
    full = client.get("/healthz", headers=token).get_json()
    assert {"events", "views", "behind", "worker"} <= set(full)


def test_healthz_shows_positions_when_reads_are_public(client: FlaskClient) -> None:
    assert {"events", "views", "behind"} <= set(client.get("/healthz").get_json())


def test_tokens_are_compared_in_constant_time(
    api_config: ApiConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = TokenStore(api_config.tokens_path)
    secret = store.create("clerk-ana", "clerk")
    store.create("clerk-bo", "clerk")
    compared: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def counting(a: str, b: str) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", counting)
    found = store.find(secret)
    assert found is not None and found.name == "clerk-ana"
    assert len(compared) == 2  # every active token, no early exit
    assert store.find(secret + "x") is None


def test_the_document_says_what_the_server_answers(client: FlaskClient) -> None:
    document = client.get("/api/openapi.json").get_json()
    ids = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            ids.append(operation["operationId"])
            assert {"414", "431", "503"} <= set(operation["responses"]), (method, path)
            headers = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}
            if method == "post" and not path.endswith("/imports"):
                assert headers["Idempotency-Key"]["schema"]["pattern"], path
            if path.endswith(("/venue", "/cancel", "/reschedule")):
                assert headers["If-Match"]["schema"]["pattern"], path
    assert len(ids) == len(set(ids))
    body = document["paths"]["/api/processes/{process}/imports"]["post"]["requestBody"]
    assert set(body["content"]) == {
        "text/plain",
        "application/pdf",
        "multipart/form-data",
        "application/json",
    }
