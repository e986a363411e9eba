"""The as-of lookups read the indexes alone, and answer what reading each row answered."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.point import Point
from gcm_process.domain.session_state import END_OF_TIME
from projections import Views, queries
from projections.records import process_key
from projections.replay import replay_timeline
from tests.projections.conftest import CLERK, PROCESS, day, open_gcm, schedule
from tests.projections.lookups_before import READING_ROWS


def history(app: GcmProcess) -> None:
    """Two sessions moved, one's changes recorded after later-dated ones of the other,
    one change corrected."""
    open_gcm(app)
    schedule(app, "round-1", day("2018-02-20", "Trusteeship Council Chamber"))
    app.change_venue(
        PROCESS, "round-1", "ECOSOC Chamber", announced_on=date(2018, 2, 5), actor=CLERK
    )
    app.reschedule_session(
        PROCESS,
        "round-1",
        [day("2018-02-21", "GA Hall")],
        announced_on=date(2018, 2, 12),
        actor=CLERK,
    )
    schedule(app, "round-2", day("2018-03-12", "Conference Room 4"), announced="2018-02-01")
    app.change_venue(PROCESS, "round-2", "GA Hall", announced_on=date(2018, 2, 3), actor=CLERK)
    app.correct_session(
        PROCESS, "round-1", [3], "recorded in error", announced_on=date(2018, 2, 15), actor=CLERK
    )
    app.postpone_session(PROCESS, "round-2", announced_on=date(2018, 2, 14), actor=CLERK)
    app.change_venue(
        PROCESS, "round-1", "Conference Room 4", announced_on=date(2018, 2, 20), actor=CLERK
    )


def reading_rows(views: Views, point: Point) -> list[dict[str, Any]]:
    kind = "as_of" if point.known_on is None else "known_on"
    params = {"p": process_key(views.db, PROCESS), "t": point.t, "d": point.d}
    rows = views.db.execute(READING_ROWS[kind], params).fetchall()
    return sorted(
        (json.loads(r[0]) for r in rows),
        key=lambda s: (s["days"][0]["date"] if s["days"] else END_OF_TIME, s["slug"]),
    )


def points(views: Views) -> list[Point]:
    """Every recorded instant a row starts at and the microsecond before; every bound's
    date and the day before; and none on either axis."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    starts = [t for (t,) in views.db.execute("SELECT DISTINCT t_from FROM session_rows")]
    bounds = [d for (d,) in views.db.execute("SELECT DISTINCT d FROM session_bounds")]
    instants = [None, *(epoch + timedelta(microseconds=t + e) for t in starts for e in (-1, 0))]
    dates = [None, *(date.fromordinal(d + e) for d in bounds for e in (-1, 0))]
    return [Point(t, d) for t in instants for d in dates if t is not None or d is not None]


def plans(views: Views) -> list[str]:
    steps = []
    for sql in (queries._AS_OF, queries._AT):
        rows = views.db.execute(f"EXPLAIN QUERY PLAN {sql}", {"p": 1, "t": 0, "d": 0})
        steps += [row[-1] for row in rows]
    return steps


def test_every_point_is_answered_as_reading_the_rows_did(app: GcmProcess, views: Views) -> None:
    history(app)
    views.catch_up()
    found = points(views)
    assert len(found) > 100
    for point in found:
        answer = queries.timeline(views.db, PROCESS, point)
        assert answer["sessions"] == reading_rows(views, point), point
    for point in found[::7]:
        assert queries.timeline(views.db, PROCESS, point) == replay_timeline(app, PROCESS, point)


def test_the_lookups_read_covering_indexes_with_or_without_statistics(
    app: GcmProcess, views: Views
) -> None:
    history(app)
    views.catch_up()
    caught_up = plans(views)
    views.rebuild()  # takes statistics (ANALYZE) of a file of a few rows
    assert views.db.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0
    assert plans(views) == caught_up
    lookups = [step for step in caught_up if "session_rows" in step]
    assert len(lookups) == 2
    assert all("COVERING INDEX" in step for step in lookups)
    assert not [step for step in caught_up if step.startswith("SCAN")]


def test_views_from_before_the_covering_indexes_get_them_on_open(
    settings: Settings, app: GcmProcess, views: Views
) -> None:
    history(app)
    views.catch_up()
    views.rebuild()  # with statistics, which the migration takes again for its indexes
    made = dict(views.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    views.db.executescript(
        """
        DROP INDEX session_rows_at;
        CREATE INDEX session_rows_at ON session_rows (session_key, d_from, t_from);
        DROP INDEX session_rows_tail;
        CREATE INDEX session_rows_tail ON session_rows (session_key, t_from) WHERE d_to IS NULL;
        DELETE FROM _sqlite_migrations WHERE name = '008_covering_lookups';
        """
    )
    views.close()
    reopened = Views.open(settings, app)
    try:
        assert (
            dict(reopened.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
            == made
        )
        analyzed = {i for (i,) in reopened.db.execute("SELECT idx FROM sqlite_stat1")}
        assert {"session_rows_at", "session_rows_tail"} <= analyzed
        for point in points(reopened)[::5]:
            assert queries.timeline(reopened.db, PROCESS, point) == replay_timeline(
                app, PROCESS, point
            )
        reopened.rebuild()  # a rebuild makes the session tables' indexes again, the same
        assert (
            dict(reopened.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
            == made
        )
    finally:
        reopened.close()
