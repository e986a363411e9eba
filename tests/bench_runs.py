"""Running a benchmark script quickly from a test, for the figures it writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[1] / "bench"


def quick_run(
    name: str, tmp_path: Path, *options: str, output: str = "--out", timeout: int = 300
) -> tuple[dict[str, Any], str]:
    """Run ``bench/<name>.py --quick`` with ``options``; the figures it wrote (to the file
    its option ``output`` names) and what it printed."""
    out = tmp_path / f"{name}.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / f"{name}.py"), "--quick", *options, output, str(out)],
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    found: dict[str, Any] = json.loads(out.read_text())
    return found, done.stdout


def quick_figures(name: str, tmp_path: Path, timeout: int = 300) -> dict[str, Any]:
    """Run ``bench/<name>.py --quick --rounds 1`` and read the figures it wrote."""
    return quick_run(name, tmp_path, "--rounds", "1", timeout=timeout)[0]
