"""The core benchmark's quick mode still runs (a smoke test: figures are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "core.py"


@pytest.mark.slow
def test_the_quick_benchmark_runs(tmp_path: Path) -> None:
    output = tmp_path / "core.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--store", "sqlite", "--output", str(output)],
        check=True,
        capture_output=True,
        text=True,
    )
    printed = json.loads(done.stdout.splitlines()[-1])
    assert printed == json.loads(output.read_text())
    figures = printed["stores"]["sqlite"]
    assert set(figures["per_second"]) == {
        "library_commands",
        "app_commands",
        "app_commands_with_id",
        "library_batch",
        "app_batch",
    }
    assert all(rate > 0 for rate in figures["per_second"].values())
    assert set(figures["ratios"]) == {
        "single_commands",
        "single_commands_with_id",
        "batched_events",
    }
    assert "single commands" in done.stdout and "the target 0.8" in done.stdout
    latency = figures["latency"]
    assert set(latency["by_prior_events"]) == {"10", "300"}
    for sides in latency["by_prior_events"].values():
        assert set(sides) == {"library", "application", "application_with_views", "reading_back"}
        assert all(0 < side["p50_ms"] <= side["p95_ms"] for side in sides.values())
    assert latency["flatness_p95"] > 0 and latency["read_your_writes_ratio"] > 0
    assert latency["read_your_writes_ratio_reading_back"] > 0
    assert "flatness (p95 at the most / the fewest prior events)" in done.stdout
