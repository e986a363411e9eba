"""The views benchmark's quick mode still runs (a smoke test: figures are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "views.py"


@pytest.mark.slow
def test_the_quick_benchmark_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick"], check=True, capture_output=True, text=True
    )
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["rebuild"]["events"] >= 10_000
    assert set(report["latency"]) == {"1000", "10000"}


@pytest.mark.slow
def test_the_quick_rebuild_comparison_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH.with_name("rebuild_cpu.py")), "--quick"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "2,0" in done.stdout and "ratio 1.0" in done.stdout


@pytest.mark.slow
def test_the_quick_catch_up_benchmark_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH.with_name("catch_up.py")), "--quick"],
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["pages_per_catch_up"]["median"] > 0
    assert "session_events" in report["pages_per_catch_up"]["by_table_or_index"]
    assert report["copy"]["record_us"] > 0
