"""Nodes for the cluster tests: ``gcm-process serve`` processes on one PostgreSQL, and the
server itself stopped and started under them (``.ci/postgres.sh`` says where it is)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from click.testing import CliRunner

from gcm_process.cli import main
from tests.api.served import Answer, Served, free_port

SERVE = "import sys; from gcm_process.cli import main; sys.exit(main())"


@dataclass
class Node:
    data: Path
    store: str
    port: int
    process: subprocess.Popen[bytes]
    log: IO[str]

    @property
    def http(self) -> Served:
        return Served(self.port, "")

    def call(
        self, method: str, path: str, body: Any = None, token: str | None = None, **headers: str
    ) -> Answer:
        sent = {k.replace("_", "-"): v for k, v in headers.items()}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        raw = b""
        if body is not None:
            raw = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        sent["Connection"] = "close"
        return self.http.request(method, path, raw, sent)

    def cli(self, *args: str) -> str:
        result = CliRunner().invoke(
            main, ["--data-dir", str(self.data), *args], env={"GCM_EVENT_STORE": self.store}
        )
        assert result.exit_code == 0, result.output
        return result.output

    def kill(self) -> None:
        """``kill -9`` of the node: gunicorn's arbiter, its workers and its follower."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@contextmanager
def nodes(root: Path, store: str, count: int, workers: int = 2) -> Iterator[list[Node]]:
    """``count`` nodes on ``store``, each with its data directory, until the block ends."""
    with ExitStack() as stack:
        started = [
            stack.enter_context(node(root / f"node{i}", store, workers))
            for i in range(1, count + 1)
        ]
        for each in started:
            wait_until_up(each)
        yield started


@contextmanager
def node(data: Path, store: str, workers: int, log_dir: Path | None = None) -> Iterator[Node]:
    """A node serving ``data`` (made if missing) on ``store`` (SQLite when empty)."""
    data.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "GCM_DATA_DIR": str(data),
        "GCM_EVENT_STORE": store,
        "GCM_WRITE_RATE": "off",
    }
    log = ((log_dir or data.parent) / f"{data.name}-{port}.log").open("w+")
    argv = [sys.executable, "-c", SERVE, "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
    )
    try:
        yield Node(data, store, port, process, log)
    finally:
        if process.poll() is None:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever of it is left
        log.close()


def wait_until_up(node: Node, status: str = "ok") -> None:
    """Until the node's ``/healthz`` says ``status``."""
    deadline = time.monotonic() + 60
    while True:
        assert node.process.poll() is None, log_text(node.log)
        assert time.monotonic() < deadline, "the node did not start in 60 s"
        try:
            found = node.call("GET", "/healthz")
            if found.status == 200 and found.json()["status"] == status:
                return
        except (OSError, AssertionError):
            pass
        time.sleep(0.1)


def log_text(log: IO[str]) -> str:
    log.flush()
    log.seek(0)
    return log.read()


@dataclass(frozen=True)
class Server:
    """The test's PostgreSQL server, as ``.ci/postgres.sh`` started it."""

    root: str
    bin: str
    url: str

    def _ctl(self, *args: str) -> None:
        command = f"{self.bin}/pg_ctl -D {self.root}/data {' '.join(args)}"
        subprocess.run(
            ["su", "postgres", "-s", "/bin/sh", "-c", command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        port = urlsplit(self.url).port
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {self.root} -c max_connections=200"
        self._ctl("-l", f"{self.root}/log", "-w", "-o", f"'{options}'", "start")
