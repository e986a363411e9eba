"""The cluster benchmark's quick mode still runs (a smoke test: figures are not asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "cluster.py"


@pytest.mark.slow
@pytest.mark.postgres
def test_the_quick_cluster_benchmark_runs(tmp_path: Path) -> None:
    if not os.environ.get("GCM_TEST_POSTGRES"):
        pytest.skip("GCM_TEST_POSTGRES is not set (.ci/run sets it)")
    output = tmp_path / "cluster.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--output", str(output)],
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    )
    figures = json.loads(output.read_text())
    assert json.loads(done.stdout) == figures
    assert figures["staleness"]["samples"] == 6 and figures["staleness"]["p95_ms"] > 0
    assert figures["one_node"]["writes"] > 0 and figures["three_nodes"]["writes"] > 0
    assert figures["ratios"]["three_vs_one_node_writes"] > 0
