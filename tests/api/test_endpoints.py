"""One happy path per endpoint, through the test client on a fresh data directory."""

from __future__ import annotations

from flask.testing import FlaskClient

from api.services import Services
from tests.api.helpers import SESSIONS, ok, open_process, schedule

Headers = dict[str, str]
P = "/api/processes/gcm-2018"


def test_open_a_process_then_list_and_read_it(client: FlaskClient, clerk: Headers) -> None:
    opened = open_process(client, clerk)
    assert opened["slug"] == "gcm-2018" and opened["counts"]["sessions"] == 0
    listed = ok(client.get("/api/processes"))
    assert [p["slug"] for p in listed["items"]] == ["gcm-2018"]
    assert listed["next_cursor"] is None
    assert ok(client.get(P))["mandate"].startswith("paragraph 27")


def test_the_location_of_a_write_is_the_resource(client: FlaskClient, clerk: Headers) -> None:
    body = {"slug": "gcm-2018", "title": "Global Compact", "announced_on": "2018-02-01"}
    response = client.post("/api/processes", json=body, headers=clerk)
    assert response.status_code == 201
    assert response.headers["Location"] == P
    assert ok(client.get(response.headers["Location"]))["title"] == "Global Compact"


def test_schedule_then_read_the_session_with_its_etag(client: FlaskClient, clerk: Headers) -> None:
    open_process(client, clerk)
    scheduled = schedule(client, clerk)
    assert scheduled["version"] == 1 and len(scheduled["days"]) == 3
    response = client.get(f"{SESSIONS}/round-1")
    assert response.status_code == 200 and response.headers["ETag"] == '"1"'
    assert response.headers["Vary"] == "Accept"
    unchanged = client.get(f"{SESSIONS}/round-1", headers={"If-None-Match": '"1"'})
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert client.get(f"{SESSIONS}/round-1", headers={"If-None-Match": '"0"'}).status_code == 200
    assert response.get_json()["days"][0] == {
        "date": "2018-02-20",
        "start": "10:00",
        "end": "13:00",
        "venue": "Conference Room 4",
    }
    assert [s["slug"] for s in ok(client.get(SESSIONS))["items"]] == ["round-1"]


def test_timeline_is_what_the_query_returns(
    client: FlaskClient, recorded: str, gcm: Services
) -> None:
    from projections import queries

    assert ok(client.get(f"{P}/timeline")) == queries.timeline(gcm.db, recorded)
    before = ok(client.get(f"{P}/timeline?known_on=2018-01-25"))
    assert before["sessions"] == [] and before["known_on"] == "2018-01-25"
    on_the_day = ok(client.get(f"{P}/timeline?known_on=2018-01-26&as_of=2999-01-01T00:00:00Z"))
    assert [s["slug"] for s in on_the_day["sessions"]] == ["round-1"]


def test_each_change_to_a_session(client: FlaskClient, clerk: Headers, recorded: str) -> None:
    days = [{"date": "2018-02-21", "venue": "Conference Room 1"}]
    moved = ok(
        client.post(
            f"{SESSIONS}/round-1/reschedule",
            json={"days": days, "announced_on": "2018-02-01"},
            headers=clerk,
        )
    )
    assert moved["days"] == [
        {"date": "2018-02-21", "start": None, "end": None, "venue": "Conference Room 1"}
    ]
    room = {"venue": "TCC", "dates": ["2018-02-21"], "announced_on": "2018-02-01"}
    response = client.post(f"{SESSIONS}/round-1/venue", json=room, headers=clerk)
    # The room is spelt as the importer spells it.
    assert response.get_json()["days"][0]["venue"] == "Trusteeship Council Chamber"
    assert response.headers["ETag"] == '"3"'
    assert response.headers["Location"].endswith("/sessions/round-1")
    statuses = []
    for change in ("postpone", "cancel"):
        answer = ok(
            client.post(
                f"{SESSIONS}/round-1/{change}", json={"announced_on": "2018-02-01"}, headers=clerk
            )
        )
        statuses.append(answer["status"])
    ok(
        client.post(
            f"{SESSIONS}/round-1/reschedule",
            json={"days": days, "announced_on": "2018-02-01"},
            headers=clerk,
        )
    )
    # No body at all: the announcement date is missing, and a write never defaults to today.
    unsaid = client.post(f"{SESSIONS}/round-1/held", headers=clerk)
    assert unsaid.status_code == 422
    assert unsaid.get_json()["errors"][0]["field"] == "announced_on"
    said = {"announced_on": "2018-02-24"}
    held = client.post(f"{SESSIONS}/round-1/held", json=said, headers=clerk)
    assert statuses == ["postponed", "cancelled"]
    assert ok(held)["status"] == "held" and held.headers["ETag"] == '"7"'


def test_history_and_change_log_name_the_token(
    client: FlaskClient, clerk: Headers, recorded: str, gcm: Services
) -> None:
    body = {
        "venue": "Conference Room 1",
        "document": "letter-2018-02-01",
        "announced_on": "2018-02-01",
    }
    ok(client.post(f"{SESSIONS}/round-1/venue", json=body, headers=clerk))
    history = ok(client.get(f"{SESSIONS}/round-1/history"))["items"]
    token = gcm.tokens.find(clerk["Authorization"].split()[1])
    credential = token.credential if token else None
    assert [(e["event"], e["actor"]) for e in history] == [
        ("Scheduled", f"clerk-ana ({credential})"),
        ("VenueChanged", f"clerk-ana ({credential})"),
    ]
    changes = ok(client.get(f"{P}/changes?since=2018-01-27"))["items"]
    assert [(c["event"], c["source"]) for c in changes] == [("VenueChanged", "letter-2018-02-01")]
    assert (
        ok(client.get(f"{P}/changes?session=round-1&until=2018-01-26"))["items"][0]["event"]
        == "Scheduled"
    )
    old = ok(client.get(f"{SESSIONS}/round-1?version=1"))
    assert old["version"] == 1 and old["days"][0]["venue"] == "Conference Room 4"


def test_drafts_circulated_and_presented(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    body = {
        "slug": "zero-draft",
        "title": "Zero draft",
        "circulated_on": "2018-02-05",
        "announced_on": "2018-02-01",
    }
    circulated = ok(client.post(f"{P}/drafts", json=body, headers=clerk), 201)
    assert circulated["presentations"] == []
    shown = {"session": "round-1", "presented_on": "2018-02-20", "announced_on": "2018-02-01"}
    presented = client.post(f"{P}/drafts/zero-draft/presentations", json=shown, headers=clerk)
    assert ok(presented, 201)["presentations"] == [
        {"session": "round-1", "presented_on": "2018-02-20"}
    ]
    assert [d["slug"] for d in ok(client.get(f"{P}/drafts"))["items"]] == ["zero-draft"]


def test_letters_recorded_read_and_searched(
    client: FlaskClient, clerk: Headers, recorded: str
) -> None:
    body = {
        "slug": "pga-2018-01-26",
        "dated": "2018-01-26",
        "place": "New York",
        "subject": "Intergovernmental negotiations on the global compact",
        "body": "I have the honour to transmit the programme of the negotiations.",
        "senders": [{"name": "Miroslav Lajčák", "title": "President of the General Assembly"}],
        "addressees": ["All Permanent Representatives"],
    }
    response = client.post(f"{P}/letters", json=body, headers=clerk)
    assert ok(response, 201)["senders"][0]["name"] == "Miroslav Lajčák"
    assert response.headers["Location"] == f"{P}/letters/pga-2018-01-26"
    assert ok(client.get(f"{P}/letters/pga-2018-01-26"))["body"].startswith("I have the honour")
    assert len(ok(client.get(f"{P}/letters?q=programme"))["items"]) == 1
    assert ok(client.get(f"{P}/letters?q=absent"))["items"] == []
    refused = client.get(f"{P}/letters?q=a%00b")
    assert refused.status_code == 422 and "control characters" in refused.json["detail"]


def test_lists_page_with_a_cursor(client: FlaskClient, clerk: Headers) -> None:
    for n in range(5):
        open_process(client, clerk, slug=f"process-{n}")
    first = ok(client.get("/api/processes?limit=2"))
    second = ok(client.get(f"/api/processes?limit=2&cursor={first['next_cursor']}"))
    third = ok(client.get(f"/api/processes?limit=2&cursor={second['next_cursor']}"))
    slugs = [p["slug"] for page in (first, second, third) for p in page["items"]]
    assert slugs == [f"process-{n}" for n in range(5)]
    assert third["next_cursor"] is None


def test_healthz_reports_both_positions(client: FlaskClient, recorded: str) -> None:
    health = ok(client.get("/healthz"))
    assert health["status"] == "ok"
    assert health["events"] == health["views"] > 0 and health["behind"] == 0
