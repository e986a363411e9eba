"""Reports replayed from the event log: contents, formats, points on both axes."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest

from gcm_process.application import GcmProcess
from gcm_process.domain.errors import ProcessNotFound
from gcm_process.domain.point import NOW, Point
from projections.replay import replay_timeline
from projections.report import build_report, render
from tests.outputs.conftest import change_round_2
from tests.outputs.gcm2018 import P


def rendered(app: GcmProcess, fmt: str, point: Point = NOW) -> str:
    out = io.StringIO()
    with build_report(app, P, point) as report:
        render(report, fmt, out)
    return out.getvalue()


def test_the_report_holds_process_schedule_changes_drafts_and_letters(gcm2018: GcmProcess) -> None:
    change_round_2(gcm2018)
    with build_report(gcm2018, P) as report:
        assert report.process.title == "Global Compact for Safe, Orderly and Regular Migration"
        assert report.process.mandate == "paragraph 27 of General Assembly resolution 71/280"
        assert [f.delegation for f in report.process.facilitators] == ["Mexico", "Switzerland"]
        assert [s.slug for s in report.sessions][:3] == [
            "zero-draft-presentation",
            "round-1",
            "pga-hearing-2018-02-21",
        ]
        changes = list(report.changes)
        assert [d.slug for d in report.drafts] == ["zero-draft"]
        assert report.drafts[0].presentations == [("zero-draft-presentation", date(2018, 2, 5))]
        assert [x.slug for x in report.letters] == ["co-facilitators-2018-01-30", "pga-2018-01-30"]
    assert len(changes) == 8 + 3
    moved, venue, cancelled = changes[-3:]
    assert moved.session == "round-2" and moved.what == "rescheduled: room unavailable"
    assert moved.before.startswith("2018-03-12 Trusteeship Council Chamber;")
    assert moved.after.startswith("2018-03-13 Trusteeship Council Chamber;")
    assert (venue.before, venue.after) == (
        "2018-04-04 Conference Room 2",
        "2018-04-04 Conference Room 4",
    )
    assert (cancelled.before, cancelled.after) == ("scheduled", "cancelled")
    assert cancelled.actor == "clerk:other" and cancelled.source == "letter-2018-06-01"
    assert cancelled.announced_on == date(2018, 6, 1)


def test_the_schedule_at_every_recorded_time_and_announced_date_is_the_replayed_timeline(
    gcm2018: GcmProcess,
) -> None:
    change_round_2(gcm2018)
    # Back-filled: recorded last, announced before the other changes.
    gcm2018.postpone_session(P, "round-5", announced_on=date(2018, 2, 1), actor="clerk:late")
    times = [
        entry.recorded_at
        for slug in ("round-2", "round-3", "round-5", "round-6")
        for entry in gcm2018.session_history(P, slug)
    ]
    dates = [None, date(2018, 1, 29), date(2018, 1, 30), date(2018, 2, 1), date(2018, 3, 20)]
    for as_of in [None, *times, *(t - timedelta(microseconds=1) for t in times)]:
        for known_on in dates:
            with build_report(gcm2018, P, Point(as_of, known_on)) as report:
                sessions = [s.as_json() for s in report.sessions]
            expected = replay_timeline(gcm2018, P, Point(as_of, known_on))["sessions"]
            assert sessions == expected, (as_of, known_on)


def test_since_keeps_the_changes_announced_on_or_after_it(gcm2018: GcmProcess) -> None:
    change_round_2(gcm2018)
    with build_report(gcm2018, P, since=date(2018, 3, 1)) as report:
        assert [c.session for c in report.changes] == ["round-3", "round-6"]
        assert len(report.sessions) == 8


def test_a_point_before_anything_was_announced_has_an_empty_schedule(gcm2018: GcmProcess) -> None:
    with build_report(gcm2018, P, Point(known_on=date(2018, 1, 1))) as report:
        assert report.sessions == [] and len(report.changes) == 0
        assert report.process.title.startswith("Global Compact")
        assert report.process.facilitators == []


def test_markdown_has_the_tables_people_read(gcm2018: GcmProcess) -> None:
    change_round_2(gcm2018)
    text = rendered(gcm2018, "md")
    assert text.startswith("# Global Compact for Safe, Orderly and Regular Migration\n")
    assert "| Round 1 (day 2 of 3) | negotiation round 1 | scheduled | 2018-02-22 |  |" in text
    assert "| Presentation of the zero draft | informal meeting | scheduled | 2018-02-05 |" in text
    assert "## Changes (11)" in text
    assert "Juan José Gómez Camacho, Ambassador and Permanent Representative, Mexico" in text


def test_html_is_one_self_contained_printable_page(gcm2018: GcmProcess) -> None:
    change_round_2(gcm2018)
    page = rendered(gcm2018, "html")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "@media print" in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"(src|href)=|url\(|@import", page)
    assert page.count("<table>") == 4
    assert '<tr class="cancelled"><td>Round 6 (day 1 of 5)</td>' in page


def test_html_escapes_what_the_record_says(gcm2018: GcmProcess) -> None:
    gcm2018.cancel_session(P, "round-4", "<script>alert(1)</script>", actor="clerk:test")
    page = rendered(gcm2018, "html")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_csv_is_the_change_log_for_spreadsheets(gcm2018: GcmProcess) -> None:
    change_round_2(gcm2018)
    rows = list(csv.DictReader(io.StringIO(rendered(gcm2018, "csv"))))
    assert len(rows) == 11
    assert rows[-1]["session"] == "round-6" and rows[-1]["after"] == "cancelled"
    assert rows[-1]["announced_on"] == "2018-06-01" and rows[-1]["actor"] == "clerk:other"


def test_json_is_the_whole_report_for_machines(gcm2018: GcmProcess) -> None:
    change_round_2(gcm2018)
    found = json.loads(rendered(gcm2018, "json", Point(known_on=date(2018, 3, 1))))
    assert found["known_on"] == "2018-03-01"
    assert (
        found["sessions"]
        == replay_timeline(gcm2018, P, Point(known_on=date(2018, 3, 1)))["sessions"]
    )
    assert [c["session"] for c in found["changes"]][-1] == "round-2"
    assert found["process"]["facilitators"][1]["name"] == "Jürg Lauber"
    assert found["letters"][1]["encloses"] == ["co-facilitators-2018-01-30"]


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_the_same_history_gives_the_same_bytes(gcm2018: GcmProcess, fmt: str) -> None:
    change_round_2(gcm2018)
    assert rendered(gcm2018, fmt) == rendered(gcm2018, fmt)


def test_a_long_change_log_is_spooled_to_disk_and_read_back_in_order(
    gcm2018: GcmProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("projections.report.model.SPOOL_IN_MEMORY", 100)
    monkeypatch.setattr("projections.report.model.CHUNK", 3)
    change_round_2(gcm2018)
    with build_report(gcm2018, P) as report:
        assert report.changes._file._rolled  # type: ignore[attr-defined]
        first = [c.position for c in report.changes]
        assert len(first) == 11 and first == sorted(first)
        assert first == [c.position for c in report.changes]


def test_an_unknown_process_has_no_report(app: GcmProcess) -> None:
    with pytest.raises(ProcessNotFound):
        build_report(app, "nope")
