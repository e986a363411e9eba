"""Three ``gcm-process serve`` nodes on one PostgreSQL: credentials shared, reads that go on
while the store is stopped, writes that fail fast and come back, nodes that agree.

Needs the test server of ``.ci/postgres.sh`` (GCM_TEST_POSTGRES, GCM_PG_ROOT, GCM_PG_BIN),
which ``.ci/run`` starts; skipped without it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from tests.cluster.nodes import Node, Server, node, nodes, wait_until_up
from tests.factories import PROCESS, open_gcm, schedule_round_1

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
P = f"/api/processes/{PROCESS}"
VENUE = f"{P}/sessions/round-1/venue"
#: Seconds the store is stopped under load, as a node sees a short outage (the test: about 50 s).
DOWN_SECONDS = 30.0


@pytest.fixture
def server() -> Server:
    found = {k: os.environ.get(k) for k in ("GCM_TEST_POSTGRES", "GCM_PG_ROOT", "GCM_PG_BIN")}
    if not all(found.values()):
        pytest.skip("needs the server of .ci/postgres.sh (GCM_PG_ROOT, GCM_PG_BIN; .ci/run)")
    return Server(
        str(found["GCM_PG_ROOT"]), str(found["GCM_PG_BIN"]), str(found["GCM_TEST_POSTGRES"])
    )


@pytest.fixture
def cluster(postgres_settings: Settings, tmp_path: Path) -> Iterator[list[Node]]:
    app = GcmProcess.from_settings(postgres_settings)
    open_gcm(app)
    schedule_round_1(app)
    app.close()
    with nodes(tmp_path, str(postgres_settings.event_store), 3) as started:
        yield started


def within(seconds: float, condition: Callable[[], bool]) -> float:
    """How long ``condition`` took to hold; fails after ``seconds``."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, f"not within {seconds} s"
        time.sleep(0.02)
    return time.monotonic() - started


def knows(node: Node, token: str) -> bool:
    return node.call("GET", P, token=token).status == 200


def test_a_token_made_on_one_node_works_on_all_and_revoked_on_another_fails_on_all(
    cluster: list[Node],
) -> None:
    one, two, three = cluster
    token = one.cli("token", "create", "--name", "clerk-ana", "--role", "clerk").strip()
    assert within(1.0, lambda: knows(two, token) and knows(three, token)) < 1.0
    written = two.call("POST", VENUE, {"venue": "Room A", "announced_on": "2018-02-10"}, token)
    assert written.status == 200, written.body
    two.cli("token", "revoke", "clerk-ana")
    assert within(1.0, lambda: not any(knows(n, token) for n in cluster)) < 1.0
    assert three.call("GET", P, token=token).status == 401
    history = one.call("GET", f"{P}/sessions/round-1/history").json()["items"]
    actor = history[-1]["actor"]
    assert actor.startswith("clerk-ana (") and len(actor) == len("clerk-ana ()") + 32


@dataclass
class Load:
    """Reads on every node and writes through two, each answer noted with when it came."""

    cluster: list[Node]
    token: str
    stop: threading.Event = field(default_factory=threading.Event)
    reads: list[tuple[float, int, bool]] = field(default_factory=list)
    writes: list[tuple[float, float, int, dict[str, str], str]] = field(default_factory=list)

    def start(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._read, args=(n,)) for n in self.cluster]
        threads.append(threading.Thread(target=self._write))
        for thread in threads:
            thread.start()
        return threads

    def _read(self, node: Node) -> None:
        while not self.stop.is_set():
            found = node.call("GET", f"{P}/timeline")
            self.reads.append((time.monotonic(), found.status, "views-age" in found.headers))
            time.sleep(0.05)

    def _write(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            node = self.cluster[n % 2]
            body = {"venue": f"Room {n}", "announced_on": "2018-02-10"}
            began = time.monotonic()
            found = node.call("POST", VENUE, body, self.token, Idempotency_Key=f"load-{n}")
            self.writes.append((began, time.monotonic(), found.status, found.headers, f"Room {n}"))
            time.sleep(0.1)


def test_the_store_stopped_under_load_reads_go_on_writes_fail_fast_then_come_back(
    cluster: list[Node], server: Server, postgres_settings: Settings
) -> None:
    one, two, three = cluster
    token = one.cli("token", "create", "--name", "clerk-bo", "--role", "clerk").strip()
    within(1.0, lambda: all(knows(n, token) for n in cluster))
    load = Load(cluster, token)
    threads = load.start()
    try:
        time.sleep(2)
        server.stop()
        stopped = time.monotonic()
        health = within(6.0, lambda: all(_state(n) == "degraded" for n in cluster))
        quick = []
        for _ in range(10):
            began = time.perf_counter()
            assert _state(three) == "degraded"
            quick.append(time.perf_counter() - began)
        assert three.call("GET", "/readyz").status == 503
        time.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - stopped)))
        restarting = time.monotonic()
        server.start()
        up = time.monotonic()
        within(3.0, lambda: _accepted_since(load, up))
        time.sleep(2)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(30)
    assert health < 6.0 and sorted(quick)[len(quick) // 2] < 0.05, quick

    assert load.reads and all(status == 200 and aged for _, status, aged in load.reads)
    during = [w for w in load.writes if w[0] > stopped + 1 and w[1] < restarting]
    assert during, "no write was tried while the store was stopped"
    for began, ended, status, headers, _ in during:
        assert status == 503 and ended - began < 3.0, (status, ended - began)
        assert headers["content-type"] == "application/problem+json" and headers["retry-after"]
    first = min(w[1] for w in load.writes if w[1] > up and w[2] == 200)
    assert first - up < 2.0

    acknowledged = {w[4] for w in load.writes if w[2] == 200}
    app = GcmProcess.from_settings(postgres_settings)
    try:
        head = app.last_position()
        recorded = {e.data.get("venue") for e in app.session_history(PROCESS, "round-1")}
    finally:
        app.close()
    assert acknowledged and acknowledged <= recorded
    within(5.0, lambda: all(n.call("GET", "/healthz").json()["views"] == head for n in cluster))
    timelines = {n.call("GET", f"{P}/timeline").body for n in cluster}
    assert len(timelines) == 1
    printed = {n.cli("timeline", "--json") for n in cluster}
    assert len(printed) == 1 and json.loads(printed.pop())

    three.kill()
    written = one.call("POST", VENUE, {"venue": "After", "announced_on": "2018-02-11"}, token)
    assert written.status == 200, written.body
    version = written.json()["version"]
    assert within(
        1.0, lambda: two.call("GET", f"{P}/sessions/round-1").json()["version"] == version
    )
    assert _state(one) == _state(two) == "ok"


def _state(node: Node) -> str:
    found = node.call("GET", "/healthz").json()
    return str(found["status"])


def _accepted_since(load: Load, up: float) -> bool:
    return any(w[1] > up and w[2] == 200 for w in load.writes)


def test_a_node_restarted_while_the_store_is_down_serves_its_views(
    postgres_settings: Settings, server: Server, tmp_path: Path
) -> None:
    app = GcmProcess.from_settings(postgres_settings)
    open_gcm(app)
    schedule_round_1(app)
    app.close()
    with nodes(tmp_path, str(postgres_settings.event_store), 1, workers=1) as (first,):
        first.kill()
        server.stop()
        try:
            with node(first.data, first.store, 1, log_dir=tmp_path) as again:
                wait_until_up(again, "degraded")
                timeline = again.call("GET", f"{P}/timeline")
                assert timeline.status == 200 and timeline.json()["sessions"]
        finally:
            server.start()
