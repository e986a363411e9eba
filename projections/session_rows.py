"""The session views of one batch: versioned rows, bounds, states, the change log, sessions.

The current rows (open in recorded time) of each session touched are kept in
memory; a row is written once it is closed or when the batch ends, so a long
batch writes most rows once and never updates them. A rebuild keeps them
(``keep=True``) across all its batches and writes the open rows and the
current sessions once, in ``finish``. A node's views may carry them from one
catch-up to the next (``views.Views``), so a catch-up reads nothing back; the
current session and its days are written for the sessions the batch touched,
the days only when they changed.

Ids do not depend on the order in which sessions are folded, so that the
sessions of one log can be folded apart (a rebuild's parts) and give the
rows a single pass gives: a row's and a state's id is the position of the
event that made it, shifted by ``ID_BITS``, plus its place among those the
event made; a session's key counts the sessions scheduled before it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gcm_process.domain.base import PROVENANCE_FIELDS
from gcm_process.domain.session_state import (
    CORRECTED,
    SCHEDULED,
    Days,
    SessionState,
    fold,
    in_error,
    topic_of,
)
from projections.bitemporal import Row, Step, advance
from projections.events import SessionEvent, plain_json

#: Sessions carried from batch to batch at most (beyond, they are read back when touched).
CARRIED = 10_000
#: Bits of a row's or a state's id that number it among its event's (the rest: the position).
ID_BITS = 20


class ViewsInconsistent(RuntimeError):
    """The views file does not hold what catching up wrote into it (changed by hand)."""


@dataclass
class Tracked:
    key: int
    process_key: int
    rows: list[Row] = field(default_factory=list)
    #: The days in ``session_days`` (None: not written yet).
    days: Days | None = None


class SessionRows:
    def __init__(self, conn: sqlite3.Connection, keep: bool = False) -> None:
        self.conn = conn
        self.keep = keep
        self.tracked: dict[str, Tracked] = {}
        self.processes: dict[str, int] = {}
        self.next_row = self.next_state = 0
        #: The key of the next session scheduled (sessions are never removed).
        self.next_session = int(
            conn.execute("SELECT coalesce(max(key), 0) + 1 FROM sessions").fetchone()[0]
        )
        self.key = 0
        self.states: list[tuple[int, str]] = []
        self.rows: list[tuple[int | None, ...]] = []
        self.bounds: list[tuple[int, int, int]] = []
        self.events: list[tuple[Any, ...]] = []
        self.text = StateText()
        #: The sessions this batch changed (their current row is written at its end).
        self.touched: dict[str, Tracked] = {}

    def apply(self, event: SessionEvent) -> None:
        tracked = self.tracked.get(event.session) or self._track(event)
        if tracked is None:
            return
        self.key = tracked.key
        self.touched[event.session] = tracked
        first = self.next_row = self.next_state = _first_id(event.position)
        if event.topic == CORRECTED:
            step = self._correct(tracked, event)
        else:
            step = advance(tracked.rows, event.t, event.d, lambda s: _fold(s, event), self._row)
        if self.next_row - first > _PER_EVENT:
            raise ValueError(f"event {event.position} made more session rows than ids allow")
        tracked.rows = step.current
        for row in step.closed:
            self._close(row)
        if step.bound is not None:
            self.bounds.append((tracked.key, step.bound, step.t))
        fields = event.data
        self.events.append(
            (
                event.position,
                tracked.process_key,
                tracked.key,
                event.version,
                event.name,
                event.announced_on,
                event.recorded_at,
                fields["actor"],
                fields.get("source"),
                fields["command_id"],
                event.text,
                None if step.before is None else step.before.state_id,
                step.after.state_id,
            )
        )

    def scheduled_elsewhere(self) -> None:
        """A session scheduled in the log but folded elsewhere (another part) takes its key."""
        self.next_session += 1

    def flush(self) -> None:
        """Write what the batch made; unless keeping, open rows last, then the sessions."""
        if not self.keep:
            for tracked in self.touched.values():
                for row in tracked.rows:
                    if not row.stored:
                        self.rows.append(row.record())
                        row.stored = True
        for sql, values in (
            ("INSERT INTO session_states (id, json) VALUES (?, ?)", self.states),
            ("INSERT INTO session_rows VALUES (?, ?, ?, ?, ?, ?, ?)", self.rows),
            ("INSERT INTO session_bounds VALUES (?, ?, ?)", self.bounds),
            (f"INSERT INTO session_events VALUES ({', '.join('?' * 13)})", self.events),
        ):
            if values:
                self.conn.executemany(sql, values)
        if not self.keep:
            for tracked in self.touched.values():
                self._write_current(tracked)
            self.touched = {}
            if len(self.tracked) > CARRIED:
                self.tracked = {}
        self.states, self.rows, self.bounds, self.events = [], [], [], []

    def finish(self) -> None:
        """The end of a rebuild: write the open rows and the current sessions."""
        self.keep = False
        self.flush()

    # -- the machinery --------------------------------------------------------

    def _track(self, event: SessionEvent) -> Tracked | None:
        sid = event.session
        found = self.tracked.get(sid)
        if found is not None:
            return found
        c = self.conn
        if event.topic == SCHEDULED:
            slug = event.data["process"]
            process_key = self.processes.get(slug)
            if process_key is None:
                (process_key,) = c.execute(
                    "SELECT key FROM processes WHERE slug = ?", (slug,)
                ).fetchone()
                self.processes[slug] = process_key
            key = self.next_session
            self.next_session += 1
            c.execute(
                "INSERT INTO sessions (key, id, process_key, slug) VALUES (?, ?, ?, ?)",
                (key, sid, process_key, event.data["slug"]),
            )
            found = Tracked(key, process_key)
        else:
            known = c.execute(
                "SELECT key, process_key FROM sessions WHERE id = ?", (sid,)
            ).fetchone()
            if known is None:
                return None
            rows = self._load_rows(known[0])
            found = Tracked(known[0], known[1], rows, rows[-1].state.days if rows else None)
        self.tracked[sid] = found
        return found

    def _correct(self, tracked: Tracked, event: SessionEvent) -> Step:
        """A correction: every current row closes, and its announced range gets the state
        folded again from the session's events without those in error (the bounds stay)."""
        history = [*self._history(tracked.key), (event.topic, event.data, event.d, event.version)]
        wrong = {v for topic, data, _, _ in history if topic == CORRECTED for v in in_error(data)}
        kept = [h for h in history if h[3] not in wrong]
        current = tracked.rows
        t = max([event.t, *(row.t_from for row in current)])
        fresh: list[Row] = []
        for row in current:
            row.t_to = t
            state: SessionState | None = None
            for topic, data, d, version in kept:
                if topic == CORRECTED or d <= row.d_from:
                    state = fold(state, topic, data, version)
            assert state is not None, "a session's scheduling is never in error"
            fresh.append(self._row(t, row.d_from, row.d_to, state, None))
        return Step(fresh, current, current[-1], fresh[-1], None, t)

    def _history(self, key: int) -> list[tuple[str, dict[str, Any], int, int]]:
        """A session's events so far (topic, data, announced ordinal, version), oldest first."""
        stored = self.conn.execute(
            "SELECT version, event, announced_on, data FROM session_events "
            "WHERE session_key = ? ORDER BY version",
            (key,),
        ).fetchall()
        waiting = [(e[3], e[4], e[5], e[10]) for e in self.events if e[2] == key]
        return [
            (topic_of(name), event_data_from(text), date.fromisoformat(day).toordinal(), version)
            for version, name, day, text in [*stored, *waiting]
        ]

    def _load_rows(self, key: int) -> list[Row]:
        """The session's rows open in recorded time: from each bound, the latest row.

        Rows from one bound follow each other in recorded time without gaps and an
        empty row is never stored, so the latest is the open one (``bitemporal``).
        """
        cursor = self.conn.execute(
            "SELECT r.id, r.t_from, r.t_to, r.d_from, r.d_to, r.state_id, s.json "
            "FROM session_bounds b JOIN session_rows r ON r.id = ("
            "  SELECT id FROM session_rows INDEXED BY session_rows_at"
            "  WHERE session_key = b.session_key AND d_from = b.d ORDER BY t_from DESC LIMIT 1"
            ") JOIN session_states s ON s.id = r.state_id "
            "WHERE b.session_key = ? ORDER BY b.d",
            (key,),
        )
        rows = []
        for i, t, t_to, d0, d1, sid, j in cursor:
            if t_to is not None:
                raise ViewsInconsistent(
                    f"In the views, session {key}'s latest row from day {d0} is closed; "
                    "run 'gcm-process rebuild' to make them again from the record."
                )
            state = SessionState.from_json(json.loads(j))
            rows.append(Row(i, key, t, None, d0, d1, state, sid, stored=True))
        return rows

    def _row(
        self, t_from: int, d_from: int, d_to: int | None, state: SessionState, state_id: int | None
    ) -> Row:
        if state_id is None:
            state_id = self.next_state
            self.next_state += 1
            self.states.append((state_id, self.text(state)))
        row = Row(self.next_row, self.key, t_from, None, d_from, d_to, state, state_id)
        self.next_row += 1
        return row

    def _close(self, row: Row) -> None:
        assert row.t_to is not None
        if row.stored and row.t_to <= row.t_from:
            self.conn.execute("DELETE FROM session_rows WHERE id = ?", (row.id,))
        elif row.stored:
            self.conn.execute("UPDATE session_rows SET t_to = ? WHERE id = ?", (row.t_to, row.id))
        elif row.t_to > row.t_from:
            self.rows.append(row.record())

    def _write_current(self, tracked: Tracked) -> None:
        """The session's current row and days, writing only what changed (an index of a
        column written is rewritten, whether its value changed or not)."""
        last = tracked.rows[-1]
        state: SessionState = last.state
        written, key = tracked.days, tracked.key
        values = (state.status, state.version, last.state_id, key)
        if written is not None and written[0].date == state.days[0].date:
            self.conn.execute(_UPDATE_SESSION, values)
        else:
            self.conn.execute(_UPDATE_SESSION_FIRST_DATE, (state.days[0].date, *values))
        if state.days != written:
            if written is None:  # not known here: whatever the file holds goes
                self.conn.execute("DELETE FROM session_days WHERE session_key = ?", (key,))
            _write_days(self.conn, key, written or (), state.days)
            tracked.days = state.days


_UPDATE_SESSION = "UPDATE sessions SET status = ?, version = ?, state_id = ? WHERE key = ?"
_UPDATE_SESSION_FIRST_DATE = (
    "UPDATE sessions SET first_date = ?, status = ?, version = ?, state_id = ? WHERE key = ?"
)


def _write_days(conn: sqlite3.Connection, key: int, written: Days, days: Days) -> None:
    """``session_days`` of session ``key`` from ``written`` to ``days``: a day whose date
    stays is updated in place, others deleted or inserted (the key's index is kept)."""
    before = {d.date: d for d in written}
    after = {d.date: d for d in days}
    gone = [(key, on) for on in before if on not in after]
    changed = [
        (d.start, d.end, d.venue, key, d.date)
        for d in days
        if d.date in before and before[d.date][1:4] != d[1:4]
    ]
    new = [(key, d.date, d.start, d.end, d.venue) for d in days if d.date not in before]
    for sql, values in (
        ("DELETE FROM session_days WHERE session_key = ? AND date = ?", gone),
        (_UPDATE_DAY, changed),
        ("INSERT INTO session_days VALUES (?, ?, ?, ?, ?)", new),
    ):
        if values:
            conn.executemany(sql, values)


_UPDATE_DAY = (
    'UPDATE session_days SET start = ?, "end" = ?, venue = ? WHERE session_key = ? AND date = ?'
)


def event_data_from(text: str) -> dict[str, Any]:
    """The event's own fields (as ``jsonable.event_data`` gives them) from the stored text.

    Stored events are the library's JSON, where a transcoded value is
    ``{"_type_": name, "_data_": plain}``; the plain form is what we show.
    """
    found: dict[str, Any] = plain_json(text)
    if set(found) == {"data"}:
        return dict(found["data"])
    return {k: v for k, v in found.items() if k not in _NOT_DATA}


_NOT_DATA = frozenset({"timestamp", "originator_topic", *PROVENANCE_FIELDS})


def _fold(state: SessionState | None, event: SessionEvent) -> SessionState:
    folded = fold(state, event.topic, event.data, event.version, event.days)
    assert folded is not None, "a session's rows start at its Scheduled event"
    return folded


class StateText:
    """``json.dumps(state.as_json())``, with the parts that rarely change kept written.

    A session's name and kind change never, its status and reason seldom, and
    its days take a few values, while every event writes a state: the text
    before the version is kept by its values, the days' text
    per value of the days (found by the tuple's identity first: a fold keeps
    the tuple when the days do not change).
    """

    def __init__(self) -> None:
        self._heads: dict[tuple[str, str, int | None, str, str, str | None], str] = {}
        #: By the identity of a days tuple (kept, so the identity stays its own).
        self._by_identity: dict[int, tuple[Days, str]] = {}
        self._days: dict[Days, str] = {}

    def __call__(self, s: SessionState) -> str:
        key = (s.slug, s.kind, s.number, s.title, s.status, s.reason)
        head = self._heads.get(key)
        if head is None:
            if len(self._heads) > _KEPT:
                self._heads.clear()
            text = _dumps(dict(zip(("slug", "kind", "number", "title"), key, strict=False)))
            status_reason = f'"status": {_dumps(s.status)}, "reason": {_dumps(s.reason)}'
            head = self._heads[key] = f"{text[:-1]}, {status_reason}, "
        days = self._by_identity.get(id(s.days))
        if days is None or days[0] is not s.days:
            if len(self._by_identity) > _KEPT:
                self._by_identity.clear()
            written = self._days.get(s.days)
            if written is None:
                if len(self._days) > _KEPT:
                    self._days.clear()
                written = self._days[s.days] = _dumps([d.as_json() for d in s.days])
            days = self._by_identity[id(s.days)] = (s.days, written)
        return f'{head}"version": {s.version}, "days": {days[1]}}}'


#: Texts a ``StateText`` keeps of each kind at most.
_KEPT = 10_000


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


#: Ids one event may make of each kind.
_PER_EVENT = (1 << ID_BITS) - 1


def _first_id(position: int) -> int:
    """The first id of a row or state that the event at ``position`` makes."""
    if position >= 1 << (63 - ID_BITS):
        raise ValueError(f"position {position} is beyond what session row ids can number")
    return position << ID_BITS
