"""How dates, times and the value objects are written into stored events."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from gcm_process.domain.places import UN_HEADQUARTERS, Mode, place_from_dict
from gcm_process.domain.values import Day, Person


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class TimeAsISO(Transcoding):
    type = time
    name = "time_iso"

    def encode(self, obj: time) -> str:
        return obj.isoformat(timespec="minutes")

    def decode(self, data: str) -> time:
        return time.fromisoformat(data)


class DayAsDict(Transcoding):
    type = Day
    name = "session_day"

    def encode(self, obj: Day) -> dict[str, Any]:
        found: dict[str, Any] = {"date": obj.date, "start": obj.start, "end": obj.end,
                                 "venue": obj.venue}  # fmt: skip
        if obj.place != UN_HEADQUARTERS:
            found["place"] = obj.place.as_dict()
        if obj.mode != Mode.IN_PERSON.value:
            found["mode"] = obj.mode
        return found

    def decode(self, data: dict[str, Any]) -> Day:
        """A stored day; one stored before places existed is at UN Headquarters, in person."""
        return Day(
            data["date"], data.get("start"), data.get("end"), data.get("venue"),
            place_from_dict(data.get("place")), data.get("mode", Mode.IN_PERSON.value),
        )  # fmt: skip


class PersonAsDict(Transcoding):
    type = Person
    name = "person"

    def encode(self, obj: Person) -> dict[str, Any]:
        return {"name": obj.name, "title": obj.title, "delegation": obj.delegation}

    def decode(self, data: dict[str, Any]) -> Person:
        return Person(data["name"], data.get("title"), data.get("delegation"))


def register(transcoder: JSONTranscoder) -> None:
    for transcoding in (DateAsISO(), TimeAsISO(), DayAsDict(), PersonAsDict()):
        transcoder.register(transcoding)
