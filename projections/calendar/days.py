"""Each session day followed through a session's history, as a calendar client must see it.

A day is known by its position in the session (day 1 of N), so a reschedule
moves the same calendar events instead of adding new ones. What a client shows
of a day is its date, times, venue and status; every change to those counted
at the point asked bumps the day's ``sequence`` and its ``last_modified``. A
position the session no longer has stays, at its last date, as ``removed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from gcm_process.domain import Day, SessionStatus
from gcm_process.domain.places import UN_HEADQUARTERS, Mode, Place, place_from_dict

REMOVED = "removed"

STATUS_AFTER = {
    "Postponed": SessionStatus.POSTPONED.value,
    "Cancelled": SessionStatus.CANCELLED.value,
    "Held": SessionStatus.HELD.value,
}


@dataclass(frozen=True)
class Step:
    """One recorded event of a session, as the history holds it."""

    event: str
    version: int
    recorded_at: datetime
    announced_on: date
    source: str | None
    data: dict[str, Any]

    def counts(self, as_of: datetime | None, known_on: date | None) -> bool:
        """The rule of ``projections.replay``: recorded by ``as_of``, announced by ``known_on``."""
        if as_of is not None and self.recorded_at > as_of:
            return False
        return known_on is None or self.announced_on <= known_on


@dataclass(frozen=True)
class Shown:
    """What a calendar client shows of one day."""

    date: date
    start: time | None
    end: time | None
    venue: str | None
    status: str
    place: Place = UN_HEADQUARTERS


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

    slug: str
    kind: str
    number: int | None
    title: str
    status: str
    days: tuple[Day, ...]
    tracks: list[Track] = field(default_factory=list)
    #: The letters (sources) of the counted events, first seen first.
    sources: list[tuple[str, str, date]] = field(default_factory=list)
    #: The recorded time of the newest counted event.
    stamp: datetime | None = None


def day_from_json(value: dict[str, Any]) -> Day:
    start, end = value.get("start"), value.get("end")
    return Day(
        date.fromisoformat(value["date"]),
        None if start is None else time.fromisoformat(start),
        None if end is None else time.fromisoformat(end),
        value.get("venue"),
        place_from_dict(value.get("place")),
        value.get("mode", Mode.IN_PERSON.value),
    )


def _fold(state: SessionDays | None, step: Step) -> SessionDays | None:
    """The fold of ``projections.replay.apply``, on the JSON form of the history."""
    data = step.data
    if step.event == "Scheduled":
        return SessionDays(
            slug=data["slug"],
            kind=data["kind"],
            number=data.get("number"),
            title=data["title"],
            status=SessionStatus.SCHEDULED.value,
            days=tuple(day_from_json(d) for d in data["days"]),
        )
    if state is None:
        return None
    if step.event == "Rescheduled":
        days = tuple(day_from_json(d) for d in data["days"])
        return replace(state, days=days, status=SessionStatus.SCHEDULED.value)
    if step.event == "VenueChanged":
        moved = {date.fromisoformat(d) for d in data["dates"]}
        venue = data["venue"]
        days = tuple(d.with_venue(venue) if d.date in moved else d for d in state.days)
        return replace(state, days=days)
    if step.event in STATUS_AFTER:
        return replace(state, status=STATUS_AFTER[step.event])
    return state


def follow(
    steps: Iterable[Step], as_of: datetime | None = None, known_on: date | None = None
) -> SessionDays | None:
    """The session at the point asked with its days' tracks; None when not yet scheduled."""
    state: SessionDays | None = None
    tracks: list[Track] = []
    sources: list[tuple[str, str, date]] = []
    stamp: datetime | None = None
    for step in steps:
        if not step.counts(as_of, known_on):
            continue
        state = _fold(state, step)
        if state is None:
            continue
        stamp = step.recorded_at if stamp is None else max(stamp, step.recorded_at)
        if step.source and all(s != step.source for s, _, _ in sources):
            sources.append((step.source, step.event, step.announced_on))
        for i in range(max(len(state.days), len(tracks))):
            if i < len(state.days):
                d = state.days[i]
                shown = Shown(d.date, d.start, d.end, d.venue, state.status, d.place)
            else:
                shown = replace(tracks[i].shown, status=REMOVED)
            if i == len(tracks):
                tracks.append(Track(i + 1, shown, 0, step.recorded_at, step.recorded_at))
            elif tracks[i].shown != shown:
                track = tracks[i]
                track.shown, track.sequence = shown, track.sequence + 1
                track.last_modified = step.recorded_at
    if state is not None:
        state.tracks, state.sources, state.stamp = tracks, sources, stamp
    return state
