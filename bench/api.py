"""Benchmark of the HTTP API under gunicorn, against its own baselines in the same run.

    .venv/bin/python bench/api.py [--quick] [--workers 2] [--clients 4] [--seconds 3]

It records a process (``--sessions`` sessions) in a fresh data directory,
starts ``gcm-process serve`` on a free loopback port and drives it with a
small load generator in this script (threads, one ``http.client`` connection
per request, as gunicorn's sync workers close each). It reports requests per
second and p50/p99 latency for ``GET /healthz`` and ``GET .../timeline``
(target: timeline at least 0.8 of healthz) and for ``POST .../venue``
against the application's own single-command save rate, measured here on
the same kind of store (target: at least 0.3). Each figure is the median of
``--rounds`` rounds; the JSON lands in ``bench/out/api.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.tokens import TokenStore  # noqa: E402
from gcm_process.application import GcmProcess  # noqa: E402
from gcm_process.config import Settings  # noqa: E402
from gcm_process.domain import Day  # noqa: E402

ACTOR = "bench"
ROOMS = ("Conference Room 1", "Conference Room 2")
Request = Callable[[int, int], tuple[str, str, bytes | None]]


def record(app: GcmProcess, sessions: int) -> None:
    """A process with ``sessions`` sessions of three days each."""
    app.open_process("gcm-2018", "Global Compact for Migration", actor=ACTOR)
    first = date(2018, 2, 20)
    for n in range(sessions):
        start = first + timedelta(days=7 * n)
        days = [Day(start + timedelta(days=d), venue=ROOMS[0]) for d in range(3)]
        app.schedule_session(
            "gcm-2018",
            f"round-{n + 1}",
            "negotiation_round",
            f"Round {n + 1}",
            days,
            n + 1,
            announced_on=date(2018, 1, 30),
            actor=ACTOR,
        )


def core_rate(count: int) -> dict[str, float]:
    """The application's own single-command save rate: change_venue, one after another."""
    with tempfile.TemporaryDirectory() as tmp:
        app = GcmProcess.from_settings(Settings(Path(tmp)))
        record(app, 1)
        latencies = []
        began = time.perf_counter()
        for i in range(count):
            t = time.perf_counter()
            app.change_venue("gcm-2018", "round-1", ROOMS[(i + 1) % 2], actor=ACTOR)
            latencies.append(time.perf_counter() - t)
        elapsed = time.perf_counter() - began
        app.close()
    return summary(latencies, elapsed)


def summary(latencies: list[float], elapsed: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "rps": len(ordered) / elapsed if elapsed else 0.0,
        "p50_ms": 1000 * ordered[len(ordered) // 2] if ordered else 0.0,
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        if ordered
        else 0.0,
    }


def load(port: int, clients: int, seconds: float, make: Request) -> dict[str, float]:
    """``clients`` threads sending ``make(client, i)`` requests for ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures: list[str] = []
    stop = time.perf_counter() + seconds

    def client(c: int) -> None:
        i = 0
        while time.perf_counter() < stop:
            method, path, body = make(c, i)
            headers = {"Authorization": f"Bearer {TOKEN}"}
            if body is not None:
                headers["Content-Type"] = "application/json"
            t = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            latencies[c].append(time.perf_counter() - t)
            if response.status >= 300:
                failures.append(f"{method} {path}: {response.status}")
            i += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, first: {failures[0]}")
    return summary([x for each in latencies for x in each], elapsed)


TOKEN = ""
#: ``gcm-process`` run by this interpreter.
SERVE = "import sys; from gcm_process.cli import main; sys.exit(main())"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped before it was ready")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server was not ready in time")


def median_of(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    global TOKEN
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short round (a smoke test)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "out" / "api.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.rounds, args.sessions = 0.5, 1, 4

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        app = GcmProcess.from_settings(Settings(data))
        record(app, max(args.sessions, args.clients))
        app.close()
        TOKEN = TokenStore(data / "tokens.sqlite").create("bench", "clerk")
        port = free_port()
        env = {**os.environ, "GCM_DATA_DIR": str(data), "GCM_WRITE_RATE": "off"}
        env.pop("GCM_EVENT_STORE", None)
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                SERVE,
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        try:
            wait_ready(port, server)
            timeline = "/api/processes/gcm-2018/timeline"

            moves = [0] * args.clients

            def venue(c: int, i: int) -> tuple[str, str, bytes | None]:
                # Each client moves its own session between two rooms, across rounds too.
                moves[c] += 1
                said = {"venue": ROOMS[moves[c] % 2], "announced_on": "2018-02-15"}
                body = json.dumps(said).encode()
                return "POST", f"/api/processes/gcm-2018/sessions/round-{c + 1}/venue", body

            rounds: dict[str, list[dict[str, float]]] = {
                "healthz": [],
                "timeline": [],
                "venue": [],
                "core": [],
            }
            count = max(20, int(args.seconds * 50))
            for _ in range(args.rounds):
                rounds["healthz"].append(
                    load(port, args.clients, args.seconds, lambda c, i: ("GET", "/healthz", None))
                )
                rounds["timeline"].append(
                    load(port, args.clients, args.seconds, lambda c, i: ("GET", timeline, None))
                )
                rounds["venue"].append(load(port, args.clients, args.seconds, venue))
                rounds["core"].append(core_rate(count))
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    figures = {name: median_of(r) for name, r in rounds.items()}
    result = {
        "load_generator": "python threads, http.client, a new connection per request",
        "workers": args.workers,
        "clients": args.clients,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "figures": figures,
        "ratios": {
            "timeline_vs_healthz": figures["timeline"]["rps"] / figures["healthz"]["rps"],
            "venue_vs_core_save": figures["venue"]["rps"] / figures["core"]["rps"],
        },
        "targets": {"timeline_vs_healthz": 0.8, "venue_vs_core_save": 0.3},
    }
    report(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2))
    return result


def report(result: dict[str, Any]) -> None:
    print(f"{'what':<28}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    names = {
        "healthz": "GET /healthz",
        "timeline": "GET timeline",
        "venue": "POST venue",
        "core": "core change_venue (no HTTP)",
    }
    for key, label in names.items():
        f = result["figures"][key]
        print(f"{label:<28}{f['rps']:>10.1f}{f['p50_ms']:>10.2f}{f['p99_ms']:>10.2f}")
    for name, value in result["ratios"].items():
        target = result["targets"][name]
        verdict = "meets" if value >= target else "BELOW"
        print(f"{name}: {value:.2f} ({verdict} the target {target})")


if __name__ == "__main__":
    main()
