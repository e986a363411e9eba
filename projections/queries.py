"""Queries over the views: plain functions, the first argument the views database.

Every function raises the project's domain errors (``ProcessNotFound``,
``SessionNotFound``, ``VersionNotFound``, ``InvalidInput``), so callers map
them in one place. ``changes`` filters ``since``/``until`` on the date a
change was *announced* (both inclusive); it and ``session_history`` tell the
corrections (``projections.corrections``).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlite_utils import Database

from gcm_process.domain.errors import InvalidInput, SessionNotFound, VersionNotFound
from gcm_process.domain.point import NOW, Point
from gcm_process.domain.session_state import END_OF_TIME
from projections import corrections
from projections.paging import TIMELINE_ORDER, Key, Page, date_bounds, key_of, limit_clause, read
from projections.records import (
    drafts,
    drafts_page,
    letter,
    letters,
    letters_page,
    process,
    process_key,
    processes,
    processes_page,
)
from projections.session_rows import event_data_from

__all__ = [
    "Page",
    "changes",
    "changes_page",
    "drafts",
    "drafts_page",
    "history_page",
    "last_position",
    "letter",
    "letters",
    "letters_page",
    "process",
    "processes",
    "processes_page",
    "session",
    "session_history",
    "sessions",
    "sessions_page",
    "timeline",
]

#: Per session, the state of the row holding (:t, :d): the greatest bound at or before
#: :d that existed at :t, then the latest row from that bound recorded at or before :t.
#: A bound's rows follow one another in recorded time (each closed where the next
#: opens, no empty row kept), so that row is the one open at :t; its state id is
#: read from ``session_rows_at`` alone. Each lookup is a scalar subquery, so the
#: plan is the same whatever the statistics say (none, or taken on a smaller file);
#: a session with no row there gives NULL, left out by ``timeline``.
_AT = """
SELECT (
    SELECT st.json FROM session_states st WHERE st.id = (
        SELECT c.state_id FROM session_rows c
        WHERE c.session_key = x.key AND c.t_from <= :t AND c.d_from = (
            SELECT b.d FROM session_bounds b
            WHERE b.session_key = x.key AND b.d <= :d AND b.t <= :t
            ORDER BY b.d DESC LIMIT 1
        )
        ORDER BY c.t_from DESC LIMIT 1
    )
)
FROM sessions x WHERE x.process_key = :p
"""
#: With no announced bound: per session, the state of the row open on that axis at
#: :t, from ``session_rows_tail`` alone (the same succession in recorded time).
_AS_OF = """
SELECT (
    SELECT st.json FROM session_states st WHERE st.id = (
        SELECT c.state_id FROM session_rows c
        WHERE c.session_key = x.key AND c.d_to IS NULL AND c.t_from <= :t
        ORDER BY c.t_from DESC LIMIT 1
    )
)
FROM sessions x WHERE x.process_key = :p
"""
_CURRENT = """
SELECT st.json FROM sessions x JOIN session_states st ON st.id = x.state_id
WHERE x.process_key = :p
"""


def timeline(db: Database, process: str, point: Point = NOW) -> dict[str, Any]:
    """The sessions of ``process`` in date order, now or at a point on either or both axes."""
    p = process_key(db, process)
    if point.is_now:
        rows = db.execute(_CURRENT, {"p": p}).fetchall()
    else:
        query = _AS_OF if point.known_on is None else _AT
        rows = db.execute(query, {"p": p, "t": point.t, "d": point.d}).fetchall()
    states = sorted(
        (json.loads(r[0]) for r in rows if r[0] is not None),
        key=lambda s: (s["days"][0]["date"] if s["days"] else END_OF_TIME, s["slug"]),
    )
    return {"process": process, **point.as_json(), "sessions": states}


def sessions(db: Database, process: str) -> list[dict[str, Any]]:
    """The current sessions, in timeline order."""
    return sessions_page(db, process).items


def sessions_page(
    db: Database, process: str, after: Key | None = None, limit: int | None = None
) -> Page:
    """A page of the current sessions in timeline order, after the key (first date, slug)."""
    p = process_key(db, process)
    after = key_of(after, 2)
    cursor = db.execute(
        f"SELECT {TIMELINE_ORDER}, st.json FROM sessions x "
        "JOIN session_states st ON st.id = x.state_id WHERE x.process_key = :p "
        f"AND (:first IS NULL OR ({TIMELINE_ORDER}) > (:first, :slug)) "
        f"ORDER BY {TIMELINE_ORDER}{limit_clause(limit)}",
        {"p": p, "first": after and after[0], "slug": after and after[1]},
    )
    return read([((first, slug), json.loads(text)) for first, slug, text in cursor], limit)


def session(db: Database, process: str, slug: str, version: int | None = None) -> dict[str, Any]:
    """One session now (or after ``version``), with its first announcement and sources."""
    key, latest = _session(db, process, slug)
    if version is None:
        version = latest
    elif not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput("A version is a whole number from 1.")
    found = db.execute(
        "SELECT st.json FROM session_events e JOIN session_states st ON st.id = e.state_id "
        "WHERE e.session_key = ? AND e.version = ?",
        (key, version),
    ).fetchone()
    if found is None:
        raise VersionNotFound(f"Session '{slug}'", version, latest)
    events = db.execute(
        "SELECT announced_on, source FROM session_events "
        "WHERE session_key = ? AND version <= ? ORDER BY version",
        (key, version),
    ).fetchall()
    sources = list(dict.fromkeys(s for _, s in events if s is not None))
    return {**json.loads(found[0]), "announced_on": events[0][0], "sources": sources}


def session_history(db: Database, process: str, slug: str) -> list[dict[str, Any]]:
    """Every event of a session, oldest first, with its metadata."""
    return history_page(db, process, slug).items


def history_page(
    db: Database, process: str, slug: str, after: Key | None = None, limit: int | None = None
) -> Page:
    """A page of a session's events, oldest first, after the key (version,)."""
    key, _ = _session(db, process, slug)
    after = key_of(after, 1)
    cursor = db.execute(
        "SELECT version, event, announced_on, recorded_at, actor, source, command_id, data "
        "FROM session_events WHERE session_key = ? AND version > ? "
        f"ORDER BY version{limit_clause(limit)}",
        (key, after[0] if after else 0),
    )
    names = [c[0] for c in cursor.description]
    found = read(
        [
            ((row[0],), {**dict(zip(names, row, strict=True)), "data": event_data_from(row[-1])})
            for row in cursor
        ],
        limit,
    )
    return Page(corrections.mark(db, process_key(db, process), found.items, slug), found.next)


def changes(
    db: Database,
    process: str,
    since: date | None = None,
    until: date | None = None,
    session: str | None = None,
) -> list[dict[str, Any]]:
    """The change log in log order; ``since``/``until`` bound the announced date, inclusive."""
    return changes_page(db, process, since, until, session).items


def changes_page(
    db: Database,
    process: str,
    since: date | None = None,
    until: date | None = None,
    session: str | None = None,
    *,
    after: int | None = None,
    before: int | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> Page:
    """A page of the change log in recorded order (or newest first), between positions.

    ``after`` and ``before`` are recorded positions, both exclusive; the key
    of a page is its last change's position.
    """
    p = process_key(db, process)
    date_bounds(since, until)
    where, params = ["e.process_key = ?"], [p]
    if since is not None:
        where.append("e.announced_on >= ?")
        params.append(since.isoformat())  # type: ignore[arg-type]
    if until is not None:
        where.append("e.announced_on <= ?")
        params.append(until.isoformat())  # type: ignore[arg-type]
    if session is not None:
        where.append("e.session_key = ?")
        params.append(_session(db, process, session)[0])
    if after is not None:
        where.append("e.position > ?")
        params.append(after)
    if before is not None:
        where.append("e.position < ?")
        params.append(before)
    cursor = db.execute(
        "SELECT x.slug, e.event, b.json, a.json, e.announced_on, e.recorded_at, e.actor, "
        "e.source, e.version, e.command_id, e.position FROM session_events e "
        "JOIN sessions x ON x.key = e.session_key "
        "JOIN session_states a ON a.id = e.state_id "
        "LEFT JOIN session_states b ON b.id = e.before_state_id "
        f"WHERE {' AND '.join(where)} "
        f"ORDER BY e.position{' DESC' if newest_first else ''}{limit_clause(limit)}",
        params,
    )
    found = read([((row[-1],), _change(*row)) for row in cursor], limit)
    return Page(corrections.mark(db, p, found.items), found.next)


def last_position(db: Database) -> int:
    """The position of the last event the views applied."""
    return int(db.execute("SELECT position FROM position").fetchone()[0])


def _change(
    slug: str,
    event: str,
    before: str | None,
    after: str,
    announced_on: str,
    recorded_at: str,
    actor: str,
    source: str | None,
    version: int,
    command_id: str,
    position: int,
) -> dict[str, Any]:
    return {
        "session": slug,
        "event": event,
        **_difference(None if before is None else json.loads(before), json.loads(after)),
        "announced_on": announced_on,
        "recorded_at": recorded_at,
        "actor": actor,
        "source": source,
        "version": version,
        "command_id": command_id,
        "position": position,
    }


_COMPARED = ("kind", "number", "title", "status", "days")


def _difference(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """What a change changed: the fields that differ, before and after (all, when new)."""
    if before is None:
        return {"before": None, "after": {k: after[k] for k in _COMPARED}}
    changed = [k for k in _COMPARED if before[k] != after[k]]
    return {"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}}


def _session(db: Database, process: str, slug: str) -> tuple[int, int]:
    """The key and latest version of a session, or ``SessionNotFound``."""
    p = process_key(db, process)
    found = db.execute(
        "SELECT key, version FROM sessions WHERE process_key = ? AND slug = ?", (p, slug)
    ).fetchone()
    if found is None:
        raise SessionNotFound(process, slug)
    return int(found[0]), int(found[1])
