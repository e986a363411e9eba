"""POST .../imports: plan a letter's commands, or record them with ?commit=true."""

from __future__ import annotations

from flask.testing import FlaskClient

from api.services import Services
from gcm_process.letters import seed_text

Headers = dict[str, str]
IMPORTS = "/api/processes/gcm-2018/imports"


def test_planning_records_nothing(client: FlaskClient, gcm: Services) -> None:
    response = client.post(IMPORTS, data=seed_text(), content_type="text/plain")
    plan = response.get_json()
    assert response.status_code == 200 and plan["committed"] is False
    assert plan["new_process"] is True and plan["commands"]
    assert gcm.app.last_position() == 0


def test_committing_needs_a_clerk_and_records_once(
    client: FlaskClient, clerk: Headers, reader: Headers, gcm: Services
) -> None:
    body = {"text": seed_text()}
    assert client.post(f"{IMPORTS}?commit=true", json=body).status_code == 401
    assert client.post(f"{IMPORTS}?commit=true", json=body, headers=reader).status_code == 403
    first = client.post(f"{IMPORTS}?commit=true", json=body, headers=clerk).get_json()
    assert first["committed"] is True and first["recorded"] == len(first["commands"]) > 0
    position = gcm.app.last_position()
    again = client.post(f"{IMPORTS}?commit=True", json=body, headers=clerk).get_json()
    assert again["recorded"] == 0 and gcm.app.last_position() == position
    timeline = client.get("/api/processes/gcm-2018/timeline").get_json()
    assert "zero-draft-presentation" in [s["slug"] for s in timeline["sessions"]]
    history = client.get(
        "/api/processes/gcm-2018/sessions/zero-draft-presentation/history"
    ).get_json()
    assert {e["actor"] for e in history["items"]} == {"clerk-ana"}


def test_unreadable_text_and_bad_bodies(client: FlaskClient) -> None:
    unreadable = client.post(IMPORTS, data="hello", content_type="text/plain")
    assert unreadable.status_code == 422
    assert unreadable.mimetype == "application/problem+json"
    missing = client.post(IMPORTS, json={"letter": "x"})
    assert missing.status_code == 422
    assert {e["field"] for e in missing.get_json()["errors"]} == {"text", "letter"}
    assert client.post(IMPORTS, data="<x/>", content_type="application/xml").status_code == 415
