"""Benchmark of the HTTP API under gunicorn, against a trivial app under the same settings.

    .venv/bin/python bench/api.py [--quick] [--workers 2] [--clients 4] [--seconds 3]
    .venv/bin/python bench/api.py --ports 8140,8141      # serve on these two ports
    .venv/bin/python bench/api.py --against ../older     # and another checkout beside

It records a process (``--sessions`` sessions) in a fresh data directory and
starts two servers side by side: ``gcm-process serve`` and a trivial Flask app
(``bench/trivial_app.py``) under the very same ``GunicornServer`` settings
(worker class, workers, timeouts, logging). The load generator is
``--clients`` OS processes, each with one keep-alive ``http.client``
connection it reuses for as long as the server keeps it open (gunicorn's sync
worker closes it after each answer; the client then reconnects), so that the
client is not what limits a trivial app. Each round loads, in a rotating
order: ``GET /healthz``, ``GET .../timeline`` and ``POST .../venue`` (a
one-row durable write with read-your-writes) on the service, ``GET /get`` and
``POST /post`` (a one-row insert into a SQLite file in WAL with
``synchronous=FULL``) on the trivial app. Targets: timeline ≥ 0.8 of the
trivial GET, POST venue ≥ 0.4 of the trivial durable POST. ``--against DIR``
also serves another checkout of the project (a copy of the same data
directory) and loads its ``GET /healthz`` and ``GET .../timeline`` in the same
rounds, for a before and after in one run. Figures are medians of
``--rounds`` rounds; the JSON lands in ``bench/out/api.json``. Each load also
says the CPU time the serving processes (the server and all below it: workers,
follower) spent per request, ``server_cpu_ms``, and the ratios ``..._per_cpu``
compare requests per CPU second: the machine's other work moves them less
than it moves a rate.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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
ANNOUNCED = date(2018, 1, 30)
#: (client, i) -> method, port, path, body
Request = Callable[[int, int], tuple[str, int, str, bytes | None]]


def record(app: GcmProcess, sessions: int) -> None:
    """A process with ``sessions`` sessions of three days each."""
    app.open_process(
        "gcm-2018", "Global Compact for Migration", announced_on=ANNOUNCED, actor=ACTOR
    )
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
            announced_on=ANNOUNCED,
            actor=ACTOR,
        )


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


def client(make: Request, c: int, seconds: float, token: str, out: Any) -> None:
    """One client process: requests on one keep-alive connection (reopened when closed)."""
    latencies: list[float] = []
    failures: list[str] = []
    connections: dict[int, http.client.HTTPConnection] = {}
    stop = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < stop:
        method, port, path, body = make(c, i)
        headers = {"Authorization": f"Bearer {token}", "Connection": "keep-alive"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn = connections.get(port)
        if conn is None:
            conn = connections[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        t = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        except (http.client.RemoteDisconnected, ConnectionError):
            conn.close()  # the server closed it between two requests: once more, anew
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        latencies.append(time.perf_counter() - t)
        if response.status >= 300:
            failures.append(f"{method} {path}: {response.status}")
        i += 1
    out.put((latencies, failures))


def processes_of(pid: int) -> list[int]:
    """``pid`` and every process below it (from ``/proc``; empty where there is none)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found = [pid] if pid in parents else []
    for each in found:
        found.extend(child for child, parent in parents.items() if parent == each)
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system time of these processes so far (those that ended count no more)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def load(
    clients: int, seconds: float, make: Request, server: int | None = None
) -> dict[str, float]:
    """``clients`` processes sending ``make(client, i)`` requests for ``seconds``.

    ``server``: the process serving them; the CPU time it and its children spent
    per request is ``server_cpu_ms`` (what the machine's other work moves less than
    a rate).
    """
    pids = [] if server is None else processes_of(server)
    before = cpu_seconds(pids)
    fork = multiprocessing.get_context("fork")
    out = fork.Queue()
    workers = [
        fork.Process(target=client, args=(make, c, seconds, TOKEN, out)) for c in range(clients)
    ]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join()
    failures = [f for _, each in results for f in each]
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, first: {failures[0]}")
    # every client sent requests for ``seconds``, from its own start
    found = summary([x for each, _ in results for x in each], seconds)
    if pids and found["requests"]:
        found["server_cpu_ms"] = 1000 * (cpu_seconds(pids) - before) / found["requests"]
    return found


TOKEN = ""
#: ``gcm-process`` run by this interpreter.
SERVE = "import sys; from gcm_process.cli import main; sys.exit(main())"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(
    port: int, server: subprocess.Popen[bytes], timeout: float = 30, path: str = "/healthz"
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped before it was ready")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server was not ready in time")


def median_of(rounds: list[dict[str, float]]) -> dict[str, float]:
    keys = dict.fromkeys(key for r in rounds for key in r)
    return {key: statistics.median(r[key] for r in rounds if key in r) for key in keys}


def start(
    command: list[str], env: dict[str, str], port: int, cwd: Path = ROOT
) -> subprocess.Popen[bytes]:
    """``command`` run by this interpreter in ``cwd`` (whose packages it imports first)."""
    server = subprocess.Popen(
        [sys.executable, *command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=cwd,
    )
    return server


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    global TOKEN
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short round (a smoke test)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--ports", help="the two ports to serve on (default: free ones)")
    parser.add_argument("--against", type=Path, help="another checkout to serve beside")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "out" / "api.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.rounds, args.sessions = 0.5, 1, 4
    gcm_port, trivial_port = (
        [int(p) for p in args.ports.split(",")] if args.ports else [free_port(), free_port()]
    )
    against_port = free_port() if args.against else None
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        app = GcmProcess.from_settings(Settings(data))
        record(app, max(args.sessions, args.clients))
        app.close()
        TOKEN = TokenStore(data / "tokens.sqlite").create("bench", "clerk")
        env = {**os.environ, "GCM_DATA_DIR": str(data), "GCM_WRITE_RATE": "off"}
        env.pop("GCM_EVENT_STORE", None)
        workers = ["--workers", str(args.workers)]
        servers = [
            start(["-c", SERVE, "serve", *workers], env, gcm_port),
            start(["bench/trivial_app.py", "--data", str(Path(tmp) / "trivial"), *workers],
                  env, trivial_port),
        ]  # fmt: skip
        if args.against is not None and against_port is not None:
            other = Path(tmp) / "against"
            shutil.copytree(data, other)
            other_env = {**env, "GCM_DATA_DIR": str(other)}
            servers.append(
                start(["-c", SERVE, "serve", *workers], other_env, against_port, args.against)
            )
        try:
            wait_ready(gcm_port, servers[0])
            wait_ready(trivial_port, servers[1], path="/get")
            if against_port is not None:
                wait_ready(against_port, servers[2])
            serving = {gcm_port: servers[0].pid, trivial_port: servers[1].pid}
            if against_port is not None:
                serving[against_port] = servers[2].pid
            rounds = run_rounds(args, gcm_port, trivial_port, against_port, serving)
        finally:
            for server in servers:
                stop(server)

    figures = {name: median_of(r) for name, r in rounds.items()}
    rps = {name: f["rps"] for name, f in figures.items()}
    result = {
        "load_generator": f"{args.clients} client processes, keep-alive http.client connections",
        "server": "gunicorn as `gcm-process serve` runs it (api.worker.ProblemWorker)",
        "workers": args.workers,
        "clients": args.clients,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "figures": figures,
        "against": None if args.against is None else str(args.against),
        "ratios": {
            f"{name}_vs_trivial_get": rps[name] / rps["trivial_get"]
            for name in ("timeline", "healthz", "against_timeline", "against_healthz")
            if name in rps
        }
        | {"venue_vs_trivial_post": rps["venue"] / rps["trivial_post"]}
        | {
            # requests per CPU second of the server, against the trivial GET's
            f"{name}_vs_trivial_get_per_cpu": figures["trivial_get"]["server_cpu_ms"]
            / figures[name]["server_cpu_ms"]
            for name in ("timeline", "healthz", "against_timeline", "against_healthz")
            if figures.get(name, {}).get("server_cpu_ms")
            and figures["trivial_get"].get("server_cpu_ms")
        },
        "targets": {"timeline_vs_trivial_get": 0.8, "venue_vs_trivial_post": 0.4},
    }
    report(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2))
    return result


def run_rounds(
    args: argparse.Namespace,
    gcm: int,
    trivial: int,
    against: int | None = None,
    serving: dict[int, int] | None = None,
) -> dict[str, list[dict[str, float]]]:
    """The five loads in each round, the order rotating, so the machine's other work falls
    on every side alike."""
    timeline = "/api/processes/gcm-2018/timeline"

    def venue(c: int, i: int) -> tuple[str, int, str, bytes | None]:
        # Each client moves its own session, every time to a room it has not been in.
        room = f"Room {os.getpid()}-{i}"
        body = json.dumps({"venue": room, "announced_on": ANNOUNCED.isoformat()})
        return "POST", gcm, f"/api/processes/gcm-2018/sessions/round-{c + 1}/venue", body.encode()

    def trivial_post(c: int, i: int) -> tuple[str, int, str, bytes | None]:
        return "POST", trivial, "/post", json.dumps({"client": c, "i": i}).encode()

    loads: dict[str, Request] = {
        "healthz": lambda c, i: ("GET", gcm, "/healthz", None),
        "timeline": lambda c, i: ("GET", gcm, timeline, None),
        "venue": venue,
        "trivial_get": lambda c, i: ("GET", trivial, "/get", None),
        "trivial_post": trivial_post,
    }
    if against is not None:
        loads["against_healthz"] = lambda c, i: ("GET", against, "/healthz", None)
        loads["against_timeline"] = lambda c, i: ("GET", against, timeline, None)
    names = list(loads)
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    for r in range(args.rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            port = loads[name](0, 0)[1]
            server = None if serving is None else serving.get(port)
            rounds[name].append(load(args.clients, args.seconds, loads[name], server))
    return rounds


def report(result: dict[str, Any]) -> None:
    print(f"{'what':<28}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'cpu ms':>10}")
    names = {
        "healthz": "GET /healthz",
        "timeline": "GET timeline",
        "venue": "POST venue",
        "trivial_get": "trivial GET",
        "trivial_post": "trivial durable POST",
        "against_healthz": "GET /healthz (against)",
        "against_timeline": "GET timeline (against)",
    }
    for key, label in names.items():
        if key not in result["figures"]:
            continue
        f = result["figures"][key]
        cpu = f"{f['server_cpu_ms']:>10.3f}" if "server_cpu_ms" in f else f"{'-':>10}"
        print(f"{label:<28}{f['rps']:>10.1f}{f['p50_ms']:>10.2f}{f['p99_ms']:>10.2f}{cpu}")
    for name, value in result["ratios"].items():
        target = result["targets"].get(name)
        verdict = (
            ""
            if target is None
            else (f" ({'meets' if value >= target else 'BELOW'} the target {target})")
        )
        print(f"{name}: {value:.2f}{verdict}")


if __name__ == "__main__":
    main()
