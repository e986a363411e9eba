"""Opaque cursors for the lists: the key of the last item a page gave, for one list.

A cursor is URL-safe base64 of ``[list, *key]`` (``projections.paging`` gives
the keys): clients pass it back as they got it. One that the server did not
give, or that belongs to another list, is a 400 problem; a cursor stays valid
however much is recorded after it, since the rows after a key stay after it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any, TypeVar

from api.conditional import revalidated
from api.errors import Problem
from api.openapi import ETAG, Blueprint, reads
from api.schemas.common import PageArgs
from projections.paging import Key, Page

Reader = Callable[[Key | None, int], Page]
F = TypeVar("F", bound=Callable[..., Any])


def listed(blp: Blueprint, schema: type, args: type = PageArgs) -> Callable[[F], F]:
    """A list's ``GET``: a page by cursor and limit, answered conditionally, with its errors."""

    def decorate(view: F) -> F:
        view = blp.response(200, schema, headers=ETAG)(view)
        view = blp.arguments(args, location="query")(view)
        view = revalidated(blp)(view)
        return reads(blp, 400)(view)

    return decorate


def encode(name: str, key: Key) -> str:
    text = json.dumps([name, *key], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(name: str, cursor: str | None, size: int) -> Key | None:
    """The key a cursor of list ``name`` holds (``None`` for the first page), or a 400."""
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        found = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        found = None
    if not (
        isinstance(found, list)
        and len(found) == size + 1
        and found[0] == name
        and all(isinstance(v, str | int) and not isinstance(v, bool) for v in found[1:])
    ):
        raise Problem(
            400,
            "This cursor was not given by this list: pass the next_cursor of the page "
            "before, as it was given, or leave it out for the first page.",
            kind="bad-cursor",
        )
    return tuple(found[1:])


def page(name: str, args: dict[str, Any], reader: Reader, size: int = 1) -> dict[str, Any]:
    """One page of list ``name`` (keys of ``size`` values): ``{"items", "next_cursor"}``.

    ``next_cursor`` is ``None`` on the last page.
    """
    found = reader(decode(name, args.get("cursor"), size), int(args["limit"]))
    return {
        "items": found.items,
        "next_cursor": None if found.next is None else encode(name, found.next),
    }
