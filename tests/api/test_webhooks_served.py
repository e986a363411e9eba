"""End to end: ``gcm-process serve`` runs one deliverer beside its workers; a receiver on
loopback gets each change written over HTTP, signed, after a failure; the deliverer stops
with the server."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.tokens import TokenStore
from tests.api.helpers import ROUND_1_DAYS
from tests.api.receiver import receiving
from tests.api.served import CLI, free_port
from tests.api.test_serve import Server

pytestmark = pytest.mark.slow
P = "/api/processes/gcm-2018"
SECRET = "the-receiver-shares-this-secret"


def test_serve_delivers_each_change_to_a_receiver(tmp_path: Path) -> None:
    data = tmp_path / "data"
    tokens = TokenStore(data / "tokens.sqlite")
    clerk, admin = tokens.create("clerk-ana", "clerk"), tokens.create("admin-eve", "admin")
    port = free_port()
    env = {**os.environ, "GCM_DATA_DIR": str(data), "GCM_WRITE_RATE": "off",
           "GCM_WEBHOOK_BACKOFF": "0.1", "GCM_WEBHOOK_POLL_SECONDS": "0.1"}  # fmt: skip
    env.pop("GCM_EVENT_STORE", None)
    env.pop("GCM_WEBHOOKS", None)
    server = subprocess.Popen(
        [sys.executable, "-c", CLI, "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    as_clerk, as_admin = Server(port, clerk), Server(port, admin)
    try:
        _wait_until_up(as_clerk, server)
        opened = {"slug": "gcm-2018", "title": "GCM", "announced_on": "2018-01-26"}
        assert as_clerk.call("POST", "/api/processes", opened)[0] == 201
        with receiving(SECRET, script=["fail"]) as receiver:
            body = {"url": receiver.url, "secret": SECRET}
            status, hook = as_admin.call("POST", f"{P}/webhooks", body)
            assert status == 201, hook
            round_1 = {"slug": "round-1", "kind": "negotiation_round", "title": "R1",
                       "days": ROUND_1_DAYS, "announced_on": "2018-01-30"}  # fmt: skip
            assert as_clerk.call("POST", f"{P}/sessions", round_1)[0] == 201
            room = {"venue": "Conference Room 1", "announced_on": "2018-02-01"}
            assert as_clerk.call("POST", f"{P}/sessions/round-1/venue", room)[0] == 200
            deadline = time.monotonic() + 30
            while len({r.position for r in receiver.received}) < 2:
                assert time.monotonic() < deadline, receiver.positions()
                time.sleep(0.1)
        events = [r.body["change"]["event"] for r in receiver.received]
        assert events == ["Scheduled", "Scheduled", "VenueChanged"]  # the first failed
        assert all(r.verified for r in receiver.received)
        deadline = time.monotonic() + 10
        log = as_admin.call("GET", f"{P}/webhooks/{hook['id']}/deliveries")[1]
        while log["webhook"]["pending"]:  # the last acknowledgement is being stored
            assert time.monotonic() < deadline, log
            time.sleep(0.1)
            log = as_admin.call("GET", f"{P}/webhooks/{hook['id']}/deliveries")[1]
        assert [a["status"] for a in reversed(log["items"])] == [500, 204, 204]
    finally:
        server.terminate()
        server.wait(timeout=20)
    # The deliverer stopped with the server: its lock is free.
    with (data / "webhooks.lock").open("a") as lock:
        deadline = time.monotonic() + 10
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, "the deliverer outlived the server"
                time.sleep(0.1)


def _wait_until_up(server: Server, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, "the server stopped"
        assert time.monotonic() < deadline, "the server did not start in 30 s"
        try:
            if server.call("GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
