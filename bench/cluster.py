"""Benchmark of several nodes on one PostgreSQL event store, in one run.

    .venv/bin/python bench/cluster.py [--quick] [--store URL] [--samples 60] [--seconds 3]

It records a process in a fresh schema of the PostgreSQL server ``--store``
(default ``$GCM_TEST_POSTGRES``), starts three ``gcm-process serve`` nodes on
free loopback ports (two workers each) and measures:

- staleness: from the answer to a write on one node to the first read on
  another node that shows it (p50/p95; target p95 under 250 ms), beside the
  cost of one read on its own, the resolution of the measure;
- writes per second through one node and through all three (the same load
  generator, side by side; the ratio says what more nodes add).

The JSON lands in ``bench/out/cluster.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.tokens import TokenStore  # noqa: E402
from bench.core import fresh_settings  # noqa: E402
from gcm_process.application import GcmProcess  # noqa: E402
from gcm_process.config import Settings  # noqa: E402
from gcm_process.domain import Day  # noqa: E402

SERVE = "import sys; from gcm_process.cli import main; sys.exit(main())"
P = "/api/processes/gcm-2018"
ROOMS = ("Conference Room 1", "Conference Room 2")
#: Seconds for the nodes' subscriptions to be in place (until then a node polls, every second).
WARM_UP = 2.0


def call(port: int, method: str, path: str, body: Any = None, token: str = "") -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    raw = response.read()
    conn.close()
    return response.status, json.loads(raw) if raw else None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def record(app: GcmProcess, sessions: int) -> None:
    on = date(2018, 1, 30)
    app.open_process("gcm-2018", "Global Compact for Migration", actor="bench", announced_on=on)
    for n in range(sessions):
        day = Day(date(2018, 2, 20 + n % 8), venue=ROOMS[0])
        app.schedule_session(
            "gcm-2018",
            f"round-{n + 1}",
            "negotiation_round",
            f"R{n + 1}",
            [day],
            actor="bench",
            announced_on=on,
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_node(data: Path, store: str) -> tuple[int, subprocess.Popen[bytes]]:
    port = free_port()
    env = {**os.environ, "GCM_DATA_DIR": str(data), "GCM_EVENT_STORE": store}
    env["GCM_WRITE_RATE"] = "off"
    argv = [sys.executable, "-c", SERVE, "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return port, server


def wait_ok(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the node on port {port} ended ({server.returncode})")
        try:
            if call(port, "GET", "/healthz")[1]["status"] == "ok":
                return
        except (OSError, KeyError, TypeError):
            pass
        time.sleep(0.1)
    raise SystemExit(f"the node on port {port} did not start in 60 s")


def staleness(ports: list[int], token: str, samples: int) -> dict[str, float]:
    """Write on node i, then read node i+1 until the write shows: seconds, each sample."""
    seen, reads = [], []
    for n in range(samples):
        writer, reader = ports[n % 3], ports[(n + 1) % 3]
        body = {"venue": ROOMS[n % 2] + f" {n}", "announced_on": "2018-02-10"}
        status, answer = call(writer, "POST", f"{P}/sessions/round-1/venue", body, token)
        assert status == 200, answer
        acknowledged = time.perf_counter()
        while True:
            began = time.perf_counter()
            found = call(reader, "GET", f"{P}/sessions/round-1")[1]
            reads.append(time.perf_counter() - began)
            if found["version"] >= answer["version"]:
                break
        seen.append(time.perf_counter() - acknowledged)
        time.sleep(0.05)
    return {
        "samples": samples,
        "p50_ms": 1000 * percentile(seen, 0.5),
        "p95_ms": 1000 * percentile(seen, 0.95),
        "max_ms": 1000 * max(seen),
        "one_read_p50_ms": 1000 * percentile(reads, 0.5),
    }


def write_rate(ports: list[int], token: str, seconds: float, clients: int) -> dict[str, float]:
    """``clients`` threads, each changing its own session, spread over ``ports``."""
    counts = [0] * clients
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    def client(c: int) -> None:
        i = 0
        while time.perf_counter() < stop:
            body = {"venue": f"Room {c}.{i}.{len(ports)}", "announced_on": "2018-02-10"}
            began = time.perf_counter()
            path = f"{P}/sessions/round-{c + 1}/venue"
            status, answer = call(ports[c % len(ports)], "POST", path, body, token)
            assert status == 200, answer
            latencies.append(time.perf_counter() - began)
            counts[c] += 1
            i += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {
        "writes": sum(counts),
        "writes_per_s": sum(counts) / elapsed,
        "p50_ms": 1000 * percentile(latencies, 0.5),
    }


def measure(root: Path, store: str, args: argparse.Namespace) -> dict[str, Any]:
    """Record, start three nodes, measure; the nodes are stopped before the files go."""
    app = GcmProcess.from_settings(Settings(root / "seed", store))
    record(app, args.clients)
    token = TokenStore(root / "seed" / "tokens.sqlite", app).create("bench", "clerk")
    app.close()
    started = [start_node(root / f"node{i + 1}", store) for i in range(3)]
    ports = [port for port, _ in started]
    try:
        for port, server in started:
            wait_ok(port, server)
        time.sleep(WARM_UP)
        return {
            "staleness": staleness(ports, token, args.samples),
            "one_node": write_rate(ports[:1], token, args.seconds, args.clients),
            "three_nodes": write_rate(ports, token, args.seconds, args.clients),
        }
    finally:
        for _, server in started:
            server.terminate()
        for _, server in started:
            server.wait(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=os.environ.get("GCM_TEST_POSTGRES"))
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--quick", action="store_true", help="a few samples, one second")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "out" / "cluster.json")
    args = parser.parse_args()
    if not args.store or not args.store.startswith("postgresql"):
        raise SystemExit("Name a PostgreSQL server: --store URL or GCM_TEST_POSTGRES.")
    if args.quick:
        args.samples, args.seconds, args.clients = 6, 1.0, 3
    with fresh_settings(args.store) as settings:
        assert settings.event_store is not None  # a new schema of that server
        result = measure(settings.data_dir, settings.event_store, args)
    one, three = result["one_node"]["writes_per_s"], result["three_nodes"]["writes_per_s"]
    result["ratios"] = {"three_vs_one_node_writes": three / one if one else 0.0}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
