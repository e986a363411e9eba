"""The query arguments that name a point in time, read the same way by every endpoint.

``as_of`` (recorded time) and ``known_on`` (announced time) on the timeline, the
calendar, the report and the pages, loaded as one ``Point`` (``args["point"]``);
``since`` and ``until`` (announced dates, inclusive) on the change log and the
report. Each is parsed by the one parser the command line uses too
(``gcm_process.domain.point``); a bad value is a field error of the query,
``errors[]`` with ``in: query`` and the field's name, like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load

from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.point import Point, parse_as_of, parse_date, parse_known_on

#: What the parsers accept, for the document (the parsers are the authority).
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}


class PointField(fields.String):
    """A string read by one of the point parsers; its error is the field's error."""

    def __init__(self, parse: Callable[[str], Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.parse = parse

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > 40:
            raise ValidationError("Too long for a date or a date-time.")
        try:
            return self.parse(text)
        except InvalidInput as error:
            raise ValidationError(str(error)) from None


def _as_of(text: str) -> datetime:
    return parse_as_of(text)


def _known_on(text: str) -> date:
    return parse_known_on(text)


def _announced(name: str) -> Callable[[str], date]:
    return lambda text: parse_date(text, name)


def AnnouncedDate(name: str, description: str) -> PointField:
    return PointField(
        _announced(name),
        metadata={
            "description": f"{description} (YYYY-MM-DD)",
            "format": "date",
            "pattern": DATE_PATTERN,
            "example": "2018-02-01",
        },
    )


class PointArgs(Schema):
    """A point on either time axis, or both: the state of the record there."""

    as_of = PointField(
        _as_of,
        metadata={
            "description": (
                "recorded time: what the service held at that instant. An ISO date-time "
                "(UTC when no offset is given) or a date (the end of that day, UTC)"
            ),
            "anyOf": [DATE_TIME, DATE],
            "example": "2018-03-01T12:00:00Z",
        },
    )
    known_on = PointField(
        _known_on,
        metadata={
            "description": "announced time: what had been announced by that date (YYYY-MM-DD)",
            "format": "date",
            "pattern": DATE_PATTERN,
            "example": "2018-03-01",
        },
    )

    @post_load
    def _point(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """The two fields as one ``Point``, under ``point``."""
        point = Point(data.pop("as_of", None), data.pop("known_on", None))
        return {**data, "point": point}


class SinceArgs(Schema):
    since = AnnouncedDate("since", "changes announced on or after this date")


class SpanArgs(SinceArgs):
    until = AnnouncedDate("until", "changes announced on or before this date")
