"""The demo's record (the seed letter, imported) through the calendar and the report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from gcm_process.application import GcmProcess
from gcm_process.cli import main
from gcm_process.config import Settings
from tests.outputs.test_calendar import Subscriber, uid


def gcm(data_dir: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_demo_calendar_subscribes_and_follows_a_venue_change(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    gcm(data_dir, "demo", "--no-serve")
    client = Subscriber()
    client.refresh(gcm(data_dir, "calendar").encode())
    assert len(client.shown()) == 1 + 3 + 1 + 4 + 4 + 5 + 5 + 5
    opening = client.events[uid("zero-draft-presentation", 1)]
    assert opening.start.isoformat() == "2018-02-05T15:00:00-05:00"  # type: ignore[union-attr]

    app = GcmProcess.from_settings(Settings(data_dir))
    app.change_venue(
        "gcm-2018", "round-1", "Conference Room 1", [date(2018, 2, 22)], actor="clerk:test"
    )
    app.close()
    client.refresh(gcm(data_dir, "calendar").encode())
    moved = client.events[uid("round-1", 2)]
    assert moved.sequence == 1 and moved.location.startswith("Conference Room 1, ")
    assert client.events[uid("round-1", 1)].sequence == 0


def test_the_demo_report_is_a_page_for_an_auditor(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    gcm(data_dir, "demo", "--no-serve")
    page = gcm(data_dir, "report", "--format", "html")
    assert "<h1>Global Compact for Safe, Orderly and Regular Migration</h1>" in page
    assert "paragraph 27 of General Assembly resolution 71/280" in page
    assert "Jürg Lauber" in page and "Schedule (8 sessions)" in page
    assert "<td>2018-02-05</td><td>15:00-18:00</td><td>Trusteeship Council Chamber</td>" in page
