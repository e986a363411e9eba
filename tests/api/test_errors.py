"""One test per error mapping: status, problem+json shape, nothing recorded."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.config import ApiConfig
from api.services import Services
from tests.api.conftest import bearer
from tests.api.helpers import SESSIONS

Headers = dict[str, str]


def problem(response: Any, status: int, kind: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    if kind is not None:
        assert body["type"] == f"urn:gcm-process:problem:{kind}"
    return body


def test_400_malformed_json(client: FlaskClient, clerk: Headers, gcm: Services) -> None:
    before = gcm.app.last_position()
    response = client.post(
        "/api/processes", data="{not json", content_type="application/json", headers=clerk
    )
    problem(response, 400, "malformed")
    assert gcm.app.last_position() == before


def test_401_without_a_token_or_with_a_bad_one(client: FlaskClient) -> None:
    body = {"slug": "gcm-2018", "title": "GCM", "announced_on": "2018-02-01"}
    missing = client.post("/api/processes", json=body)
    problem(missing, 401, "unauthenticated")
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    problem(client.post("/api/processes", json=body, headers={"Authorization": "Bearer x"}), 401)
    problem(client.get("/api/processes", headers={"Authorization": "Basic YTpi"}), 401)


def test_403_a_reader_cannot_write(client: FlaskClient, reader: Headers) -> None:
    body = {"slug": "gcm-2018", "title": "GCM", "announced_on": "2018-02-01"}
    problem(client.post("/api/processes", json=body, headers=reader), 403, "forbidden")


def test_404_unknown_process_session_letter(client: FlaskClient, recorded: str) -> None:
    for path in (
        "/api/processes/nowhere",
        "/api/processes/nowhere/timeline",
        f"{SESSIONS}/round-9",
        f"{SESSIONS}/round-9/history",
        "/api/processes/gcm-2018/letters/none",
        "/api/no-such-thing",
    ):
        problem(client.get(path), 404, "not-found")


def test_404_when_writing_to_an_unknown_session(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    problem(
        client.post(
            f"{SESSIONS}/round-9/cancel", json={"announced_on": "2018-02-01"}, headers=clerk
        ),
        404,
    )


def test_405_method_not_allowed(client: FlaskClient, clerk: Headers) -> None:
    response = client.delete("/api/processes", headers=clerk)
    problem(response, 405, "method-not-allowed")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_409_a_domain_rule_broken(client: FlaskClient, clerk: Headers, recorded: str) -> None:
    ok = client.post(
        f"{SESSIONS}/round-1/cancel", json={"announced_on": "2018-02-01"}, headers=clerk
    )
    assert ok.status_code == 200
    again = client.post(
        f"{SESSIONS}/round-1/cancel", json={"announced_on": "2018-02-01"}, headers=clerk
    )
    assert "already cancelled" in problem(again, 409, "conflict")["detail"]
    problem(client.post(SESSIONS, json=_round_1(), headers=clerk), 409)


def _round_1() -> dict[str, Any]:
    return {
        "slug": "round-1",
        "kind": "negotiation_round",
        "title": "Round 1",
        "days": [{"date": "2018-02-20"}],
        "announced_on": "2018-02-01",
    }


def test_412_stale_if_match_records_nothing(
    client: FlaskClient, clerk: Headers, recorded: str, gcm: Services
) -> None:
    ok = client.post(
        f"{SESSIONS}/round-1/postpone",
        json={"announced_on": "2018-02-01"},
        headers={**clerk, "If-Match": '"1"'},
    )
    assert ok.status_code == 200 and ok.headers["ETag"] == '"2"'
    before = gcm.app.last_position()
    stale = client.post(
        f"{SESSIONS}/round-1/venue",
        json={"venue": "Conference Room 1", "announced_on": "2018-02-01"},
        headers={**clerk, "If-Match": '"1"'},
    )
    problem(stale, 412, "precondition-failed")
    assert gcm.app.last_position() == before
    held = {"announced_on": "2018-02-01"}
    bad = {**clerk, "If-Match": "one"}
    problem(client.post(f"{SESSIONS}/round-1/held", json=held, headers=bad), 400)


def test_413_body_too_large(
    make_app: Callable[..., Flask], api_config: ApiConfig, clerk: Headers
) -> None:
    client = make_app(api_config, max_body_bytes=1000).test_client()
    body = {"slug": "gcm-2018", "title": "x" * 2000, "announced_on": "2018-02-01"}
    problem(client.post("/api/processes", json=body, headers=clerk), 413, "too-large")


def test_415_not_json(client: FlaskClient, clerk: Headers) -> None:
    response = client.post(
        "/api/processes", data="slug=gcm-2018", content_type="text/plain", headers=clerk
    )
    problem(response, 415, "unsupported-media-type")


def test_422_field_errors_and_forbidden_fields(client: FlaskClient, clerk: Headers) -> None:
    body = {"slug": "Not A Slug", "title": "", "actor": "someone else", "version": 3}
    found = problem(client.post("/api/processes", json=body, headers=clerk), 422, "invalid")
    fields = {e["field"] for e in found["errors"]}
    assert {"slug", "title", "actor", "version"} <= fields
    assert all(e["in"] == "body" for e in found["errors"])
    query = problem(client.get("/api/processes?limit=1000"), 422)
    assert query["errors"][0] == {
        "in": "query",
        "field": "limit",
        "message": query["errors"][0]["message"],
    }


def test_422_invalid_values_the_domain_finds(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    problem(client.get("/api/processes/gcm-2018/timeline?as_of=yesterday"), 422)
    days = [{"date": "2018-02-20", "start": "25:00"}]
    problem(
        client.post(
            f"{SESSIONS}/round-1/reschedule",
            json={"days": days, "announced_on": "2018-02-01"},
            headers=clerk,
        ),
        422,
    )


def test_429_too_many_writes(
    make_app: Callable[..., Flask], api_config: ApiConfig, clerk: Headers
) -> None:
    client = make_app(api_config, write_rate="2/minute").test_client()
    statuses = [
        client.post(
            "/api/processes",
            json={"slug": f"p-{n}", "title": "P", "announced_on": "2018-02-01"},
            headers=clerk,
        )
        for n in range(3)
    ]
    assert [r.status_code for r in statuses[:2]] == [201, 201]
    problem(statuses[2], 429, "too-many-requests")
    assert "Retry-After" in statuses[2].headers
    assert client.get("/api/processes").status_code == 200  # reads are not limited


def test_500_is_logged_with_its_request_id_and_shows_nothing_inside(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from projections import queries

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("SELECT secret FROM /var/lib/gcm/views.sqlite")

    monkeypatch.setattr(queries, "processes_page", broken)
    with caplog.at_level(logging.ERROR, logger="gcm_process.api"):
        response = client.get("/api/processes", headers={"X-Request-ID": "req-42"})
    body = problem(response, 500, "internal")
    assert "SELECT" not in response.get_data(as_text=True)
    assert "/var/lib" not in response.get_data(as_text=True)
    assert body["request_id"] == "req-42" and "req-42" in body["detail"]
    assert any("req-42" in r.getMessage() for r in caplog.records)


def test_idempotency_key_reused_with_another_body_is_422(
    client: FlaskClient, clerk: Headers, recorded: str, gcm: Services
) -> None:
    key = {**clerk, "Idempotency-Key": "move-round-1"}
    first = client.post(
        f"{SESSIONS}/round-1/venue",
        json={"venue": "Room A", "announced_on": "2018-02-01"},
        headers=key,
    )
    assert first.status_code == 200
    before = gcm.app.last_position()
    other = client.post(
        f"{SESSIONS}/round-1/venue",
        json={"venue": "Room B", "announced_on": "2018-02-01"},
        headers=key,
    )
    problem(other, 422, "idempotency-key-reused")
    assert gcm.app.last_position() == before


def test_private_reads_need_a_token(make_app: Callable[..., Flask], api_config: ApiConfig) -> None:
    client = make_app(api_config, public_reads=False).test_client()
    problem(client.get("/api/processes"), 401)
    token = bearer(api_config, "delegation-x", "reader")
    assert client.get("/api/processes", headers=token).status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
