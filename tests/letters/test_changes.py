"""Later letters of the process: changes, cancellations, postponements, reconfirmations."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, time

import pytest

from gcm_process.application import GcmProcess
from gcm_process.domain import Day
from gcm_process.letters import plan_import, read_letters
from tests.letters.conftest import SAMPLES, SEED, Cli, import_seed, import_text, sample

P = "gcm-2018"


def _events(app: GcmProcess, slug: str) -> list[tuple[str, date]]:
    return [(e.event, e.announced_on) for e in app.session_history(P, slug)]


@pytest.fixture
def seeded(app: GcmProcess) -> GcmProcess:
    import_seed(app)
    return app


def test_a_room_change_and_new_times_become_venue_change_and_reschedule(
    seeded: GcmProcess,
) -> None:
    recorded = import_text(seeded, sample("gcm-2018-02-14-rooms.txt"))
    assert recorded == ["issue_letter", "change_venue", "reschedule_session"]
    round_1 = seeded.session(P, "round-1")
    assert [d.venue for d in round_1.days] == [
        "Trusteeship Council Chamber",
        "Conference Room 1",
        "ECOSOC Chamber",
    ]
    assert _events(seeded, "round-1") == [
        ("Scheduled", date(2018, 1, 30)),
        ("VenueChanged", date(2018, 2, 14)),
    ]
    hearing = seeded.session(P, "pga-hearing-2018-02-21")
    assert hearing.days == (Day(date(2018, 2, 21), time(10), time(13), "ECOSOC Chamber"),)
    assert _events(seeded, "pga-hearing-2018-02-21")[-1] == ("Rescheduled", date(2018, 2, 14))
    # "As previously announced" reconfirms round 2: nothing changes.
    assert seeded.session(P, "round-2").version == 1


def test_rescheduled_now_held_and_moved_to(seeded: GcmProcess) -> None:
    recorded = import_text(seeded, sample("gcm-2018-03-01-dates.txt"))
    assert recorded == [
        "issue_letter",
        "reschedule_session",
        "reschedule_session",
        "change_venue",
        "circulate_draft",
        "present_draft",
    ]
    round_3 = seeded.session(P, "round-3")
    assert [(d.date.day, d.venue) for d in round_3.days] == [
        (day, "Conference Room 2") for day in (9, 10, 11, 12)
    ]
    round_4 = seeded.session(P, "round-4")
    assert [(d.date, d.venue) for d in round_4.days] == [
        (date(2018, 5, day), "Conference Room 4") for day in range(21, 26)
    ]
    assert {d.venue for d in seeded.session(P, "round-5").days} == {"Conference Room 3"}
    assert _events(seeded, "round-5")[-1] == ("VenueChanged", date(2018, 3, 1))
    revision = seeded.draft(P, "revision-1")
    assert revision.circulated_on == date(2018, 4, 25)
    assert revision.presentations == (("round-4", date(2018, 5, 21)),)


def test_postponed_then_reinstated_and_a_briefing_cancelled(seeded: GcmProcess) -> None:
    import_text(seeded, sample("gcm-2018-03-01-dates.txt"))
    assert import_text(seeded, sample("gcm-2018-04-16-briefing.txt")) == [
        "issue_letter",
        "schedule_session",
        "postpone_session",
    ]
    briefing = seeded.session(P, "briefing-2018-04-30")
    assert (briefing.kind, briefing.title) == ("informal_meeting", "Informal briefing")
    assert briefing.days == (Day(date(2018, 4, 30), time(15), None, "Conference Room 6"),)
    round_6 = seeded.session(P, "round-6")
    assert (round_6.status, round_6.reason) == ("postponed", "until further notice")

    plan = plan_import(seeded, read_letters(sample("gcm-2018-04-25-cancelled.txt")))
    assert [(w.line, w.reason.split(",")[0]) for w in plan.warnings] == [
        (11, "the letter changes round 7")
    ]
    assert [c.name for c in plan.to_record] == [
        "issue_letter",
        "cancel_session",
        "reschedule_session",
    ]
    import_text(seeded, sample("gcm-2018-04-25-cancelled.txt"))
    assert seeded.session(P, "briefing-2018-04-30").status == "cancelled"
    round_6 = seeded.session(P, "round-6")
    assert round_6.status == "scheduled"
    assert [(d.date.day, d.venue) for d in round_6.days] == [
        (day, "Conference Room 1") for day in range(16, 21)
    ]
    assert [e for e, _ in _events(seeded, "round-6")] == ["Scheduled", "Postponed", "Rescheduled"]


def test_a_reconfirming_letter_records_the_letter_and_no_change(seeded: GcmProcess) -> None:
    for name in ("gcm-2018-03-01-dates.txt", "gcm-2018-04-16-briefing.txt"):
        import_text(seeded, sample(name))
    import_text(seeded, sample("gcm-2018-04-25-cancelled.txt"))
    before = {s: seeded.session(P, s).version for s in ("round-4", "round-5", "round-6")}
    assert import_text(seeded, sample("gcm-2018-05-02-reconfirmed.txt")) == ["issue_letter"]
    assert {s: seeded.session(P, s).version for s in before} == before


def test_a_reconfirmation_that_differs_is_a_warning_not_a_change(seeded: GcmProcess) -> None:
    plan = plan_import(seeded, read_letters(sample("gcm-2018-05-02-reconfirmed.txt")))
    assert [c.name for c in plan.to_record] == ["issue_letter"]
    assert [w.line for w in plan.warnings] == [10, 11, 12]
    assert all("reconfirms" in w.reason and "nothing recorded" in w.reason for w in plan.warnings)


def test_a_second_process_with_other_layouts_and_times(app: GcmProcess) -> None:
    plan = plan_import(app, read_letters(sample("gcs-2019-01-15.txt")))
    assert plan.process == "gcs-2019" and plan.warnings == ()
    import_text(app, sample("gcs-2019-01-15.txt"))
    process = app.process("gcs-2019")
    assert process.title == "Global Compact on Ocean Stewardship"
    assert process.mandate == "paragraph 4 of General Assembly resolution 73/512"
    assert [p.delegation for p in process.facilitators] == ["Chile", "Norway"]
    cover = app.letter("gcs-2019", "2019-01-15-pga")
    assert cover.encloses == ("2019-01-15-co-facilitators",)
    assert cover.senders[0].title == "President of the General Assembly"
    presentation = app.session("gcs-2019", "zero-draft-presentation")
    assert presentation.days == (
        Day(date(2019, 2, 1), time(10), time(13), "Trusteeship Council Chamber"),
    )
    assert [d.date.day for d in app.session("gcs-2019", "round-1").days] == [19, 21, 22]
    round_2 = app.session("gcs-2019", "round-2")
    assert [(d.date.day, d.venue) for d in round_2.days] == [
        (day, "Conference Room 2") for day in (2, 3, 4, 5)
    ]
    assert [d.date.day for d in app.session("gcs-2019", "round-3").days] == [8, 9, 10, 11, 12]
    assert app.draft("gcs-2019", "zero-draft").circulated_on == date(2019, 1, 28)


def test_both_announcement_dates_show_in_the_timeline_and_history(cli: Cli) -> None:
    assert cli("import", SEED).exit_code == 0
    later = cli("import", SAMPLES / "gcm-2018-02-14-rooms.txt")
    assert later.exit_code == 0, later.output
    assert "Recorded 3 command(s) in gcm-2018" in later.output

    def venue_on_22(known_on: str) -> str:
        found = json.loads(cli("timeline", "--known-on", known_on, "--json").output)
        round_1 = next(s for s in found["sessions"] if s["slug"] == "round-1")
        return str(next(d["venue"] for d in round_1["days"] if d["date"] == "2018-02-22"))

    assert venue_on_22("2018-02-01") == "Conference Room 4"
    assert venue_on_22("2018-02-14") == "Conference Room 1"
    history = json.loads(cli("history", "round-1", "--json").output)
    assert [(e["event"], e["announced_on"], e["source"]) for e in history["events"]] == [
        ("Scheduled", "2018-01-30", "2018-01-30-co-facilitators"),
        ("VenueChanged", "2018-02-14", "2018-02-14-co-facilitators"),
    ]


def test_several_files_in_one_import_read_in_date_order(
    cli: Cli, stored: Callable[[], GcmProcess]
) -> None:
    files = [SAMPLES / "gcm-2018-04-16-briefing.txt", SAMPLES / "gcm-2018-03-01-dates.txt"]
    result = cli("import", SEED, *files)
    assert result.exit_code == 0, result.output
    app = stored()
    assert app.session(P, "round-6").status == "postponed"
    assert app.session(P, "round-3").days[0].date == date(2018, 4, 9)
