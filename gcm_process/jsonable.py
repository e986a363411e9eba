"""Plain JSON forms of domain values and of recorded events."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Any
from uuid import UUID

from gcm_process.domain.base import PROVENANCE_FIELDS

#: Attributes every library event has, reported separately from an event's data.
_LIBRARY_FIELDS = ("originator_id", "originator_version", "timestamp", "originator_topic")


def to_jsonable(value: Any) -> Any:
    """Dates and times as ISO strings (times as HH:MM), dataclasses as dicts."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, UUID):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in fields(value)
            if not (f.metadata.get("omit_default") and getattr(value, f.name) == f.default)
        }
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    raise TypeError(f"cannot express {type(value).__name__} as JSON")


def event_name(event: object) -> str:
    return type(event).__name__


def event_topic(event: object) -> str:
    return str(getattr(type(event), "TOPIC", event_name(event)))


def event_data(event: object) -> dict[str, Any]:
    """What an event says, without the library's and the provenance fields."""
    skip = set(_LIBRARY_FIELDS) | set(PROVENANCE_FIELDS)
    return {
        name: to_jsonable(value)
        for name, value in vars(event).items()
        if name not in skip and not name.startswith("_")
    }
