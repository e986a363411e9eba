"""Fixtures of the outputs' tests: the GCM 2018 record, then the changes a client must follow."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from api import create_app
from api.config import ApiConfig
from gcm_process.application import GcmProcess
from gcm_process.config import Settings
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


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[FlaskClient, GcmProcess]]:
    """The HTTP API on a fresh data directory with the GCM 2018 record, and its application."""
    flask = create_app(
        ApiConfig(Settings(tmp_path / "data"), write_rate=None, views_poll_seconds=0)
    )
    services = flask.extensions["gcm"]
    record_gcm(services.app)
    yield flask.test_client(), services.app
    services.close()
