"""The pages' benchmark runs, quick, and reports every figure the README quotes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "pages.py"


@pytest.mark.slow
def test_the_quick_benchmark_reports_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "pages.json"
    subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--rounds", "1", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    found = json.loads(out.read_text())
    gcm, many = found["gcm_2018"], found["many"]
    for figures in (gcm, many):
        assert figures["ratio"] > 0 and figures["ratio_rendered"] > 0
        assert 0 < figures["page_p50_ms"] <= figures["page_p95_ms"]
        assert 0 < figures["page_rendered_p50_ms"] <= figures["page_rendered_p95_ms"]
    assert many["sessions"] == 50 and many["ghosts"] == 10
    assert 0 < many["inline_svg_bytes"] < many["svg_bytes"] < many["page_bytes"]
