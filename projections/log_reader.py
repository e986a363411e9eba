"""The event log read for a rebuild: plain SQL on the SQLite store, the library elsewhere.

The library's ``select_notifications`` makes a ``UUID`` of every stored id and
reads rows as mappings; a rebuild reads every event once and only wants the
id as text. On the SQLite store the rows are read with ``sqlite3`` on a
connection of their own, the id written as ``str(UUID)`` writes it (the
views store that form); the notifications are otherwise the library's, so
everything downstream (the decoder, the library's mapper for the few events
it reads itself) is unchanged. Other stores are read through the library.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

from eventsourcing.sqlite import SQLiteApplicationRecorder

from gcm_process.application import GcmProcess
from projections.events import Logged, LoggedEvent
from projections.projector import Part

#: (start, limit) -> the notifications from ``start`` on, at most ``limit``.
Read = Callable[[int, int], Sequence[Logged]]


@contextmanager
def log_reader(app: GcmProcess, part: Part | None = None, end: int = 0) -> Iterator[Read]:
    """The log's reader; with ``part`` (on a SQLite store only), only the events up to
    ``end`` that the part folds: its sessions' and those of ``part.topics``."""
    recorder = app.recorder
    if not isinstance(recorder, SQLiteApplicationRecorder) or _in_memory(recorder):
        if part is not None:
            raise ValueError("only a SQLite store is read in parts")
        yield lambda start, limit: recorder.select_notifications(start=start, limit=limit)
        return
    as_text = _dashed if recorder.datastore.originator_id_type == "uuid" else str
    conn = sqlite3.connect(recorder.datastore.pool.db_name, timeout=30)
    table = recorder.events_table_name
    statement = (
        "SELECT rowid, originator_id, originator_version, topic, state "
        f"FROM {table} WHERE rowid >= ? ORDER BY rowid LIMIT ?"
    )
    if part is not None:
        statement = _part_statement(conn, table, as_text, part, end)

    def read(start: int, limit: int) -> Sequence[Logged]:
        rows = conn.execute(statement, (start, limit)).fetchall()
        return [
            LoggedEvent(position, as_text(originator_id), version, topic, state)
            for position, originator_id, version, topic, state in rows
        ]

    try:
        yield read
    finally:
        conn.close()


def _part_statement(
    conn: sqlite3.Connection, table: str, as_text: Callable[[str], str], part: Part, end: int
) -> str:
    """The statement reading a part's events: its sessions' ids in a table of this
    connection's own (in their stored form), the topics it reads of every aggregate."""
    conn.execute("CREATE TEMP TABLE part_sessions (id TEXT PRIMARY KEY) WITHOUT ROWID")
    stored = conn.execute(f"SELECT DISTINCT originator_id FROM {table}").fetchall()
    conn.executemany(
        "INSERT INTO part_sessions VALUES (?)",
        [(raw,) for (raw,) in stored if as_text(raw) in part.sessions],
    )
    topics = ", ".join("'" + topic.replace("'", "''") + "'" for topic in part.topics)
    return (
        "SELECT rowid, originator_id, originator_version, topic, state "
        f"FROM {table} WHERE rowid >= ? AND rowid <= {int(end)} "
        f"AND (originator_id IN part_sessions OR topic IN ({topics})) "
        "ORDER BY rowid LIMIT ?"
    )


def aggregate_sizes(app: GcmProcess) -> dict[str, int] | None:
    """Each aggregate's number of stored events, by its id as the reader gives it; None
    where the store is not a SQLite file (it is counted from the store's own index)."""
    recorder = app.recorder
    if not isinstance(recorder, SQLiteApplicationRecorder) or _in_memory(recorder):
        return None
    as_text = _dashed if recorder.datastore.originator_id_type == "uuid" else str
    conn = sqlite3.connect(recorder.datastore.pool.db_name, timeout=30)
    try:
        rows = conn.execute(
            f"SELECT originator_id, count(*) FROM {recorder.events_table_name} "
            "GROUP BY originator_id"
        ).fetchall()
    finally:
        conn.close()
    return {as_text(originator_id): count for originator_id, count in rows}


def _in_memory(recorder: SQLiteApplicationRecorder) -> bool:
    name = recorder.datastore.pool.db_name
    return name in ("", ":memory:") or "mode=memory" in name


@lru_cache(maxsize=16_384)
def _dashed(hex_id: str) -> str:
    """A stored id (32 hex digits, or already dashed) as ``str(UUID(...))`` writes it."""
    if len(hex_id) != 32:
        return hex_id.lower()
    h = hex_id.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
