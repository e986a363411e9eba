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

import inspect
import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from eventsourcing.persistence import Notification
from eventsourcing.utils import resolve_topic

from gcm_process.application import GcmProcess
from gcm_process.domain.point import micros
from gcm_process.domain.session_state import Days, days_of
from gcm_process.jsonable import to_jsonable


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
            data = to_jsonable({k: v for k, v in vars(event).items() if k not in _IDS})
        else:
            data = json.loads(text)
            for key in _transcoded(notification.topic):  # the only fields not yet plain
                if key in data:
                    data[key] = _plain(data[key])
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


_SCALARS = (str, int, type(None), bool, float)
#: Field types stored as they are; the others go through a transcoding.
_PLAIN_TYPES = frozenset({"str", "int", "bool", "str | None", "int | None", "bool | None"})
_IDENTITY = frozenset({"self", "originator_id", "originator_version"})


@lru_cache(maxsize=64)
def _transcoded(topic: str) -> tuple[str, ...]:
    """The fields of ``topic``'s events whose stored values are transcoded (dates, days...),
    read from the event class's signature."""
    parameters = inspect.signature(resolve_topic(topic).__init__).parameters.values()
    return tuple(
        p.name
        for p in parameters
        if p.name not in _IDENTITY and str(p.annotation).replace("'", "") not in _PLAIN_TYPES
    )


def _plain(value: Any) -> Any:
    """A stored value without its transcoding wrappers (plain values are left as they are)."""
    kind = type(value)
    if kind is dict:
        if len(value) == 2 and "_data_" in value and "_type_" in value:
            data = value["_data_"]
            return data if type(data) in _SCALARS else _plain(data)
        return {k: v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    return value
