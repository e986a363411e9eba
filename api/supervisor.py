"""The follower of a served node: one process beside gunicorn's workers, restarted if it ends.

``serve`` starts it before the workers and stops it when they stop; it runs
``gcm-process follow`` on the node's data directory and event store. If it
exits or is killed, it is started again after a second, and resumes from the
positions stored with the views and the credentials. It ends by itself when
the process that started it is gone (``kill -9`` of ``serve``).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading

from api.config import ApiConfig
from api.follower import CHILD

LOG = logging.getLogger("gcm_process.api")
#: Seconds before a follower that ended is started again.
RESTART_SECONDS = 1.0
COMMAND = "from gcm_process.cli import main; main()"


class Supervisor:
    def __init__(self, config: ApiConfig) -> None:
        self.config = config
        self._stop = threading.Event()
        self._child: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._run, name="follower", daemon=True)

    def start(self) -> Supervisor:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        child = self._child
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(5)
            except subprocess.TimeoutExpired:
                child.kill()
        self._thread.join(6)

    def _run(self) -> None:
        settings = self.config.settings
        env = dict(os.environ, GCM_EVENT_STORE=settings.event_store or "", **{CHILD: "1"})
        argv = [sys.executable, "-c", COMMAND, "--data-dir", str(settings.data_dir), "follow"]
        while not self._stop.is_set():
            self._child = subprocess.Popen(argv, env=env)
            while self._child.poll() is None and not self._stop.wait(0.2):
                pass
            # Ctrl-C reaches the follower with the rest of the terminal's process group: it
            # stops cleanly (0) just before ``serve`` stops this supervisor. Wait for that
            # before saying anything, so a shutdown is not reported as a failure.
            if self._stop.wait(RESTART_SECONDS):
                return
            LOG.warning("The follower ended (%s); started again", self._child.returncode)
