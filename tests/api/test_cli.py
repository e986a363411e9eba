"""``gcm-process token`` and ``gcm-process serve --help``; the benchmark's quick mode."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.tokens import TokenStore
from gcm_process.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_token_create_list_revoke(tmp_path: Path) -> None:
    runner = CliRunner()
    data = ["--data-dir", str(tmp_path)]
    created = runner.invoke(
        main, [*data, "token", "create", "--name", "clerk-ana", "--role", "clerk"]
    )
    assert created.exit_code == 0, created.output
    secret = created.output.strip()
    store = TokenStore(tmp_path / "tokens.sqlite")
    found = store.find(secret)
    assert found is not None and (found.name, found.role) == ("clerk-ana", "clerk")
    assert secret not in (tmp_path / "tokens.sqlite").read_bytes().decode("latin-1")
    listed = json.loads(runner.invoke(main, [*data, "token", "list", "--json"]).output)
    assert [(t["name"], t["role"], t["revoked_at"]) for t in listed] == [
        ("clerk-ana", "clerk", None)
    ]
    again = runner.invoke(main, [*data, "token", "create", "--name", "clerk-ana"])
    assert again.exit_code != 0 and "already a token" in again.output
    assert runner.invoke(main, [*data, "token", "revoke", "clerk-ana"]).exit_code == 0
    assert store.find(secret) is None
    gone = runner.invoke(main, [*data, "token", "revoke", "clerk-ana"])
    assert gone.exit_code != 0 and "no active token" in gone.output


def test_serve_has_help() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--workers" in result.output and "--dev" in result.output


@pytest.mark.slow
def test_the_benchmark_runs_in_quick_mode(tmp_path: Path) -> None:
    output = tmp_path / "api.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "api.py"), "--quick", "--output", str(output)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    result = json.loads(output.read_text())
    assert set(result["figures"]) == {"healthz", "timeline", "venue", "trivial_get", "trivial_post"}
    assert set(result["ratios"]) == {
        "timeline_vs_trivial_get",
        "healthz_vs_trivial_get",
        "venue_vs_trivial_post",
        "timeline_vs_trivial_get_per_cpu",
        "healthz_vs_trivial_get_per_cpu",
    }
    assert all(f["requests"] > 0 and f["rps"] > 0 for f in result["figures"].values())
