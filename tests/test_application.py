"""Application stories on the in-memory store: commands in, events and queries out."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from gcm_process.application import GcmProcess
from gcm_process.domain import Day, Draft, Letter, Process, Session
from gcm_process.domain.errors import VersionConflict, VersionNotFound
from gcm_process.domain.ids import letter_id, process_id, session_id
from tests.factories import (
    CLERK,
    LETTER,
    LETTER_DATE,
    MEXICO,
    MOVED,
    PROCESS,
    ROUND_1,
    SWITZERLAND,
    schedule_round_1,
    tell_round_1_story,
)


def test_the_round_1_story_at_every_version(gcm: GcmProcess) -> None:
    app = gcm
    tell_round_1_story(app)

    expected = [
        ("Scheduled", "scheduled", ROUND_1),
        (
            "VenueChanged",
            "scheduled",
            (ROUND_1[0], ROUND_1[1].with_venue("Conference Room 1"), ROUND_1[2]),
        ),
        ("Rescheduled", "scheduled", MOVED),
        ("Cancelled", "cancelled", MOVED),
        ("Rescheduled", "scheduled", ROUND_1),
    ]
    history = app.session_history(PROCESS, "round-1")
    assert [(h.version, h.event) for h in history] == [
        (v, name) for v, (name, _, _) in enumerate(expected, 1)
    ]
    for version, (_, status, days) in enumerate(expected, 1):
        then = app.session(PROCESS, "round-1", version=version)
        assert (then.version, then.status, then.days) == (version, status, days)
    now = app.session(PROCESS, "round-1")
    assert (now.version, now.status, now.days, now.reason) == (
        5,
        "scheduled",
        ROUND_1,
        "reinstated",
    )


def test_history_carries_provenance_and_what_each_event_says(gcm: GcmProcess) -> None:
    tell_round_1_story(gcm)
    first, moved, _, cancelled, _ = gcm.session_history(PROCESS, "round-1")

    assert (first.topic, first.announced_on, first.source, first.actor) == (
        "gcm.Session.Scheduled",
        LETTER_DATE,
        LETTER,
        CLERK,
    )
    assert first.data["days"][1] == {
        "date": "2018-02-22",
        "start": None,
        "end": None,
        "venue": "Conference Room 4",
    }
    assert first.data["kind"] == "negotiation_round"
    assert (moved.topic, moved.source, moved.actor) == (
        "gcm.Session.VenueChanged",
        "letter-2018-02-10",
        "clerk:ana",
    )
    assert moved.data == {"venue": "Conference Room 1", "dates": ["2018-02-22"]}
    assert cancelled.data == {"reason": "no quorum"}
    assert cancelled.announced_on == date(2018, 2, 20)
    # Provenance is reported beside the data, never inside it.
    assert not {"announced_on", "actor", "source", "command_id", "timestamp"} & set(moved.data)


def test_recorded_times_are_timezone_aware_and_in_order(gcm: GcmProcess) -> None:
    before = datetime.now(UTC)
    tell_round_1_story(gcm)
    times = [h.recorded_at for h in gcm.session_history(PROCESS, "round-1")]
    assert all(t.tzinfo is not None and t.utcoffset() is not None for t in times)
    assert before <= times[0] and times == sorted(times)


def test_announced_on_defaults_to_today_and_a_letter_to_its_own_date(gcm: GcmProcess) -> None:
    schedule_round_1(gcm, announced_on=None, source=None)
    gcm.issue_letter(PROCESS, "l1", date(2018, 3, 1), "Room change", "Text", actor=CLERK)
    gcm.issue_letter(
        PROCESS, "l2", date(2018, 3, 2), "Late", "Text", announced_on=date(2018, 3, 5), actor=CLERK
    )
    assert gcm.session_history(PROCESS, "round-1")[0].announced_on == date.today()
    assert gcm.history(letter_id(PROCESS, "l1"))[0].announced_on == date(2018, 3, 1)
    assert gcm.history(letter_id(PROCESS, "l2"))[0].announced_on == date(2018, 3, 5)


def test_every_command_without_an_id_gets_a_fresh_one(round_1: GcmProcess) -> None:
    first = round_1.postpone_session(PROCESS, "round-1", actor=CLERK)
    second = round_1.reschedule_session(PROCESS, "round-1", MOVED, actor=CLERK)
    ids = [h.command_id for h in round_1.session_history(PROCESS, "round-1")]
    assert first.command_id != second.command_id
    assert ids[1:] == [first.command_id, second.command_id]
    assert len(set(ids)) == 3


def test_a_receipt_names_the_aggregate_and_its_new_version(round_1: GcmProcess) -> None:
    receipt = round_1.change_venue(PROCESS, "round-1", "Conference Room 1", actor=CLERK)
    assert (receipt.command, receipt.aggregate_id, receipt.version, receipt.replayed) == (
        "change_venue",
        session_id(PROCESS, "round-1"),
        2,
        False,
    )
    assert {d.venue for d in round_1.session(PROCESS, "round-1").days} == {"Conference Room 1"}


# -- optimistic concurrency --------------------------------------------------------


def test_the_expected_version_is_honoured(round_1: GcmProcess) -> None:
    receipt = round_1.postpone_session(PROCESS, "round-1", expected_version=1, actor=CLERK)
    assert receipt.version == 2
    before = round_1.last_position()
    with pytest.raises(VersionConflict, match="at version 2, not 1"):
        round_1.cancel_session(PROCESS, "round-1", expected_version=1, actor=CLERK)
    with pytest.raises(VersionConflict):
        round_1.appoint_facilitator(PROCESS, MEXICO, expected_version=7, actor=CLERK)
    assert round_1.last_position() == before
    round_1.circulate_draft(PROCESS, "zero-draft", "Zero draft", actor=CLERK)
    with pytest.raises(VersionConflict):
        round_1.present_draft(PROCESS, "zero-draft", "round-1", expected_version=2, actor=CLERK)
    assert round_1.last_position() == before + 1
    assert round_1.session(PROCESS, "round-1").status == "postponed"


# -- queries -----------------------------------------------------------------------


def test_an_aggregate_at_a_version_it_has_not_reached(round_1: GcmProcess) -> None:
    with pytest.raises(VersionNotFound, match="has no version 2 \\(latest is 1\\)"):
        round_1.session(PROCESS, "round-1", version=2)


def test_the_process_with_its_facilitators_and_history(gcm: GcmProcess) -> None:
    gcm.appoint_facilitator(PROCESS, MEXICO, actor=CLERK, announced_on=LETTER_DATE)
    gcm.appoint_facilitator(PROCESS, SWITZERLAND, actor=CLERK, announced_on=LETTER_DATE)
    process = gcm.process(PROCESS)
    assert isinstance(process, Process)
    assert process.facilitators == (MEXICO, SWITZERLAND)
    assert process.mandate == "paragraph 27 of General Assembly resolution 71/280"
    assert gcm.process(PROCESS, version=2).facilitators == (MEXICO,)
    events = [h.event for h in gcm.history(process_id(PROCESS))]
    assert events == ["Opened", "FacilitatorAppointed", "FacilitatorAppointed"]
    assert gcm.history(process_id(PROCESS))[2].data == {
        "person": {"name": "Jürg Lauber", "title": SWITZERLAND.title, "delegation": "Switzerland"}
    }


def test_drafts_are_circulated_and_presented(round_1: GcmProcess) -> None:
    round_1.circulate_draft(PROCESS, "zero-draft", "Zero draft", date(2018, 2, 5), actor=CLERK)
    round_1.present_draft(PROCESS, "zero-draft", "round-1", date(2018, 2, 20), actor=CLERK)
    draft = round_1.draft(PROCESS, "zero-draft")
    assert isinstance(draft, Draft)
    assert (draft.title, draft.circulated_on) == ("Zero draft", date(2018, 2, 5))
    assert draft.presentations == (("round-1", date(2018, 2, 20)),)
    assert round_1.draft(PROCESS, "zero-draft", version=1).presentations == ()


def test_a_letter_keeps_its_senders_addressees_and_enclosures(gcm: GcmProcess) -> None:
    body = "Please find enclosed herewith a letter from the co-facilitators.\n" * 10
    gcm.issue_letter(
        PROCESS,
        "pga-cover-2018-01-30",
        LETTER_DATE,
        "Zero draft presentation and negotiation rounds",
        body,
        place="New York",
        senders=[MEXICO, SWITZERLAND],
        addressees=["All Permanent Representatives and Permanent Observers"],
        reference=None,
        encloses=["cofacilitators-2018-01-30"],
        actor=CLERK,
    )
    letter = gcm.letter(PROCESS, "pga-cover-2018-01-30")
    assert isinstance(letter, Letter)
    assert letter.senders == (MEXICO, SWITZERLAND)
    assert letter.addressees == ("All Permanent Representatives and Permanent Observers",)
    assert letter.encloses == ("cofacilitators-2018-01-30",)
    assert letter.body == body.strip()
    assert (letter.dated, letter.place) == (LETTER_DATE, "New York")


def test_process_slugs_in_the_order_opened_and_the_last_position(app: GcmProcess) -> None:
    assert (app.process_slugs(), app.last_position()) == ([], 0)
    for slug in ("gcm-2018", "gcr-2018", "aaa-2019"):
        app.open_process(slug, slug.upper(), actor=CLERK)
    schedule_round_1(app)
    assert app.process_slugs() == ["gcm-2018", "gcr-2018", "aaa-2019"]
    assert app.last_position() == 4


def test_sessions_keep_their_kind_number_and_title(gcm: GcmProcess) -> None:
    gcm.schedule_session(
        PROCESS,
        "pga-hearing-2018-02-21",
        "hearing",
        "PGA multi-stakeholder hearing",
        [Day(date(2018, 2, 21))],
        actor=CLERK,
    )
    hearing = gcm.session(PROCESS, "pga-hearing-2018-02-21")
    assert isinstance(hearing, Session)
    assert (hearing.kind, hearing.number, hearing.title, hearing.status) == (
        "hearing",
        None,
        "PGA multi-stakeholder hearing",
        "scheduled",
    )
