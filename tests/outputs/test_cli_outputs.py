"""``gcm-process calendar`` and ``gcm-process report`` on a data directory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import vobject
from click.testing import CliRunner, Result

from gcm_process.application import GcmProcess
from gcm_process.cli import main
from gcm_process.config import Settings
from tests.outputs.conftest import change_round_2
from tests.outputs.gcm2018 import record_gcm


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    app = GcmProcess.from_settings(Settings(folder))
    record_gcm(app)
    change_round_2(app)
    app.close()
    yield folder


def gcm(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])


def test_calendar_prints_the_feed(data_dir: Path) -> None:
    result = gcm(data_dir, "calendar", "--base-url", "https://gcm.example.org")
    assert result.exit_code == 0, result.output
    calendar = vobject.readOne(result.stdout)
    events = calendar.contents["vevent"]
    assert len(events) == 28
    assert events[0].url.value.startswith("https://gcm.example.org/api/processes/gcm-2018/")
    then = gcm(data_dir, "calendar", "--known-on", "2018-02-01")
    assert then.exit_code == 0 and "SEQUENCE:1" not in then.stdout


def test_report_writes_each_format(data_dir: Path, tmp_path: Path) -> None:
    assert gcm(data_dir, "report").stdout.startswith("# Global Compact")
    page = tmp_path / "report.html"
    result = gcm(data_dir, "report", "--format", "html", "--output", str(page))
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "html report of gcm-2018, 11 changes" in result.stderr
    found = json.loads(
        gcm(data_dir, "report", "--format", "json", "--known-on", "2018-02-01").stdout
    )
    assert found["known_on"] == "2018-02-01" and len(found["changes"]) == 8
    rows = gcm(data_dir, "report", "--format", "csv", "--since", "2018-03-01").stdout
    assert rows.splitlines()[0].startswith("position,session,event") and len(rows.splitlines()) == 3


def test_a_long_replay_shows_a_progress_bar(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "replaying" not in gcm(data_dir, "report", "--format", "csv").stderr
    monkeypatch.setattr("projections.cli_report.PROGRESS_AFTER", 0)
    result = gcm(data_dir, "report", "--format", "csv")
    assert result.exit_code == 0 and "replaying" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--known-on", "March"], "known_on 'March' is not an ISO date"),
        (["report", "--as-of", "soon"], "as_of 'soon' is not an ISO date"),
        (["calendar", "--process", "nope"], "There is no process 'nope'."),
    ],
)
def test_bad_points_and_processes_are_refused(
    data_dir: Path, args: list[str], message: str
) -> None:
    result = gcm(data_dir, *args)
    assert result.exit_code != 0 and message in result.stderr
