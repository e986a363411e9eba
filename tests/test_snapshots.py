"""Snapshots: a stable topic, the same aggregate as a replay, across a restart, cheap to load."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import Repository
from eventsourcing.persistence import OperationalError

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import Draft, Process, Session
from gcm_process.domain.base import Snapshot
from gcm_process.domain.ids import session_id
from gcm_process.snapshots import INTERVAL, next_snapshot
from tests.factories import CLERK, LETTER_DATE, PROCESS, open_gcm, schedule_round_1

ROOMS = ("Conference Room 1", "Conference Room 2")


def move(app: GcmProcess, times: int, first: int = 0) -> None:
    """Change round 1's room ``times`` times, alternating the two rooms."""
    for i in range(first, first + times):
        app.change_venue(PROCESS, "round-1", ROOMS[i % 2], announced_on=LETTER_DATE, actor=CLERK)


def replayed(app: GcmProcess, aggregate_id: UUID) -> Any:
    """The aggregate from every one of its events: no cache, no snapshot."""
    return Repository(app.events).get(aggregate_id)


class Reads:
    """Counts the events the application decodes (what loading an aggregate costs)."""

    def __init__(self, app: GcmProcess, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        decode = app.mapper.to_domain_event

        def counted(stored: Any) -> Any:
            self.count += 1
            return decode(stored)

        monkeypatch.setattr(app.mapper, "to_domain_event", counted)


@pytest.fixture
def reopen(durable_settings: Settings) -> Iterator[Any]:
    opened: list[GcmProcess] = []

    def open_app() -> GcmProcess:
        opened.append(GcmProcess.from_settings(durable_settings))
        return opened[-1]

    yield open_app
    for app in opened:
        app.close()


def test_the_snapshot_topic_is_stable() -> None:
    assert Snapshot.TOPIC == "gcm.Snapshot"


def test_a_snapshot_every_interval_is_the_aggregate_as_replayed(round_1: GcmProcess) -> None:
    move(round_1, 2 * INTERVAL + 5)
    found = list(round_1.snapshots.get(session_id(PROCESS, "round-1")))  # type: ignore[union-attr]
    assert [s.originator_version for s in found] == [INTERVAL, 2 * INTERVAL]
    assert {type(s) for s in found} == {Snapshot}
    loaded = found[-1].mutate(None)
    again = Repository(round_1.events).get(loaded.id, version=2 * INTERVAL)
    assert vars(loaded) == vars(again)  # tuples stay tuples, days stay days


def test_snapshots_spread_out_as_the_history_grows() -> None:
    taken, version = [], 0
    while version < 100_000:
        version = next_snapshot(version)
        taken.append(version)
    assert taken[:12] == [100, 200, 300, 400, 500, 600, 700, 800, 1000, 1200, 1400, 1600]
    assert all(b - a <= a // 4 for a, b in itertools.pairwise(taken[8:]))
    assert len(taken) == 36  # not 1,000: every 100 versions for ever would hold 50 M entries


def test_a_long_history_is_snapshotted_where_the_steps_fall_and_corrects_after_a_restart(
    reopen: Any,
) -> None:
    first = reopen()
    open_gcm(first)
    schedule_round_1(first)
    move(first, 1_004)
    found = list(first.snapshots.get(session_id(PROCESS, "round-1")))
    assert [s.originator_version for s in found] == [*range(100, 801, 100), 1_000]
    first.close()
    app = reopen()
    session = app.session(PROCESS, "round-1")  # from the snapshot at 1,000 and 5 events
    assert vars(session) == vars(replayed(app, session.id))
    app.correct_session(
        PROCESS, "round-1", [1_005], "Typed twice.", announced_on=LETTER_DATE, actor=CLERK
    )
    corrected = app.session(PROCESS, "round-1")
    assert corrected.days[0].venue == ROOMS[0] and corrected.in_error == (1_005,)
    assert vars(corrected) == vars(replayed(app, session.id))


def test_a_restarted_application_loads_from_the_snapshot(
    reopen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = reopen()
    open_gcm(first)
    schedule_round_1(first)
    move(first, INTERVAL + 20)
    first.close()
    app = reopen()
    reads = Reads(app, monkeypatch)
    session = app.session(PROCESS, "round-1")
    assert session.version == INTERVAL + 21
    assert reads.count == 21 + 1  # the events after the snapshot, and the snapshot
    assert vars(session) == vars(replayed(app, session.id))
    move(app, 1, first=INTERVAL + 20)  # and it goes on from there
    assert app.session(PROCESS, "round-1").version == INTERVAL + 22


def test_a_command_decodes_the_same_few_events_whatever_the_history(
    round_1: GcmProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    move(round_1, 3 * INTERVAL)
    reads = Reads(round_1, monkeypatch)
    move(round_1, 1, first=3 * INTERVAL)
    assert reads.count <= 2  # its process is looked up only when missing; its own new event


def test_a_snapshot_that_cannot_be_stored_leaves_the_command_recorded(
    round_1: GcmProcess, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    move(round_1, INTERVAL - 2)

    def full(*_: Any, **__: Any) -> None:
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(round_1.snapshots, "put", full)
    with caplog.at_level(logging.WARNING):
        move(round_1, 1, first=INTERVAL - 2)
    assert round_1.session(PROCESS, "round-1").version == INTERVAL
    assert "not stored: database or disk is full" in caplog.text


#: The attributes a snapshot holds for each aggregate. When this changes, give the
#: aggregate a ``class_version`` and an ``upcast_vN_vM`` for the snapshots stored before.
ATTRIBUTES = {
    Session: ["_created_on", "_modified_on", "days", "entries", "in_error", "kind",
              "last_announced", "number", "process", "reason", "slug", "status", "title"],
    Process: ["_created_on", "_modified_on", "facilitators", "mandate", "process", "slug",
              "title"],
    Draft: ["_created_on", "_modified_on", "circulated_on", "note", "presentations",
            "process", "slug", "title"],
}  # fmt: skip


def test_the_attributes_a_snapshot_holds_are_pinned(round_1: GcmProcess) -> None:
    round_1.circulate_draft(
        PROCESS, "zero-draft", "Zero draft", LETTER_DATE, announced_on=LETTER_DATE, actor=CLERK
    )
    for kind, aggregate in (
        (Session, round_1.session(PROCESS, "round-1")),
        (Process, round_1.process(PROCESS)),
        (Draft, round_1.draft(PROCESS, "zero-draft")),
    ):
        assert sorted(Snapshot.take(aggregate).state) == ATTRIBUTES[kind], kind
        assert getattr(kind, "class_version", 1) == 1


#: A session's snapshot as stored (topic and state), held as it was first written.
STORED = (
    b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-12-02T00:01:04.808082+00:00"},'
    b'"topic":"gcm.Session","state":{"_created_on":{"_type_":"datetime_iso","_data_":'
    b'"2026-12-02T00:01:04.597029+00:00"},"_modified_on":{"_type_":"datetime_iso","_data_":'
    b'"2026-12-02T00:01:04.802808+00:00"},"process":"gcm-2018","slug":"round-1","kind":'
    b'"negotiation_round","number":1,"title":"First round","days":[{"_type_":"session_day",'
    b'"_data_":{"date":{"_type_":"date_iso","_data_":"2018-02-20"},"start":null,"end":null,'
    b'"venue":"Conference Room 1"}}],"status":"scheduled","reason":null,"last_announced":'
    b'{"_type_":"date_iso","_data_":"2018-01-30"},"entries":[{"version":1,"event":"Scheduled",'
    b'"days":[{"_type_":"session_day","_data_":{"date":{"_type_":"date_iso","_data_":'
    b'"2018-02-20"},"start":null,"end":null,"venue":"Conference Room 1"}}],"announced_on":'
    b'{"_type_":"date_iso","_data_":"2018-01-30"}}],"in_error":[]}}'
)


def test_a_stored_snapshot_still_loads(app: GcmProcess) -> None:
    from eventsourcing.persistence import StoredEvent

    stored = StoredEvent(session_id(PROCESS, "round-1"), 100, "gcm.Snapshot", STORED)
    snapshot = app.mapper.to_domain_event(stored)
    assert type(snapshot) is Snapshot
    session = snapshot.mutate(None)
    assert isinstance(session, Session)
    assert (session.version, session.title, session.status) == (100, "First round", "scheduled")
    assert isinstance(session.days, tuple) and session.days[0].venue == "Conference Room 1"
    assert session.in_error == () and session.entries[0]["days"][0].venue == "Conference Room 1"
