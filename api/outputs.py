"""What people take away: the iCalendar feed, reports replayed from history, JSON-LD.

The feed is built on the views; its ETag comes from the timeline alone, so a
client polling with ``If-None-Match`` is answered 304 without building it. The
report replays the event log (an independent path from the views).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar

from flask import Response, request
from flask.views import MethodView
from marshmallow import fields, validate

from api.kept import Kept, in_app
from api.openapi import ETAG, Blueprint, errors, reads
from api.schemas.points import PointArgs, SinceArgs
from api.services import services
from projections import calendar, queries
from projections.jsonld import session_event
from projections.report import FORMATS, MEDIA_TYPES, build_report, render
from projections.report.html import STYLE

blp = Blueprint(
    "outputs",
    __name__,
    url_prefix="/api/processes/<process>",
    description="The calendar feed and reports of a process",
)

F = TypeVar("F", bound=Callable[..., Any])
#: A report up to this size is rendered in memory, a larger one on disk; sent in chunks.
SPOOL_IN_MEMORY = 8 * 1024 * 1024
CHUNK = 64 * 1024
#: Feeds kept by each worker (a feed of 1,000 sessions is about 1.5 MB).
FEEDS_KEPT = 8
ICS = "text/calendar; charset=utf-8"
FEED_HEADERS = {
    **ETAG,
    "Last-Modified": {"description": "when the feed last changed", "schema": {"type": "string"}},
}
JSONLD = "application/ld+json"
#: The report page may use its own inline style block, and nothing else.
REPORT_CSP = (
    "default-src 'none'; style-src 'sha256-"
    + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class ReportArgs(PointArgs, SinceArgs):
    format = fields.String(
        load_default="md",
        validate=validate.OneOf(FORMATS),
        metadata={"description": "md, html (printable), csv (the change log) or json"},
    )


def _base_url() -> str:
    return request.url_root.rstrip("/")


def _schema(content_type: str) -> dict[str, Any]:
    return {"type": "object"} if content_type.endswith("json") else {"type": "string"}


def _text(
    blp: Blueprint,
    content_types: list[str],
    description: str,
    headers: dict[str, Any] | None = None,
) -> Callable[[F], F]:
    """Document a success answered in each of these media types."""
    first, *others = content_types

    def decorate(view: F) -> F:
        for other in others:
            view = blp.alt_response(200, schema=_schema(other), content_type=other, success=True)(
                view
            )
        return blp.response(
            200, _schema(first), content_type=first, description=description, headers=headers
        )(view)

    return decorate


def _feeds() -> Kept[calendar.Feed]:
    """The last few feeds built by this worker, by ETag: a feed is built once per change."""
    return in_app("gcm.feeds", FEEDS_KEPT)


@blp.route("/calendar.ics")
class Calendar(MethodView):
    @reads(blp)
    @errors(blp, 304)
    @blp.arguments(PointArgs, location="query")
    @_text(blp, ["text/calendar"], "the iCalendar feed (RFC 5545)", FEED_HEADERS)
    def get(self, args: dict[str, Any], process: str) -> Response:
        """The iCalendar feed: one event per session day; poll it with If-None-Match"""
        db = services().db
        made_of = calendar.source(db, process, args["point"], _base_url())
        etag = made_of.etag
        if request.if_none_match.contains_weak(etag.strip('"')):
            return Response(status=304, headers={"ETag": etag})
        feed = _feeds().get(etag)
        if feed is None:
            feed = made_of.build(db)
            _feeds().put(feed.etag, feed)
        response = Response(feed.body, content_type=ICS)
        response.headers["ETag"] = feed.etag
        response.headers["Content-Disposition"] = f'inline; filename="{process}.ics"'
        if feed.last_modified is not None:
            # Informative only: a change within the same second, or one that only
            # adds a source letter, keeps it; clients revalidate with the ETag.
            response.last_modified = feed.last_modified
        return response


@blp.route("/report")
class Report(MethodView):
    @reads(blp)
    @blp.arguments(ReportArgs, location="query")
    @_text(blp, [t.split(";")[0] for t in MEDIA_TYPES.values()], "the report, in the format asked")
    def get(self, args: dict[str, Any], process: str) -> Response:
        """A report replayed from the event log, as of either time axis"""
        fmt = args.pop("format")
        # Rendered to a spool (memory, then disk) and streamed: a long history's
        # change log never sits in memory whole.
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
        try:
            out = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=True)
            with build_report(
                services().app, process, args["point"], since=args.get("since")
            ) as report:
                render(report, fmt, out)
            out.detach()
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        response = Response(_chunks(spool), content_type=MEDIA_TYPES[fmt])
        response.call_on_close(spool.close)
        if fmt == "html":
            response.headers["Content-Security-Policy"] = REPORT_CSP
        if fmt == "csv":
            response.headers["Content-Disposition"] = (
                f'attachment; filename="{process}-changes.csv"'
            )
        return response


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    with spool:
        while chunk := spool.read(CHUNK):
            yield chunk


def wants_jsonld() -> bool:
    """Whether the client prefers schema.org JSON-LD to the plain JSON of a session."""
    best = request.accept_mimetypes.best_match(["application/json", JSONLD])
    return best == JSONLD


def session_jsonld(process: str, slug: str, version: int | None) -> Response:
    """A session as a schema.org Event (``Accept: application/ld+json``)."""
    db = services().db
    found = queries.session(db, process, slug, version=version)
    event = session_event(
        found,
        queries.session_history(db, process, slug),
        queries.process(db, process),
        _base_url(),
    )
    response = Response(
        json.dumps(event, ensure_ascii=False, indent=2),
        content_type=JSONLD,
        headers={"ETag": f'"{found["version"]}-ld"'},
    )
    response.vary.add("Accept")
    return response
