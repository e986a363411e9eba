"""Idempotent commands: a command id already served returns its receipt and records nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gcm_process.application import GcmProcess, Receipt
from gcm_process.config import Settings
from gcm_process.domain.errors import IdempotencyConflict, VersionConflict
from tests.factories import CLERK, PROCESS, ROUND_1, day, open_gcm, schedule_round_1


def test_the_same_command_id_100_times_records_one_event(round_1: GcmProcess) -> None:
    before = round_1.last_position()
    receipts = [
        round_1.change_venue(
            PROCESS, "round-1", "Conference Room 1", actor=CLERK, command_id="cv-1"
        )
        for _ in range(100)
    ]
    # One event for the change, one for the record of the command id.
    assert round_1.last_position() == before + 2
    assert len(round_1.session_history(PROCESS, "round-1")) == 2
    assert {(r.aggregate_id, r.version, r.command_id) for r in receipts} == {
        (receipts[0].aggregate_id, 2, "cv-1")
    }
    assert [r.replayed for r in receipts] == [False] + [True] * 99


def test_a_replay_is_not_judged_by_the_rules_again(round_1: GcmProcess) -> None:
    # Cancelling twice is a rule broken, but a retried cancel is the same cancel.
    first = round_1.cancel_session(PROCESS, "round-1", actor=CLERK, command_id="cancel-1")
    again = round_1.cancel_session(PROCESS, "round-1", actor=CLERK, command_id="cancel-1")
    assert (again.version, again.replayed) == (first.version, True)


def test_a_replay_holds_even_after_the_aggregate_moved_on(round_1: GcmProcess) -> None:
    first = round_1.postpone_session(PROCESS, "round-1", actor=CLERK, command_id="p-1")
    round_1.reschedule_session(PROCESS, "round-1", ROUND_1[:2], actor=CLERK)
    again = round_1.postpone_session(PROCESS, "round-1", actor=CLERK, command_id="p-1")
    assert (again.version, again.replayed) == (first.version, True) == (2, True)
    assert round_1.session(PROCESS, "round-1").status == "scheduled"


def _move(app: GcmProcess, **changed: Any) -> Receipt:
    """Round 1 moved to Conference Room 1 under command id 'k', with ``changed`` instead."""
    given = {"venue": "Conference Room 1", "actor": CLERK, "command_id": "k", **changed}
    return app.change_venue(PROCESS, "round-1", **given)


@pytest.mark.parametrize(
    "other",
    [
        # the same command with another payload
        lambda app: _move(app, venue="Conference Room 2"),
        lambda app: _move(app, dates=[date(2018, 2, 20)]),
        lambda app: _move(app, source="other-letter"),
        lambda app: _move(app, announced_on=date(2018, 2, 1)),
        # another command altogether
        lambda app: app.postpone_session(PROCESS, "round-1", actor=CLERK, command_id="k"),
        lambda app: app.schedule_session(
            PROCESS,
            "round-2",
            "negotiation_round",
            "R2",
            [day("2018-03-12")],
            2,
            actor=CLERK,
            command_id="k",
        ),
    ],
)
def test_a_used_command_id_with_a_different_command_is_refused(
    round_1: GcmProcess, other: Callable[[GcmProcess], object]
) -> None:
    _move(round_1)
    before = round_1.last_position()
    with pytest.raises(IdempotencyConflict, match="Command id 'k' was already used"):
        other(round_1)
    assert round_1.last_position() == before


def test_the_actor_is_not_part_of_the_payload(round_1: GcmProcess) -> None:
    # A retry through another credential of the same clerk is still the same command.
    first = round_1.mark_held(PROCESS, "round-1", actor="clerk:ana", command_id="held-1")
    again = round_1.mark_held(PROCESS, "round-1", actor="clerk:ana-laptop", command_id="held-1")
    assert again.replayed and again.version == first.version


def test_a_refused_command_does_not_use_up_its_id(round_1: GcmProcess) -> None:
    with pytest.raises(VersionConflict):
        round_1.postpone_session(
            PROCESS, "round-1", expected_version=5, actor=CLERK, command_id="p"
        )
    receipt = round_1.postpone_session(
        PROCESS, "round-1", expected_version=1, actor=CLERK, command_id="p"
    )
    assert (receipt.version, receipt.replayed) == (2, False)


def test_the_command_id_is_recorded_on_the_event(round_1: GcmProcess) -> None:
    round_1.postpone_session(PROCESS, "round-1", actor=CLERK, command_id="req-7f3a")
    assert round_1.session_history(PROCESS, "round-1")[-1].command_id == "req-7f3a"


def test_idempotency_holds_across_closing_and_reopening_the_store(
    durable_settings: Settings,
) -> None:
    """The record of a command id is in the store, not in memory: a retry after a restart."""
    app = GcmProcess.from_settings(durable_settings)
    try:
        open_gcm(app, command_id="open-gcm")
        schedule_round_1(app, command_id="schedule-round-1")
        for _ in range(50):
            app.change_venue(PROCESS, "round-1", "Conference Room 1", actor=CLERK, command_id="cv")
        position = app.last_position()
    finally:
        app.close()

    reopened = GcmProcess.from_settings(durable_settings)
    try:
        for _ in range(50):
            receipt = reopened.change_venue(
                PROCESS, "round-1", "Conference Room 1", actor=CLERK, command_id="cv"
            )
            assert (receipt.version, receipt.replayed) == (2, True)
        assert open_gcm(reopened, command_id="open-gcm").replayed
        assert schedule_round_1(reopened, command_id="schedule-round-1").replayed
        with pytest.raises(IdempotencyConflict):
            reopened.change_venue(
                PROCESS, "round-1", "ECOSOC Chamber", actor=CLERK, command_id="cv"
            )
        assert reopened.last_position() == position
        assert [h.event for h in reopened.session_history(PROCESS, "round-1")] == [
            "Scheduled",
            "VenueChanged",
        ]
    finally:
        reopened.close()
