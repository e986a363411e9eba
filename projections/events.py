"""Session events read straight from their stored JSON, and the states they fold into.

Catching up and rebuilding read every session event; building the library's
event object for each (topic, transcodings, UUIDs, dates) costs more than
projecting it. The stored state is the library's JSON, in which a transcoded
value is ``{"_type_": name, "_data_": plain}`` (see ``gcm_process.transcodings``),
and the plain forms are the strings the views write anyway: ISO dates,
``HH:MM`` times. ``fold`` is ``replay.apply`` over those forms; the replay
keeps working on the library's objects, so the two stay independent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from eventsourcing.persistence import Notification
from eventsourcing.utils import resolve_topic

from gcm_process.application import GcmProcess
from gcm_process.domain import SessionStatus
from gcm_process.jsonable import to_jsonable
from projections.bitemporal import micros
from projections.replay import SCHEDULED, STATUS_AFTER

RESCHEDULED = "gcm.Session.Rescheduled"
VENUE_CHANGED = "gcm.Session.VenueChanged"
_SCHEDULED_STATUS = SessionStatus.SCHEDULED.value

#: One day as the views keep it: date, start, end (``HH:MM`` or None), venue.
DayRow = tuple[str, str | None, str | None, str | None]


@dataclass(slots=True)
class SessionEvent:
    """What projecting a session event needs, in the views' own forms."""

    position: int
    topic: str
    name: str
    session: str
    version: int
    recorded_at: str
    t: int
    announced_on: str
    d: int
    fields: dict[str, Any]
    text: str
    #: What ``fold`` made of the fields (an event may fold into several rows).
    folded: Any = None


class Decoder:
    """Turns a notification of one of ``replay.SESSION_TOPICS`` into a ``SessionEvent``."""

    def __init__(self, app: GcmProcess) -> None:
        self.mapper = app.mapper

    def __call__(self, notification: Notification) -> SessionEvent:
        state = notification.state
        if self.mapper.cipher:
            state = self.mapper.cipher.decrypt(state)
        if self.mapper.compressor:
            state = self.mapper.compressor.decompress(state)
        text = state.decode("utf-8")
        name = _event_name(notification.topic)
        if name is None:  # an older stored form: the library upcasts it
            event = self.mapper.to_domain_event(notification)
            name = type(event).__name__
            fields = to_jsonable({k: v for k, v in vars(event).items() if k not in _IDS})
            recorded_at, announced_on = fields["timestamp"], fields["announced_on"]
        else:
            fields = json.loads(text)
            recorded_at = fields["timestamp"]["_data_"]
            announced_on = fields["announced_on"]["_data_"]
        return SessionEvent(
            notification.id,
            notification.topic,
            name,
            str(notification.originator_id),
            notification.originator_version,
            recorded_at,
            _micros(recorded_at),
            announced_on,
            _ordinal(announced_on),
            fields,
            text,
        )


_IDS = ("originator_id", "originator_version")


@lru_cache(maxsize=64)
def _event_name(topic: str) -> str | None:
    """The event class's name, or None when stored events of ``topic`` need upcasting."""
    cls = resolve_topic(topic)
    return None if getattr(cls, "class_version", 1) != 1 else str(cls.__name__)


def _micros(iso: str) -> int:
    return micros(datetime.fromisoformat(iso))


@lru_cache(maxsize=4096)
def _ordinal(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def plain(value: Any) -> Any:
    """A stored value without its transcoding wrappers."""
    if isinstance(value, dict):
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            return plain(value["_data_"])
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class State:
    """A session's state; ``json`` is ``replay.SessionState.as_json`` as the views store it."""

    head: str
    status: str
    version: int
    days: tuple[DayRow, ...]
    days_json: str

    @property
    def text(self) -> str:
        return (
            f'{self.head}"status": {_status_json(self.status)}, "version": {self.version}, '
            f'"days": {self.days_json}}}'
        )

    @classmethod
    def new(cls, fields: dict[str, Any], status: str, version: int, days: Any) -> State:
        head = json.dumps(
            {k: fields[k] for k in ("slug", "kind", "number", "title")}, ensure_ascii=False
        )
        return cls(head[:-1] + ", ", status, version, *_days(days))

    @classmethod
    def from_json(cls, text: str) -> State:
        found = json.loads(text)
        return cls.new(found, found["status"], found["version"], found["days"])


@lru_cache(maxsize=64)
def _status_json(status: str) -> str:
    return json.dumps(status)


def _days(days: Any) -> tuple[tuple[DayRow, ...], str]:
    rows = tuple((d["date"], d.get("start"), d.get("end"), d.get("venue")) for d in days)
    return rows, _days_json(rows)


def _days_json(rows: tuple[DayRow, ...]) -> str:
    return json.dumps(
        [{"date": d, "start": s, "end": e, "venue": v} for d, s, e, v in rows],
        ensure_ascii=False,
    )


def fold(state: State | None, event: SessionEvent) -> State | None:
    """One session event folded into a state (``replay.apply``, leniently likewise)."""
    topic, fields, version = event.topic, event.fields, event.version
    if topic == SCHEDULED:
        return State.new(fields, _SCHEDULED_STATUS, version, plain(fields["days"]))
    if state is None:
        return None
    if topic == RESCHEDULED:
        if event.folded is None:
            event.folded = _days(plain(fields["days"]))
        days, days_json = event.folded
        return State(state.head, _SCHEDULED_STATUS, version, days, days_json)
    if topic == VENUE_CHANGED:
        if event.folded is None:
            event.folded = frozenset(plain(fields["dates"]))
        moved = event.folded
        venue = fields["venue"]
        if not any(d[0] in moved and d[3] != venue for d in state.days):
            return State(state.head, state.status, version, state.days, state.days_json)
        days = tuple((d, s, e, venue) if d in moved else (d, s, e, v) for d, s, e, v in state.days)
        return State(state.head, state.status, version, days, _days_json(days))
    return State(state.head, STATUS_AFTER[topic], version, state.days, state.days_json)
