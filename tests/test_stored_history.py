"""History stored by an earlier version keeps loading: stable topics, class versions, upcasters.

``data/history_2018.json`` is what the store held after ``record_story`` ran on
gcm-process 0.1.0, with the recorded times fixed and its ``Letter.Issued`` in
the shape of version 1 of that event (before ``encloses``). It is an archive:
never edit it. When an event's shape changes, bump its ``class_version``, add
an upcaster, and these tests keep proving that the archive still loads.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from gcm_process.application import GcmProcess
from gcm_process.domain import Draft, Letter, Process, Session
from gcm_process.domain.ids import letter_id
from tests.factories import (
    CLERK,
    LETTER,
    LETTER_DATE,
    MEXICO,
    PROCESS,
    SWITZERLAND,
    ZERO_DRAFT_PRESENTATION,
    day,
    open_gcm,
)

ARCHIVE = Path(__file__).parent / "data" / "history_2018.json"
ZDP = "zero-draft-presentation"


def record_story(app: GcmProcess) -> None:
    """Every kind of event once at least, each under a command id (so with its record)."""
    provenance: dict[str, Any] = {"source": LETTER, "actor": CLERK}
    open_gcm(app, command_id="open-gcm-2018")
    app.appoint_facilitator(
        PROCESS, MEXICO, announced_on=LETTER_DATE, **provenance, command_id="c2"
    )
    app.issue_letter(
        PROCESS,
        LETTER,
        LETTER_DATE,
        "Zero draft and negotiation rounds",
        "Excellency, ...",
        place="New York",
        senders=[SWITZERLAND],
        addressees=["Permanent Representatives"],
        **provenance,
        command_id="c3",
    )
    app.schedule_session(
        PROCESS,
        ZDP,
        "informal_meeting",
        "Presentation of the zero draft",
        ZERO_DRAFT_PRESENTATION,
        announced_on=LETTER_DATE,
        **provenance,
        command_id="c4",
    )
    on = date(2018, 2, 1)
    app.change_venue(
        PROCESS,
        ZDP,
        "ECOSOC Chamber",
        [date(2018, 2, 5)],
        announced_on=on,
        **provenance,
        command_id="c5",
    )
    moved = [day("2018-02-06", "ECOSOC Chamber", "10:00", "13:00")]
    app.reschedule_session(
        PROCESS, ZDP, moved, "room works", announced_on=on, actor=CLERK, command_id="c6"
    )
    app.postpone_session(
        PROCESS, ZDP, "until further notice", announced_on=on, actor=CLERK, command_id="c7"
    )
    app.cancel_session(PROCESS, ZDP, announced_on=on, actor=CLERK, command_id="c8")
    app.reschedule_session(
        PROCESS, ZDP, ZERO_DRAFT_PRESENTATION, announced_on=on, actor=CLERK, command_id="c9"
    )
    app.mark_held(PROCESS, ZDP, announced_on=date(2018, 2, 5), actor=CLERK, command_id="c10")
    app.circulate_draft(
        PROCESS,
        "zero-draft",
        "Zero draft",
        date(2018, 2, 5),
        "shared shortly before",
        announced_on=date(2018, 2, 5),
        actor=CLERK,
        command_id="c11",
    )
    app.present_draft(
        PROCESS,
        "zero-draft",
        ZDP,
        date(2018, 2, 5),
        announced_on=date(2018, 2, 5),
        actor=CLERK,
        command_id="c12",
    )


def archive() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ARCHIVE.read_text(encoding="utf-8"))
    return rows


def insert_archive(app: GcmProcess) -> GcmProcess:
    """``app`` with the archive inserted into its store, exactly as it was stored."""
    app.recorder.insert_events(
        [
            StoredEvent(
                originator_id=UUID(row["originator_id"]),
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=json.dumps(row["state"]).encode(),
            )
            for row in archive()
        ]
    )
    return app


@pytest.fixture
def archived(app: GcmProcess) -> GcmProcess:
    """The in-memory application holding the archive, exactly as it was stored."""
    return insert_archive(app)


def test_the_archive_holds_every_kind_of_event() -> None:
    topics = {row["topic"] for row in archive()}
    assert topics == {
        "gcm.Process.Opened",
        "gcm.Process.FacilitatorAppointed",
        "gcm.Session.Scheduled",
        "gcm.Session.Rescheduled",
        "gcm.Session.VenueChanged",
        "gcm.Session.Postponed",
        "gcm.Session.Cancelled",
        "gcm.Session.Held",
        "gcm.Draft.Circulated",
        "gcm.Draft.Presented",
        "gcm.Letter.Issued",
        "gcm.CommandRecord.Recorded",
    }


def test_the_archived_aggregates_load(archived: GcmProcess) -> None:
    process = archived.process(PROCESS)
    assert isinstance(process, Process)
    assert process.facilitators == (MEXICO,)
    assert process.mandate == "paragraph 27 of General Assembly resolution 71/280"

    session = archived.session(PROCESS, ZDP)
    assert isinstance(session, Session)
    assert (session.version, session.status, session.days) == (7, "held", ZERO_DRAFT_PRESENTATION)
    assert archived.session(PROCESS, ZDP, version=3).days == (
        day("2018-02-06", "ECOSOC Chamber", "10:00", "13:00"),
    )
    statuses = [archived.session(PROCESS, ZDP, version=v).status for v in range(1, 8)]
    assert statuses == [
        "scheduled",
        "scheduled",
        "scheduled",
        "postponed",
        "cancelled",
        "scheduled",
        "held",
    ]

    draft = archived.draft(PROCESS, "zero-draft")
    assert isinstance(draft, Draft)
    assert draft.presentations == ((ZDP, date(2018, 2, 5)),)
    assert draft.note == "shared shortly before"


def test_a_version_1_letter_is_upcast_on_the_way_in(archived: GcmProcess) -> None:
    (issued,) = [row for row in archive() if row["topic"] == "gcm.Letter.Issued"]
    assert "encloses" not in issued["state"] and "class_version" not in issued["state"]
    letter = archived.letter(PROCESS, LETTER)
    assert isinstance(letter, Letter)
    assert letter.encloses == ()
    assert (letter.senders, letter.place, letter.dated) == ((SWITZERLAND,), "New York", LETTER_DATE)
    assert archived.history(letter_id(PROCESS, LETTER))[0].data["encloses"] == []


def test_the_archived_history_keeps_its_provenance_and_times(archived: GcmProcess) -> None:
    history = archived.session_history(PROCESS, ZDP)
    assert [h.event for h in history] == [
        "Scheduled",
        "VenueChanged",
        "Rescheduled",
        "Postponed",
        "Cancelled",
        "Rescheduled",
        "Held",
    ]
    first = history[0]
    assert (first.announced_on, first.source, first.actor, first.command_id) == (
        LETTER_DATE,
        LETTER,
        CLERK,
        "c4",
    )
    assert first.recorded_at == datetime(2018, 2, 6, 15, 7, tzinfo=UTC)


def test_retried_commands_find_their_archived_records(archived: GcmProcess) -> None:
    """A client retrying after an upgrade gets its old receipts: the digest is stable."""
    position = archived.last_position()
    record_story(archived)
    assert archived.last_position() == position


def test_todays_code_writes_the_archived_shapes(app: GcmProcess) -> None:
    """A change of an event's shape shows here first: bump its class_version, add an upcaster."""
    record_story(app)
    written = app.recorder.select_notifications(start=1, limit=100)
    old = archive()
    assert [(n.topic, n.originator_version) for n in written] == [
        (row["topic"], row["originator_version"]) for row in old
    ]
    for notification, row in zip(written, old, strict=True):
        state = json.loads(notification.state)
        if notification.topic == "gcm.Letter.Issued":
            assert (state.pop("class_version"), state.pop("encloses")) == (2, [])
        del state["timestamp"], row["state"]["timestamp"]
        assert state == row["state"], notification.topic


def test_stored_topics_are_names_not_module_paths(app: GcmProcess) -> None:
    record_story(app)
    for notification in app.recorder.select_notifications(start=1, limit=100):
        state = json.loads(notification.state)
        assert notification.topic.startswith("gcm.") and ":" not in notification.topic
        created_as = state.get("originator_topic", "gcm.")  # only creation events carry it
        assert created_as.startswith("gcm.") and ":" not in created_as
