"""The views' timeline equals the replay's, at every step and at random points on both axes,
with corrections among the random changes."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import Day
from gcm_process.domain.errors import GcmError
from gcm_process.domain.point import Point
from projections import Views, queries
from projections.replay import replay_timeline
from tests.projections.conftest import CLERK, PROCESS, open_gcm

FIRST = date(2018, 1, 1)
SLUGS = ("round-1", "round-2", "hearing-1")
VENUES = ("Trusteeship Council Chamber", "Conference Room 4", "ECOSOC Chamber")

announced = st.integers(0, 12).map(lambda n: FIRST + timedelta(days=n))
days = st.lists(
    st.tuples(st.integers(40, 50), st.sampled_from((None, *VENUES))), min_size=1, max_size=3
).map(
    lambda picked: [
        Day(FIRST + timedelta(days=n), venue=v) for n, v in sorted(dict(picked).items())
    ]
)
commands = st.one_of(
    st.tuples(st.just("schedule"), st.sampled_from(SLUGS), days),
    st.tuples(st.just("reschedule"), st.sampled_from(SLUGS), days),
    st.tuples(
        st.just("venue"),
        st.sampled_from(SLUGS),
        st.tuples(st.sampled_from(VENUES), st.none() | st.sets(st.integers(40, 50), max_size=2)),
    ),
    st.tuples(st.sampled_from(("postpone", "cancel", "held")), st.sampled_from(SLUGS), st.none()),
    st.tuples(st.just("correct"), st.sampled_from(SLUGS), st.integers(2, 8)),
)


def run(app: GcmProcess, command: tuple[str, str, object], on: date) -> None:
    name, slug, arg = command
    common = {"announced_on": on, "actor": CLERK}
    if name == "schedule":
        app.schedule_session(PROCESS, slug, "other", slug.title(), arg, **common)  # type: ignore[arg-type]
    elif name == "reschedule":
        app.reschedule_session(PROCESS, slug, arg, **common)  # type: ignore[arg-type]
    elif name == "venue":
        venue, offsets = arg  # type: ignore[misc]
        dates = None if offsets is None else [FIRST + timedelta(days=n) for n in offsets]
        app.change_venue(PROCESS, slug, venue, dates, **common)
    elif name == "postpone":
        app.postpone_session(PROCESS, slug, **common)
    elif name == "cancel":
        app.cancel_session(PROCESS, slug, **common)
    elif name == "correct":
        app.correct_session(PROCESS, slug, [arg], "recorded in error", **common)  # type: ignore[list-item]
    else:
        app.mark_held(PROCESS, slug, **common)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(commands, announced), min_size=1, max_size=14), st.data())
def test_views_agree_with_replay(
    steps: list[tuple[tuple[str, str, object], date]], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = Settings(Path(tmp), "memory")
        app = GcmProcess.from_settings(config)
        views = Views.open(config, app)
        open_gcm(app)
        instants = [datetime.now(UTC)]
        for command, on in steps:
            with contextlib.suppress(GcmError):  # refused by a rule: nothing recorded
                run(app, command, on)
            views.catch_up()
            instants.append(datetime.now(UTC))
            points = [(None, None)] + [
                (
                    data.draw(st.none() | st.sampled_from(instants)),
                    data.draw(st.none() | announced.map(lambda d: d - timedelta(days=1))),
                )
                for _ in range(3)
            ]
            for as_of, known_on in points:
                assert queries.timeline(
                    views.db, PROCESS, Point(as_of, known_on)
                ) == replay_timeline(app, PROCESS, Point(as_of, known_on))
        views.close()
        app.close()
