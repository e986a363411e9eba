"""Bodies of the writes. Unknown fields are refused (``actor``, ``version``...): 422."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, post_load, validate

from api.schemas.common import ProvenanceIn, RecordDate, Slug, Text
from gcm_process.domain import Day, Person, SessionKind

MAX_DAYS = 366
HH_MM = {"pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "10:00"}


class DayIn(Schema):
    """One day of a session: date, optional local times (HH:MM) and its room."""

    date = RecordDate(required=True, metadata={"example": "2018-02-20"})
    start = fields.Time(format="%H:%M", allow_none=True, metadata=HH_MM)
    end = fields.Time(format="%H:%M", allow_none=True, metadata=HH_MM)
    venue = Text(200, allow_none=True, metadata={"example": "Conference Room 4"})

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> Day:
        return Day(data["date"], data.get("start"), data.get("end"), data.get("venue"))


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
    venue = Text(200, required=True)
    dates = fields.List(
        RecordDate(),
        validate=validate.Length(1, MAX_DAYS),
        metadata={"description": "the days moved; every day when absent"},
    )


class StatusChangeIn(ProvenanceIn):
    reason = Text(1000, allow_none=True)


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
