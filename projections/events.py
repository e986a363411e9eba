"""The log read as plain event data, in batches, straight from the stored JSON.

Catching up, rebuilding, the replay and the report read every session event;
building the library's event object for each (topic, transcodings, UUIDs,
dates) costs more than folding it. The stored state is the library's JSON, in
which a transcoded value is ``{"_type_": name, "_data_": plain}`` (see
``gcm_process.transcodings``); ``Decoder`` unwraps it into the plain forms
``gcm_process.domain.session_state.fold`` reads: ISO dates, ``HH:MM`` times.
Stored events of an older shape go through the library, which upcasts them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

import orjson
from eventsourcing.persistence import Notification
from eventsourcing.utils import resolve_topic

from gcm_process.application import GcmProcess
from gcm_process.domain.point import micros
from gcm_process.domain.session_state import Days, days_of
from gcm_process.jsonable import to_jsonable


class LoggedEvent(NamedTuple):
    """A stored event as the log's row read with plain SQL (``log_reader``): what a
    library ``Notification`` holds, made in a fraction of its time."""

    id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


#: A stored event of the log: read through the library, or with plain SQL.
Logged = Notification | LoggedEvent


def stored(event: Logged) -> Notification:
    """The event as the library's mapper reads it."""
    if isinstance(event, Notification):
        return event
    return Notification(
        id=event.id,
        originator_id=event.originator_id,
        originator_version=event.originator_version,
        topic=event.topic,
        state=event.state,
    )


@dataclass(slots=True)
class SessionEvent:
    """A session event as plain data, with what the views write of it."""

    position: int
    topic: str
    name: str
    session: str
    version: int
    recorded_at: str
    #: ``recorded_at`` in microseconds since 1970.
    t: int
    announced_on: str
    #: ``announced_on`` as a day ordinal.
    d: int
    #: The event's fields in their plain JSON forms.
    data: dict[str, Any]
    #: The stored JSON (kept as the event's data in the views).
    text: str
    #: ``data["days"]`` read once, for events that give the session's days.
    days: Days | None


class Decoder:
    """Turns a stored session event into a ``SessionEvent``."""

    def __init__(self, app: GcmProcess) -> None:
        self.mapper = app.mapper
        self.cipher, self.compressor = app.mapper.cipher, app.mapper.compressor

    def __call__(self, notification: Logged) -> SessionEvent:
        state = notification.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        text = state.decode("utf-8")
        name = _event_name(notification.topic)
        if name is None:  # an older stored form: the library upcasts it
            event = self.mapper.to_domain_event(stored(notification))
            name = type(event).__name__
            data = to_jsonable({k: v for k, v in vars(event).items() if k not in _IDS})
        else:
            data = plain_json(text)
        recorded_at, announced_on = data["timestamp"], data["announced_on"]
        days = data.get("days")
        return SessionEvent(
            notification.id,
            notification.topic,
            name,
            str(notification.originator_id),
            notification.originator_version,
            recorded_at,
            micros(datetime.fromisoformat(recorded_at)),
            announced_on,
            _ordinal(announced_on),
            data,
            text,
            None if days is None else days_of(days),
        )


_IDS = ("originator_id", "originator_version")


@lru_cache(maxsize=64)
def _event_name(topic: str) -> str | None:
    """The event class's name, or None when stored events of ``topic`` need upcasting."""
    cls = resolve_topic(topic)
    return None if getattr(cls, "class_version", 1) != 1 else str(cls.__name__)


@lru_cache(maxsize=4096)
def _ordinal(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


#: What ``orjson`` reads exactly; a float may be an integer beyond 64 bits, read inexactly
#: (the record's events hold no floats, so one sends the text to ``json``).
_EXACT = frozenset({str, int, bool, type(None)})


class _Inexact(Exception):
    pass


def _plain(value: Any) -> Any:
    """A dict or list read by ``orjson``, with each transcoded value
    (``{"_type_": name, "_data_": plain}``) as its plain form, innermost first."""
    kind = type(value)
    if kind is dict:
        if len(value) == 2 and "_data_" in value and "_type_" in value:
            data = value["_data_"]
            return data if type(data) in _EXACT else _plain(data)
        return {k: (v if type(v) in _EXACT else _plain(v)) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _EXACT else _plain(v) for v in value]
    raise _Inexact


def _unwrapped(value: dict[str, Any]) -> Any:
    if len(value) == 2 and "_type_" in value and "_data_" in value:
        return value["_data_"]
    return value


#: ``json``, for what ``orjson`` would read otherwise or not at all.
_slow_plain_json = json.JSONDecoder(object_hook=_unwrapped).decode


def plain_json(text: str) -> Any:
    """The stored JSON read with every transcoded value in its plain form (by ``orjson``,
    faster than ``json``; by ``json`` where the two might differ)."""
    try:  # not ``contextlib.suppress``: its context costs more than reading a small event
        found = orjson.loads(text)
        return found if type(found) in _EXACT else _plain(found)
    except (orjson.JSONDecodeError, _Inexact):
        return _slow_plain_json(text)
