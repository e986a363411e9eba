"""Recreate the views from the event log into a new file, swapped in when complete.

A reader never sees a half-built view, and a failed rebuild leaves the old
file serving. Memory stays bounded: the log is read in batches, and only the
session rows still open are kept between them.

The log is read with plain SQL where the store allows (``log_reader``). The
new file is nobody's until it is swapped in, so it is built without a
journal or syncs, the session rows stay in memory until the end, and the
session tables' indexes are made once, at the end, from the sorted rows. The
rows are the same as catching up would write (``tests/projections``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database
from tqdm import tqdm

from gcm_process.application import GcmProcess
from projections.log_reader import log_reader
from projections.schema import migrate
from projections.session_rows import SessionRows
from projections.views import apply_batch, connect

#: Events applied per transaction while rebuilding.
REBUILD_BATCH = 20_000
#: Tables whose secondary indexes are made at the end of a rebuild.
DEFERRED = ("session_rows", "session_events")


def rebuild(path: Path, app: GcmProcess, progress: bool = False) -> int:
    """Build the views of ``app``'s whole log at ``path``; the position reached."""
    building = path.with_name(path.name + ".rebuilding")
    _remove(building)
    try:
        conn = connect(building)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA cache_size=-65536")
            migrate(Database(conn))
            indexes = _drop_indexes(conn)
            position = _fill(conn, app, progress)
            for sql in indexes:
                conn.execute(sql)
            conn.execute("ANALYZE")
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        _swap(building, path)
    except BaseException:
        _remove(building)
        raise
    return position


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the deferred tables' own indexes; the statements that make them again."""
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(DEFERRED))})",
        DEFERRED,
    ).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


def _fill(conn: sqlite3.Connection, app: GcmProcess, progress: bool) -> int:
    total = app.last_position()
    position = 0
    sessions = SessionRows(conn, keep=True)
    with (
        log_reader(app) as read,
        tqdm(
            total=total, unit="event", unit_scale=True, desc="rebuild", disable=not progress
        ) as bar,
    ):
        while True:
            reached, count = apply_batch(conn, app, REBUILD_BATCH, lambda _: sessions, read)
            bar.update(max(0, min(reached, total) - position))
            position = reached
            if count < REBUILD_BATCH:
                break
    with conn:
        sessions.finish()
    return position


def _swap(building: Path, path: Path) -> None:
    """Replace the old file while holding its write lock, so no writer is half-way."""
    if not path.exists():
        os.replace(building, path)
        return
    old = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    try:
        old.execute("BEGIN EXCLUSIVE")
        os.replace(building, path)
        old.execute("ROLLBACK")
    finally:
        old.close()


def _remove(path: Path) -> None:
    for name in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            os.remove(name)
