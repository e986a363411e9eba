"""The follower of one node: keeps its views and credentials current with the event store.

On PostgreSQL it is woken by the store itself: the library's subscription
(``recorder.subscribe``, LISTEN/NOTIFY) wakes it as soon as an event is
committed on any node. It also looks every ``poll`` seconds — the only way on
SQLite, whose recorder cannot push, and the fallback on PostgreSQL while the
subscription is being re-established. Every look catches the views and the
credentials up from their own stored positions, so a failure anywhere (the
store gone, a crash) is followed by a look that resumes where the last one
stopped; and every look writes the node's status (``api.status``) for the
workers to read without asking the store.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from api.config import ApiConfig
from api.status import ViewsStatus, write
from api.tokens import TokenStore
from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.integrity.record import fingerprint
from projections import Views

LOG = logging.getLogger("gcm_process.follower")
#: Seconds between two looks by default: a pushed store needs only a heartbeat
#: (and a fallback while its subscription is being made).
POLL_SECONDS = {"postgresql": 0.5, "sqlite": 0.25, "memory": 0.25}
#: Seconds before subscribing again after the subscription failed.
RESUBSCRIBE_SECONDS = 0.5


def node_app(settings: Settings) -> GcmProcess:
    """The application of a node's worker or follower: the store's tables already exist.

    Creating them (``serve`` does, once, before anything starts) needs the
    store, and a data directory that can be written; a node that only opens it
    starts even while the store is away, or its data directory is read-only.
    """
    env = settings.application_env()
    if settings.store_kind != "memory":
        env["CREATE_TABLE"] = "false"
    return GcmProcess(env)


def look(app: GcmProcess, views: Views, tokens: TokenStore, before: ViewsStatus) -> ViewsStatus:
    """Catch ``views`` and ``tokens`` up with the store: what was seen, or that it failed."""
    try:
        head = app.last_position()
        found = fingerprint(app.recorder)
        views.catch_up()
        tokens.catch_up()
        return before.seen(head, views.position(), None if found is None else str(found))
    except Exception as error:
        if before.store_ok:
            LOG.warning("The store could not be followed: %s", error)
        try:
            position = views.position()
        except Exception:
            position = before.views
        return before.failed(position, error)


@dataclass
class Follower:
    config: ApiConfig
    poll: float | None = None
    app: GcmProcess = field(init=False)
    views: Views = field(init=False)
    tokens: TokenStore = field(init=False)
    status: ViewsStatus = field(init=False)
    _wake: threading.Event = field(default_factory=threading.Event)
    _subscription: Any = None

    def __post_init__(self) -> None:
        settings = self.config.settings
        self.app = node_app(settings)
        self.views = Views(settings.views_path, self.app)
        self.tokens = TokenStore(self.config.tokens_path, self.app)
        self.pushed = settings.store_kind == "postgresql"
        if self.poll is None:
            self.poll = POLL_SECONDS[settings.store_kind]
        mode = "listen" if self.pushed else "poll"
        self.status = ViewsStatus(mode=mode, store_ok=False, views=self.views.position())

    def look(self) -> ViewsStatus:
        """Catch the views and credentials up with the store; the status, also written."""
        self.status = look(self.app, self.views, self.tokens, self.status)
        write(self.config.status_path, self.status)
        return self.status

    def run(
        self,
        stop: threading.Event,
        parent: int | None = None,
        report: Callable[[ViewsStatus], None] | None = None,
    ) -> None:
        """Look, and look again when woken or after ``poll`` seconds, until ``stop``.

        ``parent``: the process that started this one; when it is gone, so is this.
        ``report``: called with the status after every look.
        """
        if self.pushed:
            threading.Thread(target=self._listen, args=(stop,), daemon=True).start()
        try:
            while not stop.is_set():
                if parent is not None and os.getppid() != parent:
                    return
                self._wake.clear()
                seen = self.look()
                if report is not None:
                    report(seen)
                self._wake.wait(self.poll)
        finally:
            stop.set()
            if self._subscription is not None:
                self._subscription.stop()

    def close(self) -> None:
        self.views.close()
        self.app.close()

    def _listen(self, stop: threading.Event) -> None:
        """Wake the loop on every event the store notifies; subscribe again after a failure."""
        while not stop.is_set():
            try:
                with self.app.recorder.subscribe(gt=self._position()) as subscription:
                    self._subscription = subscription
                    for _ in subscription:
                        self._wake.set()
                        if stop.is_set():
                            return
            except Exception as error:
                LOG.info("The subscription to the store ended: %s", error)
            self._subscription = None
            self._wake.set()
            stop.wait(RESUBSCRIBE_SECONDS)

    def _position(self) -> int:
        try:
            return self.views.position()
        except Exception:
            return self.status.views


def follow_until(
    config: ApiConfig,
    stop: threading.Event,
    poll: float | None = None,
    report: Callable[[ViewsStatus], None] | None = None,
) -> int:
    """Follow until ``stop``; the position the views reached."""
    follower = Follower(config, poll)
    try:
        follower.run(stop, os.getppid() if os.environ.get(CHILD) else None, report)
        return follower.views.position()
    finally:
        follower.close()


#: Set in the environment of a follower started by ``serve``: it ends when ``serve`` does.
CHILD = "GCM_FOLLOWER_OF_SERVE"
