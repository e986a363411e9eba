"""The report's schedule (replayed from the log) equals the views' timeline at many points."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import Day
from gcm_process.domain.errors import GcmError
from gcm_process.domain.point import Point
from projections import Views, queries
from projections.report import build_report
from tests.outputs.gcm2018 import CLERK, P, record_gcm

FIRST = date(2018, 1, 25)
SLUGS = ("round-2", "round-3", "round-6", "zero-draft-presentation")
ROOMS = ("Trusteeship Council Chamber", "Conference Room 4", "ECOSOC Chamber")

announced = st.integers(0, 40).map(lambda n: FIRST + timedelta(days=n))
new_days = st.sets(st.integers(45, 60), min_size=1, max_size=4).map(
    lambda offsets: [Day(FIRST + timedelta(days=n), venue=ROOMS[n % 3]) for n in sorted(offsets)]
)
commands = st.one_of(
    st.tuples(st.just("reschedule"), st.sampled_from(SLUGS), new_days),
    st.tuples(st.just("venue"), st.sampled_from(SLUGS), st.sampled_from(ROOMS)),
    st.tuples(st.sampled_from(("postpone", "cancel", "held")), st.sampled_from(SLUGS), st.none()),
)


def run(app: GcmProcess, command: tuple[str, str, object], on: date) -> None:
    name, slug, arg = command
    common = {"announced_on": on, "actor": CLERK}
    try:
        if name == "reschedule":
            app.reschedule_session(P, slug, arg, **common)  # type: ignore[arg-type]
        elif name == "venue":
            app.change_venue(P, slug, arg, **common)  # type: ignore[arg-type]
        elif name == "postpone":
            app.postpone_session(P, slug, **common)
        elif name == "cancel":
            app.cancel_session(P, slug, **common)
        else:
            app.mark_held(P, slug, **common)
    except GcmError:
        pass  # refused by a rule: nothing recorded, as for a clerk


def points(app: GcmProcess) -> tuple[list[datetime | None], list[date | None]]:
    """Every recorded time and just before it; every announced date, the day before and after."""
    times: list[datetime | None] = [None]
    dates: set[date] = set()
    for n in app.recorder.select_notifications(1, 10_000):
        event = app.mapper.to_domain_event(n)
        times += [event.timestamp, event.timestamp - timedelta(microseconds=1)]
        on = getattr(event, "announced_on", None)
        if on is not None:
            dates |= {on - timedelta(days=1), on, on + timedelta(days=1)}
    return times, [None, *sorted(dates)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(commands, announced), min_size=1, max_size=8))
def test_the_report_and_the_views_agree_on_both_axes(
    history: list[tuple[tuple[str, str, object], date]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app_settings = Settings(Path(folder) / "data", "memory")
        app = GcmProcess.from_settings(app_settings)
        views = Views.open(app_settings, app)
        try:
            record_gcm(app)
            for command, on in history:
                run(app, command, on)
            views.catch_up()
            times, dates = points(app)
            for as_of in times[:: max(1, len(times) // 12)] + times[-4:]:
                for known_on in dates:
                    with build_report(app, P, Point(as_of, known_on)) as report:
                        replayed = [s.as_json() for s in report.sessions]
                    viewed = queries.timeline(views.db, P, Point(as_of, known_on))
                    assert replayed == viewed["sessions"], (as_of, known_on)
        finally:
            views.close()
            app.close()
