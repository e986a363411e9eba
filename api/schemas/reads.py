"""What the reads answer: the JSON of the views' query functions, documented.

The query functions already return plain JSON; these schemas document it. A
``View`` dumps the fields it documents and passes any others through
unchanged, so a response is exactly what the query returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import INCLUDE, Schema, fields, validate

from api.schemas.common import CURSOR_PATTERN, PageArgs, Slug
from api.schemas.points import PointArgs, SpanArgs


class View(Schema):
    class Meta:
        #: Documented as open: fields the views add later are passed through.
        unknown = INCLUDE

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        if self.many if many is None else many:
            return [self.dump(item, many=False) for item in obj]
        result = super().dump(obj, many=False)
        return {**obj, **result} if isinstance(obj, Mapping) else result


def text(**kwargs: Any) -> fields.String:
    return fields.String(allow_none=True, **kwargs)


class PersonOut(View):
    name = fields.String()
    title = text()
    delegation = text()


class DayOut(View):
    date = fields.String(metadata={"format": "date"})
    start = text(metadata={"example": "10:00"})
    end = text(metadata={"example": "13:00"})
    venue = text()


class SessionOut(View):
    slug = fields.String()
    kind = fields.String()
    number = fields.Integer(allow_none=True)
    title = fields.String()
    status = fields.String()
    reason = text()
    days = fields.List(fields.Nested(DayOut))
    version = fields.Integer()


class ProcessOut(View):
    slug = fields.String()
    title = fields.String()
    mandate = text()
    facilitators = fields.List(fields.Nested(PersonOut))


class TimelineOut(View):
    process = fields.String()
    sessions = fields.List(fields.Nested(SessionOut))


class InErrorOut(Schema):
    """The correction that marked an entry as recorded in error: who, when, why."""

    version = fields.Integer(metadata={"description": "the correction's version"})
    actor = fields.String()
    recorded_at = fields.String(metadata={"format": "date-time"})
    reason = fields.String()


class Told(View):
    """An entry of a history or of the change log, with the corrections told."""

    in_error = fields.Nested(
        InErrorOut,
        allow_none=True,
        metadata={"description": "set when this entry was recorded in error"},
    )
    corrects = fields.List(
        fields.Integer(), metadata={"description": "a correction: the versions it marks"}
    )
    reason = text(metadata={"description": "a correction: why"})


class HistoryEntryOut(Told):
    version = fields.Integer()
    event = fields.String()
    announced_on = fields.String(metadata={"format": "date"})
    recorded_at = fields.String(metadata={"format": "date-time"})
    actor = fields.String()
    source = text()
    command_id = fields.String()
    data = fields.Dict()


class ChangeOut(Told):
    session = fields.String()
    event = fields.String()
    position = fields.Integer(metadata={"description": "its position in the record"})
    announced_on = fields.String(metadata={"format": "date"})
    recorded_at = fields.String(metadata={"format": "date-time"})
    actor = fields.String()
    source = text()


class CorrectionOut(View):
    session = fields.String()
    version = fields.Integer(metadata={"description": "the version the correction made"})
    corrects = fields.List(fields.Integer(), metadata={"description": "the versions in error"})


class CorrectionsOut(Schema):
    letter = fields.String()
    corrections = fields.List(fields.Nested(CorrectionOut))


class DraftOut(View):
    slug = fields.String()
    title = fields.String()
    circulated_on = text(metadata={"format": "date"})
    note = text()


class ReadyOut(Schema):
    status = fields.String(metadata={"example": "ready"})
    detail = fields.String(allow_none=True)


class LetterOut(View):
    slug = fields.String()
    dated = fields.String(metadata={"format": "date"})
    subject = fields.String()
    place = text()
    reference = text()


class HealthOut(Schema):
    status = fields.String(
        metadata={
            "example": "ok",
            "description": "ok; degraded: the store is out of reach, the views serve; "
            "behind: the views lag the store",
        }
    )
    events = fields.Integer(
        allow_none=True, metadata={"description": "position of the newest stored event, last seen"}
    )
    views = fields.Integer(metadata={"description": "position this node's views reached"})
    behind = fields.Integer(allow_none=True)
    age = fields.Float(
        allow_none=True, metadata={"description": "seconds since the views were seen current"}
    )
    store = fields.String(metadata={"example": "reachable"})
    worker = fields.Integer(metadata={"description": "the process id of the worker that answered"})
    record_fingerprint = fields.String(
        allow_none=True, metadata={"description": "POSITION:HASH of the record's hash chain"}
    )


def _page(item: type[Schema], name: str) -> type[Schema]:
    cursor = fields.String(
        allow_none=True,
        metadata={
            "description": "pass as cursor for the next page; null on the last page",
            "pattern": CURSOR_PATTERN,
        },
    )
    return type(name, (Schema,), {"items": fields.List(fields.Nested(item)), "next_cursor": cursor})


ProcessPage = _page(ProcessOut, "ProcessPage")
SessionPage = _page(SessionOut, "SessionPage")
HistoryPage = _page(HistoryEntryOut, "HistoryPage")
ChangePage = type(
    "ChangePage",
    (_page(ChangeOut, "ChangeList"),),
    {
        "next_after": fields.Integer(
            metadata={
                "description": (
                    "the position to ask from next time (as after): what was recorded "
                    "since this answer comes after it"
                )
            }
        )
    },
)
DraftPage = _page(DraftOut, "DraftPage")
LetterPage = _page(LetterOut, "LetterPage")


class ChangeArgs(PageArgs, SpanArgs):
    session = Slug(metadata={"description": "only the changes to this session"})
    after = fields.Integer(
        validate=validate.Range(0, 10**15),
        metadata={
            "description": (
                "only what was recorded after this position (the next_after of an earlier "
                "answer): what was recorded since I last looked"
            )
        },
    )


class TimelineArgs(PointArgs):
    format = fields.String(
        load_default="json",
        validate=validate.OneOf(("json", "csv")),
        metadata={"description": "json, or csv: the schedule with one row per day"},
    )


class SessionArgs(Schema):
    version = fields.Integer(validate=validate.Range(1, 1_000_000_000))


class LetterArgs(PageArgs):
    q = fields.String(
        validate=validate.Length(1, 200),
        metadata={"description": "full-text search", "pattern": r"^[^\u0000-\u001f]*$"},
    )
