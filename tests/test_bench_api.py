"""The HTTP benchmark's quick mode still runs, both servers and all five loads (a smoke test:
figures are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "api.py"


@pytest.mark.slow
def test_the_quick_http_benchmark_runs(tmp_path: Path) -> None:
    output = tmp_path / "api.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--clients", "2", "--output", str(output)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    result = json.loads(output.read_text())
    assert set(result["figures"]) == {"healthz", "timeline", "venue", "trivial_get", "trivial_post"}
    assert all(f["requests"] > 0 and f["rps"] > 0 for f in result["figures"].values())
    assert set(result["targets"]) == {"timeline_vs_trivial_get", "venue_vs_trivial_post"}
    assert "trivial durable POST" in done.stdout
