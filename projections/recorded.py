"""The change log by recorded position, for those who follow it: the feed and the webhooks.

Each change is the one ``queries.changes`` gives (the same before and after),
with ``position``, its place in the record. ``latest`` is the newest first,
``after`` the oldest first from a position on: both by the primary key of
``session_events``, so a follower asking every second reads only what is new.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from projections.queries import _change
from projections.records import process_key

_SELECT = (
    "SELECT x.slug, e.event, b.json, a.json, e.announced_on, e.recorded_at, e.actor, "
    "e.source, e.version, e.command_id, e.position FROM session_events e "
    "JOIN sessions x ON x.key = e.session_key "
    "JOIN session_states a ON a.id = e.state_id "
    "LEFT JOIN session_states b ON b.id = e.before_state_id "
)


def latest(db: Database, process: str, limit: int) -> list[dict[str, Any]]:
    """The newest ``limit`` changes of ``process``, newest first."""
    cursor = db.execute(
        _SELECT + "WHERE e.process_key = ? ORDER BY e.position DESC LIMIT ?",
        (process_key(db, process), limit),
    )
    return [{**_change(*row[:-1]), "position": row[-1]} for row in cursor]


def after(db: Database, process: str, position: int, limit: int) -> list[dict[str, Any]]:
    """The changes of ``process`` recorded after ``position``, oldest first, at most ``limit``."""
    cursor = db.execute(
        _SELECT + "WHERE e.process_key = ? AND e.position > ? ORDER BY e.position LIMIT ?",
        (process_key(db, process), position, limit),
    )
    return [{**_change(*row[:-1]), "position": row[-1]} for row in cursor]


def last_position(db: Database, process: str) -> int:
    """The position of the newest change of ``process`` (0 when none)."""
    found = db.execute(
        "SELECT MAX(position) FROM session_events WHERE process_key = ?",
        (process_key(db, process),),
    ).fetchone()
    return int(found[0] or 0)


def pending(db: Database, process: str, position: int) -> int:
    """How many changes of ``process`` were recorded after ``position``."""
    found = db.execute(
        "SELECT COUNT(*) FROM session_events WHERE process_key = ? AND position > ?",
        (process_key(db, process), position),
    ).fetchone()
    return int(found[0])


def opened_at(db: Database, process: str) -> str:
    """When ``process`` was recorded as opened (where a feed without changes starts)."""
    found = db.execute("SELECT recorded_at FROM processes WHERE slug = ?", (process,)).fetchone()
    return str(found[0])
