"""The outputs' benchmark runs, quick, and reports every figure the README quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench_runs import quick_figures


@pytest.mark.slow
def test_the_quick_benchmark_reports_its_figures(tmp_path: Path) -> None:
    found = quick_figures("outputs", tmp_path)
    report, calendar = found["report"], found["calendar"]
    assert report["events"] >= 20_000 and report["changes"] >= 19_000
    assert report["replay_events_per_s"] > 0 and report["decode_only_events_per_s"] > 0
    assert report["peak_mb"] < 200
    assert calendar["sessions"] == 100 and calendar["bytes"] > 100_000
    assert 0 < calendar["not_modified_p95_ms"] < calendar["generate_p95_ms"]
