"""Bodies of the writes. Unknown fields are refused (``actor``, ``version``...): 422."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, post_load, validate

from api.schemas.common import ProvenanceIn, RecordDate, Room, Slug, Text
from gcm_process.domain import Day, Person, SessionKind
from gcm_process.domain.places import UN_HEADQUARTERS, Mode, Place

MAX_DAYS = 366
HH_MM = {"pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "10:00"}


class PlaceIn(Schema):
    """Where a day is: building, city and the IANA time zone its times are local to."""

    building = Text(200, required=True, metadata={"example": "Palais des Nations"})
    city = Text(200, required=True, metadata={"example": "Geneva"})
    timezone = Text(64, required=True, metadata={"example": "Europe/Zurich"})

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> Place:
        return Place(data["building"], data["city"], data["timezone"])


class DayIn(Schema):
    """One day of a session: date, optional local times (HH:MM), its room (spelt as the
    importer spells it: "CR 4" is "Conference Room 4"), its place and mode."""

    date = RecordDate(required=True, metadata={"example": "2018-02-20"})
    start = fields.Time(format="%H:%M", allow_none=True, metadata=HH_MM)
    end = fields.Time(format="%H:%M", allow_none=True, metadata=HH_MM)
    venue = Room(allow_none=True)
    place = fields.Nested(
        PlaceIn, metadata={"description": "United Nations Headquarters, New York when absent"}
    )
    mode = fields.String(
        validate=validate.OneOf([m.value for m in Mode]),
        metadata={"description": "in_person when absent"},
    )

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> Day:
        return Day(
            data["date"],
            data.get("start"),
            data.get("end"),
            data.get("venue"),
            data.get("place", UN_HEADQUARTERS),
            data.get("mode", Mode.IN_PERSON.value),
        )


def Days() -> fields.List[Any]:
    return fields.List(fields.Nested(DayIn), required=True, validate=validate.Length(1, MAX_DAYS))


class OpenProcessIn(ProvenanceIn):
    slug = Slug(required=True)
    title = Text(required=True)
    mandate = Text(2000, allow_none=True)


class ScheduleIn(ProvenanceIn):
    slug = Slug(required=True)
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in SessionKind]))
    number = fields.Integer(allow_none=True, validate=validate.Range(1, 1000))
    title = Text(required=True)
    days = Days()


class RescheduleIn(ProvenanceIn):
    days = Days()
    reason = Text(1000, allow_none=True)


class VenueIn(ProvenanceIn):
    venue = Room(required=True)
    dates = fields.List(
        RecordDate(),
        validate=validate.Length(1, MAX_DAYS),
        metadata={"description": "the days moved; every day when absent"},
    )


class StatusChangeIn(ProvenanceIn):
    reason = Text(1000, allow_none=True)


class CorrectIn(ProvenanceIn):
    """Versions of a session recorded in error, and why."""

    versions = fields.List(
        fields.Integer(validate=validate.Range(1, 1_000_000_000)),
        required=True,
        validate=validate.Length(1, 1000),
        metadata={"description": "the versions of the session recorded in error"},
    )
    reason = Text(1000, required=True, metadata={"example": "dated today by mistake"})


class CorrectLetterIn(ProvenanceIn):
    """Every change to a session recorded from a letter is in error, and why."""

    reason = Text(1000, required=True, metadata={"example": "the letter was filed twice"})


class CirculateIn(ProvenanceIn):
    slug = Slug(required=True, metadata={"example": "zero-draft"})
    title = Text(required=True)
    circulated_on = RecordDate(allow_none=True)
    note = Text(2000, allow_none=True)


class PresentIn(ProvenanceIn):
    session = Slug(required=True)
    presented_on = RecordDate(allow_none=True)


class PersonIn(Schema):
    name = Text(200, required=True)
    title = Text(500, allow_none=True)
    delegation = Text(200, allow_none=True)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> Person:
        return Person(data["name"], data.get("title"), data.get("delegation"))


class IssueLetterIn(ProvenanceIn):
    announced_on = RecordDate(metadata={"description": "when it became official: its date"})
    slug = Slug(required=True)
    dated = RecordDate(required=True)
    subject = Text(1000, required=True)
    body = Text(200_000, required=True)
    place = Text(200, allow_none=True)
    senders = fields.List(fields.Nested(PersonIn), validate=validate.Length(0, 50))
    addressees = fields.List(Text(500), validate=validate.Length(0, 200))
    reference = Text(200, allow_none=True)
    encloses = fields.List(Slug(), validate=validate.Length(0, 50))


class ImportIn(Schema):
    text = Text(200_000, required=True, metadata={"description": "the letter's full text"})
