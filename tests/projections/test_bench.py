"""The views benchmarks' quick modes still run (smoke tests: figures are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def quick(script: str) -> str:
    """What ``bench/<script> --quick`` prints (it must succeed)."""
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--quick"], check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.mark.slow
def test_the_quick_benchmark_runs() -> None:
    report = json.loads(quick("views.py").splitlines()[-1])
    assert report["rebuild"]["events"] >= 10_000
    assert set(report["latency"]) == {"1000", "10000"}


@pytest.mark.slow
def test_the_quick_rebuild_comparison_runs() -> None:
    shown = quick("rebuild_cpu.py")
    assert "2,0" in shown and "ratio 1.0" in shown


@pytest.mark.slow
def test_the_quick_catch_up_benchmark_runs() -> None:
    report = json.loads(quick("catch_up.py").splitlines()[-1])
    assert report["pages_per_catch_up"]["median"] > 0
    assert "session_events" in report["pages_per_catch_up"]["by_table_or_index"]
    assert report["copy"]["record_us"] > 0
