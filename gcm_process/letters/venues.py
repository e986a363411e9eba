"""Rooms, one spelling each.

The rooms of UN Headquarters are recognised wherever they are written and
given their usual name: "CR 4", "Conf. Room 4" and "Conference Room 4" are
"Conference Room 4"; "TCC" and "the Trusteeship Council" are the "Trusteeship
Council Chamber"; "ECOSOC" or the "Economic and Social Council Chamber" is the
"ECOSOC Chamber". In a table's location column any other text is kept as
written (tidied); in prose only the rooms below are read as venues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROOMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bTrusteeship\s+Council(?:\s+Chamber)?|\bTCC\b"), "Trusteeship Council Chamber"),
    (
        re.compile(r"\bEconomic\s+and\s+Social\s+Council\s+Chamber|\bECOSOC\s+Chamber"),
        "ECOSOC Chamber",
    ),
    (re.compile(r"\bGeneral\s+Assembly\s+Hall|\bGA\s+Hall\b"), "General Assembly Hall"),
    (re.compile(r"\bSecurity\s+Council\s+Chamber"), "Security Council Chamber"),
    (
        re.compile(r"\bDag\s+Hammarskj(?:ö|o|oe)ld\s+Library\s+Auditorium"),
        "Dag Hammarskjöld Library Auditorium",
    ),
]
_CONFERENCE_ROOM = re.compile(
    r"\b(?:Conference\s+[Rr]oom|Conf\.?\s*[Rr]oom|Conf\.?\s*Rm\.?|CR)\s*[-.]?\s*(\d{1,2}|[A-F])\b"
)
#: In a table cell these alone name a room as well.
_CELL_ONLY = [(re.compile(r"^\s*ECOSOC\s*$"), "ECOSOC Chamber")]


@dataclass(frozen=True)
class VenueMatch:
    start: int
    end: int
    venue: str


def find_venues(text: str) -> list[VenueMatch]:
    """The rooms named in ``text``, left to right."""
    found: list[VenueMatch] = []
    for pattern, name in _ROOMS:
        found += [VenueMatch(m.start(), m.end(), name) for m in pattern.finditer(text)]
    found += [
        VenueMatch(m.start(), m.end(), f"Conference Room {m.group(1)}")
        for m in _CONFERENCE_ROOM.finditer(text)
    ]
    return sorted(found, key=lambda v: v.start)


def normalise_venue(cell: str) -> str | None:
    """A table's location cell as a venue: the known spelling, or the text tidied."""
    for pattern, name in _CELL_ONLY:
        if pattern.match(cell):
            return name
    found = find_venues(cell)
    if len(found) == 1:
        return found[0].venue
    tidy = " ".join(cell.replace("\t", " ").split()).strip(" ,;.()")
    tidy = re.sub(r"^(?:the|in the|in)\s+", "", tidy, flags=re.I)
    return tidy or None


def spell_room(text: str) -> str:
    """A room as a clerk typed it (API, command line, desk), in the importer's spelling
    when the whole of it is one room the importer knows ("CR 3" is "Conference Room 3");
    otherwise as typed, tidied: nothing typed is ever dropped."""
    tidy = " ".join(text.split())
    for pattern, name in _CELL_ONLY:
        if pattern.fullmatch(tidy):
            return name
    found = find_venues(tidy)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(tidy):
        return found[0].venue
    return tidy
