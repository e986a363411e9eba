"""The timeline by replaying the event log: the independent answer the views are held to.

The views keep versioned rows on both time axes; this replay instead walks
the whole log in order, keeps the events that count at the point asked
(``Point.counts``) and folds them (``session_state.fold``). A session is in the
timeline when its ``Scheduled`` event counts; the other events of a session
that is absent are ignored (see the fold for the rest of its leniency). The
events in error at the point (named by the corrections recorded by then) are
found first, by reading the corrections alone, and left out.

Memory is bounded by the size of the processes replayed, never by the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from gcm_process.application import GcmProcess
from gcm_process.domain.point import NOW, Point
from gcm_process.domain.session_state import (
    CORRECTED,
    SCHEDULED,
    SESSION_TOPICS,
    SessionState,
    fold,
    in_error,
    sort_sessions,
)
from gcm_process.domain.session_state import counts as counts_at
from projections.events import Decoder, SessionEvent


def session_events(app: GcmProcess, stop: int | None = None) -> Iterator[SessionEvent]:
    """Every session event in log order, as plain data."""
    decode = Decoder(app)
    for batch in app.pages(SESSION_TOPICS, stop=stop):
        yield from map(decode, batch)


def counts(point: Point, event: SessionEvent) -> bool:
    return counts_at(point, event.topic, event.t, event.d)


def errors(
    app: GcmProcess, point: Point, stop: int | None = None
) -> dict[tuple[str, int], SessionEvent]:
    """Every session event in error at ``point``, by (session id, version): its correction."""
    decode = Decoder(app)
    found: dict[tuple[str, int], SessionEvent] = {}
    for batch in app.pages((CORRECTED,), stop=stop):
        for event in map(decode, batch):
            if event.t <= point.t:
                found.update({(event.session, v): event for v in in_error(event.data)})
    return found


def replay_sessions(
    app: GcmProcess,
    process: str,
    point: Point = NOW,
    progress: Callable[[int], None] | None = None,
) -> list[SessionState]:
    """Every session of ``process`` as it stood at ``point``, in timeline order."""
    states: dict[str, SessionState | None] = {}
    ours: set[str] = set()
    wrong = errors(app, point)
    for event in session_events(app):
        if progress is not None:
            progress(event.position)
        if event.topic == SCHEDULED and event.data["process"] == process:
            ours.add(event.session)
        if event.session not in ours or not counts(point, event):
            continue
        if wrong and (event.session, event.version) in wrong:
            continue
        before = states.get(event.session)
        states[event.session] = fold(before, event.topic, event.data, event.version, event.days)
    return sort_sessions(s for s in states.values() if s is not None)


def replay_timeline(app: GcmProcess, process: str, point: Point = NOW) -> dict[str, Any]:
    """The timeline JSON (the same contract as the views' ``timeline``), by replay."""
    app.process(process)
    sessions = replay_sessions(app, process, point)
    return {"process": process, **point.as_json(), "sessions": [s.as_json() for s in sessions]}
