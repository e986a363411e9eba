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

from api.guards import TRUE
from api.openapi import BEARER, WRITE, Blueprint, errors
from api.schemas.writes import ImportIn
from api.services import services
from gcm_process.letters import plan_import, read_letters, record_plan

blp = Blueprint(
    "imports", __name__, url_prefix="/api/processes/<process>", description="Letter imports"
)
TEXT = {"type": "string", "minLength": 1, "maxLength": 200_000}
BODY = {
    "required": True,
    "content": {
        # Bytes, read as UTF-8: a letter's text as extracted, at most the body limit (413).
        "text/plain": {"schema": {"type": "string", "format": "binary"}},
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
COMMIT = {
    "in": "query",
    "name": "commit",
    "required": False,
    "description": "true: record the commands (a clerk token); otherwise only plan",
    "schema": {"type": "boolean", "default": False},
}
PLAN = {
    "description": "the plan: letters read, commands implied, warnings; and what was recorded",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _text() -> str:
    if request.mimetype == "text/plain":
        return request.get_data(as_text=True)
    try:
        body: dict[str, Any] = ImportIn().load(request.get_json(silent=False))
    except ValidationError as error:
        abort(422, messages={"json": error.messages})
    return str(body["text"])


@blp.route("/imports")
class Imports(MethodView):
    @errors(blp, *WRITE)
    @blp.doc(
        summary="Read a letter and plan, or record, what it announces",
        security=[{}, BEARER],
        parameters=[COMMIT],
        requestBody=BODY,
        responses={"200": PLAN},
    )
    def post(self, process: str) -> Response:
        app = services().app
        plan = plan_import(app, read_letters(_text()), process)
        commit = request.args.get("commit", "").lower() in TRUE
        found: dict[str, Any] = {**plan.as_json(), "committed": commit, "recorded": 0}
        if commit:
            receipts = record_plan(app, plan, actor=g.token.name)
            found["recorded"] = sum(not r.replayed for r in receipts)
        return jsonify(found)
