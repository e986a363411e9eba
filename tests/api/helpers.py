"""Requests the API tests make again and again."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

ROUND_1_DAYS = [
    {"date": "2018-02-20", "start": "10:00", "end": "13:00", "venue": "Conference Room 4"},
    {"date": "2018-02-22", "venue": "Conference Room 2"},
    {"date": "2018-02-23", "venue": "Trusteeship Council Chamber"},
]
SESSIONS = "/api/processes/gcm-2018/sessions"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def open_process(client: FlaskClient, headers: dict[str, str], slug: str = "gcm-2018") -> Any:
    body = {
        "slug": slug,
        "title": "Global Compact for Safe, Orderly and Regular Migration",
        "mandate": "paragraph 27 of General Assembly resolution 71/280",
        "announced_on": "2018-01-26",
    }
    return ok(client.post("/api/processes", json=body, headers=headers), 201)


def schedule(
    client: FlaskClient, headers: dict[str, str], slug: str = "round-1", **extra: Any
) -> Any:
    body = {
        "slug": slug,
        "kind": "negotiation_round",
        "number": 1,
        "title": "First round of intergovernmental negotiations",
        "days": ROUND_1_DAYS,
        "announced_on": "2018-01-26",
        **extra,
    }
    return ok(client.post(SESSIONS, json=body, headers=headers), 201)
