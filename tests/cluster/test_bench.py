"""The cluster benchmark's quick mode still runs (a smoke test: figures are not asserted)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.bench_runs import quick_run


@pytest.mark.slow
@pytest.mark.postgres
def test_the_quick_cluster_benchmark_runs(tmp_path: Path) -> None:
    if not os.environ.get("GCM_TEST_POSTGRES"):
        pytest.skip("GCM_TEST_POSTGRES is not set (.ci/run sets it)")
    figures, printed = quick_run("cluster", tmp_path, output="--output", timeout=180)
    assert json.loads(printed) == figures
    assert figures["staleness"]["samples"] == 6 and figures["staleness"]["p95_ms"] > 0
    assert figures["one_node"]["writes"] > 0 and figures["three_nodes"]["writes"] > 0
    assert figures["ratios"]["three_vs_one_node_writes"] > 0
