"""Running a benchmark script quickly from a test, for the figures it writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[1] / "bench"


def quick_figures(name: str, tmp_path: Path, timeout: int = 300) -> dict[str, Any]:
    """Run ``bench/<name>.py --quick --rounds 1`` and read the figures it wrote."""
    out = tmp_path / f"{name}.json"
    subprocess.run(
        [sys.executable, str(BENCH / f"{name}.py"), "--quick", "--rounds", "1", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    found: dict[str, Any] = json.loads(out.read_text())
    return found
