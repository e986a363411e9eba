"""Conditional reads: an ``ETag`` from the views' position, ``If-None-Match`` answered 304.

A read of the views gives the same answer for the same request while the views
stay at the same position, so its tag is that position with a digest of what
else the answer depends on: the path and the whole query (a point in time,
``as_of`` or ``known_on``, is part of what is asked, so a tag given for one
point never stands for another), the host it was asked of, and the headers
that choose the representation (``Accept``, ``Accept-Language``) or a page's
content (its cookies). The position is read before the answer is made: a write
applied meanwhile makes the tag older than the answer, never newer, so a
client revalidating gets the new answer rather than a 304 for an old one.
``HEAD`` answers the same headers as ``GET``.

The tag names everything the answer is made of, so the successful answers
of the API's reads (``revalidated``) are marked to be kept by position
(``api.kept_reads``): the same request at the same position is answered again
without the app.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from flask import Response, make_response, request

from api.kept_reads import KEEP
from api.openapi import Blueprint, errors
from api.services import answered_at

View = TypeVar("View", bound=Callable[..., Any])
#: The request headers an answer may depend on, besides its address.
VARY = ("Accept", "Accept-Language", "Cookie")


def current_tag(*more: str) -> str:
    """The tag of this request's answer at the views' present position (unquoted).

    ``more``: anything else the answer depends on (today's date, for a page
    that says what comes next).
    """
    position = answered_at()
    host = f"{request.scheme}://{request.host}"
    parts = [request.full_path, host, *(request.headers.get(h, "") for h in VARY)]
    parts.extend(more)
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]
    return f"v{position}-{digest}"


def not_modified(tag: str) -> Response | None:
    """A 304 when the client already holds ``tag``."""
    if request.if_none_match.contains_weak(tag):
        return Response(status=304, headers={"ETag": f'"{tag}"', "Vary": ", ".join(VARY)})
    return None


def revalidated(blp: Blueprint) -> Callable[[View], View]:
    """A read answered conditionally, with its 304 in the document, and kept by its tag."""

    def decorate(view: View) -> View:
        return errors(blp, 304)(_conditional(view, lambda: (), keep=True))

    return decorate


def conditional(view: View) -> View:
    """Give ``view``'s successful answers the tag, and answer 304 to a client holding it."""
    return _conditional(view, lambda: ())


def daily(view: View) -> View:
    """``conditional`` for an answer that also depends on today's date."""
    return _conditional(view, lambda: (date.today().isoformat(),))


def _conditional(view: View, more: Callable[[], tuple[str, ...]], keep: bool = False) -> View:
    @functools.wraps(view)
    def answer(*args: Any, **kwargs: Any) -> Any:
        tag = current_tag(*more())
        unchanged = not_modified(tag)
        if unchanged is not None:
            return unchanged
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200:
            response.set_etag(tag)
            response.vary.update(VARY)
            if keep and not response.is_streamed:
                request.environ[KEEP] = answered_at()
        return response

    return answer  # type: ignore[return-value]
