"""A write is recorded before the views follow it: when they cannot, it still succeeds."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from api.services import Services
from tests.api.conftest import Headers
from tests.api.helpers import SESSIONS, ok


def test_a_write_whose_views_cannot_follow_answers_its_success_and_says_so(
    client: FlaskClient,
    clerk: Headers,
    recorded: str,
    gcm: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    position = gcm.app.last_position()

    def broken(*args: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(gcm.views, "catch_up", broken)
    body = {"venue": "ECOSOC Chamber", "announced_on": "2018-02-10"}
    response = client.post(f"{SESSIONS}/round-1/venue", json=body, headers=clerk)
    found = ok(response)
    assert response.headers["Views-Behind"] == "recorded; views behind"
    assert response.headers["ETag"] == '"2"'
    assert found["version"] == 2 and {d["venue"] for d in found["days"]} == {"ECOSOC Chamber"}
    assert gcm.app.last_position() == position + 1  # recorded, once

    monkeypatch.undo()
    again = client.get(f"{SESSIONS}/round-1")  # a later read catches the views up
    assert ok(again) == found and "Views-Behind" not in again.headers


def test_a_write_whose_views_follow_says_nothing_of_them(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    body = {"venue": "ECOSOC Chamber", "announced_on": "2018-02-10"}
    response = client.post(f"{SESSIONS}/round-1/venue", json=body, headers=clerk)
    assert ok(response)["version"] == 2 and "Views-Behind" not in response.headers
