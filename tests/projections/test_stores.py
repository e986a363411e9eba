"""The views follow each durable event store and agree with its replay."""

from __future__ import annotations

from datetime import date

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.point import Point
from projections import Views, queries
from projections.replay import replay_timeline
from tests.projections.conftest import CLERK, PROCESS, day, open_gcm, schedule


def test_views_follow_a_durable_store(durable_settings: Settings) -> None:
    app = GcmProcess.from_settings(durable_settings)
    views = Views.open(durable_settings, app)
    open_gcm(app)
    schedule(app, "round-1", day("2018-02-20", "Trusteeship Council Chamber"))
    app.cancel_session(PROCESS, "round-1", announced_on=date(2018, 2, 1), actor=CLERK)
    other = GcmProcess.from_settings(durable_settings)  # another node writes
    schedule(other, "round-2", day("2018-03-12"), announced="2018-02-15")
    assert views.catch_up() == app.last_position()
    for known_on in (None, date(2018, 1, 31), date(2018, 2, 14)):
        assert queries.timeline(views.db, PROCESS, Point(known_on=known_on)) == replay_timeline(
            app, PROCESS, Point(known_on=known_on)
        )
    assert views.rebuild() == app.last_position()
    assert [s["status"] for s in queries.sessions(views.db, PROCESS)] == ["cancelled", "scheduled"]
    views.close()
    other.close()
    app.close()
