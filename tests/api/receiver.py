"""A webhook receiver on loopback for the tests: a real HTTP server that checks signatures,
and can be told to fail, to answer late, or to go away and come back."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from api.webhooks.signing import HEADER, verify
from tests.api.served import free_port


@dataclass
class Received:
    position: int
    verified: bool
    delivery: str
    body: dict[str, Any]


@dataclass
class Receiver:
    secret: str
    port: int = field(default_factory=free_port)
    #: What to do with the next requests, in turn: "fail" (500), "slow" (answer after
    #: ``slow_seconds``); when empty, acknowledge (204).
    script: list[str] = field(default_factory=list)
    slow_seconds: float = 2.0
    received: list[Received] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                signed = verify(receiver.secret, self.headers.get(HEADER, ""), body)
                data = json.loads(body)
                with receiver._lock:
                    receiver.received.append(
                        Received(data["position"], signed, self.headers["Gcm-Delivery"], data)
                    )
                    what = receiver.script.pop(0) if receiver.script else "ok"
                if what == "slow":
                    time.sleep(receiver.slow_seconds)
                self.send_response(500 if what == "fail" else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def positions(self) -> list[int]:
        with self._lock:
            return [r.position for r in self.received]

    def wait_for(self, position: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while position not in self.positions():
            assert time.monotonic() < deadline, f"{position} not received: {self.positions()}"
            time.sleep(0.05)


@contextmanager
def receiving(secret: str, **options: Any) -> Iterator[Receiver]:
    receiver = Receiver(secret, **options)
    receiver.start()
    try:
        yield receiver
    finally:
        receiver.stop()
