"""Letters: list (and search the full text), record one, read one."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView

from api.conditional import revalidated
from api.cursors import listed, page
from api.openapi import ETAG, Blueprint, reads, writes
from api.schemas.reads import CorrectionsOut, LetterArgs, LetterOut, LetterPage
from api.schemas.writes import CorrectLetterIn, IssueLetterIn
from api.services import services
from api.writes import run
from projections import corrections, queries

blp = Blueprint(
    "letters", __name__, url_prefix="/api/processes/<process>/letters", description="Letters"
)


@blp.route("")
class Letters(MethodView):
    @listed(blp, LetterPage, LetterArgs)
    def get(self, args: dict[str, Any], process: str) -> dict[str, Any]:
        """List the letters of a process by date; ``q`` searches their full text"""
        db, q = services().db, args.get("q")
        return page(
            "letters", args, lambda after, n: queries.letters_page(db, process, q, after, n), 2
        )

    @writes(blp)
    @blp.arguments(IssueLetterIn)
    @blp.response(201, LetterOut)
    def post(self, body: dict[str, Any], process: str) -> tuple[dict[str, Any], dict[str, str]]:
        """Record a letter"""
        run(services().app.issue_letter, process, **body)
        slug = body["slug"]
        location = url_for("letters.Letter", process=process, letter=slug)
        return queries.letter(services().db, process, slug), {"Location": location}


@blp.route("/<letter>")
class Letter(MethodView):
    @reads(blp)
    @revalidated(blp)
    @blp.response(200, LetterOut, headers=ETAG)
    def get(self, process: str, letter: str) -> dict[str, Any]:
        """One letter with its full text"""
        found: dict[str, Any] = queries.letter(services().db, process, letter)
        return found


@blp.route("/<letter>/correct", endpoint="correct")
class CorrectLetter(MethodView):
    @writes(blp)
    @blp.arguments(CorrectLetterIn)
    @blp.response(200, CorrectionsOut)
    def post(self, body: dict[str, Any], process: str, letter: str) -> dict[str, Any]:
        """Mark every change to a session recorded from a letter as recorded in error"""
        receipt = run(services().app.correct_letter, process, letter=letter, **body)
        found = corrections.of_command(services().db, process, receipt.command_id)
        return {"letter": letter, "corrections": found}
