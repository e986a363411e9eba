"""Small queries the pages need besides ``queries``: how days moved, what is new.

``trails`` gives, per session, the states its events left at a point on both
time axes (the events that count there, in version order), from which
``ghosts`` finds the earlier positions of days that moved. A day is known by
its place in the session's list (day 1, day 2 ...), as in the calendar feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from gcm_process.domain.point import NOW, Point, micros
from gcm_process.domain.session_state import (
    CORRECTED,
    SessionState,
    counts,
    errors_at,
    fold,
    topic_of,
)
from projections.records import process_key
from projections.session_rows import event_data_from


@dataclass(frozen=True)
class Ghost:
    """Where day ``index`` (from 0) of a session once was, and where it went."""

    index: int
    date: str
    venue: str | None
    #: The date it has now; ``None`` when the session no longer has that day.
    moved_to: str | None


@dataclass
class Trail:
    """A session's events that count at a point: each with the days it left."""

    events: list[dict[str, Any]] = field(default_factory=list)

    def history(self) -> list[dict[str, Any]]:
        """Entries in the shape ``projections.jsonld`` reads (``event``, ``version``, ``data``)."""
        return [
            {"event": e["event"], "version": e["version"], "data": {"days": e["days"]}}
            for e in self.events
        ]


def trails(
    db: Database, process: str, point: Point = NOW, session: str | None = None
) -> dict[str, Trail]:
    """Per session slug (or only ``session``), its events counting at ``point``, oldest first,
    each with the days the fold of the counted events had after it."""
    p = process_key(db, process)
    cursor = db.execute(
        "SELECT x.slug, e.version, e.event, e.announced_on, e.recorded_at, e.data "
        "FROM session_events e JOIN sessions x ON x.key = e.session_key "
        "WHERE e.process_key = ? AND (? IS NULL OR x.slug = ?) ORDER BY e.session_key, e.version",
        (p, session, session),
    )
    found: dict[str, Trail] = {}
    states: dict[str, SessionState | None] = {}
    rows = [
        (slug, version, event, topic_of(event), _ordinal(announced_on), at, event_data_from(data))
        for slug, version, event, announced_on, at, data in cursor
    ]
    wrong = {
        (slug, v)
        for slug, _, _, topic, _, at, data in rows
        if topic == CORRECTED
        for v in errors_at([(topic, data, micros(datetime.fromisoformat(at)))], point)
    }
    for slug, version, event, topic, d, at, data in rows:
        t = micros(datetime.fromisoformat(at))
        if (slug, version) in wrong or not counts(point, topic, t, d):
            continue
        state = fold(states.get(slug), topic, data, version)
        states[slug] = state
        if state is None:
            continue
        days = [d.as_json() for d in state.days]
        found.setdefault(slug, Trail()).events.append(
            {"version": version, "event": event, "announced_on": _iso(d), "days": days}
        )
    return found


def _ordinal(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def ghosts(trail: Trail, days: list[dict[str, Any]]) -> list[Ghost]:
    """The earlier dates of the days of a session that now has ``days``, each once.

    A ghost has the room its day had last on that date, before it moved.
    """
    now = [d["date"] for d in days]
    # A date where the session has a day now is drawn as that day, not as a ghost.
    taken = set(now)
    found: dict[tuple[int, str], Ghost] = {}
    for event in trail.events:
        for i, day in enumerate(event["days"]):
            if day["date"] in taken:
                continue
            moved_to = now[i] if i < len(now) else None
            found[(i, day["date"])] = Ghost(i, day["date"], day.get("venue"), moved_to)
    return list(found.values())


def earlier_rooms(trail: Trail, days: list[dict[str, Any]]) -> list[list[str]]:
    """Per day now, the other rooms it had on the same date before, oldest first."""
    found: list[list[str]] = [[] for _ in days]
    for event in trail.events:
        for i, day in enumerate(event["days"][: len(days)]):
            venue = day.get("venue")
            same_date = day["date"] == days[i]["date"]
            if same_date and venue and venue != days[i].get("venue") and venue not in found[i]:
                found[i].append(venue)
    return found


def change_counts(db: Database, process: str, seen: int | None) -> tuple[int, int]:
    """The position of the latest change of a process, and how many come after ``seen``."""
    p = process_key(db, process)
    (latest,) = db.execute(
        "SELECT max(position) FROM session_events WHERE process_key = ?", (p,)
    ).fetchone()
    if seen is None:
        return latest or 0, 0
    (unseen,) = db.execute(
        "SELECT count(*) FROM session_events WHERE process_key = ? AND position > ?", (p, seen)
    ).fetchone()
    return latest or 0, int(unseen)


def letters_named(db: Database, process: str, slugs: set[str | None]) -> set[str]:
    """Those of ``slugs`` that are letters of the process on the record."""
    p = process_key(db, process)
    named = sorted(s for s in slugs if s is not None)
    marks = ", ".join("?" * len(named))
    found = db.execute(
        f"SELECT slug FROM letters WHERE process_key = ? AND slug IN ({marks})", (p, *named)
    )
    return {slug for (slug,) in found}


def events_from_letter(db: Database, process: str, letter: str) -> list[dict[str, Any]]:
    """The session events whose source is ``letter``, in log order."""
    p = process_key(db, process)
    cursor = db.execute(
        "SELECT x.slug, e.version, e.event, e.announced_on, e.recorded_at, e.actor, "
        "e.command_id FROM session_events e JOIN sessions x ON x.key = e.session_key "
        "WHERE e.process_key = ? AND e.source = ? ORDER BY e.position",
        (p, letter),
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
