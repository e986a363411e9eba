"""Where a session day meets: a place (building and city, with its time zone) and a mode.

A day's times are local to its place. The places the processes held meet in
are known by name, one spelling each: UN Headquarters in New York
(America/New_York), the Palais des Nations in Geneva (Europe/Zurich), the
other UN offices, and the cities that host conferences and preparatory
meetings. A day says nothing of its place when it is at UN Headquarters:
events stored before places existed are read so (``Day``'s defaults), and a
day at UN Headquarters, in person, is stored and digested as it always was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gcm_process.domain.errors import InvalidInput


class Mode(StrEnum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"
    HYBRID = "hybrid"


@dataclass(frozen=True)
class Place:
    """A building in a city, with the IANA time zone its times are written in."""

    building: str
    city: str
    timezone: str

    def describe(self) -> str:
        return f"{self.building}, {self.city}" if self.building != self.city else self.city

    def as_dict(self) -> dict[str, str]:
        return {"building": self.building, "city": self.city, "timezone": self.timezone}


UN_HEADQUARTERS = Place("United Nations Headquarters", "New York", "America/New_York")
PALAIS_DES_NATIONS = Place("Palais des Nations", "Geneva", "Europe/Zurich")

#: The places letters name, as they name them (one spelling each when read).
KNOWN: list[tuple[re.Pattern[str], Place]] = [
    (re.compile(r"\bUnited\s+Nations\s+Headquarters\b|\bUN\s*HQ\b|\bUNHQ\b"), UN_HEADQUARTERS),
    (re.compile(r"\bPalais\s+des\s+Nations\b|\bGeneva\b|\bGen[eè]ve\b"), PALAIS_DES_NATIONS),
    (
        re.compile(r"\bVienna\s+International\s+Centre\b|\bVienna\b"),
        Place("Vienna International Centre", "Vienna", "Europe/Vienna"),
    ),
    (
        re.compile(r"\bUnited\s+Nations\s+Office\s+at\s+Nairobi\b|\bGigiri\b|\bNairobi\b"),
        Place("United Nations Office at Nairobi", "Nairobi", "Africa/Nairobi"),
    ),
    (re.compile(r"\bBonn\b"), Place("World Conference Center Bonn", "Bonn", "Europe/Berlin")),
    (
        re.compile(r"\bMarrakech\b|\bMarrakesh\b"),
        Place("Marrakech", "Marrakech", "Africa/Casablanca"),
    ),
    (
        re.compile(r"\bPuerto\s+Vallarta\b"),
        Place("Puerto Vallarta", "Puerto Vallarta", "America/Mexico_City"),
    ),
    (re.compile(r"\bAddis\s+Ababa\b"), Place("Addis Ababa", "Addis Ababa", "Africa/Addis_Ababa")),
    (re.compile(r"\bLisbon\b"), Place("Lisbon", "Lisbon", "Europe/Lisbon")),
    (re.compile(r"\bSevill[ea]\b"), Place("Sevilla", "Sevilla", "Europe/Madrid")),
    (re.compile(r"\bDoha\b"), Place("Doha", "Doha", "Asia/Qatar")),
]
_MODES = [
    (re.compile(r"\bhybrid\b", re.I), Mode.HYBRID),
    (re.compile(r"\bvirtual(?:ly)?\b|\bonline\b|\bvideo[- ]?conference\b", re.I), Mode.VIRTUAL),
]


def find_place(text: str) -> Place | None:
    """The one known place ``text`` names (None: none, or several)."""
    found = {place for pattern, place in KNOWN if pattern.search(text)}
    return found.pop() if len(found) == 1 else None


def find_mode(text: str) -> Mode | None:
    """The mode ``text`` names ("a virtual meeting", "in a hybrid format"), if one."""
    for pattern, mode in _MODES:
        if pattern.search(text):
            return mode
    return None


def check_place(place: object) -> Place:
    """A place with a building, a city and a time zone the machine knows."""
    if not isinstance(place, Place):
        raise InvalidInput(f"{place!r} is not a place.")
    for value, what in ((place.building, "building"), (place.city, "city")):
        if not isinstance(value, str) or not value.strip() or len(value) > 200:
            raise InvalidInput(f"A place's {what} must be text of 1 to 200 characters.")
    try:
        ZoneInfo(place.timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidInput(
            f"'{place.timezone}' is not a time zone (such as 'Europe/Zurich')."
        ) from None
    return Place(place.building.strip(), place.city.strip(), place.timezone)


def check_mode(mode: object) -> str:
    try:
        return Mode(str(mode)).value
    except ValueError:
        raise InvalidInput(f"'{mode}' is not a mode: in_person, virtual or hybrid.") from None


def place_from_dict(data: dict[str, Any] | None) -> Place:
    """A stored place; none stored (an event older than places): UN Headquarters."""
    if not data:
        return UN_HEADQUARTERS
    return Place(data["building"], data["city"], data["timezone"])
