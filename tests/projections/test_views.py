"""The views' life: exactly once, concurrent catch-up, crashes, migrations, rebuilds."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.point import Point
from projections import Views, queries, rebuild, schema
from projections import views as views_module
from projections.replay import replay_timeline
from tests.projections.conftest import CLERK, PROCESS, day, listed, open_gcm, schedule


def fill(app: GcmProcess, rounds: int = 3) -> None:
    open_gcm(app)
    for n in range(1, rounds + 1):
        schedule(app, f"round-{n}", day(f"2018-0{n + 1}-12", "Conference Room 4"))
        app.change_venue(PROCESS, f"round-{n}", "ECOSOC Chamber", actor=CLERK)


def count(db: Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_catching_up_twice_changes_nothing(settings: Settings, app: GcmProcess) -> None:
    fill(app)
    views = Views(settings.views_path, app)
    assert views.catch_up(batch=2) == app.last_position() == views.catch_up()
    assert count(views.db, "session_events") == 6
    assert queries.timeline(views.db, PROCESS) == replay_timeline(app, PROCESS)
    views.close()


def test_a_crash_half_way_through_a_batch_leaves_nothing_of_it(
    settings: Settings, app: GcmProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(app)
    app.issue_letter(PROCESS, "letter-1", date(2018, 2, 1), "Venue", "Text.", actor=CLERK)
    views = Views(settings.views_path, app)

    def crash(*args: Any) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr("projections.projector._apply_other", crash)
        with pytest.raises(OSError):
            views.catch_up()
    assert views.position() == 0
    assert count(views.db, "session_events") == count(views.db, "processes") == 0
    assert views.catch_up() == app.last_position()
    assert count(views.db, "session_events") == 6 and count(views.db, "letters") == 1
    views.close()


def test_two_processes_catching_up_at_once_apply_each_event_once(
    sqlite_settings: Settings,
) -> None:
    writer = GcmProcess.from_settings(sqlite_settings)
    fill(writer, rounds=5)
    positions: list[int] = []

    def follow() -> None:
        app = GcmProcess.from_settings(sqlite_settings)
        views = Views(sqlite_settings.views_path, app)
        positions.append(views.catch_up(batch=1))
        views.close()
        app.close()

    Views(sqlite_settings.views_path, writer).close()  # the schema, created once
    threads = [threading.Thread(target=follow) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert positions == [writer.last_position()] * 4
    views = Views.open(sqlite_settings, writer)
    assert count(views.db, "session_events") == 10
    assert queries.timeline(views.db, PROCESS) == replay_timeline(writer, PROCESS)
    views.close()
    writer.close()


def test_an_older_schema_is_migrated_on_open(settings: Settings, app: GcmProcess) -> None:
    settings.views_path.parent.mkdir(parents=True)
    old = Database(settings.views_path)
    schema.migrate(old, stop_before="002_letters_fts")
    assert "letters_fts" not in old.table_names()
    old.close()
    fill(app, rounds=1)
    app.issue_letter(PROCESS, "letter-1", date(2018, 2, 1), "Venue", "Rooms.", actor=CLERK)
    views = Views.open(settings, app)
    assert [x["slug"] for x in queries.letters(views.db, PROCESS, q="rooms")] == ["letter-1"]
    views.close()


def test_views_from_before_reasons_were_kept_are_refilled_on_open(
    settings: Settings, app: GcmProcess
) -> None:
    fill(app, rounds=1)
    app.postpone_session(PROCESS, "round-1", "Budget review", actor=CLERK)
    views = Views.open(settings, app)
    # As views made before migration 004 held them: states without a reason.
    views.db.execute("UPDATE session_states SET json = json_remove(json, '$.reason')")
    views.db.execute("DELETE FROM _sqlite_migrations WHERE name = '004_session_reason'")
    views.db.conn.commit()
    views.close()
    views = Views.open(settings, app)
    (found,) = queries.timeline(views.db, PROCESS)["sessions"]
    assert (found["status"], found["reason"]) == ("postponed", "Budget review")
    assert queries.timeline(views.db, PROCESS) == replay_timeline(app, PROCESS)
    views.close()


def test_views_with_ids_counted_one_by_one_are_refilled_on_open(
    settings: Settings, app: GcmProcess
) -> None:
    fill(app, rounds=1)
    views = Views.open(settings, app)
    expected = queries.timeline(views.db, PROCESS)
    # As views made before migration 007 numbered them: 1, 2, 3...
    views.db.execute(
        "UPDATE session_rows SET id = (SELECT count(*) FROM session_rows r WHERE r.id <= "
        "session_rows.id)"
    )
    views.db.execute("DELETE FROM _sqlite_migrations WHERE name = '007_ids_from_positions'")
    views.db.conn.commit()
    views.close()
    views = Views.open(settings, app)
    assert min(row[0] for row in views.db.execute("SELECT id FROM session_rows")) >= 1 << 20
    assert queries.timeline(views.db, PROCESS) == expected
    views.close()


def test_views_ahead_of_the_store_are_rebuilt_not_trusted(tmp_path: Path) -> None:
    config = Settings(tmp_path, "memory")
    first = GcmProcess.from_settings(config)
    fill(first, rounds=3)
    Views.open(config, first).close()
    restored = GcmProcess.from_settings(config)  # another, shorter event store
    fill(restored, rounds=1)
    views = Views.open(config, restored)
    assert views.position() == restored.last_position()
    assert [s["slug"] for s in queries.sessions(views.db, PROCESS)] == ["round-1"]
    views.close()


def test_rebuild_swaps_in_an_identical_file(
    settings: Settings, app: GcmProcess, views: Views
) -> None:
    fill(app)
    views.catch_up()
    before = queries.timeline(views.db, PROCESS, Point(known_on=date(2018, 1, 30)))
    changes = queries.changes(views.db, PROCESS)
    assert views.rebuild() == app.last_position()
    assert queries.timeline(views.db, PROCESS, Point(known_on=date(2018, 1, 30))) == before
    assert queries.changes(views.db, PROCESS) == changes
    schedule(app, "round-9", day("2018-07-09"))  # the rebuilt views catch up as before
    views.catch_up()
    assert queries.session(views.db, PROCESS, "round-9")["version"] == 1


def test_a_failed_rebuild_leaves_the_old_views_serving(
    settings: Settings, app: GcmProcess, views: Views, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(app)
    views.catch_up()

    def fail(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(rebuild, "project", fail)
    with pytest.raises(OSError):
        views.rebuild()
    # nothing of the new file is left: only the link to the file in use
    assert listed(settings.views_path.parent) == ["views.sqlite"]
    assert queries.timeline(views.db, PROCESS) == replay_timeline(app, PROCESS)


def test_a_file_swapped_by_another_process_is_reopened(
    settings: Settings, app: GcmProcess, views: Views
) -> None:
    fill(app)
    rebuild.rebuild(settings.views_path, app)
    schedule(app, "round-9", day("2018-07-09"))
    assert views_module.BATCH > 1 and views.catch_up() == app.last_position()
    assert "round-9" in [s["slug"] for s in queries.sessions(views.db, PROCESS)]


def test_views_far_behind_the_store_are_rebuilt_rather_than_caught_up(
    settings: Settings, app: GcmProcess, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fill(app)
    rebuilt: list[int] = []
    real_rebuild = Views.rebuild

    def spy(self: Views, progress: bool = False) -> int:
        rebuilt.append(app.last_position())
        return real_rebuild(self, progress)

    monkeypatch.setattr(Views, "rebuild", spy)
    monkeypatch.setattr(views_module, "REBUILD_WHEN_BEHIND", app.last_position() - 1)
    opened = Views.open(settings, app)
    try:
        assert rebuilt == [app.last_position()]
        assert opened.position() == app.last_position()
        assert queries.timeline(opened.db, PROCESS) == replay_timeline(app, PROCESS)
    finally:
        opened.close()
    monkeypatch.setattr(views_module, "REBUILD_WHEN_BEHIND", app.last_position())
    near = Views.open(Settings(tmp_path / "near", "memory"), app)
    try:
        assert rebuilt == [app.last_position()], "caught up, not rebuilt"
        assert near.position() == app.last_position()
    finally:
        near.close()
