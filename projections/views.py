"""The views database of one node: opened, migrated, kept current, rebuilt.

All the views advance together: each batch of the event log is applied in
one transaction (``BEGIN IMMEDIATE``, so two processes catching up at once
take turns) that also moves the stored position, re-read inside it. Catching
up twice, or crashing half-way, therefore never applies an event twice or
half of one.

A catch-up after a write (read your writes) costs what the new events cost:
``Views`` carries the session rows it wrote (open rows, next ids) to its next
catch-up, and uses them only when the stored position is still the one it
reached, that is when no other process (another worker of this node) wrote
the file meanwhile and no rebuild replaced it; otherwise, and after any
failure, it reads them back from the file. Nor does it read back the events
of this process's latest save: the application hands them over
(``take_saved``, with the notification ids the store gave them), and they
are applied instead of reading the log when they are exactly the events
that follow the stored position, read inside the transaction. Ids are
unique, so they are then all the log holds up to the last of them; when one
is missing (another writer's event came in between, or the views were
behind before the save) the log is read as before. What others store after
that save comes with the next catch-up, as it would had it been stored a
moment later.

The file is in WAL mode, one file per rebuild named by a link
(``views_file``), so that a rebuild can swap in a new file without WAL's side
files outliving the old one.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from eventsourcing.persistence import Notification
from sqlite_utils import Database

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from projections.events import Logged
from projections.log_reader import Read
from projections.projector import project
from projections.schema import migrate
from projections.session_rows import SessionRows
from projections.views_file import open_in_use

#: Events applied per transaction while catching up.
BATCH = 1_000
#: When the views are this many events behind the store on opening, rebuilding
#: them (which keeps session rows in memory) is faster than catching up.
REBUILD_WHEN_BEHIND = 20_000


class Views:
    """The read models in ``settings.views_path``, following ``app``'s event log."""

    def __init__(self, path: Path, app: GcmProcess) -> None:
        self.path = path
        self.app = app
        self._lock = threading.RLock()
        #: The session rows of the last catch-up, and the position they are valid at.
        self._carried: tuple[SessionRows, int] | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connect()

    @classmethod
    def open(cls, settings: Settings, app: GcmProcess) -> Views:
        """Open (create, migrate) the views and catch up.

        A views file ahead of the event store, or built from another store, is
        rebuilt rather than trusted; one far behind it is rebuilt because that
        is faster than catching up.
        """
        views = cls(settings.views_path, app)
        behind = app.last_position() - views.position()
        if not views.matches_store() or behind > REBUILD_WHEN_BEHIND:
            views.rebuild()
        views.catch_up()
        return views

    @property
    def db(self) -> Database:
        """The views database (re-opened by ``catch_up`` after a rebuild swapped the file)."""
        return self._db

    def position(self) -> int:
        """The position of the last event applied."""
        with self._lock:
            self._reopen_if_replaced()
            return int(self._conn.execute("SELECT position FROM position").fetchone()[0])

    def catch_up(self, batch: int = BATCH) -> int:
        """Apply the events stored since the last position, exactly once; the position reached."""
        with self._lock:
            self._reopen_if_replaced()
            saved = self.app.take_saved()
            while True:
                position, count = self._apply_batch(batch, saved)
                if count < batch:
                    return position
                saved = []

    def matches_store(self) -> bool:
        """True unless this file has applied events the event store does not hold."""
        position, originator_id, version = self._conn.execute(
            "SELECT position, originator_id, originator_version FROM position"
        ).fetchone()
        if position == 0:
            return True
        if position > self.app.last_position():
            return False
        found = self.app.recorder.select_notifications(start=position, limit=1, stop=position)
        return bool(found) and (
            found[0].id == position
            and str(found[0].originator_id) == originator_id
            and found[0].originator_version == version
        )

    def rebuild(self, progress: bool = False) -> int:
        """Recreate the views from the event log into a new file, then swap it in."""
        from projections.rebuild import rebuild

        with self._lock:
            self._conn.close()
            try:
                rebuild(self.path, self.app, progress=progress)
            finally:
                self._connect()
            return self.position()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- the machinery --------------------------------------------------------

    def _connect(self) -> None:
        self._carried = None
        self._conn, file = open_in_use(self.path)
        self._db = Database(self._conn)
        migrate(self._db)
        self._inode = os.stat(file).st_ino

    def _reopen_if_replaced(self) -> None:
        try:
            inode = os.stat(self.path).st_ino
        except FileNotFoundError:
            inode = -1
        if inode != self._inode:
            self._conn.close()
            self._connect()

    def _apply_batch(self, limit: int, saved: Sequence[Notification]) -> tuple[int, int]:
        carried, self._carried = self._carried, None
        sessions: list[SessionRows] = []

        def rows_at(position: int) -> SessionRows:
            if carried is not None and carried[1] == position:
                sessions.append(carried[0])
            else:
                sessions.append(SessionRows(self._conn))
            return sessions[0]

        position, count = apply_batch(self._conn, self.app, limit, rows_at, saved=saved)
        self._carried = (sessions[0], position) if sessions else carried
        return position, count


def apply_batch(
    conn: sqlite3.Connection,
    app: GcmProcess,
    limit: int,
    sessions: Callable[[int], SessionRows] | None = None,
    read: Read | None = None,
    saved: Sequence[Notification] = (),
) -> tuple[int, int]:
    """One transaction: the next ``limit`` events and the position; (position, events read).

    ``sessions``: given the position read inside the transaction, the session
    rows to carry on from (a rebuild's, or those of a node's last catch-up);
    ``read``: how the log is read (a rebuild's ``log_reader``; the library's by default);
    ``saved``: events this process saved, applied instead of reading the log when they
    are exactly the ones that follow the position (``following``).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        position = int(conn.execute("SELECT position FROM position").fetchone()[0])
        batch: Sequence[Logged] = following(saved, position)[:limit]
        if not batch:
            if read is None:
                batch = app.recorder.select_notifications(start=position + 1, limit=limit)
            else:
                batch = read(position + 1, limit)
        if batch:
            project(conn, app, batch, None if sessions is None else sessions(position))
            last = batch[-1]
            position = last.id
            conn.execute(
                "UPDATE position SET position = ?, originator_id = ?, originator_version = ?",
                (position, str(last.originator_id), last.originator_version),
            )
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return position, len(batch)


def following(saved: Sequence[Notification], position: int) -> list[Notification]:
    """The saved events (in log order) that follow ``position`` with no gap, or none.

    Notification ids are unique, so events numbered ``position + 1`` to ``n``
    that this process saved are all the log holds up to ``n``; a missing
    number (another writer's event, or one dropped from ``take_saved``)
    means the log must be read.
    """
    run: list[Notification] = []
    for notification in saved:
        if notification.id <= position:
            continue
        if notification.id != position + len(run) + 1:
            return []
        run.append(notification)
    return run
