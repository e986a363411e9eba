"""The session views of one batch: versioned rows, states, the change log, current sessions.

Rows still open in recorded time are found through a partial index on
``(session_key, d_from)``; a row enters the R*Tree when it is closed, so the
tree holds small, non-overlapping boxes.

Within a batch (one transaction) the current rows of each session touched are
kept in memory; a row is written once it is closed or when the batch ends, so
a long batch writes most rows once and never updates them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from gcm_process.domain.base import PROVENANCE_FIELDS
from gcm_process.jsonable import event_data, event_name
from projections.bitemporal import Row, advance, micros, ordinal
from projections.replay import SCHEDULED, SessionState, apply


@dataclass
class Tracked:
    key: int
    process_key: int
    rows: list[Row] = field(default_factory=list)


class SessionRows:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.tracked: dict[str, Tracked] = {}
        self.next_row = _next_id(conn, "session_rows")
        self.next_state = _next_id(conn, "session_states")
        self.states: list[tuple[int, str]] = []
        self.rows: list[tuple[int | None, ...]] = []
        self.boxes: list[tuple[int, ...]] = []
        self.events: list[tuple[Any, ...]] = []

    def apply(self, position: int, topic: str, event: Any, stored: bytes) -> None:
        tracked = self._track(topic, event)
        if tracked is None:
            return
        t = micros(event.timestamp)
        step = advance(
            tracked.rows,
            t,
            ordinal(event.announced_on),
            lambda state: _fold(state, topic, event),
            lambda t_from, d_from, d_to, state, state_id: self._row(
                tracked.key, t_from, d_from, d_to, state, state_id
            ),
        )
        tracked.rows = step.current
        for row in step.closed:
            self._close(row, tracked.process_key)
        self.events.append(
            (
                position,
                tracked.process_key,
                tracked.key,
                int(event.originator_version),
                event_name(event),
                event.announced_on.isoformat(),
                event.timestamp.isoformat(),
                event.actor,
                event.source,
                event.command_id,
                _data(event, stored),
                None if step.before is None else step.before.state_id,
                step.after.state_id,
            )
        )

    def flush(self) -> None:
        """Write what the batch made: open rows last, then the current sessions."""
        for tracked in self.tracked.values():
            for row in tracked.rows:
                if not row.stored:
                    self.rows.append(row.record())
                    row.stored = True
        c = self.conn
        c.executemany("INSERT INTO session_states (id, json) VALUES (?, ?)", self.states)
        c.executemany("INSERT INTO session_rows VALUES (?, ?, ?, ?, ?, ?, ?)", self.rows)
        c.executemany("INSERT INTO session_boxes VALUES (?, ?, ?, ?, ?, ?, ?)", self.boxes)
        c.executemany(f"INSERT INTO session_events VALUES ({', '.join('?' * 13)})", self.events)
        for tracked in self.tracked.values():
            self._write_current(tracked)
        self.states, self.rows, self.boxes, self.events = [], [], [], []

    # -- the machinery --------------------------------------------------------

    def _track(self, topic: str, event: Any) -> Tracked | None:
        sid = str(event.originator_id)
        found = self.tracked.get(sid)
        if found is not None:
            return found
        c = self.conn
        if topic == SCHEDULED:
            (process_key,) = c.execute(
                "SELECT key FROM processes WHERE slug = ?", (event.process,)
            ).fetchone()
            cursor = c.execute(
                "INSERT INTO sessions (id, process_key, slug) VALUES (?, ?, ?)",
                (sid, process_key, event.slug),
            )
            found = Tracked(int(cursor.lastrowid or 0), process_key)
        else:
            known = c.execute(
                "SELECT key, process_key FROM sessions WHERE id = ?", (sid,)
            ).fetchone()
            if known is None:
                return None
            found = Tracked(known[0], known[1], self._load_rows(known[0]))
        self.tracked[sid] = found
        return found

    def _load_rows(self, key: int) -> list[Row]:
        cursor = self.conn.execute(
            "SELECT r.id, r.t_from, r.d_from, r.d_to, r.state_id, s.json "
            "FROM session_rows r JOIN session_states s ON s.id = r.state_id "
            "WHERE r.session_key = ? AND r.t_to IS NULL ORDER BY r.d_from",
            (key,),
        )
        return [
            Row(i, key, t, None, d0, d1, SessionState.from_json(json.loads(j)), sid, stored=True)
            for i, t, d0, d1, sid, j in cursor
        ]

    def _row(
        self,
        key: int,
        t_from: int,
        d_from: int,
        d_to: int | None,
        state: SessionState,
        state_id: int | None,
    ) -> Row:
        if state_id is None:
            state_id = self.next_state
            self.next_state += 1
            self.states.append((state_id, json.dumps(state.as_json(), ensure_ascii=False)))
        row = Row(self.next_row, key, t_from, None, d_from, d_to, state, state_id)
        self.next_row += 1
        return row

    def _close(self, row: Row, process_key: int) -> None:
        assert row.t_to is not None
        if row.stored and row.t_to <= row.t_from:
            self.conn.execute("DELETE FROM session_rows WHERE id = ?", (row.id,))
        elif row.stored:
            self.conn.execute("UPDATE session_rows SET t_to = ? WHERE id = ?", (row.t_to, row.id))
            self.boxes.append(row.box(process_key))
        elif row.t_to > row.t_from:
            self.rows.append(row.record())
            self.boxes.append(row.box(process_key))

    def _write_current(self, tracked: Tracked) -> None:
        state = tracked.rows[-1].state
        days = [
            (tracked.key, d.date.isoformat(), _hhmm(d.start), _hhmm(d.end), d.venue)
            for d in state.days
        ]
        self.conn.execute(
            "UPDATE sessions SET status = ?, version = ?, first_date = ?, state_id = ? "
            "WHERE key = ?",
            (state.status, state.version, days[0][1], tracked.rows[-1].state_id, tracked.key),
        )
        self.conn.execute("DELETE FROM session_days WHERE session_key = ?", (tracked.key,))
        self.conn.executemany("INSERT INTO session_days VALUES (?, ?, ?, ?, ?)", days)


def _data(event: Any, stored: bytes) -> str:
    """What the event says, as stored (JSON, decoded by ``event_data_from``) when it can be."""
    if stored[:1] == b"{":
        return stored.decode("utf-8")
    return json.dumps({"data": event_data(event)}, ensure_ascii=False)


def event_data_from(text: str) -> dict[str, Any]:
    """The event's own fields (as ``jsonable.event_data`` gives them) from ``_data``'s text.

    Stored events are the library's JSON, where a transcoded value is
    ``{"_type_": name, "_data_": plain}``; the plain form is what we show.
    """
    found: dict[str, Any] = json.loads(text, object_hook=_plain)
    if set(found) == {"data"}:
        return dict(found["data"])
    return {k: v for k, v in found.items() if k not in _NOT_DATA}


_NOT_DATA = frozenset({"timestamp", "originator_topic", *PROVENANCE_FIELDS})


def _plain(value: dict[str, Any]) -> Any:
    if len(value) == 2 and "_type_" in value and "_data_" in value:
        return value["_data_"]
    return value


def _fold(state: SessionState | None, topic: str, event: Any) -> SessionState:
    folded = apply(state, topic, event)
    assert folded is not None, "a session's rows start at its Scheduled event"
    return folded


def _hhmm(value: Any) -> str | None:
    return None if value is None else str(value.isoformat(timespec="minutes"))


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])
