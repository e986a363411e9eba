"""The views' commands through the command line, on a SQLite data directory."""

from __future__ import annotations

import json
import shutil
import threading
import time
from datetime import date

import pytest
from click.testing import CliRunner

from gcm_process.application import GcmProcess
from gcm_process.cli import main
from gcm_process.config import Settings
from projections import Views, rebuild_part
from projections import rebuild as rebuild_module
from tests.projections.conftest import CLERK, PROCESS, day, open_gcm, schedule


@pytest.fixture
def data_dir(sqlite_settings: Settings) -> str:
    app = GcmProcess.from_settings(sqlite_settings)
    open_gcm(app)
    schedule(app, "round-1", day("2018-02-20", "Trusteeship Council Chamber"))
    app.change_venue(
        PROCESS, "round-1", "ECOSOC Chamber", announced_on=date(2018, 2, 10), actor=CLERK
    )
    app.close()
    return str(sqlite_settings.data_dir)


def run(data_dir: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--data-dir", data_dir, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_timeline_json_is_identical_before_and_after_rebuild(data_dir: str) -> None:
    before = run(data_dir, "timeline", "--json")
    assert json.loads(before)["sessions"][0]["days"][0]["venue"] == "ECOSOC Chamber"
    assert "Rebuilt the views up to event 4" in run(data_dir, "rebuild")
    assert run(data_dir, "timeline", "--json") == before


def test_a_rebuild_whose_part_fails_says_so_and_keeps_the_views(
    data_dir: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = run(data_dir, "timeline", "--json")
    monkeypatch.setattr(rebuild_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(rebuild_module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(rebuild_part.sys, "executable", shutil.which("false"))
    result = CliRunner().invoke(main, ["--data-dir", data_dir, "rebuild"])
    assert result.exit_code == 1
    assert "The views were not rebuilt (a rebuild part ended with code 1" in result.output
    assert "the views in use are unchanged" in result.output
    assert run(data_dir, "timeline", "--json") == before


def test_timeline_table_and_as_announced(data_dir: str) -> None:
    table = run(data_dir, "timeline", "--known-on", "2018-02-01")
    assert "round-1" in table and "Trusteeship Council Chamber" in table
    assert "ECOSOC" not in table


def test_changes_since_a_date(data_dir: str) -> None:
    found = json.loads(run(data_dir, "changes", "--since", "2018-02-01", "--json"))
    assert [c["event"] for c in found["changes"]] == ["VenueChanged"]
    assert "VenueChanged" in run(data_dir, "changes", "--session", "round-1")


def test_bad_points_and_names_are_clear_errors(data_dir: str) -> None:
    result = CliRunner().invoke(main, ["--data-dir", data_dir, "timeline", "--as-of", "soon"])
    assert result.exit_code == 2 and "as_of 'soon' is not an ISO date" in result.output
    result = CliRunner().invoke(main, ["--data-dir", data_dir, "changes", "--session", "x"])
    assert result.exit_code == 1 and "has no session 'x'" in result.output


def test_follow_applies_events_written_elsewhere_and_resumes(
    data_dir: str, sqlite_settings: Settings
) -> None:
    run(data_dir, "timeline")
    elsewhere = GcmProcess.from_settings(sqlite_settings)  # no views: another node's writes
    schedule(elsewhere, "round-2", day("2018-03-12"))

    def once_caught_up() -> None:  # another write, once the follower has resumed
        watcher = Views(sqlite_settings.views_path, elsewhere)
        while watcher.position() < 5:
            time.sleep(0.01)
        watcher.close()
        schedule(elsewhere, "round-3", day("2018-04-12"))

    later = threading.Thread(target=once_caught_up)
    later.start()
    result = CliRunner().invoke(
        main, ["--data-dir", data_dir, "follow", "--interval", "0.01", "--stop-after", "1"]
    )
    later.join()
    assert result.exit_code == 0, result.output
    assert "Views at event 5; following" in result.output  # resumed from 4, caught up
    assert "Views at event 6." in result.output  # then followed
    reader = Views(sqlite_settings.views_path, elsewhere)
    assert reader.position() == 6
    reader.close()
    elsewhere.close()


def test_a_rebuild_in_parts_shows_the_steps_after_its_fold(
    data_dir: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rebuild_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(rebuild_module.os, "cpu_count", lambda: 2)
    shown = run(data_dir, "rebuild")
    # the other part's rows, the seven deferred indexes, the statistics
    assert "finish: 100%" in shown and "9/9" in shown, shown
    assert "Rebuilt the views up to event 4" in shown


def test_views_changed_by_hand_are_a_clear_error_and_verify_says_so(
    data_dir: str, sqlite_settings: Settings
) -> None:
    run(data_dir, "timeline", "--json")  # the views are made
    app = GcmProcess.from_settings(sqlite_settings)
    views = Views(sqlite_settings.views_path, app)
    views.db.execute("UPDATE session_rows SET t_to = t_from + 1 WHERE t_to IS NULL")
    views.db.conn.commit()
    views.close()
    app.change_venue(PROCESS, "round-1", "GA Hall", announced_on=date(2018, 2, 12), actor=CLERK)
    app.close()
    result = CliRunner().invoke(main, ["--data-dir", data_dir, "timeline"])
    assert result.exit_code == 1
    assert "run 'gcm-process rebuild'" in result.output and "Traceback" not in result.output
    verified = CliRunner().invoke(main, ["--data-dir", data_dir, "verify"])
    assert verified.exit_code == 1 and "latest row from day" in verified.output
    assert "Rebuilt the views" in run(data_dir, "rebuild")
    assert "GA Hall" in run(data_dir, "timeline")
