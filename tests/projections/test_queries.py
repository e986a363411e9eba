"""The queries at the application level: timeline on both axes, sessions, changes, records."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from gcm_process.application import GcmProcess
from gcm_process.domain import Day
from gcm_process.domain.errors import (
    InvalidInput,
    LetterNotFound,
    ProcessNotFound,
    SessionNotFound,
    VersionNotFound,
)
from gcm_process.domain.point import Point
from projections import Views, parse_as_of, parse_known_on, queries
from tests.projections.conftest import CLERK, PROCESS, day, open_gcm, schedule


@pytest.fixture
def gcm(app: GcmProcess, views: Views) -> datetime:
    """Round 1 scheduled, then (recorded later) moved and its room changed; the instant between."""
    open_gcm(app)
    schedule(app, "round-1", day("2018-02-20", "Trusteeship Council Chamber"))
    schedule(app, "round-2", day("2018-03-12", "Conference Room 4"))
    between = datetime.now(UTC)
    app.reschedule_session(
        PROCESS,
        "round-1",
        [day("2018-02-21", "ECOSOC Chamber")],
        announced_on=date(2018, 2, 10),
        source="letter-2",
        actor=CLERK,
    )
    app.cancel_session(PROCESS, "round-2", announced_on=date(2018, 2, 5), actor=CLERK)
    views.catch_up()
    return between


def slugs_and_status(found: dict[str, object]) -> list[tuple[str, str]]:
    return [(s["slug"], s["status"]) for s in found["sessions"]]  # type: ignore[attr-defined]


def test_timeline_now_is_the_contract_shape_and_reads_its_own_writes(
    views: Views, gcm: datetime
) -> None:
    found = queries.timeline(views.db, PROCESS)
    assert found["process"] == PROCESS and found["as_of"] is None and found["known_on"] is None
    first = found["sessions"][0]
    assert first == {
        "slug": "round-1",
        "kind": "negotiation_round",
        "number": 1,
        "title": "Session round-1",
        "status": "scheduled",
        "reason": None,
        "version": 2,
        "days": [{"date": "2018-02-21", "start": None, "end": None, "venue": "ECOSOC Chamber"}],
    }
    assert slugs_and_status(found) == [("round-1", "scheduled"), ("round-2", "cancelled")]


def test_as_of_and_known_on_answer_different_questions(views: Views, gcm: datetime) -> None:
    recorded = queries.timeline(views.db, PROCESS, Point(as_of=gcm))
    assert recorded["as_of"] == gcm.isoformat()
    assert [s["days"][0]["date"] for s in recorded["sessions"]] == ["2018-02-20", "2018-03-12"]
    announced = queries.timeline(views.db, PROCESS, Point(known_on=date(2018, 2, 6)))
    assert slugs_and_status(announced) == [("round-1", "scheduled"), ("round-2", "cancelled")]
    assert announced["sessions"][0]["days"][0]["date"] == "2018-02-20"
    assert queries.timeline(views.db, PROCESS, Point(known_on=date(2018, 1, 29)))["sessions"] == []
    before_all = datetime(2000, 1, 1, tzinfo=UTC)
    assert queries.timeline(views.db, PROCESS, Point(as_of=before_all))["sessions"] == []
    both = queries.timeline(views.db, PROCESS, Point(gcm, date(2018, 3, 1)))
    assert slugs_and_status(both) == [("round-1", "scheduled"), ("round-2", "scheduled")]


def test_session_by_version_and_its_history(views: Views, gcm: datetime) -> None:
    now = queries.session(views.db, PROCESS, "round-1")
    assert now["version"] == 2 and now["announced_on"] == "2018-01-30"
    assert now["sources"] == ["letter-2018-01-30", "letter-2"]
    first = queries.session(views.db, PROCESS, "round-1", version=1)
    assert first["days"][0]["date"] == "2018-02-20" and first["sources"] == ["letter-2018-01-30"]
    with pytest.raises(VersionNotFound, match="no version 3"):
        queries.session(views.db, PROCESS, "round-1", version=3)
    with pytest.raises(InvalidInput):
        queries.session(views.db, PROCESS, "round-1", version=0)
    history = queries.session_history(views.db, PROCESS, "round-1")
    assert [(e["version"], e["event"], e["source"]) for e in history] == [
        (1, "Scheduled", "letter-2018-01-30"),
        (2, "Rescheduled", "letter-2"),
    ]
    assert history[1]["actor"] == CLERK and history[1]["data"]["days"][0]["date"] == "2018-02-21"
    assert [s["slug"] for s in queries.sessions(views.db, PROCESS)] == ["round-1", "round-2"]


def test_changes_filter_on_the_announced_date(views: Views, gcm: datetime) -> None:
    everything = queries.changes(views.db, PROCESS)
    assert [(c["session"], c["event"]) for c in everything] == [
        ("round-1", "Scheduled"),
        ("round-2", "Scheduled"),
        ("round-1", "Rescheduled"),
        ("round-2", "Cancelled"),
    ]
    moved = everything[2]
    assert moved["before"] == {
        "days": [
            {
                "date": "2018-02-20",
                "start": None,
                "end": None,
                "venue": "Trusteeship Council Chamber",
            }
        ]
    }
    assert moved["after"]["days"][0]["venue"] == "ECOSOC Chamber"
    assert everything[3]["before"] == {"status": "scheduled"}
    since = queries.changes(views.db, PROCESS, since=date(2018, 2, 5), until=date(2018, 2, 9))
    assert [c["event"] for c in since] == ["Cancelled"]
    only = queries.changes(views.db, PROCESS, session="round-1")
    assert {c["session"] for c in only} == {"round-1"}
    with pytest.raises(InvalidInput, match="after until"):
        queries.changes(views.db, PROCESS, since=date(2018, 3, 1), until=date(2018, 2, 1))


def test_unknown_names_are_clear_errors(views: Views, gcm: datetime) -> None:
    with pytest.raises(ProcessNotFound, match="no process 'nope'"):
        queries.timeline(views.db, "nope")
    with pytest.raises(SessionNotFound, match="no session 'round-9'"):
        queries.session(views.db, PROCESS, "round-9")
    with pytest.raises(SessionNotFound):
        queries.changes(views.db, PROCESS, session="round-9")
    with pytest.raises(LetterNotFound):
        queries.letter(views.db, PROCESS, "nope")


def test_processes_letters_and_drafts(app: GcmProcess, views: Views, gcm: datetime) -> None:
    app.issue_letter(
        PROCESS,
        "letter-2018-02-10",
        date(2018, 2, 10),
        "Change of venue for the first round",
        "The first round will meet in the ECOSOC Chamber.",
        place="New York",
        actor=CLERK,
    )
    app.circulate_draft(PROCESS, "zero-draft", "Zero draft", date(2018, 2, 5), actor=CLERK)
    app.present_draft(PROCESS, "zero-draft", "round-1", date(2018, 2, 21), actor=CLERK)
    views.catch_up()
    [gcm_] = queries.processes(views.db)
    assert gcm_["counts"] == {"sessions": 2, "drafts": 1, "letters": 1}
    assert gcm_["facilitators"][0]["delegation"] == "Switzerland"
    assert queries.process(views.db, PROCESS) == gcm_
    assert [x["slug"] for x in queries.letters(views.db, PROCESS, q="ecosoc chamber")] == [
        "letter-2018-02-10"
    ]
    assert queries.letters(views.db, PROCESS, q='hearing "OR') == []
    assert queries.letter(views.db, PROCESS, "letter-2018-02-10")["body"].startswith("The first")
    [draft] = queries.drafts(views.db, PROCESS)
    assert draft["presentations"] == [{"session": "round-1", "presented_on": "2018-02-21"}]


def test_parsing_the_two_points() -> None:
    assert parse_as_of("2018-03-01") == datetime(2018, 3, 1, 23, 59, 59, 999999, tzinfo=UTC)
    assert parse_as_of("2018-03-01T12:00:00") == datetime(2018, 3, 1, 12, tzinfo=UTC)
    assert parse_as_of("2018-03-01T08:00:00-04:00") == datetime(2018, 3, 1, 12, tzinfo=UTC)
    assert parse_known_on("2018-03-01") == date(2018, 3, 1)
    with pytest.raises(InvalidInput, match="as_of 'yesterday' is not an ISO date"):
        parse_as_of("yesterday")
    with pytest.raises(InvalidInput, match="known_on '2018-02-30' is not a day of the calendar"):
        parse_known_on("2018-02-30")
    with pytest.raises(InvalidInput):
        parse_known_on("2018-03-01T00:00:00")


def test_history_says_what_the_application_says(app: GcmProcess, views: Views) -> None:
    open_gcm(app)
    timed = Day(date(2018, 2, 5), time(15, 0), time(18, 0), "Trusteeship Council Chamber")
    schedule(app, "zero-draft-presentation", timed)
    app.change_venue(PROCESS, "zero-draft-presentation", "ECOSOC Chamber", actor=CLERK)
    views.catch_up()
    found = queries.session_history(views.db, PROCESS, "zero-draft-presentation")
    expected = app.session_history(PROCESS, "zero-draft-presentation")
    assert [e["data"] for e in found] == [e.data for e in expected]
    assert [e["recorded_at"] for e in found] == [e.recorded_at.isoformat() for e in expected]
    assert found[0]["data"]["days"][0]["start"] == "15:00"
