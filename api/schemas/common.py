"""Schemas shared by every resource: problems, pages, slugs, provenance."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from gcm_process.domain.values import SLUG_MAX_LENGTH, SLUG_PATTERN

MAX_PAGE = 200
DEFAULT_PAGE = 50


def Slug(**kwargs: Any) -> fields.String:
    kwargs["metadata"] = {"example": "round-1", **kwargs.get("metadata", {})}
    return fields.String(
        validate=[validate.Length(1, SLUG_MAX_LENGTH), validate.Regexp(SLUG_PATTERN)], **kwargs
    )


def Text(max_length: int = 500, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(1, max_length), **kwargs)


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
    """Where a recorded fact comes from; who recorded it is the token's name."""

    announced_on = fields.Date(metadata={"description": "when it became official; today if absent"})
    source = Slug(metadata={"description": "the slug of the letter it comes from"})


#: A cursor is the position of the next page in the list, as the API gave it.
CURSOR_PATTERN = r"^[0-9]{1,9}$"


class PageArgs(Schema):
    limit = fields.Integer(
        load_default=DEFAULT_PAGE,
        validate=validate.Range(1, MAX_PAGE),
        metadata={"description": f"items per page, at most {MAX_PAGE}"},
    )
    cursor = fields.String(
        validate=validate.Regexp(CURSOR_PATTERN, error="Not a cursor: pass a next_cursor."),
        metadata={
            "description": (
                "the next_cursor of the previous page (leave it out for the first page); "
                "a cursor past the end gives an empty page"
            ),
            "pattern": CURSOR_PATTERN,
            "example": "50",
        },
    )


def encode_cursor(offset: int) -> str:
    return str(offset)


def decode_cursor(cursor: str | None) -> int:
    return 0 if cursor is None else int(cursor)


def page(items: list[Any], args: dict[str, Any]) -> dict[str, Any]:
    """One page of ``items``: ``{"items", "next_cursor"}`` (``None`` on the last page)."""
    start = decode_cursor(args.get("cursor"))
    end = start + int(args["limit"])
    more = end < len(items)
    return {"items": items[start:end], "next_cursor": encode_cursor(end) if more else None}
