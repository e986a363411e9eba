"""Drafts of the negotiated text: list, circulate, present at a session."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView

from api.cursors import listed, page
from api.openapi import Blueprint, writes
from api.schemas.reads import DraftOut, DraftPage
from api.schemas.writes import CirculateIn, PresentIn
from api.services import services
from api.writes import run
from gcm_process.domain.errors import DraftNotFound
from projections import queries

blp = Blueprint(
    "drafts", __name__, url_prefix="/api/processes/<process>/drafts", description="Drafts"
)
Answer = tuple[dict[str, Any], dict[str, str]]


def _draft(process: str, slug: str) -> Answer:
    found = next((d for d in queries.drafts(services().db, process) if d["slug"] == slug), None)
    if found is None:
        raise DraftNotFound(process, slug)
    return found, {"Location": url_for("drafts.Drafts", process=process) + f"#{slug}"}


@blp.route("")
class Drafts(MethodView):
    @listed(blp, DraftPage)
    def get(self, args: dict[str, Any], process: str) -> dict[str, Any]:
        """List the drafts of a process, with where each was presented"""
        db = services().db
        return page("drafts", args, lambda after, n: queries.drafts_page(db, process, after, n))

    @writes(blp)
    @blp.arguments(CirculateIn)
    @blp.response(201, DraftOut)
    def post(self, body: dict[str, Any], process: str) -> Answer:
        """Circulate a draft"""
        run(services().app.circulate_draft, process, **body)
        return _draft(process, body["slug"])


@blp.route("/<draft>/presentations")
class Presentations(MethodView):
    @writes(blp)
    @blp.arguments(PresentIn)
    @blp.response(201, DraftOut)
    def post(self, body: dict[str, Any], process: str, draft: str) -> Answer:
        """Record that a draft was presented at a session"""
        run(services().app.present_draft, process, draft, **body)
        return _draft(process, draft)
