"""``gcm-process history`` and the global options, on a SQLite data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gcm_process import __version__
from gcm_process.application import GcmProcess
from gcm_process.cli import COMMANDS, main
from gcm_process.config import Settings
from tests.factories import open_gcm, tell_round_1_story


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    """A data directory holding gcm-2018 and the five events of round 1's story."""
    app = GcmProcess.from_settings(Settings(tmp_path / "data"))
    try:
        open_gcm(app)
        tell_round_1_story(app)
    finally:
        app.close()
    return str(tmp_path / "data")


def test_history_prints_every_event_with_its_metadata(data_dir: str) -> None:
    result = run("--data-dir", data_dir, "history", "round-1")
    assert result.exit_code == 0, result.output
    header, rule, *rows = result.output.splitlines()
    assert header.split() == [
        "version", "event", "announced", "recorded", "at", "(UTC)", "actor", "source", "what",
    ]  # fmt: skip
    assert set(rule) == {"-", " "}
    assert [r.split()[:3] for r in rows] == [
        ["1", "Scheduled", "2018-01-30"],
        ["2", "VenueChanged", "2018-02-10"],
        ["3", "Rescheduled", rows[2].split()[2]],
        ["4", "Cancelled", "2018-02-20"],
        ["5", "Rescheduled", rows[4].split()[2]],
    ]
    assert "letter-2018-02-10" in rows[1] and "clerk:ana" in rows[1]
    assert "venue=Conference Room 1; dates=2018-02-22" in rows[1]
    assert "2018-02-20 Trusteeship Council Chamber; 2018-02-22 Conference Room 4" in rows[0]
    assert "reason=no quorum" in rows[3]


def test_history_as_json(data_dir: str) -> None:
    result = run("--data-dir", data_dir, "history", "round-1", "--json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert (printed["process"], printed["session"]) == ("gcm-2018", "round-1")
    events = printed["events"]
    assert [e["version"] for e in events] == [1, 2, 3, 4, 5]
    moved = events[1]
    assert {k: moved[k] for k in ("event", "topic", "announced_on", "source", "actor")} == {
        "event": "VenueChanged",
        "topic": "gcm.Session.VenueChanged",
        "announced_on": "2018-02-10",
        "source": "letter-2018-02-10",
        "actor": "clerk:ana",
    }
    assert moved["data"] == {"venue": "Conference Room 1", "dates": ["2018-02-22"]}
    assert moved["recorded_at"].endswith("+00:00")
    assert len(moved["command_id"]) == 32


def test_the_data_directory_may_come_from_the_environment(data_dir: str) -> None:
    result = run("history", "round-1", "--process", "gcm-2018", env={"GCM_DATA_DIR": data_dir})
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 2 + 5


def test_unknown_names_are_clear_errors(data_dir: str) -> None:
    unknown_session = run("--data-dir", data_dir, "history", "round-9")
    assert unknown_session.exit_code == 1
    assert "Error: Process 'gcm-2018' has no session 'round-9'." in unknown_session.output
    unknown_process = run("--data-dir", data_dir, "history", "round-1", "--process", "gcm-2019")
    assert unknown_process.exit_code == 1
    assert "There is no process 'gcm-2019'." in unknown_process.output
    assert "Traceback" not in unknown_session.output + unknown_process.output


def test_the_process_must_be_named_when_there_are_several(data_dir: str) -> None:
    app = GcmProcess.from_settings(Settings(Path(data_dir)))
    app.open_process("gcr-2018", "Global Compact on Refugees", actor="clerk:test")
    app.close()
    result = run("--data-dir", data_dir, "history", "round-1")
    assert result.exit_code == 1
    assert "Name the process with --process: one of gcm-2018, gcr-2018." in result.output
    assert run("--data-dir", data_dir, "history", "round-1", "--process", "gcm-2018").exit_code == 0


def test_an_empty_record_says_so(tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path / "empty"), "history", "round-1")
    assert result.exit_code == 1
    assert "The record holds no process yet" in result.output


def test_help_lists_every_command_and_each_has_its_own(tmp_path: Path) -> None:
    result = run("--help")
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1]
    for name in COMMANDS:
        assert f"  {name} " in listed or listed.rstrip().endswith(f"  {name}"), name
        own = run("--data-dir", str(tmp_path), name, "--help")
        assert own.exit_code == 0, (name, own.output)
        assert own.output.startswith(f"Usage: main {name}") or f" {name} " in own.output


def test_the_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.output.strip()) == (0, f"gcm-process, version {__version__}")


def test_a_damaged_event_store_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "events.sqlite").write_bytes(b"this is not a database" * 100)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "history", "round-1"])
    assert result.exit_code == 1
    assert "The record could not be read (file is not a database)" in result.output
    assert "Traceback" not in result.output
