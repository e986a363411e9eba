"""Values a command carries are checked before anything is recorded: types, ranges, spacing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import pytest

from gcm_process.application import GcmProcess
from gcm_process.domain import Day, Person, errors
from tests.factories import CLERK, PROCESS, schedule_round_1
from tests.test_rules import refused


def _schedule(gcm: GcmProcess, *days: Any, **options: Any) -> Callable[[], Any]:
    return lambda: gcm.schedule_session(
        PROCESS, "round-9", "negotiation_round", "R9", list(days), actor=CLERK, **options
    )


@pytest.mark.parametrize(
    "bad_day",
    [
        Day("garbage"),  # type: ignore[arg-type]
        Day(datetime(2018, 3, 1, 10)),
        Day(date(9999, 12, 31), time(23)),
        Day(date(2018, 3, 1), "10:00"),  # type: ignore[arg-type]
        "2018-03-01",
    ],
)
def test_a_day_that_is_not_a_day_is_refused(gcm: GcmProcess, bad_day: Any) -> None:
    refused(gcm, errors.InvalidInput, _schedule(gcm, bad_day))


def test_command_values_of_the_wrong_kind_are_refused(gcm: GcmProcess) -> None:
    day = Day(date(2018, 3, 1))
    refused(gcm, errors.InvalidInput, _schedule(gcm, day, number=True))
    refused(gcm, errors.InvalidInput, _schedule(gcm, day, announced_on="yesterday"))
    refused(gcm, errors.InvalidInput, _schedule(gcm, day, announced_on=datetime(2018, 1, 30)))
    refused(gcm, errors.InvalidInput, lambda: gcm.open_process("p-2", "P", actor="   "))
    schedule_round_1(gcm)
    long_reason = "x" * 2001
    refused(
        gcm,
        errors.InvalidInput,
        lambda: gcm.postpone_session(PROCESS, "round-1", long_reason, actor=CLERK),
    )
    message = refused(
        gcm,
        errors.InvalidInput,
        lambda: gcm.postpone_session(
            PROCESS,
            "round-1",
            expected_version="1",
            actor=CLERK,  # type: ignore[arg-type]
        ),
    )
    assert "whole number" in message


def test_rooms_and_names_are_stored_without_stray_spaces(gcm: GcmProcess) -> None:
    gcm.schedule_session(
        PROCESS, "round-9", "other", "R9", [Day(date(2018, 3, 1), venue=" Room 1 ")], actor=CLERK
    )
    assert gcm.session(PROCESS, "round-9").days[0].venue == "Room 1"
    refused(
        gcm,
        errors.NothingChanged,
        lambda: gcm.change_venue(PROCESS, "round-9", "Room 1", actor=CLERK),
    )
    gcm.appoint_facilitator(PROCESS, Person("Jane Doe", " Ambassador "), actor=CLERK)
    assert gcm.process(PROCESS).facilitators[-1] == Person("Jane Doe", "Ambassador")
    refused(
        gcm,
        errors.AlreadyAppointed,
        lambda: gcm.appoint_facilitator(PROCESS, Person("jane doe "), actor=CLERK),
    )
