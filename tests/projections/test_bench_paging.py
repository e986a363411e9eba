"""The paging benchmark's quick mode still runs (a smoke test: figures are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "paging.py"


@pytest.mark.slow
def test_the_quick_paging_benchmark_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--rounds", "5"],
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout.splitlines()[-1])
    assert set(report) == {"1000", "10000"}
    for size in report.values():
        assert size["worker_rss_mb"]["peak"] > 0
        assert {"changes, page 1,000", "history, page 1,000"} <= set(size)
