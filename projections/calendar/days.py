"""Each session day followed through a session's history, as a calendar client must see it.

A day is known by its position in the session (day 1 of N), so a reschedule
moves the same calendar events instead of adding new ones. What a client shows
of a day is its date, times, venue and status; every change to those counted
at the point asked bumps the day's ``sequence`` and its ``last_modified``. A
position the session no longer has stays, at its last date, as ``removed``.
The session's state at each step is ``session_state.fold``; the events in error at
the point asked are left out (a day a correction puts back moves back, with its
``sequence`` bumped).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from gcm_process.domain.point import Point, micros
from gcm_process.domain.session_state import (
    DayForm,
    SessionState,
    counts,
    errors_at,
    fold,
    topic_of,
)

REMOVED = "removed"


@dataclass(frozen=True)
class Step:
    """One recorded event of a session, as the history holds it."""

    event: str
    version: int
    recorded_at: datetime
    announced_on: date
    source: str | None
    data: dict[str, Any]


@dataclass(frozen=True)
class Shown:
    """What a calendar client shows of one day."""

    day: DayForm
    status: str


@dataclass
class Track:
    position: int
    shown: Shown
    sequence: int
    created: datetime
    last_modified: datetime


@dataclass
class SessionDays:
    """A session at the point asked, and every position its days ever had."""

    state: SessionState
    tracks: list[Track] = field(default_factory=list)
    #: The letters (sources) of the counted events, first seen first.
    sources: list[tuple[str, str, date]] = field(default_factory=list)
    #: The recorded time of the newest counted event.
    stamp: datetime | None = None


def follow(steps: Iterable[Step], point: Point) -> SessionDays | None:
    """The session at ``point`` with its days' tracks; None when not yet scheduled."""
    state: SessionState | None = None
    tracks: list[Track] = []
    sources: list[tuple[str, str, date]] = []
    stamp: datetime | None = None
    steps = list(steps)
    wrong = errors_at(((topic_of(s.event), s.data, micros(s.recorded_at)) for s in steps), point)
    for step in steps:
        topic = topic_of(step.event)
        if step.version in wrong or not counts(
            point, topic, micros(step.recorded_at), step.announced_on.toordinal()
        ):
            continue
        state = fold(state, topic, step.data, step.version)
        if state is None:
            continue
        stamp = step.recorded_at if stamp is None else max(stamp, step.recorded_at)
        if step.source and all(s != step.source for s, _, _ in sources):
            sources.append((step.source, step.event, step.announced_on))
        for i in range(max(len(state.days), len(tracks))):
            if i < len(state.days):
                shown = Shown(state.days[i], state.status)
            else:
                shown = Shown(tracks[i].shown.day, REMOVED)
            if i == len(tracks):
                tracks.append(Track(i + 1, shown, 0, step.recorded_at, step.recorded_at))
            elif tracks[i].shown != shown:
                track = tracks[i]
                track.shown, track.sequence = shown, track.sequence + 1
                track.last_modified = step.recorded_at
    if state is None:
        return None
    return SessionDays(state, tracks, sources, stamp)
