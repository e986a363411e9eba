"""The timeline by replaying the event log: the independent answer the views are held to.

The meaning of the two time axes, shared by the views and this replay:

* an event *counts* at a point ``(as_of, known_on)`` when it was recorded at or
  before ``as_of`` (the library's timestamp) and announced on or before
  ``known_on``; a missing bound counts everything on that axis;
* the state at that point is the fold, in log order, of the events that count;
* a session is in the timeline when its ``Scheduled`` event counts; the other
  events of a session that is absent are ignored;
* folding only some events may meet a change that no longer fits (a venue
  change for a day that a later-announced reschedule added): such a change
  applies to the days it can and ignores the rest, it is never an error.

Memory is bounded by the size of the processes replayed, never by the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from gcm_process.application import GcmProcess
from gcm_process.domain import Day, SessionStatus

BATCH = 1_000

#: Topics of the session events the timeline is made of.
SCHEDULED = "gcm.Session.Scheduled"
SESSION_TOPICS = (
    SCHEDULED,
    "gcm.Session.Rescheduled",
    "gcm.Session.VenueChanged",
    "gcm.Session.Postponed",
    "gcm.Session.Cancelled",
    "gcm.Session.Held",
)
STATUS_AFTER = {
    "gcm.Session.Postponed": SessionStatus.POSTPONED.value,
    "gcm.Session.Cancelled": SessionStatus.CANCELLED.value,
    "gcm.Session.Held": SessionStatus.HELD.value,
}


@dataclass(frozen=True)
class SessionState:
    slug: str
    kind: str
    number: int | None
    title: str
    status: str
    version: int
    days: tuple[Day, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "status": self.status,
            "version": self.version,
            "days": [
                {
                    "date": d.date.isoformat(),
                    "start": None if d.start is None else d.start.isoformat(timespec="minutes"),
                    "end": None if d.end is None else d.end.isoformat(timespec="minutes"),
                    "venue": d.venue,
                }
                for d in self.days
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SessionState:
        """The state back from ``as_json``."""
        return cls(
            slug=data["slug"],
            kind=data["kind"],
            number=data["number"],
            title=data["title"],
            status=data["status"],
            version=data["version"],
            days=tuple(
                Day(
                    date.fromisoformat(d["date"]),
                    None if d["start"] is None else time.fromisoformat(d["start"]),
                    None if d["end"] is None else time.fromisoformat(d["end"]),
                    d["venue"],
                )
                for d in data["days"]
            ),
        )


def apply(state: SessionState | None, topic: str, event: Any) -> SessionState | None:
    """One session event folded into a session's state (leniently, see the module doc)."""
    version = int(event.originator_version)
    if topic == SCHEDULED:
        return SessionState(
            slug=event.slug,
            kind=event.kind,
            number=event.number,
            title=event.title,
            status=SessionStatus.SCHEDULED.value,
            version=version,
            days=tuple(event.days),
        )
    if state is None:
        return None
    if topic == "gcm.Session.Rescheduled":
        return _changed(state, SessionStatus.SCHEDULED.value, version, tuple(event.days))
    if topic == "gcm.Session.VenueChanged":
        moved = set(event.dates)
        days = tuple(d.with_venue(event.venue) if d.date in moved else d for d in state.days)
        return _changed(state, state.status, version, days)
    return _changed(state, STATUS_AFTER[topic], version, state.days)


def _changed(state: SessionState, status: str, version: int, days: tuple[Day, ...]) -> SessionState:
    """``dataclasses.replace`` at half its cost: it runs once for every event replayed."""
    return SessionState(state.slug, state.kind, state.number, state.title, status, version, days)


def session_events(app: GcmProcess, *, stop: int | None = None) -> Iterator[tuple[int, str, Any]]:
    """(position, topic, event) of every session event in log order, decoded in batches."""
    start = 1
    while True:
        batch = app.recorder.select_notifications(
            start=start, limit=BATCH, stop=stop, topics=SESSION_TOPICS
        )
        for notification in batch:
            yield notification.id, notification.topic, app.mapper.to_domain_event(notification)
        if len(batch) < BATCH:
            return
        start = batch[-1].id + 1


def counts(event: Any, as_of: datetime | None, known_on: date | None) -> bool:
    if as_of is not None and event.timestamp > as_of:
        return False
    return known_on is None or event.announced_on <= known_on


def replay_sessions(
    app: GcmProcess,
    process: str,
    as_of: datetime | None = None,
    known_on: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[SessionState]:
    """Every session of ``process`` as it stood at the point asked, in timeline order."""
    states: dict[UUID, SessionState | None] = {}
    ours: set[UUID] = set()
    for position, topic, event in session_events(app):
        if progress is not None:
            progress(position)
        if topic == SCHEDULED and event.process == process:
            ours.add(event.originator_id)
        if event.originator_id not in ours or not counts(event, as_of, known_on):
            continue
        states[event.originator_id] = apply(states.get(event.originator_id), topic, event)
    return sort_sessions([s for s in states.values() if s is not None])


def sort_sessions(sessions: list[SessionState]) -> list[SessionState]:
    """Timeline order: by first day, then slug."""
    return sorted(sessions, key=lambda s: (s.days[0].date if s.days else date.max, s.slug))


def replay_timeline(
    app: GcmProcess,
    process: str,
    as_of: datetime | None = None,
    known_on: date | None = None,
) -> dict[str, Any]:
    """The timeline JSON (the same contract as the views' ``timeline``), by replay."""
    app.process(process)
    sessions = replay_sessions(app, process, as_of, known_on)
    return {
        "process": process,
        "as_of": None if as_of is None else as_of.isoformat(),
        "known_on": None if known_on is None else known_on.isoformat(),
        "sessions": [s.as_json() for s in sessions],
    }
