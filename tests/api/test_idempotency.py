"""Idempotency-Key over HTTP: answered as the first time, also after a restart."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from api.config import ApiConfig
from api.services import Services
from tests.api.helpers import ROUND_1_DAYS, SESSIONS, open_process, schedule

Headers = dict[str, str]
#: The body ``schedule`` sends.
ROUND_1 = {
    "slug": "round-1",
    "kind": "negotiation_round",
    "number": 1,
    "title": "First round of intergovernmental negotiations",
    "days": ROUND_1_DAYS,
    "announced_on": "2018-01-26",
}


def test_a_retry_is_answered_as_the_first_time(
    client: FlaskClient, clerk: Headers, recorded: str, gcm: Services
) -> None:
    headers = {**clerk, "Idempotency-Key": "venue-2018-02-01"}
    body = {"venue": "Conference Room 1", "announced_on": "2018-02-01"}
    first = client.post(f"{SESSIONS}/round-1/venue", json=body, headers=headers)
    after_first = gcm.app.last_position()
    # Somebody else changes the session meanwhile: the retry still gets the first answer.
    client.post(f"{SESSIONS}/round-1/postpone", json={"announced_on": "2018-02-01"}, headers=clerk)
    retry = client.post(f"{SESSIONS}/round-1/venue", json=body, headers=headers)
    assert (retry.status_code, retry.get_json()) == (first.status_code, first.get_json())
    assert retry.headers["ETag"] == first.headers["ETag"] == '"2"'
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert gcm.app.last_position() == after_first + 1  # the postponement only


def test_keys_are_per_token(
    client: FlaskClient, clerk: Headers, api_config: ApiConfig, recorded: str
) -> None:
    from tests.api.conftest import bearer

    other = bearer(api_config, "clerk-bo", "clerk")
    body = {"venue": "Conference Room 1", "announced_on": "2018-02-01"}
    first = client.post(
        f"{SESSIONS}/round-1/venue", json=body, headers={**clerk, "Idempotency-Key": "k"}
    )
    second = client.post(
        f"{SESSIONS}/round-1/venue", json=body, headers={**other, "Idempotency-Key": "k"}
    )
    assert first.status_code == 200
    assert second.status_code == 409  # a new command for the other token: nothing to move


def test_a_retry_after_a_restart(
    make_app: Callable[..., Flask], api_config: ApiConfig, clerk: Headers
) -> None:
    first_app = make_app(api_config)
    client = first_app.test_client()
    open_process(client, clerk)
    headers = {**clerk, "Idempotency-Key": "schedule-round-1"}
    first = schedule(client, headers)
    first_app.extensions["gcm"].close()

    restarted = make_app(api_config)
    again = restarted.test_client().post(SESSIONS, json=ROUND_1, headers=headers)
    assert again.status_code == 201 and again.get_json() == first
    assert again.headers["Idempotent-Replayed"] == "true"
    services: Services = restarted.extensions["gcm"]
    history = services.app.session_history("gcm-2018", "round-1")
    assert [h.event for h in history] == ["Scheduled"]
