"""Sessions: list, schedule, one (with its ETag), its history, and the changes to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, g, request, url_for
from flask.views import MethodView

from api import outputs
from api.contract import CHANGES
from api.cursors import listed, page
from api.openapi import ETAG, Blueprint, errors, reads, writes
from api.schemas.reads import HistoryPage, SessionArgs, SessionOut, SessionPage
from api.schemas.writes import CorrectIn, RescheduleIn, ScheduleIn, StatusChangeIn, VenueIn
from api.services import services
from api.writes import etag, newer_than_views, run
from gcm_process.commands import Receipt
from gcm_process.domain.session_state import SessionState
from projections import queries

blp = Blueprint(
    "sessions",
    __name__,
    url_prefix="/api/processes/<process>/sessions",
    description="Sessions of a process and the changes to them",
)
Answer = tuple[dict[str, Any], dict[str, str]]
F = TypeVar("F", bound=Callable[..., Any])


def answer(process: str, slug: str, receipt: Receipt) -> Answer:
    """The session as this write left it (also when the write is a replay), with its ETag.

    Read from the views; from the record itself when the views could not include it.
    """
    if g.get("views_behind"):
        found = recorded_session(process, slug, receipt.version)
    else:
        found = queries.session(services().db, process, slug, version=receipt.version)
    headers = {
        "Location": url_for("sessions.Session", process=process, session=slug),
        "ETag": etag(receipt.version),
    }
    return found, headers


def recorded_session(process: str, slug: str, version: int) -> dict[str, Any]:
    """A session at a version as the views would give it, read from the event store."""
    app = services().app
    state = SessionState.of(app.session(process, slug, version=version))
    history = [e for e in app.session_history(process, slug) if e.version <= version]
    sources = list(dict.fromkeys(e.source for e in history if e.source is not None))
    return {
        **state.as_json(),
        "announced_on": history[0].announced_on.isoformat(),
        "sources": sources,
    }


@blp.route("")
class Sessions(MethodView):
    @listed(blp, SessionPage)
    def get(self, args: dict[str, Any], process: str) -> dict[str, Any]:
        """List the sessions of a process"""
        db = services().db
        return page(
            "sessions", args, lambda after, n: queries.sessions_page(db, process, after, n), 2
        )

    @writes(blp)
    @blp.arguments(ScheduleIn)
    @blp.response(201, SessionOut, headers=ETAG)
    def post(self, body: dict[str, Any], process: str) -> Answer:
        """Schedule a session"""
        receipt = run(services().app.schedule_session, process, **body)
        return answer(process, body["slug"], receipt)


@blp.route("/<session>")
class Session(MethodView):
    @reads(blp)
    @errors(blp, 304)
    @blp.arguments(SessionArgs, location="query")
    @blp.response(200, SessionOut, headers=ETAG)
    @blp.alt_response(200, schema={"type": "object"}, content_type=outputs.JSONLD, success=True)
    def get(self, args: dict[str, Any], process: str, session: str) -> Answer | Response:
        """One session, now or at a version; its ETag is its version"""
        if outputs.wants_jsonld():  # Accept: application/ld+json -> a schema.org Event
            return outputs.session_jsonld(process, session, args.get("version"))
        found: dict[str, Any] = queries.session(
            services().db, process, session, version=args.get("version")
        )
        if newer_than_views(int(found["version"])):  # the client read it on a node ahead
            services().converge()
            found = queries.session(services().db, process, session, version=args.get("version"))
        tag = etag(int(found["version"]))
        if request.if_none_match.contains_weak(tag.strip('"')):
            return Response(status=304, headers={"ETag": tag, "Vary": "Accept"})
        return found, {"ETag": tag, "Vary": "Accept"}


@blp.route("/<session>/history")
class History(MethodView):
    @listed(blp, HistoryPage)
    def get(self, args: dict[str, Any], process: str, session: str) -> dict[str, Any]:
        """Every event of a session, oldest first, with who recorded it and from which letter"""
        db = services().db
        return page(
            "history", args, lambda after, n: queries.history_page(db, process, session, after, n)
        )


def _change(schema: type) -> Callable[[F], F]:
    """A ``POST .../sessions/{s}/...`` that changes the session: If-Match honoured, 200."""

    def decorate(view: F) -> F:
        view = blp.response(200, SessionOut, headers=ETAG)(view)
        view = blp.arguments(schema)(view)
        return writes(blp, 412)(view)

    return decorate


#: What each change to a session (``POST .../sessions/{s}/{change}``, the paths
#: ``api.contract.CHANGES`` names) takes, the command it calls, and its summary.
CHANGED_BY: dict[str, tuple[type, str, str]] = {
    "reschedule": (RescheduleIn, "reschedule_session", "Give a session a new list of days"),
    "venue": (VenueIn, "change_venue", "Move some or all days of a session to another room"),
    "postpone": (StatusChangeIn, "postpone_session", "Postpone a session"),
    "cancel": (StatusChangeIn, "cancel_session", "Cancel a session"),
    "held": (StatusChangeIn, "mark_held", "Record that a session was held"),
    "correct": (
        CorrectIn,
        "correct_session",
        "Mark versions of a session as recorded in error (a new event; nothing is edited)",
    ),
}


def _route_change(path: str, schema: type, command: str, summary: str) -> None:
    def post(self: MethodView, body: dict[str, Any], process: str, session: str) -> Answer:
        receipt = run(getattr(services().app, command), process, session, versioned=True, **body)
        return answer(process, session, receipt)

    post.__doc__ = summary
    view = type(path.title(), (MethodView,), {"post": _change(schema)(post)})
    blp.route(f"/<session>/{path}", endpoint=path)(view)


for _path in CHANGES:
    _route_change(_path, *CHANGED_BY[_path])
