"""A node's views carry their session rows from one catch-up to the next: they read nothing
back while they are the only writer, and the same rows as a rebuild when two workers take
turns on one file."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain import Day
from gcm_process.domain.errors import GcmError
from projections import Views
from projections.rebuild import rebuild
from projections.session_rows import SessionRows, ViewsInconsistent
from tests.projections.conftest import CLERK, LETTER_DATE, PROCESS, open_gcm
from tests.projections.test_rebuild_agreement import tables
from tests.projections.test_replay_agreement import FIRST, announced, commands, run

#: (command, announced on, which worker catches up (None: neither), its batch, rebuild?)
steps = st.lists(
    st.tuples(
        commands, announced, st.sampled_from((None, 0, 1)), st.sampled_from((1, 3, 1000)),
        st.booleans(),
    ),
    min_size=1,
    max_size=24,
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_two_workers_taking_turns_on_one_file_write_what_a_rebuild_writes(
    history: list[tuple[tuple[str, str, object], date, int | None, int, bool]],
) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        app = GcmProcess.from_settings(Settings(tmp, "memory"))
        workers = [Views(tmp / "views.sqlite", app), Views(tmp / "views.sqlite", app)]
        open_gcm(app)
        run(app, ("schedule", "round-1", [Day(date(2018, 2, 12), venue="GA Hall")]), FIRST)
        for command, on, worker, batch, rebuilds in history:
            with contextlib.suppress(GcmError):
                run(app, command, on)
            if worker is not None:
                workers[worker].catch_up(batch)
                if rebuilds and batch == 3:
                    workers[1 - worker].rebuild()
        for worker in workers:
            worker.catch_up()
        rebuild(tmp / "rebuilt.sqlite", app)
        assert tables(tmp / "views.sqlite") == tables(tmp / "rebuilt.sqlite")
        for worker in workers:
            worker.close()
        app.close()


class Counted:
    """How often the views read a session's rows back; the statements that wrote the days."""

    def __init__(self, views: Views, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loads = 0
        self.days_written: list[str] = []
        load = SessionRows._load_rows

        def counted(rows: SessionRows, key: int) -> Any:
            self.loads += 1
            return load(rows, key)

        monkeypatch.setattr(SessionRows, "_load_rows", counted)

        def trace(sql: str) -> None:
            if "session_days" in sql and not sql.startswith("SELECT"):
                self.days_written.append(sql.split()[0])

        views.db.conn.set_trace_callback(trace)


def venue(app: GcmProcess, room: str) -> None:
    app.change_venue(PROCESS, "round-1", room, announced_on=LETTER_DATE, actor=CLERK)


@pytest.fixture
def round_1(app: GcmProcess, views: Views) -> GcmProcess:
    open_gcm(app)
    days = [Day(date(2018, 2, 20), venue="GA Hall"), Day(date(2018, 2, 22), venue="GA Hall")]
    app.schedule_session(
        PROCESS, "round-1", "other", "Round 1", days, announced_on=LETTER_DATE, actor=CLERK
    )
    views.catch_up()
    return app


def test_a_catch_up_after_a_write_reads_nothing_back(
    round_1: GcmProcess, views: Views, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    venue(round_1, "Conference Room 1")
    views.catch_up()
    counted = Counted(views, monkeypatch)
    for room in ("Conference Room 2", "Conference Room 3"):
        venue(round_1, room)
        views.catch_up()
    assert counted.loads == 0
    other = Views(settings.views_path, round_1)  # another worker of this node
    venue(round_1, "Conference Room 4")
    other.catch_up()
    venue(round_1, "Conference Room 5")
    views.catch_up()
    assert counted.loads == 2  # each worker read round 1's rows back once
    other.close()


def test_the_days_are_written_only_where_they_change(
    round_1: GcmProcess, views: Views, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = Counted(views, monkeypatch)
    round_1.postpone_session(PROCESS, "round-1", announced_on=LETTER_DATE, actor=CLERK)
    views.catch_up()
    assert counted.days_written == []
    venue(round_1, "Conference Room 1")
    views.catch_up()
    assert counted.days_written == ["UPDATE", "UPDATE"]  # in place: the dates stay
    rooms = views.db.execute("SELECT venue FROM session_days ORDER BY date").fetchall()
    assert rooms == [("Conference Room 1",), ("Conference Room 1",)]
    status = views.db.execute("SELECT status, version FROM sessions").fetchone()
    assert status == ("postponed", 3)


def test_a_reschedule_writes_the_days_that_moved_and_the_first_date(
    round_1: GcmProcess, views: Views, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = Counted(views, monkeypatch)
    days = [Day(date(2018, 2, 19), venue="GA Hall"), Day(date(2018, 2, 22), venue="Room 4")]
    round_1.reschedule_session(PROCESS, "round-1", days, announced_on=LETTER_DATE, actor=CLERK)
    views.catch_up()
    assert sorted(counted.days_written) == ["DELETE", "INSERT", "UPDATE"]
    written = views.db.execute("SELECT date, venue FROM session_days ORDER BY date").fetchall()
    assert written == [("2018-02-19", "GA Hall"), ("2018-02-22", "Room 4")]
    assert views.db.execute("SELECT first_date FROM sessions").fetchone() == ("2018-02-19",)


def test_rows_changed_by_hand_stop_the_catch_up_with_what_to_do(
    round_1: GcmProcess, views: Views, settings: Settings
) -> None:
    views.db.execute("UPDATE session_rows SET t_to = t_from + 1 WHERE t_to IS NULL")
    views.db.conn.commit()
    reached = views.position()
    other = Views(settings.views_path, round_1)  # reads round 1's rows back
    venue(round_1, "Conference Room 1")
    with pytest.raises(ViewsInconsistent, match="gcm-process rebuild"):
        other.catch_up()
    assert other.position() == reached  # nothing applied
    other.close()
