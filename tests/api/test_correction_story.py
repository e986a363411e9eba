"""The story of a mistake and its correction, end to end over HTTP.

A clerk records a change dated today by mistake (the demo trap): from then on
the real 2018 letter is refused. One correction undoes it, the letter is then
recorded, and the report, the calendar, the pages and the change log tell the
mistake and its correction.
"""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient
from icalendar import Calendar

from api.services import Services
from gcm_process.letters import seed_text

Headers = dict[str, str]
P = "/api/processes/gcm-2018"
LETTER = Path(__file__).parent.parent / "letters" / "samples" / "gcm-2018-02-14-rooms.txt"


def _ok(response: object, status: int = 200) -> object:
    assert response.status_code == status, response.get_data(as_text=True)  # type: ignore[attr-defined]
    return response.get_json()  # type: ignore[attr-defined]


def _import(client: FlaskClient, clerk: Headers, text: str) -> dict[str, object]:
    found = _ok(client.post(f"{P}/imports?commit=true", json={"text": text}, headers=clerk))
    assert isinstance(found, dict)
    return found


def _days(client: FlaskClient, query: str = "") -> dict[str, str | None]:
    timeline = _ok(client.get(f"{P}/timeline{query}"))
    round_1 = next(s for s in timeline["sessions"] if s["slug"] == "round-1")  # type: ignore[index]
    return {d["date"]: d["venue"] for d in round_1["days"]}


def test_a_wrong_date_corrected_then_the_real_letter_recorded(
    client: FlaskClient, clerk: Headers, gcm: Services
) -> None:
    _import(client, clerk, seed_text())
    # The mistake: a room change typed with today's date instead of the letter's.
    wrong = {"venue": "CR 3", "dates": ["2018-02-23"], "announced_on": "2026-12-01"}
    _ok(client.post(f"{P}/sessions/round-1/venue", json=wrong, headers=clerk))
    recorded_at = gcm.app.session_history("gcm-2018", "round-1")[-1].recorded_at
    mistaken_at = recorded_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert _days(client)["2018-02-23"] == "Conference Room 3"

    # The real letter of 14 February 2018 cannot be recorded over it: a warning, not a change.
    text = LETTER.read_text(encoding="utf-8")
    refused = _import(client, clerk, text)
    assert any("older than round-1" in w["reason"] for w in refused["warnings"])  # type: ignore[attr-defined]
    assert _days(client)["2018-02-22"] == "Conference Room 4"

    # One correction, with its reason; the error is then as if never recorded.
    fix = {"versions": [2], "reason": "dated today by mistake", "announced_on": "2018-02-14"}
    corrected = _ok(client.post(f"{P}/sessions/round-1/correct", json=fix, headers=clerk))
    assert corrected["version"] == 3  # type: ignore[index]
    assert _days(client)["2018-02-23"] == "ECOSOC Chamber"
    again = _ok(client.post(f"{P}/sessions/round-1/correct", json=fix, headers=clerk), 409)
    assert again["type"] == "urn:gcm-process:problem:cannot-correct"  # type: ignore[index]

    # Now the letter is recorded.
    recorded = _import(client, clerk, text)
    assert recorded["recorded"] and not any(  # type: ignore[attr-defined]
        "older than round-1" in w["reason"]
        for w in recorded["warnings"]  # type: ignore[attr-defined]
    )
    assert _days(client) == {
        "2018-02-20": "Trusteeship Council Chamber",
        "2018-02-22": "Conference Room 1",
        "2018-02-23": "ECOSOC Chamber",
    }
    # Both axes: recorded before the correction, the error shows; after it, on any
    # announced date, it does not.
    assert _days(client, f"?as_of={mistaken_at}")["2018-02-23"] == "Conference Room 3"
    assert _days(client, "?known_on=2026-12-31")["2018-02-23"] == "ECOSOC Chamber"
    assert _days(client, "?known_on=2018-02-01")["2018-02-23"] == "ECOSOC Chamber"

    # The change log: the erroneous entry marked, the correction with who, when and why.
    changes = _ok(client.get(f"{P}/changes?session=round-1"))["items"]  # type: ignore[index]
    by_version = {c["version"]: c for c in changes}
    assert by_version[2]["in_error"]["version"] == 3
    assert by_version[2]["in_error"]["reason"] == "dated today by mistake"
    assert by_version[3]["event"] == "Corrected" and by_version[3]["corrects"] == [2]
    assert by_version[3]["actor"].startswith("clerk-ana (") and by_version[3]["in_error"] is None
    assert by_version[4]["source"] == "2018-02-14-co-facilitators"

    # The report, replayed from the log, tells it too.
    report = client.get(f"{P}/report?format=md").get_data(as_text=True)
    assert "recorded in error" in report and "dated today by mistake" in report
    assert "Conference Room 1" in report

    # The calendar: day 3 is back in its room, day 2 moved by the letter.
    feed = Calendar.from_ical(client.get(f"{P}/calendar.ics").get_data())
    where = {str(e["UID"]): str(e["LOCATION"]) for e in feed.walk("VEVENT")}
    assert where["gcm-2018.round-1.day-3@gcm-process"].startswith("ECOSOC Chamber")
    assert where["gcm-2018.round-1.day-2@gcm-process"].startswith("Conference Room 1")

    # The pages.
    page = client.get("/processes/gcm-2018/changes?session=round-1").get_data(as_text=True)
    assert "Recorded in error." in page and "Marks version 2 as recorded in error." in page
    session = client.get("/processes/gcm-2018/sessions/round-1").get_data(as_text=True)
    assert "Recorded in error." in session and "dated today by mistake" in session
    feed = client.get(f"{P}/changes.atom").get_data(as_text=True)
    assert "Recorded in error." in feed and "dated today by mistake" in feed
    french = client.get("/processes/gcm-2018/changes?lang=fr").get_data(as_text=True)
    assert "Enregistré par erreur." in french
