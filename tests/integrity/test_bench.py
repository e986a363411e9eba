"""The integrity benchmark's quick mode still runs (a smoke test: figures are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "integrity.py"


@pytest.mark.slow
def test_the_quick_benchmark_runs(tmp_path: Path) -> None:
    output = tmp_path / "integrity.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--output", str(output)],
        check=True,
        capture_output=True,
        text=True,
    )
    printed = json.loads(done.stdout.splitlines()[-1])
    assert printed == json.loads(output.read_text())
    assert set(printed["chain_cost"]) == {"without_per_s", "with_per_s", "ratio"}
    record = printed["record"]
    assert record["events"] == 2_000
    assert all(record[k] > 0 for k in ("verify_per_s", "hashlib_per_s", "restore_per_s"))
    assert "hashlib alone" in done.stdout and "target 0.5" in done.stdout
