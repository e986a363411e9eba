"""The contract run: schemathesis with every check against a served API.

The API is served by gunicorn on a fresh data directory holding the seed
letter (imported through the API), and ``schemathesis run --checks all`` tests
every operation of ``/api/openapi.json`` in all its phases (examples, coverage,
fuzzing, and stateful sequences along the document's links), with the
statuses and hooks of ``tests/api/schemathesis.toml``. The test suite runs it
at a size that fits CI (``tests/api/test_contract.py``); at a larger size:

    .venv/bin/python -m tests.api.contract --examples 200

It prints schemathesis' report and exits with its status (0: no failure).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.api.served import served

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED_LETTER = ROOT / "gcm_process" / "data" / "gcm-2018-01-30.txt"
#: Examples per operation in the test suite: about a minute on a 2-core machine.
CI_EXAMPLES = 25


def run_contract(examples: int, workdir: Path, seed: int = 1) -> subprocess.CompletedProcess[str]:
    """Serve a fresh record and run schemathesis on it; its report and exit status."""
    with served(workdir / "data", workers=2) as server:
        recorded = server.request(
            "POST",
            "/api/processes/gcm-2018/imports?commit=true",
            SEED_LETTER.read_bytes(),
            {"Authorization": f"Bearer {server.token}", "Content-Type": "text/plain"},
        )
        assert recorded.status == 200, recorded
        command = [
            str(Path(sys.executable).with_name("schemathesis")),
            "--config-file", str(CONFIG), "--no-color",
            "run", f"http://127.0.0.1:{server.port}/api/openapi.json",
            "--checks", "all",
            "--max-examples", str(examples),
            "--seed", str(seed),
            "--workers", "1",
            "--request-timeout", "30",
        ]  # fmt: skip
        env = {
            **os.environ,
            "GCM_CONTRACT_TOKEN": server.token,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "SCHEMATHESIS_REPORTS_DIR": str(workdir / "reports"),
        }
        return subprocess.run(
            command, env=env, cwd=workdir, capture_output=True, text=True, check=False
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="examples per operation")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gcm-contract-") as workdir:
        result = run_contract(args.examples, Path(workdir), args.seed)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
