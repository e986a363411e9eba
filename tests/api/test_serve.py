"""End to end: ``gcm-process serve`` with two gunicorn workers on a free loopback port."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.helpers import ROUND_1_DAYS
from tests.api.served import Served, served

pytestmark = pytest.mark.slow
P = "/api/processes/gcm-2018"


class Server(Served):
    def call(self, method: str, path: str, body: Any = None, **headers: str) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method
        )
        request.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in headers.items():
            request.add_header(name.replace("_", "-"), value)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read())

    def idle_connection(self) -> socket.socket:
        """A connection that sends nothing: it keeps one sync worker busy until closed."""
        return socket.create_connection(("127.0.0.1", self.port), timeout=5)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with served(tmp_path / "data", workers=2, cli=True) as found:
        yield Server(found.port, found.token)


def record(server: Server) -> None:
    status, _ = server.call(
        "POST", "/api/processes", {"slug": "gcm-2018", "title": "GCM", "announced_on": "2018-02-01"}
    )
    assert status == 201
    body = {
        "slug": "round-1",
        "kind": "negotiation_round",
        "title": "R1",
        "days": ROUND_1_DAYS,
        "announced_on": "2018-02-01",
    }
    assert server.call("POST", f"{P}/sessions", body)[0] == 201


def test_a_write_is_read_back_through_the_other_worker(server: Server) -> None:
    record(server)
    with server.idle_connection():
        writer = server.call("GET", "/healthz")[1]["worker"]
        status, moved = server.call(
            "POST",
            f"{P}/sessions/round-1/venue",
            {"venue": "Conference Room 1", "announced_on": "2018-02-01"},
        )
    assert status == 200 and moved["version"] == 2
    for _ in range(50):
        with server.idle_connection():
            reader = server.call("GET", "/healthz")[1]["worker"]
            if reader == writer:
                continue
            timeline = server.call("GET", f"{P}/timeline")[1]
            break
    else:
        pytest.fail("never reached the other worker")
    venues = {day["venue"] for day in timeline["sessions"][0]["days"]}
    assert venues == {"Conference Room 1"}
    assert server.call("GET", "/healthz")[1]["behind"] == 0


def at_once(write: Callable[[str], None], venues: list[str]) -> None:
    """``write(venue)`` for each venue, each in its own thread, started together."""
    threads = [threading.Thread(target=write, args=(venue,)) for venue in venues]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)


def test_two_writers_at_the_same_version(server: Server) -> None:
    record(server)
    barrier = threading.Barrier(2)
    results: list[int] = []

    def write(venue: str) -> None:
        barrier.wait()
        status, _ = server.call(
            "POST",
            f"{P}/sessions/round-1/venue",
            {"venue": venue, "announced_on": "2018-02-01"},
            If_Match='"1"',
        )
        results.append(status)

    at_once(write, ["Room A", "Room B"])
    assert sorted(results) == [200, 412]
    history = server.call("GET", f"{P}/sessions/round-1/history")[1]["items"]
    assert [e["event"] for e in history] == ["Scheduled", "VenueChanged"]


def test_writers_without_if_match_lose_nothing(server: Server) -> None:
    record(server)
    barrier = threading.Barrier(4)
    results: list[int] = []

    def write(venue: str) -> None:
        barrier.wait()
        results.append(
            server.call(
                "POST",
                f"{P}/sessions/round-1/venue",
                {"venue": venue, "announced_on": "2018-02-01"},
            )[0]
        )

    at_once(write, [f"Room {n}" for n in range(4)])
    assert set(results) <= {200, 409} and 200 in results
    history = server.call("GET", f"{P}/sessions/round-1/history")[1]["items"]
    assert len(history) == 1 + results.count(200)
