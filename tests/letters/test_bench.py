"""The importer's benchmark runs, quick, and reports every figure the README quotes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "letters.py"


@pytest.mark.slow
def test_the_quick_benchmark_reports_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "letters.json"
    subprocess.run([sys.executable, str(BENCH), "--quick", "--out", str(out)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    found = json.loads(out.read_text())
    assert set(found["sizes"]) == {"10 KB", "200 KB"}
    for row in found["sizes"].values():
        assert row["chars_per_s"] > 0 and 0 < row["ratio_to_baseline"] < 1
        assert row["peak_mb"] > 0 and row["commands_and_warnings"] > 0
    assert found["http"]["plan_200k_chars_s"] > 0 and found["http"]["refuse_760kb_ms"] > 0
