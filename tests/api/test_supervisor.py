"""The follower beside a served node: started again when it ends, quiet when serve stops."""

from __future__ import annotations

import logging
import signal
import time
from pathlib import Path

import pytest

from api.config import ApiConfig
from api.supervisor import Supervisor
from gcm_process.config import Settings

pytestmark = pytest.mark.slow


def _child_pid(supervisor: Supervisor, other_than: int | None = None) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        child = supervisor._child
        if child is not None and child.poll() is None and child.pid != other_than:
            return child.pid
        time.sleep(0.05)
    raise AssertionError("no follower running")


def test_a_follower_that_ends_is_started_again_and_a_stop_is_not_a_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="gcm_process.api")
    supervisor = Supervisor(ApiConfig(Settings(tmp_path / "data"))).start()
    try:
        first = _child_pid(supervisor)
        assert supervisor._child is not None
        supervisor._child.send_signal(signal.SIGKILL)
        second = _child_pid(supervisor, other_than=first)
        assert second != first
        assert [r.getMessage() for r in caplog.records] == [
            "The follower ended (-9); started again"
        ]
        caplog.clear()
        # Ctrl-C: the follower stops cleanly first, then serve stops the supervisor.
        supervisor._child.send_signal(signal.SIGINT)
        supervisor._child.wait(30)
        time.sleep(0.2)
    finally:
        supervisor.stop()
    assert caplog.records == []
    assert supervisor._child.poll() is not None
