"""The pages' benchmark runs, quick, and reports every figure the README quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench_runs import quick_figures


@pytest.mark.slow
def test_the_quick_benchmark_reports_its_figures(tmp_path: Path) -> None:
    found = quick_figures("pages", tmp_path)
    gcm, many = found["gcm_2018"], found["many"]
    for figures in (gcm, many):
        assert figures["ratio"] > 0 and figures["ratio_rendered"] > 0
        assert 0 < figures["page_p50_ms"] <= figures["page_p95_ms"]
        assert 0 < figures["page_rendered_p50_ms"] <= figures["page_rendered_p95_ms"]
    assert many["sessions"] == 50 and many["ghosts"] == 10
    assert 0 < many["inline_svg_bytes"] < many["svg_bytes"] < many["page_bytes"]
