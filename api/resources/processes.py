"""Processes: list, open, one; the timeline and the change log of a process."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request, url_for
from flask.views import MethodView

from api.openapi import Blueprint, reads, writes
from api.schemas.common import PageArgs, page
from api.schemas.reads import (
    ChangeArgs,
    ChangePage,
    ProcessOut,
    ProcessPage,
    TimelineOut,
)
from api.schemas.writes import OpenProcessIn
from api.services import services
from api.writes import run
from gcm_process.domain.point import Point
from projections import queries

TIMELINE_ARGS = [
    {
        "in": "query",
        "name": "as_of",
        "required": False,
        "description": "recorded time: what the service held then (ISO date or date-time)",
        "schema": {"type": "string", "example": "2018-03-01T12:00:00Z"},
    },
    {
        "in": "query",
        "name": "known_on",
        "required": False,
        "description": "announced time: what was official by then (YYYY-MM-DD)",
        "schema": {"type": "string", "format": "date", "example": "2018-03-01"},
    },
]

blp = Blueprint("processes", __name__, url_prefix="/api/processes", description="Processes")


@blp.route("")
class Processes(MethodView):
    @reads(blp)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, ProcessPage)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List the processes"""
        return page(queries.processes(services().db), args)

    @writes(blp)
    @blp.arguments(OpenProcessIn)
    @blp.response(201, ProcessOut)
    def post(self, body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """Open a process"""
        receipt = run(services().app.open_process, **body)
        slug = body["slug"]
        del receipt
        return queries.process(services().db, slug), {
            "Location": url_for("processes.Process", process=slug)
        }


@blp.route("/<process>")
class Process(MethodView):
    @reads(blp)
    @blp.response(200, ProcessOut)
    def get(self, process: str) -> dict[str, Any]:
        """One process, with its facilitators and counts"""
        found: dict[str, Any] = queries.process(services().db, process)
        return found


@blp.route("/<process>/timeline")
class Timeline(MethodView):
    @reads(blp)
    @blp.doc(parameters=TIMELINE_ARGS)
    @blp.response(200, TimelineOut)
    def get(self, process: str) -> Response:
        """The sessions in date order, now or as of either time axis"""
        # Read by hand, not by webargs: the timeline is the hottest read, and the two
        # parsers below check these values (422 on anything else).
        point = Point.parse(request.args.get("as_of"), request.args.get("known_on"))
        found: dict[str, Any] = queries.timeline(services().db, process, point)
        # The query's JSON as it is: the schema documents it (and the tests hold the
        # two together), and the timeline is the hottest read, so it is not dumped again.
        return jsonify(found)


@blp.route("/<process>/changes")
class Changes(MethodView):
    @reads(blp)
    @blp.arguments(ChangeArgs, location="query")
    @blp.response(200, ChangePage)
    def get(self, args: dict[str, Any], process: str) -> dict[str, Any]:
        """The change log: what changed, before and after, when, by whom, from which letter"""
        changes = queries.changes(
            services().db,
            process,
            since=args.get("since"),
            until=args.get("until"),
            session=args.get("session"),
        )
        return page(changes, args)
