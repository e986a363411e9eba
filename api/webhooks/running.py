"""Where the deliverer runs: standalone (``gcm-process webhooks deliver``), or beside ``serve``.

Beside ``serve`` it is one child process of the server's main process (not one
per gunicorn worker), started by ``start_beside``: it holds the data
directory's lock, stops with the server, and stops by itself when the server
is gone. ``GCM_WEBHOOKS=off`` leaves it out (run it standalone instead, or on
another machine with the same data directory).
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from api.config import ApiConfig
from api.webhooks.deliver import Deliverer, DeliveryOptions, only_one
from gcm_process.config import Settings

LOG = logging.getLogger("gcm_process.webhooks")


def deliver(
    settings: Settings,
    options: DeliveryOptions | None = None,
    stop: threading.Event | None = None,
    until: Callable[[], bool] | None = None,
    waiting: Callable[[], None] | None = None,
) -> None:
    """Deliver until stopped (SIGTERM or SIGINT too, when on the main thread)."""
    stop = stop or threading.Event()
    kept: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():

        def stopping(signum: int, frame: FrameType | None) -> None:
            stop.set()

        for signum in (signal.SIGTERM, signal.SIGINT):
            kept[signum] = signal.signal(signum, stopping)
    try:
        with only_one(settings, waiting):
            deliverer = Deliverer(settings, options)
            try:
                deliverer.run(stop, until)
            finally:
                deliverer.close()
    finally:
        for taken, handler in kept.items():
            signal.signal(taken, handler)


def start_beside(config: ApiConfig) -> subprocess.Popen[bytes] | None:
    """Start this node's deliverer as a child of the server's main process."""
    settings = config.settings
    if os.environ.get("GCM_WEBHOOKS", "on").strip().lower() in ("off", "false", "0", "no"):
        return None
    if settings.store_kind == "memory":
        LOG.warning("Webhooks are not delivered from an in-memory event store")
        return None
    env = {k: v for k, v in os.environ.items() if k != "GCM_EVENT_STORE"}
    if settings.event_store is not None:
        env["GCM_EVENT_STORE"] = settings.event_store
    owner = os.getpid()
    child = subprocess.Popen(
        [sys.executable, "-m", "api.webhooks.running", str(settings.data_dir), str(owner)],
        env=env,
    )

    def stop() -> None:
        # atexit handlers are inherited by forked workers: only the owner stops it.
        if os.getpid() == owner and child.poll() is None:
            child.terminate()
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()

    atexit.register(stop)
    return child


def _main(data_dir: str, parent: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [webhooks] %(message)s")
    settings = Settings(Path(data_dir), os.environ.get("GCM_EVENT_STORE") or None)
    deliver(settings, until=lambda: os.getppid() != parent)


if __name__ == "__main__":
    _main(sys.argv[1], int(sys.argv[2]))
