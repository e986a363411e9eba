"""Every report format prints the record fingerprint, so two printed reports can be compared."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.integrity.record import verify_record
from projections.report import Report, build_report
from projections.report.fingerprint import stamped
from tests.integrity.records import cli, make_record


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_every_report_format_names_the_record_it_replayed(
    sqlite_settings: Settings, fmt: str
) -> None:
    make_record(sqlite_settings)
    printed = str(verify_record(sqlite_settings).fingerprint)
    result = cli(sqlite_settings, "report", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.output)["record_fingerprint"] == printed
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert rows and {r["record_fingerprint"] for r in rows} == {printed}
    else:
        assert f"Record fingerprint: {'<code>' if fmt == 'html' else '`'}{printed}" in result.output
    # The fingerprint a report printed is one verify can hold the record to.
    assert cli(sqlite_settings, "verify", "--expect", printed).exit_code == 0
    app = GcmProcess.from_settings(sqlite_settings)
    try:
        app.open_process("later", "Later", actor="clerk:test")
    finally:
        app.close()
    assert cli(sqlite_settings, "verify", "--expect", printed).exit_code == 0
    assert cli(sqlite_settings, "report", "--format", fmt).output != result.output


def test_a_report_on_the_memory_store_has_no_fingerprint(gcm: GcmProcess) -> None:
    with build_report(gcm, "gcm-2018") as report:
        assert report.fingerprint is None


def test_a_report_is_replayed_again_when_a_write_came_in_meanwhile(
    sqlite_settings: Settings,
) -> None:
    """It names exactly the history it shows: the fingerprint of the log after the write."""
    make_record(sqlite_settings)
    app = GcmProcess.from_settings(sqlite_settings)
    replays: list[int] = []

    def replay() -> Report:
        replays.append(app.last_position())
        if len(replays) == 1:
            app.open_process("later", "Later", announced_on=date(2018, 3, 1), actor="clerk:test")
        return build_report(app, "gcm-2018")

    try:
        with stamped(app, replay) as report:
            assert len(replays) == 2 and replays[1] > replays[0]
            assert report.fingerprint == str(verify_record(sqlite_settings).fingerprint)
    finally:
        app.close()
