"""A real server for the tests: ``api.server.serve`` (gunicorn) on a free loopback port,
and raw HTTP/1.1 over a socket, so that a test can send what no client library would."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from api.tokens import TokenStore

SERVE = """
import sys
from api.config import ApiConfig
from api.server import ServeOptions, serve
port, workers, timeout = (int(a) for a in sys.argv[1:4])
serve(ApiConfig.from_env(), ServeOptions(port=port, workers=workers, timeout=timeout,
                                         access_log=False))
"""
#: ``gcm-process`` as its command line runs it.
CLI = "import sys; from gcm_process.cli import main; sys.exit(main())"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def mimetype(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Served:
    port: int
    token: str

    def send(
        self, raw: bytes, *, pause: float = 0.0, rest: bytes = b"", wait: float = 20
    ) -> Answer:
        """Send ``raw`` (then ``rest`` after ``pause`` seconds) while reading the answer.

        Reading goes on while sending, so that an answer the server gives early (a 413
        before the end of a large body) is read before the server closes.
        """
        with socket.create_connection(("127.0.0.1", self.port), timeout=wait) as conn:

            def write() -> None:
                try:
                    conn.sendall(raw)
                    if pause:
                        time.sleep(pause)
                    if rest:
                        conn.sendall(rest)
                except OSError:
                    pass  # the server answered and closed before reading all of it

            writer = threading.Thread(target=write, daemon=True)
            writer.start()
            chunks = []
            try:
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
            except ConnectionResetError:
                pass
            writer.join(timeout=wait)
        return parse(b"".join(chunks))

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Answer:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body and not any(k.lower() == "transfer-encoding" for k in headers or {}):
            lines.append(f"Content-Length: {len(body)}")
        return self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


def parse(raw: bytes) -> Answer:
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    assert status_line.startswith("HTTP/1."), raw[:200]
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = dechunk(body)
    return Answer(int(status_line.split()[1]), headers, body)


def dechunk(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, _, body = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out, body = out + body[:size], body[size + 2 :]
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(
    data: Path, *, workers: int = 1, timeout: int = 30, cli: bool = False, **env: str
) -> Iterator[Served]:
    """Serve a fresh data directory until the block ends (``cli``: as ``gcm-process serve``)."""
    token = TokenStore(data / "tokens.sqlite").create("clerk-ana", "clerk")
    port = free_port()
    environment = {**os.environ, "GCM_DATA_DIR": str(data), "GCM_WRITE_RATE": "off", **env}
    environment.pop("GCM_EVENT_STORE", None)
    log = (data.parent / f"server-{port}.log").open("w+")  # a pipe left unread would fill
    command = (
        [CLI, "serve", "--port", str(port), "--workers", str(workers)]
        if cli
        else [SERVE, str(port), str(workers), str(timeout)]
    )
    process = subprocess.Popen(
        [sys.executable, "-c", *command],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    found = Served(port, token)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log_text(log)
            assert time.monotonic() < deadline, "the server did not start in 30 s"
            try:
                if found.request("GET", "/healthz").status == 200:
                    break
            except (OSError, AssertionError):
                time.sleep(0.1)
        yield found
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def log_text(log: IO[str]) -> str:
    log.flush()
    log.seek(0)
    return log.read()
