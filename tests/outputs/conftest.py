"""Fixtures of the outputs' tests: the GCM 2018 record, then the changes a client must follow."""

from __future__ import annotations

from datetime import date

import pytest

from gcm_process.application import GcmProcess
from tests.outputs.gcm2018 import CLERK, TCC, P, days, record_gcm


@pytest.fixture
def gcm2018(app: GcmProcess) -> GcmProcess:
    """The in-memory application with the seed letter's schedule recorded."""
    record_gcm(app)
    return app


def change_round_2(app: GcmProcess) -> None:
    """Round 2 loses a day (announced 25 Feb), round 3 moves room, round 6 is cancelled."""
    app.reschedule_session(
        P,
        "round-2",
        days(date(2018, 3, 13), 3, TCC),
        "room unavailable",
        announced_on=date(2018, 2, 25),
        source="letter-2018-02-25",
        actor=CLERK,
    )
    app.change_venue(
        P,
        "round-3",
        "Conference Room 4",
        [date(2018, 4, 4)],
        announced_on=date(2018, 3, 20),
        source="letter-2018-03-20",
        actor=CLERK,
    )
    app.cancel_session(
        P,
        "round-6",
        "no agreement",
        announced_on=date(2018, 6, 1),
        source="letter-2018-06-01",
        actor="clerk:other",
    )
