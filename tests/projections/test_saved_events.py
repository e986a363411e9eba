"""A catch-up after a write applies the events just saved, and reads the store otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from projections import Views
from projections.rebuild import rebuild
from projections.views import following
from tests.projections.conftest import CLERK, PROCESS, day, open_gcm, schedule
from tests.projections.test_rebuild_agreement import tables


@contextmanager
def store_reads(app: GcmProcess, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The start of every read of the log through ``app``'s recorder, while in the block."""
    starts: list[int] = []
    read = app.recorder.select_notifications

    def counted(*args: Any, **kwargs: Any) -> Any:
        starts.append(kwargs.get("start", args[0] if args else 0))
        return read(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(app.recorder, "select_notifications", counted)
        yield starts


def same_as_rebuilt(views: Views, app: GcmProcess, tmp_path: Path) -> bool:
    rebuild(tmp_path / "rebuilt.sqlite", app)
    return tables(views.path) == tables(tmp_path / "rebuilt.sqlite")


def test_a_catch_up_after_a_write_does_not_read_the_write_back(
    durable_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = GcmProcess.from_settings(durable_settings)
    views = Views.open(durable_settings, app)
    open_gcm(app)
    schedule(app, "round-1", day("2018-02-20", "Trusteeship Council Chamber"))
    views.catch_up()
    with store_reads(app, monkeypatch) as reads:
        app.change_venue(PROCESS, "round-1", "ECOSOC Chamber", actor=CLERK)
        assert views.catch_up() == app.last_position()
        app.postpone_session(PROCESS, "round-1", actor=CLERK, command_id="c-1")  # two events
        assert views.catch_up() == app.last_position()
    assert reads == []
    with store_reads(app, monkeypatch) as reads:  # nothing saved since: the store is read
        assert views.catch_up() == app.last_position()
    assert reads == [app.last_position() + 1]
    assert same_as_rebuilt(views, app, tmp_path)
    views.close()
    app.close()


def test_another_writers_event_in_between_is_read_from_the_store(
    durable_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = GcmProcess.from_settings(durable_settings)
    other = GcmProcess.from_settings(durable_settings)  # another node
    views = Views.open(durable_settings, app)
    open_gcm(app)
    schedule(app, "round-1", day("2018-02-20"))
    views.catch_up()
    reached = views.position()
    schedule(other, "round-2", day("2018-03-12"))
    with store_reads(app, monkeypatch) as reads:
        app.change_venue(PROCESS, "round-1", "ECOSOC Chamber", actor=CLERK)
        assert views.catch_up() == app.last_position()
    assert reads[0] == reached + 1
    assert same_as_rebuilt(views, app, tmp_path)
    views.close()
    other.close()
    app.close()


def test_workers_sharing_one_views_file_apply_each_event_once(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    """Two workers of a node (an application and views each, one file), writing and
    catching up in every order: each catch-up reaches its own write, nothing twice."""
    first = GcmProcess.from_settings(sqlite_settings)
    second = GcmProcess.from_settings(sqlite_settings)
    open_gcm(first)
    schedule(first, "round-1", day("2018-02-20", "Conference Room 4"))
    schedule(second, "round-2", day("2018-03-12", "Conference Room 4"))
    workers = [(first, Views.open(sqlite_settings, first))]
    workers.append((second, Views(sqlite_settings.views_path, second)))
    rooms = ("ECOSOC Chamber", "GA Hall")
    orders = [(0, 0, 1, 1), (0, 1, 0, 1), (0, 1, 1, 0), (1, 0, 0, 1), (1, 0, 1, 0)]
    for turn, order in enumerate(orders):
        wrote: set[int] = set()
        for worker in order:
            app, views = workers[worker]
            if worker not in wrote:
                slug = f"round-{worker + 1}"
                app.change_venue(PROCESS, slug, rooms[turn % 2], actor=CLERK)
                wrote.add(worker)
                mine = app.last_position()
            else:
                mine = views.position()
            assert views.catch_up() >= mine
    for _, views in workers:
        views.catch_up()
    assert same_as_rebuilt(workers[0][1], first, tmp_path)
    for app, views in workers:
        views.close()
        app.close()


def test_a_backlog_of_own_writes_is_read_from_the_store(
    durable_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Views behind before the latest write read the store, and so reach what another
    writer stored after that write too."""
    app = GcmProcess.from_settings(durable_settings)
    views = Views.open(durable_settings, app)
    open_gcm(app)
    schedule(app, "round-1", day("2018-02-20"))
    other = GcmProcess.from_settings(durable_settings)
    schedule(other, "round-2", day("2018-03-12"))
    with store_reads(app, monkeypatch) as reads:
        assert views.catch_up() == other.last_position()
    assert reads[0] == 1
    assert same_as_rebuilt(views, app, tmp_path)
    views.close()
    other.close()
    app.close()


def test_only_the_saved_events_right_after_the_position_are_used(app: GcmProcess) -> None:
    open_gcm(app)  # two saves: the process, its facilitator
    saved = app.take_saved()
    assert [n.id for n in saved] == [2] and app.take_saved() == []
    assert following(saved, 1) == saved
    assert following(saved, 2) == []
    assert following(saved, 0) == []  # event 1 is not among them: read the store
    app.schedule_session(
        PROCESS, "round-1", "other", "Round 1", [day("2018-02-20")], actor=CLERK, command_id="c"
    )
    both = app.take_saved()  # the session's event and the command's record, saved together
    assert [n.id for n in both] == [3, 4]
    assert following(both, 2) == both and following(both, 3) == both[1:]
    assert following([*saved, both[1]], 1) == []  # a gap
