"""What a node's follower last saw: the store's head, the views' position, and when.

The follower writes it to ``follower.json`` in the data directory after every
look at the store (atomically: a temporary file renamed over the old one); the
workers read it, so that ``/healthz`` and the headers of a read never wait for
the store. ``current_at`` is the last time the views were seen holding every
stored event: the views' age is the time since.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

#: A status older than this (seconds) means the follower is not reporting.
STALE_SECONDS = 5.0
#: The mode of the status ``serve`` writes before its follower runs.
STARTING = "starting"


@dataclass(frozen=True)
class ViewsStatus:
    #: ``listen`` (pushed by the store), ``poll``, ``inline`` (no follower: the worker
    #: looks), or ``starting`` (written by ``serve`` before the follower runs).
    mode: str
    store_ok: bool
    views: int
    head: int | None = None
    fingerprint: str | None = None
    checked_at: float = 0.0
    current_at: float | None = None
    error: str | None = None
    pid: int = 0

    def age(self, now: float | None = None) -> float | None:
        """Seconds since the views were last seen current (None: never)."""
        if self.current_at is None:
            return None
        return max(0.0, (time.time() if now is None else now) - self.current_at)

    def reporting(self, now: float | None = None) -> bool:
        """True when a follower wrote this lately."""
        recent = (time.time() if now is None else now) - self.checked_at < STALE_SECONDS
        return recent and self.mode != STARTING

    def seen(self, head: int | None, views: int, fingerprint: str | None) -> ViewsStatus:
        """This status after a look that found the store at ``head``."""
        now = time.time()
        current = now if head is not None and views >= head else self.current_at
        return replace(
            self,
            store_ok=True,
            head=head,
            views=views,
            fingerprint=fingerprint,
            checked_at=now,
            current_at=current,
            error=None,
            pid=os.getpid(),
        )

    def failed(self, views: int, error: BaseException) -> ViewsStatus:
        """This status after a look at the store that failed."""
        text = f"{type(error).__name__}: {error}"[:300]
        return replace(
            self, store_ok=False, views=views, checked_at=time.time(), error=text, pid=os.getpid()
        )


def write(path: Path, status: ViewsStatus) -> None:
    """Replace the status file; a data directory that cannot be written is left as it is."""
    spare = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        spare.write_text(json.dumps(asdict(status)))
        os.replace(spare, path)
    except OSError:
        with contextlib.suppress(OSError):
            spare.unlink(missing_ok=True)


def read(path: Path) -> ViewsStatus | None:
    try:
        return ViewsStatus(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


class StatusFile:
    """The status file as a worker reads it: parsed again once the follower replaced it.

    A replaced file has another inode, time or size; it is read again after
    ``AGAIN_SECONDS`` anyway, in case a new file took an old one's inode within
    the same tick of the clock.
    """

    AGAIN_SECONDS = 1.0

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int, int, float] | None = None
        self._status: ViewsStatus | None = None

    def read(self) -> ViewsStatus | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        now = time.monotonic()
        kept = self._stamp
        if (
            kept is None
            or kept[:3] != (found.st_ino, found.st_mtime_ns, found.st_size)
            or (now - kept[3] > self.AGAIN_SECONDS)
        ):
            self._status = read(self.path)
            self._stamp = (found.st_ino, found.st_mtime_ns, found.st_size, now)
        return self._status
