"""What the endpoints share within one worker: the application, the views, the tokens.

On a served node (``config.followed``) the node's follower keeps the views and
tokens current and says what it saw in its status file: reads, ``/healthz``
included, never look at the event store. Without a follower (tests, an app
embedded elsewhere) a read looks for new events now and then itself, and the
status is what that look saw; a failed look is logged and the views serve.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import current_app, g

from api import status
from api.config import ApiConfig
from api.follower import look
from api.status import ViewsStatus
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
    #: When the views last looked for new events (never, yet: the first read looks).
    _checked: float = float("-inf")
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _seen: ViewsStatus = field(default_factory=lambda: ViewsStatus("inline", False, 0))
    _followed: status.StatusFile = field(init=False)

    def __post_init__(self) -> None:
        self._followed = status.StatusFile(self.config.status_path)

    @property
    def db(self) -> Any:
        return self.views.db

    def refresh(self) -> None:
        """Bring the views up to date with events written by other processes, now and then.

        A write through this worker brings its views up to date before it answers
        (``after_write``); this catches up with writes made elsewhere (another worker
        on another store, the command line) within ``views_poll_seconds``.
        """
        if self.config.followed:
            return
        now = time.monotonic()
        if now - self._checked < self.config.views_poll_seconds:
            return
        with self._lock:
            if now - self._checked < self.config.views_poll_seconds:
                return
            self._look()

    def status(self) -> ViewsStatus:
        """What is known of the store and the views, without asking the store."""
        if self.config.followed:
            found = self._followed.read()
            if found is not None:
                return found
            return ViewsStatus("listen", False, self.views.position(), error="no follower yet")
        return self._seen

    def converge(self) -> None:
        """Bring the views to the store's head now (before a 409 or 412, a newer ETag)."""
        self.after_write()

    def _look(self) -> None:
        self._seen = look(self.app, self.views, self.tokens, self._seen)
        self._checked = time.monotonic()

    def after_write(self) -> bool:
        """Bring the views up to date with a write just recorded, so the caller reads it.

        The write is recorded whatever happens here: a failure is logged and
        reported (False), the views catch up on a later request, and the answer
        is still the write's success.
        """
        try:
            with self._lock:
                if self.config.followed:
                    self.views.catch_up()
                else:
                    self._look()
                    if not self._seen.store_ok:
                        return False
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


def answered_at() -> int:
    """The views' position this request answers from: read once, before the answer is made.

    The ETag and the ``Views-Position`` header of a read both name it; a write
    applied while the answer is made can make it older than the answer, never newer.
    """
    if "views_position" not in g:
        g.views_position = services().views.position()
    return int(g.views_position)
