"""``gcm-process demo``: the seed recorded once, then the API served on loopback."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from gcm_process.cli import main
from tests.factories import SEED_SESSIONS

DEMO = "import sys; from gcm_process.cli import main; sys.exit(main())"


def test_demo_records_the_seed_once(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["--data-dir", str(tmp_path), "demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "15 command(s) recorded from the seed letter, 0 already there" in first.output
    assert "round label '4' read as round 1" in first.output
    again = runner.invoke(main, ["--data-dir", str(tmp_path), "demo", "--no-serve"])
    assert again.exit_code == 0, again.output
    assert "0 command(s) recorded from the seed letter, 15 already there" in again.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (urllib.error.URLError, ConnectionError):
        return None


@pytest.mark.slow
def test_demo_serves_the_gcm_2018_timeline(tmp_path: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-c", DEMO, "--data-dir", str(tmp_path), "demo"]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        deadline = time.monotonic() + 30
        url = f"http://127.0.0.1:{port}/api/processes/gcm-2018/timeline"
        while body is None and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.2)
            body = _get(url)
        assert body is not None, "the demo server did not answer"
        sessions = json.loads(body)["sessions"]
        assert [s["slug"] for s in sessions] == SEED_SESSIONS
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=20)
    assert b"Serving the GCM 2018 record on" in output
    # The pages' address comes before the API's examples.
    assert output.index(b"Open the pages: http://127.0.0.1:") < output.index(b"curl")
