"""What the endpoints share within one worker: the application, the views, the tokens."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import current_app

from api.config import ApiConfig
from api.tokens import TokenStore
from gcm_process.application import GcmProcess

if TYPE_CHECKING:
    from projections import Views

LOG = logging.getLogger("gcm_process.api")


@dataclass
class Services:
    config: ApiConfig
    app: GcmProcess
    views: Views
    tokens: TokenStore
    _checked: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def db(self) -> Any:
        return self.views.db

    def refresh(self) -> None:
        """Bring the views up to date with events written by other processes, now and then.

        A write through this worker brings its views up to date before it answers
        (``after_write``); this catches up with writes made elsewhere (another worker
        on another store, the command line) within ``views_poll_seconds``.
        """
        now = time.monotonic()
        if now - self._checked < self.config.views_poll_seconds:
            return
        with self._lock:
            if now - self._checked < self.config.views_poll_seconds:
                return
            self.views.catch_up()
            self._checked = time.monotonic()

    def after_write(self) -> bool:
        """Bring the views up to date with a write just recorded, so the caller reads it.

        The write is recorded whatever happens here: a failure is logged and
        reported (False), the views catch up on a later request, and the answer
        is still the write's success.
        """
        try:
            with self._lock:
                self.views.catch_up()
                self._checked = time.monotonic()
        except Exception:
            LOG.exception("Recorded, but the views could not be brought up to date")
            return False
        return True

    def close(self) -> None:
        self.views.close()
        self.app.close()


def services() -> Services:
    found = current_app.extensions["gcm"]
    assert isinstance(found, Services)
    return found
