"""Processes: list, open, one; the timeline and the change log of a process."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, url_for
from flask.views import MethodView

from api.conditional import revalidated
from api.cursors import listed, page
from api.openapi import ETAG, Blueprint, reads, writes
from api.schemas.reads import (
    ChangeArgs,
    ChangePage,
    ProcessOut,
    ProcessPage,
    TimelineArgs,
    TimelineOut,
)
from api.schemas.writes import OpenProcessIn
from api.services import services
from api.writes import run
from projections import queries, schedule_csv
from projections.paging import Key, Page

blp = Blueprint("processes", __name__, url_prefix="/api/processes", description="Processes")


@blp.route("")
class Processes(MethodView):
    @listed(blp, ProcessPage)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List the processes"""
        return page(
            "processes", args, lambda after, n: queries.processes_page(services().db, after, n)
        )

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
    @revalidated(blp)
    @blp.response(200, ProcessOut, headers=ETAG)
    def get(self, process: str) -> dict[str, Any]:
        """One process, with its facilitators and counts"""
        found: dict[str, Any] = queries.process(services().db, process)
        return found


@blp.route("/<process>/timeline")
class Timeline(MethodView):
    @reads(blp)
    @revalidated(blp)
    @blp.arguments(TimelineArgs, location="query")
    @blp.response(200, TimelineOut, headers=ETAG)
    @blp.alt_response(200, schema={"type": "string"}, content_type="text/csv", success=True)
    def get(self, args: dict[str, Any], process: str) -> Response:
        """The sessions in date order, now or as of either time axis (or as CSV, a row a day)"""
        found: dict[str, Any] = queries.timeline(services().db, process, args["point"])
        if args["format"] == "csv":
            response = Response(schedule_csv.text(found), mimetype=schedule_csv.MEDIA_TYPE)
            response.headers["Content-Disposition"] = (
                f'attachment; filename="{process}-schedule.csv"'
            )
            return response
        # The query's JSON as it is: the schema documents it (and the tests hold the
        # two together), and the timeline is the hottest read, so it is not dumped again.
        return jsonify(found)


@blp.route("/<process>/changes")
class Changes(MethodView):
    @listed(blp, ChangePage, ChangeArgs)
    def get(self, args: dict[str, Any], process: str) -> dict[str, Any]:
        """The change log: what changed, before and after, when, by whom, from which letter"""
        db = services().db
        # The position first: what is recorded while the page is read is left for next time.
        reached = queries.last_position(db)
        given = args.get("after")

        def reader(after: Key | None, limit: int) -> Page:
            start = after[0] if after is not None else given
            return queries.changes_page(
                db, process, args.get("since"), args.get("until"), args.get("session"),
                after=start, before=reached + 1, limit=limit,
            )  # fmt: skip

        found = page("changes", args, reader)
        last = found["items"][-1]["position"] if found["next_cursor"] else reached
        return {**found, "next_after": max(last, given or 0)}
