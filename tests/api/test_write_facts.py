"""Facts a write cannot leave out, and the corrections endpoints."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import SESSIONS, ok

Headers = dict[str, str]
P = "/api/processes/gcm-2018"
ON = {"announced_on": "2018-02-14"}


def _problem(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.get_data(as_text=True)  # type: ignore[attr-defined]
    found: dict[str, object] = response.get_json()  # type: ignore[attr-defined]
    return found


def test_announced_on_is_required(client: FlaskClient, clerk: Headers, recorded: str) -> None:
    found = _problem(
        client.post(f"{SESSIONS}/round-1/venue", json={"venue": "X"}, headers=clerk), 422
    )
    assert found["errors"] == [
        {"in": "body", "field": "announced_on", "message": "Missing data for required field."}
    ]


def test_an_impossible_date_in_a_body_says_why(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    body = {"days": [{"date": "2018-02-30"}], "announced_on": "2018-13-01"}
    found = _problem(client.post(f"{SESSIONS}/round-1/reschedule", json=body, headers=clerk), 422)
    messages = {e["field"]: e["message"] for e in found["errors"]}  # type: ignore[attr-defined]
    assert "February 2018 has 28 days, not 30" in messages["days.0.date"]
    assert "there is no month 13" in messages["announced_on"]
    query = _problem(client.get(f"{P}/timeline?known_on=2018-02-30"), 422)
    assert "February 2018 has 28 days" in query["errors"][0]["message"]  # type: ignore[index]


def test_a_source_is_a_letter_on_the_record_or_another_document(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    unknown = {"venue": "Conference Room 1", "source": "no-such-letter", **ON}
    found = _problem(client.post(f"{SESSIONS}/round-1/venue", json=unknown, headers=clerk), 422)
    assert found["type"] == "urn:gcm-process:problem:unknown-source"
    document = {"venue": "Conference Room 1", "document": "A/RES/72/244", **ON}
    ok(client.post(f"{SESSIONS}/round-1/venue", json=document, headers=clerk))
    history = ok(client.get(f"{SESSIONS}/round-1/history"))["items"]
    assert history[-1]["source"] == "A/RES/72/244"


def test_rooms_are_spelt_by_the_importer_s_rules_and_days_carry_place_and_mode(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    moved = ok(
        client.post(f"{SESSIONS}/round-1/venue", json={"venue": "CR 3", **ON}, headers=clerk)
    )
    assert {d["venue"] for d in moved["days"]} == {"Conference Room 3"}
    geneva = {"building": "Palais des Nations", "city": "Geneva", "timezone": "Europe/Zurich"}
    days = [{"date": "2018-03-12", "venue": "Room XVII", "place": geneva, "mode": "hybrid"}]
    answer = ok(
        client.post(f"{SESSIONS}/round-1/reschedule", json={"days": days, **ON}, headers=clerk)
    )
    assert answer["days"] == [
        {"date": "2018-03-12", "start": None, "end": None, "venue": "Room XVII",
         "place": geneva, "mode": "hybrid"}
    ]  # fmt: skip
    bad = [{"date": "2018-03-12", "place": {**geneva, "timezone": "Mars/Olympus"}}]
    _problem(
        client.post(f"{SESSIONS}/round-1/reschedule", json={"days": bad, **ON}, headers=clerk), 422
    )


def test_a_letter_s_changes_are_corrected_at_once(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    letter = {"slug": "2018-02-14-co", "dated": "2018-02-14", "subject": "Rooms", "body": "Text"}
    ok(client.post(f"{P}/letters", json=letter, headers=clerk), 201)
    change = {"venue": "Conference Room 1", "source": "2018-02-14-co", **ON}
    ok(client.post(f"{SESSIONS}/round-1/venue", json=change, headers=clerk))
    fix = {"reason": "the letter was about another round", **ON}
    found = ok(client.post(f"{P}/letters/2018-02-14-co/correct", json=fix, headers=clerk))
    assert found == {
        "letter": "2018-02-14-co",
        "corrections": [{"session": "round-1", "version": 3, "corrects": [2]}],
    }
    again = _problem(
        client.post(f"{P}/letters/2018-02-14-co/correct", json=fix, headers=clerk), 409
    )
    assert again["type"] == "urn:gcm-process:problem:cannot-correct"
