"""Importing a letter: its text in, the commands it implies out; ``?commit=true`` records them.

Planning records nothing and needs what a read needs; committing needs a clerk
token. The importer's command ids derive from the letter's text, so committing
the same letter again records nothing new.
"""

from __future__ import annotations

from typing import Any

from flask import Response, g, jsonify, request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from api.contract import optional
from api.errors import Problem
from api.guards import TRUE
from api.openapi import BEARER, WRITE, Blueprint, errors
from api.schemas.writes import ImportIn
from api.services import services
from api.writes import recorded
from gcm_process.domain.letter import MAX_BODY
from gcm_process.letters import plan_import, read_letters, record_plan
from gcm_process.letters.inputs import InputTooLarge, letter_text

blp = Blueprint(
    "imports", __name__, url_prefix="/api/processes/<process>", description="Letter imports"
)
TEXT = {"type": "string", "minLength": 1, "maxLength": MAX_BODY}
BODY = {
    "required": True,
    "content": {
        "text/plain": {"schema": {"type": "string", "format": "binary"}},
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"letter": {"type": "string", "format": "binary"}},
                "required": ["letter"],
            }
        },
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"text": TEXT},
                "required": ["text"],
                "additionalProperties": False,
            }
        },
    },
}
FLAG = {"type": "boolean", "default": False}
COMMIT = optional(
    "query", "commit", "true: record the commands (a clerk token); otherwise only plan", FLAG
)
ACCEPT_PARTIAL = optional(
    "query",
    "accept_partial",
    "true: with commit, record the letters read even when others could not be",
    FLAG,
)
TITLE = optional(
    "query",
    "title",
    "the title of a new process whose letters do not give it",
    {"type": "string", "minLength": 1, "maxLength": 500},
)
PLAN = {
    "description": "the plan: letters read, commands implied, warnings; and what was recorded",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _text() -> str:
    """The letter's text, refused (413) above its limit before it is read."""
    limit = services().config.max_body_bytes
    try:
        if request.mimetype == "multipart/form-data":
            upload = request.files.get("letter")
            if upload is None:
                raise Problem(422, "Send the letter as the form field 'letter' (a PDF or text).")
            name = upload.filename or "The upload"
            return letter_text(upload.read(limit + 1), name, max_bytes=limit, max_chars=MAX_BODY)
        if request.mimetype == "application/pdf":
            return letter_text(request.get_data(), "The PDF", max_bytes=limit, max_chars=MAX_BODY)
        if request.mimetype == "text/plain":
            charset = request.mimetype_params.get("charset")
            return letter_text(
                request.get_data(), "The text", max_bytes=limit, max_chars=MAX_BODY,
                charset=charset,
            )  # fmt: skip
    except InputTooLarge as error:
        raise Problem(413, str(error)) from None
    try:
        body: dict[str, Any] = ImportIn().load(request.get_json(silent=False))
    except ValidationError as error:
        given = request.get_json(silent=True)
        text = given.get("text") if isinstance(given, dict) else None
        if isinstance(text, str) and len(text) > MAX_BODY:
            raise Problem(413, f"The text has {len(text):,} characters; at most "
                          f"{MAX_BODY:,} are read in one import.") from None  # fmt: skip
        abort(422, messages={"json": error.messages})
    return str(body["text"])


@blp.route("/imports")
class Imports(MethodView):
    @errors(blp, *WRITE)
    @blp.doc(
        summary="Read a letter and plan, or record, what it announces",
        security=[{}, BEARER],
        parameters=[COMMIT, ACCEPT_PARTIAL, TITLE],
        requestBody=BODY,
        responses={"200": PLAN},
    )
    def post(self, process: str) -> Response:
        app = services().app
        title = request.args.get("title") or None
        plan = plan_import(app, read_letters(_text()), process, title=title)
        commit = request.args.get("commit", "").lower() in TRUE
        partial = request.args.get("accept_partial", "").lower() in TRUE
        found: dict[str, Any] = {**plan.as_json(), "committed": commit, "recorded": 0}
        if commit:
            receipts = record_plan(app, plan, actor=g.token.actor, accept_partial=partial)
            found["recorded"] = sum(not r.replayed for r in receipts)
            recorded()
        return jsonify(found)
