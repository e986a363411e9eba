"""Fixtures of the outputs' tests: the GCM 2018 record, then the changes a client must follow."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

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


def announced(on: date, actor: str = CLERK) -> dict[str, Any]:
    """The provenance of a change announced by the letter of ``on``."""
    return {"announced_on": on, "source": f"letter-{on.isoformat()}", "actor": actor}


def change_round_2(app: GcmProcess) -> None:
    """Round 2 loses a day (announced 25 Feb), round 3 moves room, round 6 is cancelled."""
    shorter = days(date(2018, 3, 13), 3, TCC)
    reason = "room unavailable"
    app.reschedule_session(P, "round-2", shorter, reason, **announced(date(2018, 2, 25)))
    room, moved = "Conference Room 4", [date(2018, 4, 4)]
    app.change_venue(P, "round-3", room, moved, **announced(date(2018, 3, 20)))
    by = "clerk:other"
    app.cancel_session(P, "round-6", "no agreement", **announced(date(2018, 6, 1), by))


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
