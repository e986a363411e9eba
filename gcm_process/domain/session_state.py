"""A session's state from its events: the one fold every reader of the history uses.

The views, the replay, the report, the calendar, JSON-LD and the pages all turn
a session's events into its state with ``fold``. It works on plain event data
(a topic, the event's fields in their JSON forms, a version), so a reader that
never builds the library's objects folds the same way as one that does.

The aggregate's ``@event`` bodies in ``session.py`` remain the rules of what may
be recorded; this fold is what a recorded event *means*, and tests hold the two
together. Folding is lenient, because a reader at a past point folds only some
of the events: a venue change applies to the days the state has and ignores
the rest, and the events of a session not yet scheduled are ignored.

Adding a session event: declare it on ``Session``, give it an ``EventMeaning``
in ``MEANINGS`` (with its words, which the report and the pages show and the
pages translate), and translate those words in ``api/translations``.

A correction (``Session.Corrected``) marks earlier events as recorded in error.
The fold cannot undo an event, so a reader first finds the versions in error at
its point (``errors_at``: the corrections recorded by then, whatever their
announced date), leaves those events out, and folds the others, the correction
among them (``counts``); the state is then as if they had never been recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from enum import Enum
from functools import cached_property
from typing import Any, NamedTuple

from eventsourcing.utils import get_topic

from gcm_process.domain.base import Record
from gcm_process.domain.errors import GcmError
from gcm_process.domain.places import UN_HEADQUARTERS, Mode, Place, place_from_dict
from gcm_process.domain.point import Point
from gcm_process.domain.session import Session
from gcm_process.domain.values import Day, SessionStatus

IN_PERSON = Mode.IN_PERSON.value


class DayForm(NamedTuple):
    """One day in its plain form: ISO date, ``HH:MM`` start and end (or None), room, place, mode.

    Its JSON names the place and mode only when they are not UN Headquarters, in
    person, as the stored events do.
    """

    date: str
    start: str | None = None
    end: str | None = None
    venue: str | None = None
    place: Place = UN_HEADQUARTERS
    mode: str = IN_PERSON

    @classmethod
    def of(cls, day: Day) -> DayForm:
        return cls(
            day.date.isoformat(),
            None if day.start is None else day.start.isoformat(timespec="minutes"),
            None if day.end is None else day.end.isoformat(timespec="minutes"),
            day.venue,
            day.place,
            day.mode,
        )

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> DayForm:
        place = value.get("place")
        fields = (
            value["date"],
            value.get("start"),
            value.get("end"),
            value.get("venue"),
            UN_HEADQUARTERS if place is None else place_from_dict(place),
            value.get("mode", IN_PERSON),
        )
        return tuple.__new__(cls, fields)  # as ``cls(*fields)``, without its Python call

    def value(self) -> Day:
        return Day(
            date.fromisoformat(self.date),
            None if self.start is None else time.fromisoformat(self.start),
            None if self.end is None else time.fromisoformat(self.end),
            self.venue,
            self.place,
            self.mode,
        )

    def with_venue(self, venue: str) -> DayForm:
        return self._replace(venue=venue)

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "date": self.date,
            "start": self.start,
            "end": self.end,
            "venue": self.venue,
        }
        if self.place != UN_HEADQUARTERS:
            found["place"] = self.place.as_dict()
        if self.mode != IN_PERSON:
            found["mode"] = self.mode
        return found

    def where(self) -> str:
        """The room, and the place and mode when they are not UN Headquarters, in person."""
        text = self.venue or "(no room given)"
        if self.place != UN_HEADQUARTERS:
            text += f", {self.place.describe()}"
        return text if self.mode == IN_PERSON else f"{text} ({self.mode.replace('_', ' ')})"


Days = tuple[DayForm, ...]


class SessionState(NamedTuple):
    """A session at a point: what every output shows of it (a tuple: folds make many)."""

    slug: str
    kind: str
    number: int | None
    title: str
    status: str
    version: int
    days: Days = ()
    #: The reason given with the latest change of status, if any.
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "status": self.status,
            "reason": self.reason,
            "version": self.version,
            "days": [d.as_json() for d in self.days],
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> SessionState:
        """The state back from ``as_json``."""
        return cls(
            value["slug"],
            value["kind"],
            value["number"],
            value["title"],
            value["status"],
            value["version"],
            days_of(value["days"]),
            value.get("reason"),
        )

    @classmethod
    def of(cls, session: Session) -> SessionState:
        """The state of a session aggregate (as the fold of its events gives it)."""
        return cls(
            session.slug,
            session.kind,
            session.number,
            session.title,
            session.status,
            session.version,
            tuple(DayForm.of(d) for d in session.days),
            session.reason,
        )

    def day_values(self) -> tuple[Day, ...]:
        return tuple(d.value() for d in self.days)

    @property
    def first_date(self) -> str | None:
        return self.days[0].date if self.days else None


class DaysChange(Enum):
    """What an event does to a session's days."""

    KEEPS = "keeps"
    REPLACES = "replaces"  # the event's ``days`` are the session's days from now on
    MOVES = "moves"  # the event's ``dates`` move to the event's ``venue``


def N_(message: str) -> str:
    """Mark words for the translation catalogue (gettext's ``N_``); shown, they are translated."""
    return message


@dataclass(frozen=True)
class EventMeaning:
    """What one kind of session event means for the session's state, and its words."""

    event: type[Record.Event]
    #: The status after it; None keeps the status the session had.
    status: SessionStatus | None
    days: DaysChange
    #: Whether it carries a ``reason`` that becomes the session's.
    reason: bool
    #: What the change log calls it, in English (the report, the pages, their translations).
    words: str
    #: Whether it creates the session (its fields name it: slug, kind, number, title).
    creates: bool = False
    #: Whether it marks earlier events (its ``versions``) as recorded in error.
    corrects: bool = False

    @property
    def topic(self) -> str:
        return get_topic(self.event)

    @cached_property
    def status_value(self) -> str | None:
        """The status after it as text (None: it keeps the session's)."""
        return None if self.status is None else self.status.value

    @property
    def name(self) -> str:
        return self.event.__name__


#: Every session event and its meaning, in the order a history usually has them.
MEANINGS: tuple[EventMeaning, ...] = (
    EventMeaning(
        Session.Scheduled,
        SessionStatus.SCHEDULED,
        DaysChange.REPLACES,
        False,
        N_("scheduled"),
        creates=True,
    ),
    EventMeaning(
        Session.Rescheduled,
        SessionStatus.SCHEDULED,
        DaysChange.REPLACES,
        True,
        N_("rescheduled"),
    ),
    EventMeaning(Session.VenueChanged, None, DaysChange.MOVES, False, N_("room changed")),
    EventMeaning(
        Session.Postponed, SessionStatus.POSTPONED, DaysChange.KEEPS, True, N_("postponed")
    ),
    EventMeaning(
        Session.Cancelled, SessionStatus.CANCELLED, DaysChange.KEEPS, True, N_("cancelled")
    ),
    EventMeaning(Session.Held, SessionStatus.HELD, DaysChange.KEEPS, True, N_("held")),
    EventMeaning(Session.Corrected, None, DaysChange.KEEPS, False, N_("corrected"), corrects=True),
)
BY_TOPIC: dict[str, EventMeaning] = {m.topic: m for m in MEANINGS}
BY_NAME: dict[str, EventMeaning] = {m.name: m for m in MEANINGS}
SCHEDULED = MEANINGS[0].topic
CORRECTED = MEANINGS[-1].topic
SESSION_TOPICS: tuple[str, ...] = tuple(BY_TOPIC)


class UnknownSessionEvent(GcmError):
    """A stored session event this version of the service does not know how to read."""


def meaning(topic: str) -> EventMeaning:
    found = BY_TOPIC.get(topic)
    if found is None:
        raise UnknownSessionEvent(
            f"The record holds a session event '{topic}' that this version cannot read; "
            "upgrade the service before reading this record."
        )
    return found


def topic_of(name: str) -> str:
    """The topic of a session event from its name (``Rescheduled``), as histories give it."""
    found = BY_NAME.get(name)
    if found is None:
        raise UnknownSessionEvent(f"'{name}' is not a session event.")
    return found.topic


def counts(point: Point, topic: str, t: int, d: int) -> bool:
    """Whether a session event recorded at ``t`` and announced on ``d`` counts at ``point``.

    A correction is a fact about the record, not about the process: it counts at
    every announced date from the moment it is recorded.
    """
    if topic == CORRECTED:
        return t <= point.t
    return point.counts_exactly(t, d)


def in_error(data: Mapping[str, Any]) -> list[int]:
    """The versions a correction (its fields, as plain data) marks as recorded in error."""
    return [int(v) for v in data["versions"]]


def errors_at(entries: Iterable[tuple[str, Mapping[str, Any], int]], point: Point) -> set[int]:
    """The versions of one session in error at ``point``, from its ``(topic, data, t)``:
    those named by the corrections recorded at or before ``point.as_of``."""
    found: set[int] = set()
    for topic, data, t in entries:
        if topic == CORRECTED and t <= point.t:
            found.update(in_error(data))
    return found


def days_of(value: Iterable[Mapping[str, Any]]) -> Days:
    from_json = DayForm.from_json
    return tuple([from_json(d) for d in value])


def fold(
    state: SessionState | None,
    topic: str,
    data: Mapping[str, Any],
    version: int,
    days: Days | None = None,
) -> SessionState | None:
    """One session event, as plain data, folded into the session's state.

    ``data`` holds the event's fields in their JSON forms (ISO dates, ``HH:MM``
    times, days as mappings). ``days`` may give ``data["days"]`` already read,
    for a reader that folds one event into many states.
    """
    found = BY_TOPIC.get(topic) or meaning(topic)
    if found.creates:
        return SessionState(
            slug=data["slug"],
            kind=data["kind"],
            number=data.get("number"),
            title=data["title"],
            status=SessionStatus.SCHEDULED.value,
            version=version,
            days=days_of(data["days"]) if days is None else days,
        )
    if state is None:
        return None
    change = found.days
    if change is DaysChange.KEEPS:
        new_days = state.days
    elif change is DaysChange.REPLACES:
        new_days = days_of(data["days"]) if days is None else days
    else:
        new_days = moved(state.days, data["dates"], data["venue"])
    status = found.status_value or state.status
    reason = data.get("reason") if found.reason else state.reason
    return SessionState(
        state.slug, state.kind, state.number, state.title, status, version, new_days, reason
    )


def moved(days: Days, dates: Iterable[str], venue: str) -> Days:
    """The days with those dates in ``venue`` (the same tuple when none changes)."""
    chosen = set(dates)
    result, changed = [], False
    for d in days:
        if d.date in chosen and d.venue != venue:
            result.append(DayForm(d.date, d.start, d.end, venue, d.place, d.mode))
            changed = True
        else:
            result.append(d)
    return tuple(result) if changed else days


def describe_days(days: Iterable[DayForm], to: str = "..") -> str:
    """Days as people read them: runs of consecutive dates with one room and one time.

    ``2018-02-05 15:00-18:00 Trusteeship Council Chamber``;
    ``2018-03-12..2018-03-15 Conference Room 2`` (``to`` joins a run's first and last).
    """
    runs: list[list[DayForm]] = []
    for day in days:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and date.fromisoformat(day.date).toordinal()
            == date.fromisoformat(last.date).toordinal() + 1
            and day[1:] == last[1:]
        ):
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        first, end = run[0], run[-1]
        when = first.date if first is end else f"{first.date}{to}{end.date}"
        if first.start is not None:
            when += f" {first.start}" + (f"-{first.end}" if first.end is not None else "")
        parts.append(f"{when} {first.where()}")
    return "; ".join(parts)


def sort_sessions(sessions: Iterable[SessionState]) -> list[SessionState]:
    """Timeline order: by first day, then slug."""
    return sorted(sessions, key=lambda s: (s.first_date or END_OF_TIME, s.slug))


#: Sorts after every ISO date: where a thing without a date goes.
END_OF_TIME = date.max.isoformat()
