"""The integrity benchmark's quick mode still runs (a smoke test: figures are not asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bench_runs import quick_run


@pytest.mark.slow
def test_the_quick_benchmark_runs(tmp_path: Path) -> None:
    figures, done = quick_run("integrity", tmp_path, output="--output")
    printed = json.loads(done.splitlines()[-1])
    assert printed == figures
    assert set(printed["chain_cost"]) == {"without_per_s", "with_per_s", "ratio"}
    record = printed["record"]
    assert record["events"] == 2_000
    assert all(record[k] > 0 for k in ("verify_per_s", "hashlib_per_s", "restore_per_s"))
    assert "hashlib alone" in done and "target 0.5" in done
