"""Schemas shared by every resource: problems, pages, slugs, provenance."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from gcm_process.domain.errors import InvalidInput
from gcm_process.domain.point import parse_date
from gcm_process.domain.values import FIRST_YEAR, LAST_YEAR, SLUG_MAX_LENGTH, SLUG_PATTERN
from gcm_process.letters.venues import spell_room

MAX_PAGE = 200
DEFAULT_PAGE = 50


def Slug(**kwargs: Any) -> fields.String:
    kwargs["metadata"] = {"example": "round-1", **kwargs.get("metadata", {})}
    return fields.String(
        validate=[validate.Length(1, SLUG_MAX_LENGTH), validate.Regexp(SLUG_PATTERN)], **kwargs
    )


#: A date the record can hold (years FIRST_YEAR to LAST_YEAR), for the document: the
#: domain checks the range, the pattern says it.
RECORD_DATE_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
assert (FIRST_YEAR, LAST_YEAR) == (1900, 2200), "RECORD_DATE_PATTERN names these years"


class _RecordDate(fields.Date):
    """Read by the parser the query arguments use: an impossible day says why."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str):
            raise ValidationError("A date is a string, YYYY-MM-DD.")
        try:
            return parse_date(value, self.data_key or attr or "date")
        except InvalidInput as error:
            raise ValidationError(str(error)) from None


def RecordDate(**kwargs: Any) -> fields.Date:
    """A date on the record: ``YYYY-MM-DD``, from 1900 to 2200."""
    metadata = {"pattern": RECORD_DATE_PATTERN, "example": "2018-01-30"}
    kwargs["metadata"] = {**metadata, **kwargs.get("metadata", {})}
    return _RecordDate(**kwargs)


#: Free text holds something besides spaces: one character Python does not strip
#: (``str.isspace``), which the domain does before refusing empty text.
SOME_TEXT = "[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_SOME_TEXT = re.compile(SOME_TEXT)


def _not_blank(value: str) -> None:
    if not _SOME_TEXT.search(value):
        raise ValidationError("Must hold more than spaces.")


def Text(max_length: int = 500, **kwargs: Any) -> fields.String:
    kwargs["metadata"] = {"pattern": SOME_TEXT, **kwargs.get("metadata", {})}
    return fields.String(validate=[validate.Length(1, max_length), _not_blank], **kwargs)


class _Room(fields.String):
    """A room, spelt by the importer's rules (``letters.venues``): "CR 4" is
    "Conference Room 4"."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text: str = super()._deserialize(value, attr, data, **kwargs)
        return spell_room(text)


def Room(**kwargs: Any) -> fields.String:
    kwargs["metadata"] = {"pattern": SOME_TEXT, "example": "Conference Room 4"}
    return _Room(validate=[validate.Length(1, 200), _not_blank], **kwargs)


class FieldError(Schema):
    in_ = fields.String(data_key="in", metadata={"description": "body, query, path or headers"})
    field = fields.String()
    message = fields.String()


class ProblemSchema(Schema):
    """An error (RFC 9457 problem details)."""

    type = fields.String(required=True, metadata={"example": "urn:gcm-process:problem:not-found"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    request_id = fields.String(metadata={"description": "quote it when reporting a problem"})
    errors = fields.List(fields.Nested(FieldError), metadata={"description": "field errors"})


class ProvenanceIn(Schema):
    """Where a recorded fact comes from; who recorded it is the token's name.

    ``announced_on`` is required: a write never defaults to today. The source is a
    letter on the record of the process (``source``), or another document named by
    its reference (``document``), or neither; not both.
    """

    announced_on = RecordDate(
        required=True, metadata={"description": "when it became official (required)"}
    )
    source = Slug(metadata={"description": "the slug of a letter on the record of this process"})
    document = Text(
        200,
        metadata={
            "description": "instead of a letter: the reference of another document",
            "example": "A/RES/72/244",
        },
    )


#: A cursor is opaque: what a page gave as ``next_cursor`` (``api.cursors``).
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,400}$"


class PageArgs(Schema):
    limit = fields.Integer(
        load_default=DEFAULT_PAGE,
        validate=validate.Range(1, MAX_PAGE),
        metadata={"description": f"items per page, at most {MAX_PAGE}"},
    )
    # Read by ``api.cursors``: a cursor the server did not give is a 400 problem.
    cursor = fields.String(
        metadata={
            "description": (
                "the next_cursor of the previous page, as given (leave it out for the first "
                "page); it stays valid whatever is recorded meanwhile"
            ),
            "pattern": CURSOR_PATTERN,
            "example": "WyJjaGFuZ2VzIiw1MF0",
        },
    )
